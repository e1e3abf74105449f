"""Index a built site with Pagefind: every searchable page plus the answer-card records.

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
import json
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from .records import Record

BUNDLE = "pagefind"
# Pages that only repeat others or hold answers stay out even if a template forgets the flag.
EXCLUDE_SELECTORS = ["[data-search-exclude]", "[data-pagefind-ignore]", ".headerlink", ".md-source-file"]


@dataclass(frozen=True)
class IndexStats:
    pages: int
    records: int
    languages: tuple[str, ...]
    seconds: float


class SearchIndexError(RuntimeError):
    pass


async def _index(site_dir: Path, records: list[Record], out: Path) -> IndexStats:
    from pagefind.index import PagefindIndex  # imported late: the data layer works without it

    start = time.perf_counter()
    config = {"exclude_selectors": EXCLUDE_SELECTORS, "output_path": str(out)}
    with tempfile.TemporaryDirectory(prefix="handbook-records-") as tmp:
        # Records go in as files of a folder of their own: Pagefind's add_html_file costs about
        # 0.1 s a call (measured with 1.4.0), a folder of files indexes in one pass. Their real
        # address travels in the "target" meta (Record.html), which the search UI links to.
        for i, record in enumerate(records):
            folder = Path(tmp) / record.lang / f"r{i}"
            folder.mkdir(parents=True)
            (folder / "index.html").write_text(record.html(), encoding="utf-8")
        async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
            result = await index.add_directory(str(site_dir), glob="**/*.html")
            pages = int(result.get("page_count", 0))
            if records:
                await index.add_directory(tmp, glob="**/*.html")
            await index.write_files(output_path=str(out))
    langs = tuple(sorted({r.lang for r in records}))
    return IndexStats(pages, len(records), langs, time.perf_counter() - start)


def build_search_index(site_dir: Path, records: Iterable[Record]) -> IndexStats:
    """(Re)write ``site_dir/pagefind``. The old bundle is replaced only once the new one is complete."""
    site_dir = Path(site_dir)
    tmp = site_dir / f".{BUNDLE}-new"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        stats = asyncio.run(_index(site_dir, list(records), tmp))
    except Exception as exc:  # the service reports problems as exceptions of its own
        shutil.rmtree(tmp, ignore_errors=True)
        raise SearchIndexError(f"Pagefind could not index {site_dir}: {exc}") from exc
    final = site_dir / BUNDLE
    shutil.rmtree(final, ignore_errors=True)
    tmp.rename(final)
    return stats


def write_labels(site_dir: Path, labels: dict[str, dict[str, object]]) -> None:
    """Filter labels per language (market names, page types …) the search UI loads with the index."""
    target = Path(site_dir) / BUNDLE
    target.mkdir(parents=True, exist_ok=True)
    for lang, data in labels.items():
        (target / f"labels-{lang}.json").write_text(
            json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
