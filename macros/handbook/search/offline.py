"""The offline copy's search: Pagefind cannot run from file://, so each language gets its records
as a script (search/offline-<lang>.js) that the search UI loads and searches in plain JavaScript."""

from __future__ import annotations

import json
from pathlib import Path

from ..repository import Handbook
from .records import all_records, labels, page_records


def write_offline_search(handbook: Handbook, site_root: Path, languages: tuple[str, ...],
                         directory_urls: bool = False) -> list[Path]:
    written = []
    for lang in languages:
        records = all_records(handbook, lang, directory_urls) + page_records(handbook, lang, directory_urls)
        data = {"records": [r.offline() for r in records], "labels": labels(handbook, lang)}
        # JSON inside a script: "<" escaped so no text can close the script element.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        target = site_root / "search" / f"offline-{lang}.js"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"window.__hbOfflineSearch = {text};\n", encoding="utf-8")
        written.append(target)
    return written
