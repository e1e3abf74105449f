"""Project settings read from ``[tool.handbook]`` in pyproject.toml (one place for CLI and build)."""

from __future__ import annotations

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
    path = root / "pyproject.toml"
    if not path.exists():
        return Settings()
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("handbook", {})
    return Settings(freshness_days=int(data.get("freshness_days", 180)),
                    owners={str(k): list(v) for k, v in data.get("owners", {}).items()},
                    level_min_items=int(data.get("level_min_items", 40)),
                    duplicate_cases=bool(data.get("duplicate_cases", True)))
