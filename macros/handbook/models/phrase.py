"""Phrase templates (话术): customer-facing text per customer language, with agent guidance."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from .base import Category, ConceptRef, CustomerLang, MarketRef, Model, NonEmpty, Stage, Text

PhraseId = Annotated[str, StringConstraints(pattern=r"^ph-[a-z0-9]+(-[a-z0-9]+)*$")]
PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def placeholders_in(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


class Phrase(Model):
    id: PhraseId
    title: Text
    stage: Stage
    category: Category
    markets: Annotated[list[MarketRef], Field(min_length=1)]
    use_when: Text
    avoid_when: Text
    explain: Text
    texts: dict[CustomerLang, NonEmpty]
    # The situations it answers (cases/concepts.yaml): search shows it for them, in the
    # customer's language, and the dashboard's situation x language matrix counts it.
    concepts: list[ConceptRef] = []

    @field_validator("texts")
    @classmethod
    def _english_present(cls, texts: dict[str, str]) -> dict[str, str]:
        if "en" not in texts:
            raise ValueError("texts must include an English (en) variant")
        return texts

    @property
    def placeholders(self) -> list[str]:
        found: set[str] = set()
        for text in self.texts.values():
            found |= placeholders_in(text)
        return sorted(found)


class Placeholder(Model):
    label: Text
    example: NonEmpty


class PlaceholderRegistry(Model):
    """The one list of placeholder names phrases may use, with their labels for the fill-in form."""

    placeholders: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], Placeholder]
