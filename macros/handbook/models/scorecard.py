"""The quality scorecard (chapter 9): what a checked ticket, or a written reply, is scored on."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .base import Model, Slug, Text


class Criterion(Model):
    id: Slug
    label: Text
    points: Annotated[int, Field(ge=1, le=100)]  # share of the total score, in percent
    look_for: Text                               # what the checker looks at
    weight_note: Text | None = None              # why it weighs what it weighs, or when to adjust it


class Scorecard(Model):
    criteria: Annotated[list[Criterion], Field(min_length=1)]

    @model_validator(mode="after")
    def _consistent(self) -> "Scorecard":
        ids = [c.id for c in self.criteria]
        if len(set(ids)) != len(ids):
            raise ValueError("two criteria have the same id")
        total = sum(c.points for c in self.criteria)
        if total != 100:
            raise ValueError(f"points are percentages of the whole score and must add up to 100 (they add up to {total})")
        return self

    def get(self, ident: str) -> Criterion | None:
        return next((c for c in self.criteria if c.id == ident), None)
