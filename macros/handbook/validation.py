"""Everything `handbook validate` checks, in one function the CLI and the MkDocs plugin share."""

from __future__ import annotations

import traceback
from pathlib import Path

from .chapters import check_chapters, read_chapters
from .checks import check_drafts, check_freshness, check_modelines, check_translations
from .consistency import check_consistency
from .itemcheck import check_items
from .problems import Problem, internal_problem
from .repository import Handbook, LoadError, load
from .search.thesaurus import check_thesaurus
from .search.vocabulary import check_vocabulary
from .settings import load_settings
from .yamlsafe import now_reading, reading


def check(root: Path, strict_freshness: bool = False,
          allow_drafts: bool = False) -> tuple[Handbook | None, list[Problem]]:
    """The loaded handbook (None if it has errors) and every problem in the data and chapters.

    Problems with severity "warning" (stale facts, stale translations) do not fail validation.
    The last line of defence: an unexpected exception (a bug in these tools, never the trainer's
    fault) becomes one problem naming the file being read, marked ``internal`` (exit status 2),
    never a traceback; its ``detail`` keeps the traceback for ``--debug``.
    """
    reading(None)
    try:
        return _check(root, strict_freshness, allow_drafts)
    except Exception as exc:  # noqa: BLE001 - deliberately everything: see the docstring
        return None, [unexpected(root, exc)]


def unexpected(root: Path, exc: Exception, command: str = "handbook validate") -> Problem:
    """The one problem row of an unexpected exception, naming the file that was being read."""
    where = now_reading()
    try:
        rel = where.relative_to(root).as_posix() if where else ""
    except ValueError:
        rel = str(where)
    return internal_problem(rel, exc, "".join(traceback.format_exception(exc)), command)


def _check(root: Path, strict_freshness: bool, allow_drafts: bool) -> tuple[Handbook | None, list[Problem]]:
    try:
        config = load_settings(root)
        settings: list[Problem] = []
    except LoadError as exc:  # pyproject.toml cannot be read: the checks that need it wait
        config, settings = None, exc.problems
    try:
        handbook = load(root)
    except LoadError as exc:  # chapters that cannot even be read are reported alongside
        return None, settings + exc.problems + check_modelines(root) + read_chapters(root)[1]
    if config is None:
        return None, settings + check_chapters(handbook) + check_modelines(root)
    problems = (check_chapters(handbook) + check_modelines(root) + check_drafts(root, allow_drafts)
                + check_translations(root) + check_items(handbook, settings=config)
                + check_freshness(root, handbook, config, strict_freshness)
                + check_consistency(root, handbook, config) + check_vocabulary(root)
                + check_thesaurus(root, handbook))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return handbook, problems


def validate(root: Path, strict_freshness: bool = False, allow_drafts: bool = False) -> list[Problem]:
    return check(root, strict_freshness, allow_drafts)[1]
