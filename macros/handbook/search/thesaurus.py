"""The concept thesaurus (cases/concepts.yaml): what agents and customers mean, as data.

Each concept (a market-fact topic, a situation, a platform …) carries the words agents type for
it (colloquial forms, typos, abbreviations), the words customers use for it in their own
languages, a few example questions, and what answers it (an SOP and step, a market-fact topic, a
glossary term, a chapter). Records name their concepts; the search's one ranker
(overrides/assets/js/search/ranker.js) reads them from the answer index written by
``answers.py``. Relevance is edited here, not in code.

Pure data: no MkDocs, no Pagefind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field, StringConstraints, ValidationError

from ..models.base import ConceptRef, Model, Text
from ..problems import Problem, from_validation_error
from ..repository import CONCEPTS_FILE
from ..yamlsafe import YamlError, load_file, load_yaml, position, read_text

if TYPE_CHECKING:
    from ..repository import Handbook

TOPIC_IDS = ("withdrawal", "refund", "return_costs", "guarantee", "vat", "imports", "privacy")
# Languages a pasted customer message is recognised in by its words (Latin script); other
# scripts are recognised by their characters (ranker.js). pt is Brazilian Portuguese here.
WORD_LANGS = ("de", "fr", "es", "it", "nl", "pt", "pl", "id", "ms", "vi", "en")
SIGNAL_LANGS = WORD_LANGS + ("ja", "ko", "ar", "th", "zh-Hant")
# Where a recognised language points among the customer languages phrases are written in.
CUSTOMER_LANG = {"pt": "pt-BR", "zh-Hant": "zh-TW"}
# How many example questions per language every SOP and market topic must be reachable by.
MIN_EXAMPLES = 2

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]
Example = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
_HAN = re.compile(r"[\u3400-\u9fff]")


class Answers(Model):
    sop: Annotated[str, StringConstraints(pattern=r"^sop-[a-z0-9-]+$")] | None = None
    step: Annotated[int, Field(ge=1)] | None = None
    topic: Literal["withdrawal", "refund", "return_costs", "guarantee", "vat", "imports", "privacy"] | None = None
    glossary: ConceptRef | None = None
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9/_-]+/(#[a-z0-9-]+)?$")] | None = None


class LangWords(Model):
    zh: list[Word] = []
    en: list[Word] = []


class Examples(Model):
    zh: list[Example] = []
    en: list[Example] = []


class Concept(Model):
    id: ConceptRef
    kind: Literal["topic", "situation", "platform", "document", "role", "product"]
    label: Text
    answers: Answers
    words: LangWords
    signals: dict[Literal[SIGNAL_LANGS], list[Word]] = {}  # type: ignore[valid-type]
    examples: Examples = Examples()


class Thesaurus(Model):
    concepts: Annotated[list[Concept], Field(min_length=1)]
    languages: dict[Literal[WORD_LANGS], Annotated[list[Word], Field(min_length=5)]] = {}  # type: ignore[valid-type]

    def by_id(self) -> dict[str, Concept]:
        return {c.id: c for c in self.concepts}


@dataclass(frozen=True)
class Loaded:
    thesaurus: Thesaurus | None
    raw: Any
    problems: list[Problem]


def load_thesaurus(root: Path) -> Loaded:
    """The thesaurus, read again only when the file changed: validation, the answer index of each
    language and the dashboard all read it in one build (and `mkdocs serve` after an edit)."""
    path = root / CONCEPTS_FILE
    try:
        stat = path.stat()
        return _load(path.resolve(), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return _load(path, 0, -1)


@lru_cache(maxsize=4)
def _load(path: Path, mtime_ns: int, size: int) -> Loaded:
    if not path.is_file():
        return Loaded(None, None, [Problem(CONCEPTS_FILE, 1, 1, "(file)", "the concept thesaurus is missing",
                                           "search relevance is read from it: restore it from git")])
    try:
        raw: Any = load_yaml(read_text(path))
    except YamlError as exc:
        return Loaded(None, None, [Problem(CONCEPTS_FILE, exc.line, exc.col, "(file)", exc.message, exc.hint)])
    try:
        return Loaded(Thesaurus.model_validate(raw), raw, [])
    except ValidationError as exc:
        return Loaded(None, raw, from_validation_error(CONCEPTS_FILE, raw, exc, Thesaurus))


def thesaurus(root: Path) -> Thesaurus | None:
    return load_thesaurus(root).thesaurus


def check_thesaurus(root: Path, handbook: Handbook) -> list[Problem]:
    """Form, references, duplicates, example languages and coverage of the thesaurus, and the
    ``concepts:`` references of phrases."""
    loaded = load_thesaurus(root)
    if loaded.thesaurus is None:
        return loaded.problems
    th, raw = loaded.thesaurus, loaded.raw
    problems: list[Problem] = []

    def add(loc: tuple[Any, ...], field: str, message: str, hint: str = "", severity: str = "error") -> None:
        line, col = position(raw, loc)
        problems.append(Problem(CONCEPTS_FILE, line, col, field, message, hint, severity))  # type: ignore[arg-type]

    seen: dict[str, int] = {}
    terms = {t.id for t in handbook.terms}
    for i, c in enumerate(th.concepts):
        where = ("concepts", i)
        if c.id in seen:
            add(where + ("id",), f"concepts[{i}].id", f"duplicate concept '{c.id}'",
                f"concept {seen[c.id] + 1} already has this id: merge the two or rename one")
        seen.setdefault(c.id, i)
        a = c.answers
        if not (a.sop or a.topic or a.glossary or a.page):
            add(where + ("answers",), f"concepts[{i}].answers", "names no answer",
                "give at least one of sop, topic, glossary, page")
        if a.sop and a.sop not in handbook.sops:
            add(where + ("answers", "sop"), f"concepts[{i}].answers.sop", f"no SOP has the id '{a.sop}'",
                "use the id of a file in sops/")
        if a.step is not None:
            sop = handbook.sops.get(a.sop or "")
            if sop is None:
                add(where + ("answers", "step"), f"concepts[{i}].answers.step", "a step needs an SOP", "add answers.sop")
            elif a.step > len(sop.steps):
                add(where + ("answers", "step"), f"concepts[{i}].answers.step",
                    f"{sop.id} has {len(sop.steps)} steps, not {a.step}", "count the items under steps: from 1")
        if a.glossary and a.glossary not in terms:
            add(where + ("answers", "glossary"), f"concepts[{i}].answers.glossary",
                f"no glossary term has the id '{a.glossary}'", "use an id from cases/glossary/")
        if a.page and not (root / "docs" / (a.page.split("#")[0].rstrip("/") + ".md")).is_file():
            add(where + ("answers", "page"), f"concepts[{i}].answers.page", f"no chapter at '{a.page}'",
                "write the chapter's path under docs/ without .md, ending in /")
        for lang in ("zh", "en"):
            for j, text in enumerate(getattr(c.examples, lang)):
                han = bool(_HAN.search(text))
                if (lang == "zh") != han:
                    add(where + ("examples", lang, j), f"concepts[{i}].examples.{lang}[{j}]",
                        f"'{text}' is not written in {'Chinese' if lang == 'zh' else 'English'}",
                        f"move it to examples.{'en' if lang == 'zh' else 'zh'}")
    problems += _coverage(root, th, handbook, add)
    problems += _phrase_refs(root, handbook, set(seen))
    return problems


def _coverage(root: Path, th: Thesaurus, handbook: Handbook, add: Any) -> list[Problem]:
    """Every SOP and every market topic must be reachable by MIN_EXAMPLES example questions per
    language (an agent must be able to find it). A warning, at the SOP's own file where it is an
    SOP: a new SOP (`handbook new sop`) is a draft before anyone searches for it."""
    count: dict[tuple[str, str, str], int] = {}
    for c in th.concepts:
        targets = ([("sop", c.answers.sop)] if c.answers.sop else []) + (
            [("topic", c.answers.topic)] if c.answers.topic else [])
        for kind, ident in targets:
            for lang in ("zh", "en"):
                key = (kind, ident, lang)
                count[key] = count.get(key, 0) + len(getattr(c.examples, lang))
    problems: list[Problem] = []
    for kind, ids in (("sop", sorted(handbook.sops)), ("topic", TOPIC_IDS)):
        for ident in ids:
            for lang in ("zh", "en"):
                n = count.get((kind, ident, lang), 0)
                if n >= MIN_EXAMPLES:
                    continue
                message = (f"search reaches {kind} '{ident}' by {n} {lang} example question(s), "
                           f"fewer than {MIN_EXAMPLES}")
                hint = f"add examples.{lang} to a concept in {CONCEPTS_FILE} whose answers name it"
                rel = handbook.origins.get(f"sop:{ident}") if kind == "sop" else None
                if rel:
                    line, col = position(load_file(root / rel), ("id",))
                    problems.append(Problem(rel, line, col, "id", message, hint, "warning"))
                else:
                    add(("concepts",), "concepts", message, hint, "warning")
    return problems


def _phrase_refs(root: Path, handbook: Handbook, known: set[str]) -> list[Problem]:
    problems = []
    for ident, phrase in handbook.phrases.items():
        for i, concept in enumerate(phrase.concepts):
            if concept not in known:
                path = handbook.origins.get(f"phrase:{ident}", f"cases/phrases/{ident}.yaml")
                line, col = position(load_file(root / path), ("concepts", i))
                problems.append(Problem(path, line, col, f"concepts[{i}]", f"unknown concept '{concept}'",
                                        f"use an id from {CONCEPTS_FILE}"))
    return problems


def thin_concepts(th: Thesaurus) -> list[Concept]:
    """For the trainers' dashboard: concepts an agent may not find them by (too few examples in a
    language, or no customer-language words)."""
    return [c for c in th.concepts
            if len(c.examples.zh) < MIN_EXAMPLES or len(c.examples.en) < MIN_EXAMPLES or not c.signals]


def situation_matrix(th: Thesaurus, handbook: Handbook) -> dict[str, dict[str, list[str]]]:
    """For the dashboard and its test: situation -> customer language -> the templates for it."""
    matrix: dict[str, dict[str, list[str]]] = {}
    for c in th.concepts:
        if c.kind != "situation":
            continue
        row = matrix.setdefault(c.id, {})
        for phrase in handbook.phrases.values():
            if c.id in phrase.concepts:
                for lang in phrase.texts:
                    row.setdefault(lang, []).append(phrase.id)
    return matrix
