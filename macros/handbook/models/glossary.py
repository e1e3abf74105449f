"""Glossary terms, grouped in files by theme."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .base import Model, Slug, Text


class Term(Model):
    id: Slug
    abbr: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9/&.-]{2,12}$")] | None = None
    term: Text
    definition: Text
    see: list[Slug] = []


class GlossaryFile(Model):
    id: Slug
    title: Text
    terms: Annotated[list[Term], Field(min_length=1)]
