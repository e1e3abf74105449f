"""Building blocks shared by all models: bilingual text, sourced facts, enumerations."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema

Stage = Literal["pre_sale", "in_sale", "after_sale"]
Category = Literal[
    "logistics", "returns_refunds", "quality", "payment", "customs_duties",
    "pricing_currency", "privacy", "platform_dispute", "reviews", "culture_language",
]
Level = Literal["beginner", "intermediate", "advanced"]
# The same values as tuples, for renderers that list every stage, category or level in order.
STAGES: tuple[str, ...] = get_args(Stage)
CATEGORIES: tuple[str, ...] = get_args(Category)
LEVELS: tuple[str, ...] = get_args(Level)
# Languages customers write in (BCP 47). zh is the agents' language, not a customer language here.
# zh-TW / zh-HK: Traditional Chinese as written in Taiwan and Hong Kong (local wording, not a
# character conversion of mainland text).
CustomerLang = Literal["en", "de", "fr", "es", "it", "nl", "ja", "ko", "pt-BR", "ar",
                       "id", "ms", "th", "vi", "zh-TW", "zh-HK"]
CUSTOMER_LANGS: tuple[str, ...] = get_args(CustomerLang)
Role = Literal["agent", "senior_agent", "team_lead", "manager", "finance", "logistics", "legal"]

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
MarketRef = Annotated[str, StringConstraints(pattern=r"^([A-Z]{2}|all)$")]
# A concept of the search thesaurus (cases/concepts.yaml): what a record is about, in one id that
# the search, the coverage checks and the dashboard share.
ConceptRef = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

_PLACEHOLDER_TEXT = re.compile(r"\b(TODO|TBD|FIXME|lorem ipsum)\b|待补充|待翻译", re.IGNORECASE)


def _no_placeholder_text(value: str) -> str:
    if _PLACEHOLDER_TEXT.search(value):
        raise ValueError("placeholder text (TODO, TBD, 待补充 …) is not allowed in content")
    return value


ContentStr = Annotated[NonEmpty, AfterValidator(_no_placeholder_text)]


def _https(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https":
        raise ValueError("source must be an https:// URL")
    if not parts.netloc or "." not in parts.netloc or " " in value:
        raise ValueError("source is not a well-formed URL")
    return value


HttpsUrl = Annotated[str, AfterValidator(_https),
                     WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https://"})]


def _not_future(value: dt.date) -> dt.date:
    if value > dt.date.today():
        raise ValueError(f"check date {value.isoformat()} is in the future")
    return value


CheckDate = Annotated[dt.date, AfterValidator(_not_future)]

Duration = Annotated[str, StringConstraints(pattern=r"^\d+(s|min|h|d)$")]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


class Text(Model):
    """A human-readable text in both site languages. Plain text: it is always escaped."""

    zh: ContentStr
    en: ContentStr

    def get(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


class Sourced(Model):
    """Mixed into every legal, tax or platform fact: where it comes from and when it was checked."""

    source: HttpsUrl
    checked: CheckDate


TextList = Annotated[list[Text], Field(min_length=1)]


class CustomerMessage(Model):
    """What the customer wrote, verbatim in their language, with a gloss for the agent."""

    lang: CustomerLang
    text: NonEmpty
    gloss: Text
