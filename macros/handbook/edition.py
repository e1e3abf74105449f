"""What a build knows about itself: the edition stamped on printed guides, and team settings.

The build date is the date of the source commit, so two builds of one commit are identical.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .models import Text


@dataclass(frozen=True)
class Contact:
    role: Text
    contact: str


@dataclass(frozen=True)
class SiteInfo:
    directory_urls: bool = True
    build_date: dt.date = dt.date(2026, 1, 1)
    commit: str = "unknown"
    online_url: str | None = None          # the site's public address, for links and QR codes
    contacts: tuple[Contact, ...] = field(default_factory=tuple)
    freshness_days: int = 180
    # (repo-relative file, field path) of English texts whose Chinese source changed since translation
    stale_translations: frozenset[tuple[str, str]] = frozenset()

    def needs_review(self, checked: dt.date) -> bool:
        return checked < self.build_date - dt.timedelta(days=self.freshness_days)

    def stale_fields(self, rel: str) -> list[str]:
        return sorted(f for r, f in self.stale_translations if r == rel)


def source_edition(root: Path) -> tuple[dt.date, str]:
    """(commit date, short commit id) of the checkout; today and 'uncommitted' outside git."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs %h"], cwd=root, capture_output=True,
                             text=True, check=True, timeout=10).stdout.split()
        return dt.date.fromisoformat(out[0]), out[1]
    except (OSError, subprocess.SubprocessError, IndexError, ValueError):
        return dt.date.today(), "uncommitted"
