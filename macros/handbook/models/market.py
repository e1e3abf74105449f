"""A market: a country, or the EU as a region, with its sourced consumer, tax and privacy rules."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from zoneinfo import available_timezones

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from .base import CustomerLang, Model, NonEmpty, Slug, Sourced, Text

_ZONES = available_timezones()


def _zone(value: str) -> str:
    if value not in _ZONES:
        raise ValueError(f"unknown IANA time zone '{value}' (e.g. Europe/Berlin)")
    return value


# How a period's days are counted: calendar days, or business/working days (días hábiles, 영업일).
DayUnit = Literal["calendar", "business"]
# What a "guarantee" period is: a statutory guarantee of conformity, only a period in which a defect is
# presumed to have existed at delivery (Singapore's 6 months), implied warranties without a fixed
# period (US, AU, GB), or no statutory remedy period at all.
GuaranteeKind = Literal["statutory_guarantee", "conformity_presumption", "implied_warranty", "none"]


def _unit_with_days(fact: "Withdrawal | Refund | Privacy") -> None:
    if fact.days is not None and fact.day_unit is None:
        raise ValueError("day_unit is required when days is set: use 'calendar' or 'business'")


class Withdrawal(Sourced):
    """Right to withdraw from an online purchase without giving a reason."""

    applies: bool
    days: int | None = Field(default=None, ge=1, le=365)
    day_unit: DayUnit | None = None
    starts: Text
    summary: Text
    # The condition shown beside the headline figure wherever it appears (tables, quick reference).
    qualifier: Text | None = None

    @model_validator(mode="after")
    def _days_when_applies(self) -> "Withdrawal":
        if self.applies and self.days is None:
            raise ValueError("days is required when applies is true")
        _unit_with_days(self)
        return self


class Refund(Sourced):
    days: int | None = Field(default=None, ge=1, le=365)
    day_unit: DayUnit | None = None
    summary: Text
    qualifier: Text | None = None

    @model_validator(mode="after")
    def _unit(self) -> "Refund":
        _unit_with_days(self)
        return self


class ReturnCosts(Sourced):
    payer: Literal["customer", "seller", "depends"]
    summary: Text
    qualifier: Text | None = None


class Guarantee(Sourced):
    kind: GuaranteeKind
    months: int | None = Field(default=None, ge=1, le=240)
    summary: Text
    qualifier: Text | None = None


class Consumer(Model):
    withdrawal: Withdrawal
    refund: Refund
    return_costs: ReturnCosts
    guarantee: Guarantee


class Vat(Sourced):
    name: Text
    standard_rate: float | None = Field(default=None, ge=0, le=50)
    summary: Text


class ImportRule(Sourced):
    """A low-value import threshold or scheme in force (de minimis, IOSS, LVG …)."""

    title: Text
    effective: dt.date | None = None
    summary: Text


class Taxes(Model):
    vat: Vat
    imports: Annotated[list[ImportRule], Field(min_length=1)]


class Privacy(Sourced):
    """The data-protection law and how fast a customer's data request must be answered."""

    law: Text
    days: int | None = Field(default=None, ge=1, le=365)
    day_unit: DayUnit | None = None
    months: int | None = Field(default=None, ge=1, le=12)
    summary: Text
    qualifier: Text | None = None

    @model_validator(mode="after")
    def _unit(self) -> "Privacy":
        _unit_with_days(self)
        return self


class Dated(Model):
    """A peak season or public holiday; month lets pages pick the coming months."""

    name: Text
    month: int = Field(ge=1, le=12)
    when: Text
    note: Text | None = None


class CultureNote(Model):
    kind: Literal["do", "dont", "note"]
    text: Text


class Change(Sourced):
    """One dated entry of the market's "what changed" list (date = when the rule took effect)."""

    date: dt.date
    summary: Text


PhraseIds = Annotated[list[Slug], Field(min_length=1)]


class WhatToSend(Model):
    """The phrase templates (ids in cases/phrases) an agent sends in this market's four everyday
    situations; shown on the market page and its quick-reference guide."""

    returns: PhraseIds
    delay: PhraseIds
    damage: PhraseIds
    dispute: PhraseIds


class Marketplace(Sourced):
    """A marketplace agents meet in this market: its buyer protection and return basics, sourced from
    the marketplace's own help pages (source) and dated (checked)."""

    name: NonEmpty
    summary: Text


class Market(Model):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
    kind: Literal["country", "region"] = "country"
    # Reviewers of this market's rules (GitHub users or teams), written into CODEOWNERS.
    owners: list[Annotated[str, StringConstraints(pattern=r"^@[A-Za-z0-9-]+(/[A-Za-z0-9_.-]+)?$")]] = []
    parent: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")] | None = None
    name: Text
    summary: Text
    languages: Annotated[list[CustomerLang], Field(min_length=1)]
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    time_zones: Annotated[list[Annotated[str, AfterValidator(_zone)]], Field(min_length=1)]
    consumer: Consumer
    taxes: Taxes
    privacy: Privacy
    peak_seasons: Annotated[list[Dated], Field(min_length=1)]
    holidays: Annotated[list[Dated], Field(min_length=1)]
    culture: Annotated[list[CultureNote], Field(min_length=1)]
    changes: list[Change] = []
    what_to_send: WhatToSend
    # Marketplaces agents meet here (Mercado Libre, Rakuten, Coupang …), each from its own help pages.
    marketplaces: list[Marketplace] = []

    @property
    def id(self) -> str:
        return self.code

    @property
    def slug(self) -> str:
        return self.code.lower()

    def sourced_facts(self) -> list[tuple[str, Sourced]]:
        """Every sourced fact with its field path; used by freshness checks and edition stamps."""
        c, t = self.consumer, self.taxes
        facts: list[tuple[str, Sourced]] = [
            ("consumer.withdrawal", c.withdrawal), ("consumer.refund", c.refund),
            ("consumer.return_costs", c.return_costs), ("consumer.guarantee", c.guarantee),
            ("taxes.vat", t.vat), ("privacy", self.privacy),
        ]
        facts += [(f"taxes.imports[{i}]", rule) for i, rule in enumerate(t.imports)]
        facts += [(f"marketplaces[{i}]", place) for i, place in enumerate(self.marketplaces)]
        return facts

    def oldest_check(self) -> dt.date:
        return min(fact.checked for _, fact in self.sourced_facts())
