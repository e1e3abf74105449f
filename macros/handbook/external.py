"""`handbook check-links --external`: request every source URL in the data (needs a network;
not part of CI). A legal source that moved is as stale as an old check date."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from .repository import Handbook

USER_AGENT = "cs-handbook-linkcheck/1.0 (+source freshness check)"


def source_urls(handbook: Handbook) -> dict[str, list[str]]:
    """URL -> where it is used (file and field)."""
    found: dict[str, list[str]] = {}
    for code, market in handbook.markets.items():
        rel = handbook.source_of("market", code)
        for path, fact in market.sourced_facts():
            found.setdefault(fact.source, []).append(f"{rel}:{path}")
        for i, change in enumerate(market.changes):
            found.setdefault(change.source, []).append(f"{rel}:changes[{i}]")
    return found


def _status(url: str, timeout: float) -> str | None:
    for method in ("HEAD", "GET"):  # some official sites refuse HEAD
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                if response.status < 400:
                    return None
                status = f"HTTP {response.status}"
        except urllib.error.HTTPError as exc:
            status = f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            status = f"unreachable ({getattr(exc, 'reason', exc)})"
    return status


def check_sources(handbook: Handbook, timeout: float = 15.0) -> list[tuple[str, str, str]]:
    urls = source_urls(handbook)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = dict(zip(urls, pool.map(lambda u: _status(u, timeout), urls)))
    return sorted((url, ", ".join(urls[url]), status) for url, status in results.items() if status)
