"""Internal links and anchors of a built site, checked on every build.

MkDocs validates links written in Markdown; the pages generated from data are mostly HTML, so
this walks every built page instead: each relative link must lead to a file, and each #anchor to
an element with that id.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"', re.I)
ID = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    reason: str  # "broken link" | "missing anchor"

    def format(self) -> str:
        return f"{self.page}: {self.reason} {self.href}"


def _target(site: Path, page: Path, path: str) -> Path | None:
    if not path:
        return page
    base = str(site) if path.startswith("/") else str(page.parent)  # site-absolute: from the root
    resolved = Path(posixpath.normpath(posixpath.join(base, unquote(path).lstrip("/") if path.startswith("/") else unquote(path))))
    if not resolved.is_relative_to(site):
        return None
    if resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved if resolved.is_file() else None


def check_site(site: Path, ignore: tuple[str, ...] = ("downloads/",)) -> list[BrokenLink]:
    site = site.resolve()
    ids: dict[Path, set[str]] = {}
    pages = sorted(site.rglob("*.html"))

    def ids_of(path: Path) -> set[str]:
        if path not in ids:
            ids[path] = set(ID.findall(path.read_text(encoding="utf-8", errors="replace")))
        return ids[path]

    broken = []
    for page in pages:
        html = page.read_text(encoding="utf-8", errors="replace")
        rel = page.relative_to(site).as_posix()
        if rel == "404.html":
            continue  # its links are written for any folder depth
        for href in set(HREF.findall(html)):
            parts = urlsplit(href.replace("&amp;", "&"))
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "data:")):
                continue
            resolved_path = posixpath.normpath(parts.path.lstrip("/") if parts.path.startswith("/")
                                               else posixpath.join(posixpath.dirname(rel), parts.path))
            if any(resolved_path.startswith(prefix) for prefix in ignore):
                continue  # printed after the pages are built
            target = _target(site, page, parts.path)
            if target is None:
                broken.append(BrokenLink(rel, href, "broken link"))
            elif parts.fragment and target.suffix == ".html" and unquote(parts.fragment) not in ids_of(target):
                broken.append(BrokenLink(rel, href, "missing anchor"))
    return broken
