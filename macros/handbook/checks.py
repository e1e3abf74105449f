"""Checks that run after the data loads: editor modelines, unfilled scaffolds, stale legal facts,
and translation parity (which zh text each English translation was made from).

Translation parity lives in ``translations.lock``: for every bilingual field and chapter, the short
hash of the Chinese source the English was last confirmed against. When the Chinese changes, the
English is stale until a translator checks it and runs ``handbook i18n-status --accept``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from .chapters import read_chapters
from .problems import Problem, field_path
from .repository import (CONCEPTS_FILE, KINDS, PLACEHOLDERS_FILE, SCORECARD_FILE, TERMINOLOGY_FILE, Handbook, LoadError,
                         data_files)
from .schemas import modeline
from .settings import Settings
from .yamlsafe import (LineDict, LineList, YamlError, load_file, position, read_markdown, read_text, reading,
                       refuse_conflict_markers)

LOCK_FILE = "translations.lock"
DRAFT_MARK = "✎"


def short_hash(text: str) -> str:
    return hashlib.sha1(text.strip().encode("utf-8")).hexdigest()[:10]


def _raw_files(root: Path) -> Iterator[tuple[str, Any]]:
    """(repo-relative path, raw parsed YAML) of every parseable data file."""
    files, _ = data_files(root)
    for path in files:
        try:
            raw = load_file(path)
        except YamlError:
            continue
        yield path.relative_to(root).as_posix(), raw


def unreadable_files(root: Path) -> list[Problem]:
    """Why each data file or chapter that the translation comparison skips cannot be read (the
    same rows `handbook validate` gives: not UTF-8, invalid YAML, a link, a wrong name …)."""
    files, problems = data_files(root)
    for path in files:
        try:
            load_file(path)
        except YamlError as exc:
            problems.append(Problem(path.relative_to(root).as_posix(), exc.line, exc.col, "", exc.message, exc.hint))
    return problems + read_chapters(root)[1]


def _walk(node: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield loc, node
    if isinstance(node, LineDict):
        for key, value in node.items():
            yield from _walk(value, loc + (key,))
    elif isinstance(node, LineList):
        for i, value in enumerate(node):
            yield from _walk(value, loc + (i,))


def bilingual_fields(raw: Any) -> Iterator[tuple[str, str, str]]:
    """(field path, zh, en) for every {zh, en} text in a file."""
    for loc, node in _walk(raw):
        if isinstance(node, dict) and set(node) == {"zh", "en"} and all(isinstance(v, str) for v in node.values()):
            yield field_path(loc), node["zh"], node["en"]


def chapter_pairs(root: Path) -> Iterator[tuple[Path, Path]]:
    for zh in sorted((root / "docs").rglob("*.md")):
        # only chapters (a link to nothing, a folder, a pipe or a name that is not UTF-8 is reported
        # by read_chapters)
        if (not zh.name.endswith(".en.md") and zh.is_file()  # (a link to a chapter is a chapter)
                and zh.as_posix().encode("utf-8", "surrogateescape").decode("utf-8", "replace") == zh.as_posix()):
            yield zh, zh.with_name(zh.name[:-3] + ".en.md")


# --- modelines and drafts ---------------------------------------------------------------------

def check_modelines(root: Path) -> list[Problem]:
    problems = []
    files, _ = data_files(root)
    for path in files:
        rel = path.relative_to(root).as_posix()
        kind = "placeholders" if rel == PLACEHOLDERS_FILE else "scorecard" if rel == SCORECARD_FILE else (
            "terminology" if rel == TERMINOLOGY_FILE else "concepts" if rel == CONCEPTS_FILE else None) or next(
            (k.name for k in KINDS if rel.rsplit("/", 1)[0] == k.folder), None)
        if kind is None:
            continue
        expected = modeline(kind, rel)
        try:
            first = re.split(r"\r\n|\r|\n", read_text(path), maxsplit=1)[0].strip()  # CR alone ends a line too
        except YamlError:
            continue
        if first != expected:
            problems.append(Problem(rel, 1, 1, "", "the first line must point editors at the schema",
                                    f"make line 1: {expected}"))
    return problems


def check_drafts(root: Path, allow: bool) -> list[Problem]:
    """Texts still holding a scaffold's prompt (✎ …) are errors unless drafts are allowed."""
    problems = []
    for rel, raw in _raw_files(root):
        for loc, node in _walk(raw):
            if isinstance(node, str) and DRAFT_MARK in node:
                line, col = position(raw, loc)
                problems.append(Problem(rel, line, col, field_path(loc), "not filled in yet",
                                        "replace the ✎ prompt with real content",
                                        "warning" if allow else "error"))
    return problems


# --- freshness ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class StaleFact:
    market: str
    field: str
    checked: dt.date
    source: str
    rel: str


def stale_facts(handbook: Handbook, today: dt.date, max_age_days: int) -> list[StaleFact]:
    limit = today - dt.timedelta(days=max_age_days)
    found = []
    for code, market in handbook.markets.items():
        for path, fact in market.sourced_facts():
            if fact.checked < limit:
                found.append(StaleFact(code, path, fact.checked, fact.source, handbook.source_of("market", code)))
    return found


def check_freshness(root: Path, handbook: Handbook, settings: Settings, strict: bool,
                    today: dt.date | None = None) -> list[Problem]:
    today = today or dt.date.today()
    problems = []
    raws = dict(_raw_files(root))
    for fact in stale_facts(handbook, today, settings.freshness_days):
        raw = raws.get(fact.rel)
        loc = tuple(_loc(fact.field)) + ("checked",)
        line, col = position(raw, loc) if raw is not None else (1, 1)
        age = (today - fact.checked).days
        problems.append(Problem(fact.rel, line, col, f"{fact.field}.checked",
                                f"checked {age} days ago (limit {settings.freshness_days})",
                                f"re-check {fact.source} and update the date", "error" if strict else "warning"))
    return problems


def _loc(path: str) -> Iterator[Any]:
    """'taxes.imports[1]' -> ('taxes', 'imports', 1)."""
    for part in path.split("."):
        name, _, rest = part.partition("[")
        yield name
        for index in filter(None, rest.replace("]", "").split("[")):
            yield int(index)


# --- translations -------------------------------------------------------------------------------

def read_lock(root: Path) -> dict[str, Any]:
    """The recorded translation sources; a lock that cannot be read (a merge left conflict markers,
    a comma too many after a hand edit) raises LoadError with its row, never a JSON traceback."""
    path = root / LOCK_FILE
    if not path.exists():
        return {}
    reading(path)
    hint = ("it is written by `handbook i18n-status --accept`: keep one side of the merge "
            "(or the file from main), then run that command again")
    try:
        text = read_text(path)
        refuse_conflict_markers(text)
    except YamlError as exc:
        raise LoadError([Problem(LOCK_FILE, exc.line, exc.col, "", exc.message, exc.hint)]) from None
    try:
        lock = json.loads(text)
    except json.JSONDecodeError as exc:
        raise LoadError([Problem(LOCK_FILE, exc.lineno, exc.colno, "",
                                 f"{LOCK_FILE} is not valid JSON ({exc.msg})", hint)]) from None
    if not isinstance(lock, dict):
        raise LoadError([Problem(LOCK_FILE, 1, 1, "", f"{LOCK_FILE} must hold a JSON object {{…}}", hint)])
    return lock


def current_sources(root: Path) -> dict[str, Any]:
    """What the lock would hold if every translation were confirmed now."""
    state: dict[str, Any] = {}
    for rel, raw in _raw_files(root):
        fields = {path: short_hash(zh) for path, zh, _ in bilingual_fields(raw)}
        if fields:
            state[rel] = fields
    for zh, _ in chapter_pairs(root):
        try:
            state[zh.relative_to(root).as_posix()] = short_hash(read_markdown(zh))
        except YamlError:
            continue  # unreadable or not UTF-8: check_chapters reports it
    return state


@dataclass(frozen=True)
class StaleTranslation:
    rel: str
    field: str  # "" for a whole chapter


def stale_translations(root: Path) -> list[StaleTranslation]:
    lock = read_lock(root)
    stale = []
    for rel, now in current_sources(root).items():
        recorded = lock.get(rel)
        if recorded is None:
            continue  # never recorded: `handbook i18n-status --accept` records it
        if isinstance(now, str):
            if recorded != now:
                stale.append(StaleTranslation(rel, ""))
            continue
        for field, digest in now.items():
            if field in recorded and recorded[field] != digest:
                stale.append(StaleTranslation(rel, field))
    return stale


def check_translations(root: Path) -> list[Problem]:
    try:
        read_lock(root)
    except LoadError as exc:  # the comparison needs the lock: its row first
        return exc.problems
    problems = []
    for zh, en in chapter_pairs(root):
        if not en.exists():
            problems.append(Problem(zh.relative_to(root).as_posix(), 1, 1, "", "the English chapter is missing",
                                    f"add {en.relative_to(root).as_posix()}"))
    raws = dict(_raw_files(root))
    for item in stale_translations(root):
        line, col = position(raws[item.rel], tuple(_loc(item.field))) if item.field else (1, 1)
        what = f"{item.field}.en" if item.field else "(English chapter)"
        problems.append(Problem(item.rel, line, col, what, "translation may be out of date: the Chinese changed",
                                f"update the English, then run `handbook i18n-status --accept {item.rel}`",
                                "warning"))
    return problems


def accept_translations(root: Path, paths: list[str] | None = None) -> int:
    """Record the current Chinese as the source of the English, for the given files (or all)."""
    lock = read_lock(root)
    now = current_sources(root)
    changed = 0
    for rel, value in now.items():
        if paths and rel not in paths:
            continue
        if lock.get(rel) != value:
            lock[rel] = value
            changed += 1
    lock = {rel: lock[rel] for rel in sorted(lock) if rel in now}
    (root / LOCK_FILE).write_text(json.dumps(lock, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                  encoding="utf-8")
    return changed
