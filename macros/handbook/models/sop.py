"""A standard operating procedure: ordered steps with owners and time targets, approval tiers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from .base import STAGES, Duration, Model, Role, Slug, Stage, Text

SopId = Annotated[str, StringConstraints(pattern=r"^sop-[a-z0-9]+(-[a-z0-9]+)*$")]


class Step(Model):
    action: Text
    who: Role
    target: Duration | None = None
    detail: Text | None = None
    # The phrase templates to send at this step (ids in cases/phrases): shown on the SOP page in
    # the customer's language with copy buttons.
    phrases: list[Slug] = []


class Tier(Model):
    """An approval tier: simple cases stop at tier 1, complex ones go up to tier 3."""

    tier: int = Field(ge=1, le=3)
    when: Text
    approver: Role
    target: Duration


class Sop(Model):
    id: SopId
    title: Text
    stage: Stage | Literal["all"]
    trigger: Text
    goal: Text
    steps: Annotated[list[Step], Field(min_length=2)]
    escalation: Annotated[list[Tier], Field(min_length=1, max_length=3)]
    fast_path: Text | None = None
    phrases: list[Slug] = []

    @property
    def stages(self) -> tuple[str, ...]:
        """The stages the SOP serves ("all" spelled out)."""
        return STAGES if self.stage == "all" else (self.stage,)

    @field_validator("escalation")
    @classmethod
    def _tiers_in_order(cls, tiers: list[Tier]) -> list[Tier]:
        numbers = [t.tier for t in tiers]
        if numbers != list(range(1, len(numbers) + 1)):
            raise ValueError(f"escalation tiers must be numbered 1, 2, 3 in order (got {numbers})")
        return tiers
