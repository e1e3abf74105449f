"""Everything `handbook validate` checks, in one function the CLI and the MkDocs plugin share."""

from __future__ import annotations

from pathlib import Path

from .chapters import check_chapters
from .checks import check_drafts, check_freshness, check_modelines, check_translations
from .itemcheck import check_items
from .problems import Problem
from .repository import Handbook, LoadError, load
from .settings import load_settings


def check(root: Path, strict_freshness: bool = False,
          allow_drafts: bool = False) -> tuple[Handbook | None, list[Problem]]:
    """The loaded handbook (None if it has errors) and every problem in the data and chapters.

    Problems with severity "warning" (stale facts, stale translations) do not fail validation.
    """
    try:
        handbook = load(root)
    except LoadError as exc:
        return None, exc.problems + check_modelines(root)
    problems = (check_chapters(handbook) + check_modelines(root) + check_drafts(root, allow_drafts)
                + check_translations(root) + check_items(handbook)
                + check_freshness(root, handbook, load_settings(root), strict_freshness))
    if any(p.severity == "error" for p in problems):
        return None, problems
    return handbook, problems


def validate(root: Path, strict_freshness: bool = False, allow_drafts: bool = False) -> list[Problem]:
    return check(root, strict_freshness, allow_drafts)[1]
