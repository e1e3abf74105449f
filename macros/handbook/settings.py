"""Project settings read from ``[tool.handbook]`` in pyproject.toml (one place for CLI and build)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    # A legal or tax fact checked longer ago than this needs review.
    freshness_days: int = 180
    # Reviewers per content area (repo path or glob -> GitHub users/teams), for CODEOWNERS.
    owners: dict[str, list[str]] = field(default_factory=dict)
    # Items a level assessment bank needs at least (each attempt draws a form from the bank).
    level_min_items: int = 40
    # Report cases whose situation repeats another's. Off only in the benchmark's synthetic
    # libraries, which are made of copies on purpose.
    duplicate_cases: bool = True


def load_settings(root: Path) -> Settings:
    """The settings; a pyproject.toml that cannot be read raises LoadError with its problem row."""
    path = root / "pyproject.toml"
    if not path.exists():
        return Settings()
    raw = path.read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8")).get("tool", {}).get("handbook", {})
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise _error(line, col, "", "file is not valid UTF-8", "save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line, col = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc))
        raise _error(line, col, "", f"invalid TOML: {message}",
                     "compare the line with the lines around it (a stray character, a missing quote or =)") from None
    try:
        return Settings(freshness_days=int(data.get("freshness_days", 180)),
                        owners={str(k): list(v) for k, v in data.get("owners", {}).items()},
                        level_min_items=int(data.get("level_min_items", 40)),
                        duplicate_cases=bool(data.get("duplicate_cases", True)))
    except (AttributeError, TypeError, ValueError) as exc:
        text = raw.decode("utf-8")
        line = next((n for n, row in enumerate(text.split("\n"), 1) if row.strip() == "[tool.handbook]"), 1)
        raise _error(line, 1, "tool.handbook", f"a setting has the wrong type ({exc})",
                     "freshness_days and level_min_items are whole numbers, duplicate_cases true or false, "
                     "owners a table of lists") from None


def _error(line: int, col: int, field_name: str, message: str, hint: str) -> Exception:
    from .problems import Problem
    from .repository import LoadError
    return LoadError([Problem("pyproject.toml", line, col, field_name, message, hint)])
