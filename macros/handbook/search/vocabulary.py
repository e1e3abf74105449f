"""The search vocabulary (vocabulary.yaml): its model and the check `handbook validate` runs on it.

Trainers add agents' words there (CONTRIBUTING), so a mistake in it must be a clear problem row
like any data file's, never a failed build."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import StringConstraints, ValidationError

from ..models.base import CustomerLang, Model
from ..problems import Problem, from_validation_error
from ..yamlsafe import YamlError, load_yaml, position, read_text

VOCABULARY = Path(__file__).with_name("vocabulary.yaml")


@cache
def vocabulary() -> dict[str, Any]:
    """The vocabulary as plain data, read once per process (`handbook validate` checks it)."""
    return dict(load_yaml(read_text(VOCABULARY)))
KINDS = ("phrase", "sop", "glossary")

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Words = list[Word]


class LangWords(Model):
    zh: Words = []
    en: Words = []


class Vocabulary(Model):
    market_aliases: dict[Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")], Words] = {}
    kinds: dict[str, LangWords] = {}
    stop: LangWords = LangWords()
    types: Words = []
    language_aliases: dict[CustomerLang, Words] = {}


def check_vocabulary(root: Path, path: Path = VOCABULARY) -> list[Problem]:
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = str(path)  # another handbook (a test fixture, a synthetic library) uses it too
    try:
        raw: Any = load_yaml(read_text(path))
    except YamlError as exc:
        return [Problem(rel, exc.line, exc.col, "(file)", exc.message, exc.hint)]
    try:
        vocab = Vocabulary.model_validate(raw)
    except ValidationError as exc:
        return from_validation_error(rel, raw, exc, Vocabulary)
    problems = []
    for name, known in (("kinds", KINDS),):
        for key in getattr(vocab, name):
            if key not in known:
                line, col = position(raw, (name, key))
                problems.append(Problem(rel, line, col, f"{name}.{key}", f"unknown {name[:-1]} '{key}'",
                                        f"use one of: {', '.join(known)}"))
    return problems
