"""The offline copy's full text: Pagefind cannot run from file://, so each language gets its case
pages as records in a script (search/offline-<lang>.js) that the search UI matches in plain
JavaScript below the ranker's answers (search/answers-<lang>.js, answers.py)."""

from __future__ import annotations

import json
from pathlib import Path

from ..repository import Handbook
from .records import page_records


def write_offline_search(handbook: Handbook, site_root: Path, languages: tuple[str, ...],
                         directory_urls: bool = False) -> list[Path]:
    written = []
    for lang in languages:
        data = {"records": [r.offline() for r in page_records(handbook, lang, directory_urls)]}
        # JSON inside a script: "<" escaped so no text can close the script element.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        target = site_root / "search" / f"offline-{lang}.js"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"window.__hbOfflineSearch = {text};\n", encoding="utf-8")
        written.append(target)
    return written
