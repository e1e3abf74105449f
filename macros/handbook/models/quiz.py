"""Self-check quiz questions and the sets (chapter quizzes, level assessments) that hold them."""

from __future__ import annotations

import hashlib

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from .base import CustomerLang, CustomerMessage, Level, MarketRef, Model, NonEmpty, Slug, Text

QuestionId = Annotated[str, StringConstraints(pattern=r"^q-[a-z0-9]+(-[a-z0-9]+)*$")]
WritingTaskId = Annotated[str, StringConstraints(pattern=r"^w-[a-z0-9]+(-[a-z0-9]+)*$")]


class Option(Model):
    text: Text
    correct: bool = False
    feedback: Text | None = None  # why this option is right, or why it is wrong


class Scenario(Model):
    """A scenario item's situation: what a customer in a market wrote."""

    market: MarketRef
    customer_wrote: CustomerMessage


def option_key(text: str) -> str:
    """A stable key for an option, saved in readers' browsers: reordering options or editing
    other options never changes it, and it is the same in both languages."""
    return "o" + hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:8]


class Question(Model):
    id: QuestionId
    type: Literal["single", "multiple", "true_false", "best_reply"]
    stem: Text
    options: list[Option] = []
    answer: bool | None = None
    explanation: Text
    feedback_true: Text | None = None   # true_false only: shown when the reader answers "true"
    feedback_false: Text | None = None  # true_false only: shown when the reader answers "false"
    topic: Slug | None = None           # required in level assessments (item checks enforce it)
    group: Slug | None = None           # an item group of the same set (items sharing one case)
    scenario: Scenario | None = None

    @model_validator(mode="after")
    def _answer_shape(self) -> "Question":
        correct = sum(o.correct for o in self.options)
        if self.type == "true_false":
            if self.answer is None:
                raise ValueError("a true_false question needs answer: true or false")
            if self.options:
                raise ValueError("a true_false question has no options")
            return self
        if self.answer is not None:
            raise ValueError("answer is only for true_false questions; mark options correct")
        if not 2 <= len(self.options) <= 6:
            raise ValueError("a question needs 2 to 6 options")
        if self.type in ("single", "best_reply") and correct != 1:
            raise ValueError(f"a {self.type} question needs exactly one correct option (has {correct})")
        if self.type == "multiple" and correct < 1:
            raise ValueError("a multiple question needs at least one correct option")
        if len({o.text.en.strip() for o in self.options}) != len(self.options):
            raise ValueError("two options have the same English text")
        return self

    def choices(self) -> list[tuple[str, bool, Text | None]]:
        """(stable key, is correct, text) per option; true/false questions have fixed keys."""
        if self.type == "true_false":
            return [("true", self.answer is True, None), ("false", self.answer is False, None)]
        return [(option_key(o.text.en), o.correct, o.text) for o in self.options]


class ItemGroup(Model):
    """Items of a set that share one case: drawn into a form together."""

    id: Slug
    title: Text
    market: MarketRef
    situation: Text
    customer_wrote: CustomerMessage | None = None


class ModelAnswer(Model):
    lang: CustomerLang
    text: NonEmpty


class WritingTask(Model):
    """A written reply to a customer message, self-scored against the quality scorecard."""

    id: WritingTaskId
    title: Text
    market: MarketRef
    customer_wrote: CustomerMessage
    task: Text
    criteria: Annotated[list[Slug], Field(min_length=1)]
    model_answer: ModelAnswer
    notes: Text


class QuizSet(Model):
    id: Slug
    title: Text
    level: Level | None = None
    intro: Text | None = None
    form_size: Annotated[int, Field(ge=1)] | None = None  # level assessments: items per drawn form
    groups: list[ItemGroup] = []
    writing_tasks: list[WritingTask] = []
    questions: Annotated[list[Question], Field(min_length=1)]
