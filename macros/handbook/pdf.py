"""Print the quick-reference pages of a built site to PDF with headless Chromium.

Chromium is the engine the team already has (the browser tests drive it), it lays out the page
exactly as a team lead sees it when printing from the browser, shapes Arabic right-to-left and
CJK with the system's Noto fonts, and embeds (subsets of) those fonts in every PDF.
"""

from __future__ import annotations

import functools
import gzip
import io
import http.server
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from . import DEFAULT_LANGUAGE, LANGUAGES
from .render import paths

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic", "--font-render-hinting=none"]


class PdfError(Exception):
    pass


@dataclass(frozen=True)
class PdfJob:
    url_path: str     # page path relative to the site root
    output: str       # file path relative to the site root


def jobs(markets: list[str], languages: tuple[str, ...] = LANGUAGES, booklet: bool = True) -> list[PdfJob]:
    out = []
    for lang in languages:
        prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        for code in markets:
            out.append(PdfJob(prefix + paths.quickref(code).removesuffix("index.md"), paths.quickref_pdf(code, lang)))
        if booklet:
            out.append(PdfJob(prefix + paths.BOOKLET.removesuffix("index.md"), paths.booklet_pdf(lang)))
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".mjs")


class _Gzip(_Quiet):
    """Serves text files gzip-compressed, as any static host does (GitHub Pages, nginx, a CDN):
    benchmarks measure what readers download, not Python's uncompressed http.server."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to "dir/"
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file()
                or path.suffix not in _COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@contextmanager
def serve(site: Path, compress: bool = False) -> Iterator[str]:
    handler = functools.partial(_Gzip if compress else _Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


def chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        raise PdfError("Chromium is not installed: `apt-get install chromium fonts-noto-cjk fonts-noto-core` "
                       "(./dev test and .ci/run do this)")
    return path


def render(site: Path, pending: list[PdfJob]) -> list[Path]:
    """Print every job's page to its PDF; returns the files written."""
    from playwright.sync_api import sync_playwright  # imported late: only `handbook pdf` needs it

    written = []
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for job in pending:
                if not (site / job.url_path / "index.html").exists():
                    raise PdfError(f"{job.url_path} is not in the built site {site}")
                page.goto(base + job.url_path, wait_until="networkidle")
                page.evaluate("document.fonts.ready")
                target = site / job.output
                target.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(target), format="A4", print_background=True, prefer_css_page_size=True)
                written.append(target)
        finally:
            browser.close()
    return written
