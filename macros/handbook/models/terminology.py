"""The terminology list (cases/terminology.yaml): one preferred Chinese and English term per concept,
with the variants that must not be used, so chapters, SOPs, cases, phrases and the glossary name the
same thing the same way."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .base import Model, NonEmpty, Slug, Text


class Concept(Model):
    id: Slug
    zh: NonEmpty                      # the preferred Chinese term
    en: NonEmpty                      # the preferred English term
    zh_variants: list[NonEmpty] = []  # Chinese terms to avoid
    en_variants: list[NonEmpty] = []  # English terms to avoid (matched as whole words, any case)
    # Longer expressions that contain a variant but are fine, e.g. 主管部门 (a competent authority).
    allow: list[NonEmpty] = []
    note: Text

    @model_validator(mode="after")
    def _some_variant(self) -> "Concept":
        if not self.zh_variants and not self.en_variants:
            raise ValueError("list at least one variant to avoid (zh_variants or en_variants)")
        return self


class Terminology(Model):
    concepts: Annotated[list[Concept], Field(min_length=1)]
