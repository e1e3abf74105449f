"""Per-language UI strings (Kubernetes-style i18n files), loaded once."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ..yamlsafe import load_yaml, read_text
from .html import json_embed

STRINGS_DIR = Path(__file__).with_name("strings")


@cache
def table(lang: str) -> dict[str, Any]:
    return dict(load_yaml(read_text(STRINGS_DIR / f"{lang}.yaml")))


def t(lang: str, key: str, **values: Any) -> str:
    text = table(lang)[key]
    return text.format(**values) if values else text


def month_name(lang: str, month: int) -> str:
    return table(lang)["market.month_names"][month - 1]


def duration(lang: str, value: str) -> str:
    """'30s' -> '30 秒' / '30 s'."""
    number = "".join(ch for ch in value if ch.isdigit())
    unit = value[len(number):]
    return t(lang, f"unit.{unit}", n=number)


def label(lang: str, key: str) -> str:
    """A UI label followed by the language's colon ("起算时间：" / "Period starts: ")."""
    return t(lang, key) + t(lang, "punct.colon")


def ui_json(lang: str, prefix: str) -> str:
    """The strings under ``prefix`` as JSON for a data-i18n attribute (scripts speak the page language)."""
    strings = {k[len(prefix):]: v for k, v in table(lang).items() if k.startswith(prefix)}
    return json_embed(strings, sort_keys=True)
