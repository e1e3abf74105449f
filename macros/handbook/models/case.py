"""A service or dispute case for the case library."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .base import Category, CustomerMessage, Level, MarketRef, Model, Slug, Sourced, Stage, Text, TextList
from .quiz import Question

CaseId = Annotated[str, StringConstraints(pattern=r"^case-\d{3,5}$")]  # a library may pass 9,999 cases


class CaseSource(Sourced):
    """A platform or legal rule the case relies on: the platform's own help page (or the law), checked."""

    note: Text


class WrongHandling(Model):
    action: Text
    cost: Text


class Case(Model):
    id: CaseId
    title: Text
    markets: Annotated[list[MarketRef], Field(min_length=1)]
    stage: Stage
    category: Category
    level: Level
    product: Text
    channel: Text
    situation: Text
    customer_wrote: CustomerMessage
    wrong: WrongHandling
    right: Annotated[list[Text], Field(min_length=2)]
    sops: list[Slug] = []
    phrases: list[Slug] = []
    key_points: TextList
    # Where the platform or legal rules the case applies come from (platform help pages, laws).
    sources: list[CaseSource] = []
    questions: list[Question] = []
