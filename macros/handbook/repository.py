"""Find, load and validate every data file of a handbook checkout.

``load(root)`` returns the whole handbook or the complete list of problems: nothing is rendered
from a data set that has any error.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from .models import Case, GlossaryFile, Market, Phrase, PlaceholderRegistry, QuizSet, Scorecard, Sop
from .models.phrase import placeholders_in
from .models.quiz import Question
from .models.glossary import Term
from .problems import Problem, field_path, from_validation_error
from .yamlsafe import YamlError, load_file, position, reading, source_lines, text_position

T = TypeVar("T", bound=BaseModel)

DATA_ROOTS = ("cases", "sops")
ALLOWED_EXTRA_FILES = {"README.md", ".gitkeep"}
UNREADABLE_FOLDER = "the folder cannot be read"


@dataclass(frozen=True)
class Kind:
    name: str
    folder: str
    model: type[BaseModel]
    file_id: Callable[[Any], str]


KINDS = (
    Kind("market", "cases/markets", Market, lambda m: m.code.lower()),
    Kind("case", "cases/library", Case, lambda m: m.id),
    Kind("phrase", "cases/phrases", Phrase, lambda m: m.id),
    Kind("quiz", "cases/quizzes", QuizSet, lambda m: m.id),
    Kind("glossary", "cases/glossary", GlossaryFile, lambda m: m.id),
    Kind("sop", "sops", Sop, lambda m: m.id),
)
PLACEHOLDERS_FILE = "cases/placeholders.yaml"
SCORECARD_FILE = "cases/scorecard.yaml"  # optional: the chapter 9 quality scorecard
TERMINOLOGY_FILE = "cases/terminology.yaml"  # preferred terms; loaded and checked by consistency.py
CONCEPTS_FILE = "cases/concepts.yaml"  # the search thesaurus; loaded and checked by search/thesaurus.py


@dataclass
class Record(Generic[T]):
    """A validated entity and where it came from (for positions and "edit this page" links)."""

    rel: str
    model: T
    raw: Any
    path: Path | None = None
    _lines: list[str] | None = field(default=None, repr=False)

    def pos(self, *loc: Any) -> tuple[int, int]:
        return position(self.raw, loc)

    def text_pos(self, loc: tuple[Any, ...], text: str, index: int) -> tuple[int, int]:
        """Where ``text[index]`` of the string at ``loc`` is in the file (see text_position)."""
        if self._lines is None:
            self._lines = source_lines(self.path) if self.path else []
        return text_position(self.raw, loc, text, index, self._lines)


@dataclass
class Handbook:
    root: Path
    markets: dict[str, Market] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    sops: dict[str, Sop] = field(default_factory=dict)
    phrases: dict[str, Phrase] = field(default_factory=dict)
    quizzes: dict[str, QuizSet] = field(default_factory=dict)
    glossary: dict[str, GlossaryFile] = field(default_factory=dict)
    placeholders: PlaceholderRegistry | None = None
    scorecard: Scorecard | None = None
    origins: dict[str, str] = field(default_factory=dict)  # "kind:id" -> repo-relative path
    fingerprint: str = ""

    @property
    def questions(self) -> dict[str, Question]:
        found: dict[str, Question] = {}
        for quiz in self.quizzes.values():
            found.update((q.id, q) for q in quiz.questions)
        for case in self.cases.values():
            found.update((q.id, q) for q in case.questions)
        return found

    @property
    def terms(self) -> list[Term]:
        return [t for g in self.glossary.values() for t in g.terms]

    def source_of(self, kind: str, ident: str) -> str:
        return self.origins[f"{kind}:{ident}"]

    def market_codes(self, markets: Iterable[str]) -> tuple[str, ...]:
        """Market codes with "all" spelled out: a case or phrase for every market belongs to each."""
        markets = list(markets)
        return tuple(sorted(self.markets)) if "all" in markets else tuple(markets)

    def cases_for_market(self, code: str) -> list[Case]:
        return [c for c in self.cases.values() if code in c.markets or "all" in c.markets]


class _AnyId(frozenset):
    """The ids of a folder that cannot be listed: every reference into it is taken as found, since
    the folder's own row says why nothing in it was read (instead of one "unknown SOP" per case)."""

    def __contains__(self, item: object) -> bool:
        return True

    def __or__(self, other: Any) -> "_AnyId":
        return self


class LoadError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the handbook data")
        self.problems = problems


def walk(base: Path, root: Path) -> tuple[list[Path], list[Problem]]:
    """Every entry below ``base``, sorted, and a problem for each folder that cannot be listed.

    ``Path.rglob`` skips a folder it may not read without a word, and everything in it would then
    look missing (every reference to an SOP in an unreadable sops/ reported as unknown). Linked
    folders are listed, not entered, so a link loop cannot make the walk endless.
    """
    found: list[Path] = []
    problems: list[Problem] = []
    pending = [base]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as entries:
                children = [Path(entry.path) for entry in entries]
        except OSError as exc:
            rel = folder.relative_to(root).as_posix()
            problems.append(Problem(rel, 1, 1, "", f"{UNREADABLE_FOLDER} ({exc.strerror or type(exc).__name__})",
                                    "check that the folder exists and that you may read it"))
            continue
        for child in children:
            found.append(child)
            if child.is_dir() and not child.is_symlink() and not child.name.endswith((".yaml", ".yml", ".md")):
                pending.append(child)
    return sorted(found), problems


def data_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """Every file under the data folders, and problems with files that do not belong there."""
    files: list[Path] = []
    problems: list[Problem] = []
    real_root = Path(os.path.realpath(root))
    for top in DATA_ROOTS:
        base = root / top
        if not base.is_dir():
            continue
        entries, unreadable = walk(base, root)
        problems += unreadable
        for path in entries:
            rel = path.relative_to(root).as_posix()
            bad_name = _undecodable_name(path, root)
            if bad_name:
                if bad_name == path:  # report the file or folder whose own name is wrong, once
                    problems.append(Problem(rel, 1, 1, "", "the name is not valid UTF-8 text",
                                            "rename it with letters, digits and '-' only, e.g. case-012.yaml"))
                continue
            if path.is_symlink():
                try:  # strict: a link to itself or to a missing file raises instead of looping
                    target = Path(os.path.realpath(path, strict=True))
                    where = "" if target.is_relative_to(real_root) else " (this one points outside the repository)"
                except OSError:
                    where = " (this one points to itself or to a missing file)"
                problems.append(Problem(
                    rel, 1, 1, "", "symbolic links are not allowed in data folders" + where,
                    "replace the link with the file itself"))
                continue
            if path.is_dir() and path.suffix in (".yaml", ".yml"):
                problems.append(Problem(rel, 1, 1, "", "this is a folder, not a file",
                                        "a data file is a file: move what is in the folder out, delete it, "
                                        f"and create {path.name} as a file"))
                continue
            if path.is_dir() or path.name in ALLOWED_EXTRA_FILES:
                continue
            if path.suffix == ".yml":
                problems.append(Problem(rel, 1, 1, "", "data files must end in .yaml, not .yml",
                                        f"rename it to {path.stem}.yaml"))
                continue
            if path.suffix != ".yaml":
                problems.append(Problem(rel, 1, 1, "", "only .yaml data files belong here",
                                        "move the file out of the data folders"))
                continue
            if not path.is_file():
                problems.append(Problem(rel, 1, 1, "", "not a regular file (a pipe, socket or device)",
                                        "replace it with an ordinary .yaml file"))
                continue
            files.append(path)
    return files, problems


def _undecodable_name(path: Path, root: Path) -> Path | None:
    """The outermost part of ``path`` (below ``root``) whose name is not valid UTF-8, if any.

    Python keeps such bytes as surrogate escapes; printing or hashing them as UTF-8 would fail.
    """
    rel = path.relative_to(root)
    for depth in range(1, len(rel.parts) + 1):
        try:
            rel.parts[depth - 1].encode("utf-8")
        except UnicodeEncodeError:
            return root.joinpath(*rel.parts[:depth])
    return None


def _kind_for(rel: str) -> Kind | None:
    folder = rel.rsplit("/", 1)[0]
    return next((k for k in KINDS if k.folder == folder), None)


def _parse(path: Path, rel: str) -> tuple[Any, list[Problem]]:
    try:
        raw = load_file(path)
    except YamlError as exc:
        return None, [Problem(rel, exc.line, exc.col, "", exc.message, exc.hint)]
    if not isinstance(raw, dict):
        return None, [Problem(rel, 1, 1, "", "the file must hold a mapping of fields (key: value)",
                              "start the file with the fields of one entry, e.g. 'id: …'")]
    return raw, []


def load(root: Path) -> Handbook:
    """Load and validate everything; raise LoadError listing every problem found."""
    root = Path(root)
    files, problems = data_files(root)
    handbook = Handbook(root=root)
    records: dict[str, list[Record]] = {k.name: [] for k in KINDS}
    raw_ids: dict[str, set[str]] = {k.name: set() for k in KINDS}  # ids even of invalid files
    digest = hashlib.sha256()

    for path in files:
        rel = path.relative_to(root).as_posix()
        reading(path)
        try:
            digest.update(rel.encode() + b"\0" + path.read_bytes())
        except OSError:
            pass  # unreadable: _parse reports why
        kind = _kind_for(rel)
        single = {PLACEHOLDERS_FILE: ("placeholders", PlaceholderRegistry), SCORECARD_FILE: ("scorecard", Scorecard)}
        if rel in single:  # one-of-a-kind files: the placeholder registry, the quality scorecard
            attr, model = single[rel]
            raw, found = _parse(path, rel)
            problems += found
            if raw is not None:
                try:
                    setattr(handbook, attr, model.model_validate(raw))
                except ValidationError as exc:
                    problems += from_validation_error(rel, raw, exc, model)
            continue
        if rel in (TERMINOLOGY_FILE, CONCEPTS_FILE):
            continue
        if kind is None:
            problems.append(Problem(rel, 1, 1, "", "this folder is not a data folder",
                                    "markets go in cases/markets, cases in cases/library, phrases "
                                    "in cases/phrases, quizzes in cases/quizzes, glossary in "
                                    "cases/glossary, SOPs in sops/"))
            continue
        raw, found = _parse(path, rel)
        problems += found
        # The file name must equal the id: references to a file that cannot be parsed, or whose id
        # is no text (code: NO), resolve by its name, so its own rows are not followed by an
        # "unknown market 'DE'" for every case that names it.
        by_name = path.stem.upper() if kind.name == "market" else path.stem
        if raw is None:
            raw_ids[kind.name].add(by_name)
            continue
        ident = raw.get("code" if kind.name == "market" else "id")
        if isinstance(ident, str):
            raw_ids[kind.name].add(ident.upper() if kind.name == "market" else ident)
        else:
            raw_ids[kind.name].add(by_name)
        try:
            model = kind.model.model_validate(raw)
        except ValidationError as exc:
            problems += from_validation_error(rel, raw, exc, kind.model)
            continue
        expected = kind.file_id(model)
        if path.stem != expected:
            key = "code" if kind.name == "market" else "id"
            line, col = position(raw, (key,))
            problems.append(Problem(rel, line, col, key,
                                    f"file name '{path.name}' does not match {key} '{expected}'",
                                    f"rename the file to {expected}.yaml or change the {key}"))
            continue
        records[kind.name].append(Record(rel, model, raw, path))

    reading(None)  # the checks below are across files
    unlisted = [p.path + "/" for p in problems if p.message.startswith(UNREADABLE_FOLDER)]
    for kind in KINDS:
        if any((kind.folder + "/").startswith(folder) for folder in unlisted):
            raw_ids[kind.name] = _AnyId()
    if (handbook.placeholders is None and not any(p.path == PLACEHOLDERS_FILE for p in problems)
            and not any(PLACEHOLDERS_FILE.startswith(folder) for folder in unlisted)):
        problems.append(Problem(PLACEHOLDERS_FILE, 1, 1, "", "the placeholder registry is missing",
                                f"restore it (git checkout {PLACEHOLDERS_FILE}); phrases may only use "
                                "the placeholders it lists"))

    problems += _check_unique_ids(records)
    problems += _check_references(records, raw_ids, handbook.placeholders)
    problems += _check_writing_criteria(records, handbook.scorecard)

    if problems:
        raise LoadError(problems)

    for rec in records["market"]:
        handbook.markets[rec.model.code] = rec.model
        handbook.origins[f"market:{rec.model.code}"] = rec.rel
    for name, target in (("case", handbook.cases), ("sop", handbook.sops),
                         ("phrase", handbook.phrases), ("quiz", handbook.quizzes),
                         ("glossary", handbook.glossary)):
        for rec in sorted(records[name], key=lambda r: r.model.id):
            target[rec.model.id] = rec.model
            handbook.origins[f"{name}:{rec.model.id}"] = rec.rel
    handbook.markets = dict(sorted(handbook.markets.items(), key=_market_order))
    handbook.fingerprint = digest.hexdigest()[:16]
    return handbook


def _market_order(item: tuple[str, Market]) -> tuple[int, str]:
    code, market = item
    return (0 if market.kind == "region" else 1, code)


def _ids_in(rec: Record) -> list[tuple[str, tuple[Any, ...]]]:
    """Every id a record defines, with the location of its id field."""
    model = rec.model
    if isinstance(model, Market):
        return [(model.code, ("code",))]
    out: list[tuple[str, tuple[Any, ...]]] = [(model.id, ("id",))]
    if isinstance(model, QuizSet):
        out += [(q.id, ("questions", i, "id")) for i, q in enumerate(model.questions)]
    if isinstance(model, Case):
        out += [(q.id, ("questions", i, "id")) for i, q in enumerate(model.questions)]
    if isinstance(model, GlossaryFile):
        out += [(t.id, ("terms", i, "id")) for i, t in enumerate(model.terms)]
    return out


def _check_unique_ids(records: dict[str, list[Record]]) -> list[Problem]:
    seen: dict[str, str] = {}
    problems = []
    for name in sorted(records):
        for rec in records[name]:
            for ident, loc in _ids_in(rec):
                line, col = rec.pos(*loc)
                if ident in seen:
                    problems.append(Problem(rec.rel, line, col, field_path(loc),
                                            f"id '{ident}' is already used in {seen[ident]}",
                                            "ids must be unique across the repository"))
                else:
                    seen[ident] = rec.rel
    return problems


def _check_references(
    records: dict[str, list[Record]],
    raw_ids: dict[str, set[str]],
    registry: PlaceholderRegistry | None,
) -> list[Problem]:
    problems: list[Problem] = []
    markets = {r.model.code: r.model for r in records["market"]}
    market_ids = raw_ids["market"] | {"all"}
    sop_ids, phrase_ids = raw_ids["sop"], raw_ids["phrase"]
    term_ids = raw_ids["glossary"] if isinstance(raw_ids["glossary"], _AnyId) else {
        t.id for r in records["glossary"] for t in r.model.terms}

    def dangling(rec: Record, loc: tuple[Any, ...], ident: str, kind: str, hint: str) -> None:
        line, col = rec.pos(*loc)
        problems.append(Problem(rec.rel, line, col, field_path(loc), f"unknown {kind} '{ident}'", hint))

    for rec in records["market"]:
        parent = rec.model.parent
        if parent and parent not in market_ids:
            dangling(rec, ("parent",), parent, "market", "use the code of a file in cases/markets")
    for name in ("case", "phrase"):
        for rec in records[name]:
            for i, code in enumerate(rec.model.markets):
                if code not in market_ids:
                    dangling(rec, ("markets", i), code, "market",
                             "use a code from cases/markets, or 'all'")
    for rec in records["case"]:
        for i, ident in enumerate(rec.model.sops):
            if ident not in sop_ids:
                dangling(rec, ("sops", i), ident, "SOP", "use the id of a file in sops/")
        for i, ident in enumerate(rec.model.phrases):
            if ident not in phrase_ids:
                dangling(rec, ("phrases", i), ident, "phrase", "use the id of a file in cases/phrases")
    for rec in records["sop"]:
        for i, ident in enumerate(rec.model.phrases):
            if ident not in phrase_ids:
                dangling(rec, ("phrases", i), ident, "phrase", "use the id of a file in cases/phrases")
        for i, step in enumerate(rec.model.steps):
            for j, ident in enumerate(step.phrases):
                if ident not in phrase_ids:
                    dangling(rec, ("steps", i, "phrases", j), ident, "phrase",
                             "use the id of a file in cases/phrases")
    problems += _check_what_to_send(records, phrase_ids)
    for rec in records["glossary"]:
        for i, term in enumerate(rec.model.terms):
            for j, ident in enumerate(term.see):
                if ident not in term_ids:
                    dangling(rec, ("terms", i, "see", j), ident, "glossary term",
                             "use the id of another term")
    for rec in records["phrase"]:
        problems += _check_phrase(rec, markets, registry)
    return problems


def _check_writing_criteria(records: dict[str, list[Record]], scorecard: Scorecard | None) -> list[Problem]:
    """Writing tasks are scored against criteria of cases/scorecard.yaml."""
    known = {c.id for c in scorecard.criteria} if scorecard else set()
    problems = []
    for rec in records["quiz"]:
        for i, task in enumerate(rec.model.writing_tasks):
            for j, ident in enumerate(task.criteria):
                if ident not in known:
                    line, col = rec.pos("writing_tasks", i, "criteria", j)
                    problems.append(Problem(rec.rel, line, col, f"writing_tasks[{i}].criteria[{j}]",
                                            f"unknown scorecard criterion '{ident}'",
                                            f"use the id of a criterion in {SCORECARD_FILE}"))
    return problems


def _check_what_to_send(records: dict[str, list[Record]], phrase_ids: set[str]) -> list[Problem]:
    """A market's "what to send" phrases exist and are written in every language of the market."""
    phrases = {r.model.id: r.model for r in records["phrase"]}
    problems = []
    for rec in records["market"]:
        market: Market = rec.model
        for situation, ids in market.what_to_send:
            for i, ident in enumerate(ids):
                loc = ("what_to_send", situation, i)
                line, col = rec.pos(*loc)
                if ident not in phrase_ids:
                    problems.append(Problem(rec.rel, line, col, field_path(loc), f"unknown phrase '{ident}'",
                                            "use the id of a file in cases/phrases"))
                    continue
                phrase = phrases.get(ident)
                missing = [lang for lang in market.languages if phrase is not None and lang not in phrase.texts]
                if missing:
                    problems.append(Problem(
                        rec.rel, line, col, field_path(loc),
                        f"phrase '{ident}' has no text in {', '.join(missing)}, a language of this market",
                        f"choose a phrase written in the customer's language, or add texts.{missing[0]} to it"))
    return problems


_UNCLOSED = re.compile(r"\{([a-z][a-z0-9_]*)(?![a-z0-9_}])")  # "{order_id." : the } is missing


def _check_phrase(
    rec: Record, markets: dict[str, Market], registry: PlaceholderRegistry | None
) -> list[Problem]:
    phrase: Phrase = rec.model
    problems = []
    every = phrase.placeholders
    known = set(registry.placeholders) if registry else set(every)
    for lang, text in phrase.texts.items():
        line, col = rec.pos("texts", lang)
        present = placeholders_in(text)
        for m in _UNCLOSED.finditer(text):
            at_line, at_col = rec.text_pos(("texts", lang), text, m.start())
            problems.append(Problem(rec.rel, at_line, at_col, f"texts.{lang}",
                                    f"the placeholder {{{m.group(1)} is not closed", f"write {{{m.group(1)}}}"))
        for name in sorted(set(every) - present):
            problems.append(Problem(rec.rel, line, col, f"texts.{lang}",
                                    f"placeholder {{{name}}} is missing from this language",
                                    "every placeholder must appear in every language variant"))
        for name in sorted(present - known):
            at_line, at_col = rec.text_pos(("texts", lang), text, text.index("{" + name + "}"))
            problems.append(Problem(rec.rel, at_line, at_col, f"texts.{lang}",
                                    f"unknown placeholder {{{name}}}",
                                    f"add it to {PLACEHOLDERS_FILE} or fix the spelling"))
    served = markets.values() if "all" in phrase.markets else [
        markets[c] for c in phrase.markets if c in markets]
    needed = sorted({lang for m in served for lang in m.languages})
    line, col = rec.pos("texts")
    for lang in needed:
        if lang not in phrase.texts:
            problems.append(Problem(rec.rel, line, col, "texts",
                                    f"no '{lang}' variant, but a market this phrase serves speaks it",
                                    f"add texts.{lang}, or narrow the phrase's markets"))
    return problems
