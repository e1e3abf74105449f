"""Index a built site with Pagefind: every searchable page, for the full-text results the search
shows below the ranker's answers (the answers themselves travel in search/answers-<lang>.json).

Runs on the built HTML after the last language is written, so it is independent of the
generator (MkDocs today, something else later). Pagefind splits the index into one index per
`<html lang>` and into chunks the browser fetches only as a query needs them, so no page ever
downloads a whole index.

Pagefind is pinned to 1.4.x on purpose: 1.5 segments the *query* in the browser with
Intl.Segmenter, which disagrees with the index-time segmentation of Chinese (upstream issue
#1237) and loses recall; `handbook bench` measures both (README, "Search").
"""

from __future__ import annotations

import asyncio
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

BUNDLE = "pagefind"
# Pages that only repeat others or hold answers stay out even if a template forgets the flag.
EXCLUDE_SELECTORS = ["[data-search-exclude]", "[data-pagefind-ignore]", ".headerlink", ".md-source-file"]


@dataclass(frozen=True)
class IndexStats:
    pages: int
    seconds: float


class SearchIndexError(RuntimeError):
    pass


async def _index(site_dir: Path, out: Path) -> IndexStats:
    from pagefind.index import PagefindIndex  # imported late: the data layer works without it

    start = time.perf_counter()
    config = {"exclude_selectors": EXCLUDE_SELECTORS, "output_path": str(out)}
    async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
        result = await index.add_directory(str(site_dir), glob="**/*.html")
        pages = int(result.get("page_count", 0))
        await index.write_files(output_path=str(out))
    return IndexStats(pages, time.perf_counter() - start)


def build_search_index(site_dir: Path) -> IndexStats:
    """(Re)write ``site_dir/pagefind``. The old bundle is replaced only once the new one is complete."""
    site_dir = Path(site_dir)
    tmp = site_dir / f".{BUNDLE}-new"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        stats = asyncio.run(_index(site_dir, tmp))
    except Exception as exc:  # the service reports problems as exceptions of its own
        shutil.rmtree(tmp, ignore_errors=True)
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {exc}") from exc
    final = site_dir / BUNDLE
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    return stats
