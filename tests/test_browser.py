"""In headless Chromium (Debian's package, driven by Playwright): diagrams draw, pages load without
errors and no request leaves the site. The search has its own file, test_search.py."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path
from typing import Iterator

import pytest

import os

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if not CHROMIUM:
    if os.environ.get("CI") == "true":
        raise RuntimeError("Chromium is missing in CI: .ci/run must install the Debian package 'chromium'")
    pytest.skip("browser tests skipped: Debian's 'chromium' is not installed (./dev test installs it)",
                allow_module_level=True)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def server(mini_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(mini_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # Options keep their authored order in tests (the site shuffles them per page view).
    context.add_init_script("try { localStorage.setItem('hb-shuffle', 'off'); } catch (e) {}")
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    yield page
    context.close()


def test_no_request_leaves_the_site(page, server: str) -> None:
    for url in ("", "markets/de/", "sops/sop-service-process/", "en/chapters/02-core-skills/"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
    outside = [u for u in page.requests if not u.startswith(server) and not u.startswith("data:")]
    assert outside == []


def test_mermaid_flow_is_drawn_once_in_view(page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 300})
    page.goto(server + "sops/sop-service-process/")
    page.wait_for_load_state("networkidle")
    flow = page.locator("pre.hb-diagram, div.hb-diagram").first
    flow.scroll_into_view_if_needed()
    # mermaid-lazy.js loads the vendored Mermaid and swaps the <pre> for a <div> holding the SVG
    page.wait_for_function("() => { const d = document.querySelector('div.hb-diagram svg');"
                           " return d && d.getBoundingClientRect().height > 100; }", timeout=15_000)
    assert any(u.endswith("assets/vendor/mermaid.min.js") for u in page.requests)


def test_mermaid_is_not_loaded_on_pages_without_a_visible_diagram(page, server: str) -> None:
    for url in ("", "markets/de/", "en/cases/case-001/"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
    assert not any("mermaid" in u for u in page.requests)


def test_pages_load_without_console_errors(page, server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    for url in ("", "markets/de/", "en/cases/case-001/", "sops/sop-service-process/"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
    assert errors == []
