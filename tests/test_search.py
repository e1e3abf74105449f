"""The agents' search (Pagefind + the handbook's UI) on the built mini handbook, in headless
Chromium: language separation, answer cards, filters in the URL, keyboard use, hostile queries,
lazy loading and no request leaving the site."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest

from test_browser import ARGS, CHROMIUM, browser  # noqa: F401  (shared fixture; skips without Chromium)

playwright = pytest.importorskip("playwright.sync_api")

from handbook.pdf import serve  # noqa: E402
from handbook.search.probe import ask, open_search  # noqa: E402


@pytest.fixture(scope="module")
def server(mini_site: Path) -> Iterator[str]:
    with serve(mini_site) as base:
        yield base


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.errors = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.errors.append("dialog " + d.message), d.dismiss()))  # type: ignore[attr-defined]
    yield page
    context.close()


def search(page, url: str, query: str):
    page.goto(url)
    open_search(page)
    return ask(page, query)


def test_index_is_split_per_language_in_chunks(mini_site: Path) -> None:
    entry = json.loads((mini_site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    assert set(entry["languages"]) == {"zh", "en"}
    chunks = list((mini_site / "pagefind/index").glob("*.pf_index"))
    assert chunks, "no index chunks written"
    answers = json.loads((mini_site / "search/answers-zh.json").read_text(encoding="utf-8"))
    labels = answers["labels"]
    assert labels["market"]["DE"].startswith("德国") and labels["type"]["rule"] == "市场规则"
    assert answers["lang"] == "zh" and any(a["k"] == "rule" for a in answers["answers"])
    assert not (mini_site / "search/search_index.json").exists(), "the lunr index is still built"


def test_answers_and_full_text_load_while_idle_then_a_question_costs_little(page, server: str) -> None:
    """While the page is idle it fetches the answer index, the search code and Pagefind's code;
    the agent's question is then answered without fetching them again (on a 300 ms link a round
    trip is what an agent waits for)."""
    page.goto(server + "markets/de/")
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => window.hbSearch !== undefined")
    page.wait_for_load_state("networkidle")
    assert [u for u in page.requests if u.endswith("/search/answers-zh.json")]
    assert [u for u in page.requests if u.endswith("/pagefind/pagefind.js")]
    before = len(page.requests)
    open_search(page)
    answer = ask(page, "德国 退货期限", until="answers")
    assert answer.items and answer.items[0]["url"] == "/markets/de/#fact-withdrawal"
    ask(page, "退货")
    after = [u for u in page.requests[before:] if not u.endswith("favicon.svg")]
    assert not [u for u in after if "answers-zh" in u or u.endswith(("pagefind.js", ".pagefind", "entry.json"))], after
    assert len(after) <= 6, after
    assert not any(u.endswith(".json") and "search_index" in u for u in page.requests)


def test_chinese_query_finds_only_chinese_pages(page, server: str) -> None:
    answer = search(page, server, "退货")
    assert answer.items, "no results for 退货"
    assert all(not i["url"].startswith("/en/") for i in answer.items), answer.items
    assert any("/markets/de/" in i["url"] for i in answer.items), answer.items


def test_english_query_finds_only_english_pages(page, server: str) -> None:
    answer = search(page, server + "en/", "withdrawal")
    assert answer.items and all(i["url"].startswith("/en/") for i in answer.items), answer.items


@pytest.mark.parametrize("start, query, anchor, source_host", [
    ("", "德国 退货期限", "/markets/de/#fact-withdrawal", "gesetze-im-internet.de"),
    ("", "DE 退货", "/markets/de/#fact-withdrawal", "gesetze-im-internet.de"),
    ("en/", "Germany return deadline", "/en/markets/de/#fact-withdrawal", "gesetze-im-internet.de"),
])
def test_market_and_topic_show_the_answer_card_first(page, server: str, start: str, query: str,
                                                     anchor: str, source_host: str) -> None:
    answer = search(page, server + start, query)
    first = answer.items[0]
    assert first["kind"] == "rule" and first["url"] == anchor, answer.items
    card = page.locator("#hb-search-opt-0")
    assert "14" in card.locator(".hb-search__rule").inner_text()
    assert source_host in card.locator(".hb-search__source").get_attribute("href")
    assert card.locator("time.hb-search__checked").get_attribute("datetime")
    send = card.locator(".hb-search__send")
    assert send.count() == 1 and "phrases/#ph-" in send.get_attribute("href")


@pytest.mark.parametrize("query, read_as", [
    ("德国 退活", "德国 退货"),   # pinyin input method: 活 for 货 (both huo)
    ("德国退活", "德国退货"),     # typed without a space
    ("德国 退宽", "德国 退款"),   # 宽 for 款 (kuan)
])
def test_chinese_homophone_typo_is_read_as_the_word_and_said(page, server: str, query: str, read_as: str) -> None:
    answer = search(page, server, query)
    assert answer.items and answer.items[0]["url"].startswith("/markets/de/#fact-"), answer.items
    status = page.locator(".hb-search__status").inner_text()
    assert f"按“{read_as}”搜索" in status, status


def test_words_typed_right_are_not_corrected(page, server: str) -> None:
    # 原路 sounds like nothing agents' words hold, and 退回 is not a homophone of 退货 (hui / huo)
    search(page, server, "原路退回")
    status = page.locator(".hb-search__status").inner_text()
    assert "按“" not in status, status


@pytest.mark.parametrize("start, query, anchor", [
    # a whole sentence, a city for the market, filler words inside the topic phrase
    ("en/", "customer in berlin want return who pay the shipping back", "/en/markets/de/#fact-return-costs"),
    ("en/", "german buyer asks how many days he has to send back", "/en/markets/de/#fact-withdrawal"),
    ("", "柏林的客人退货 运费到底谁出", "/markets/de/#fact-return-costs"),
])
def test_a_whole_sentence_still_finds_the_answer_card(page, server: str, start: str, query: str, anchor: str) -> None:
    answer = search(page, server + start, query)
    assert answer.items and answer.items[0]["url"] == anchor, answer.items


def test_a_template_asked_for_comes_before_the_rules(page, server: str) -> None:
    answer = search(page, server + "en/", "need a template for a german customer who wants to return")
    assert answer.items[0]["kind"] == "phrase", answer.items
    assert answer.items[0]["url"].startswith("/en/phrases/#ph-"), answer.items


def test_common_words_are_not_corrected_into_vocabulary(page, server: str) -> None:
    # "customer" is two edits from "customs": a filler word, never a typo of a topic word
    search(page, server + "en/", "customer angry about delay")
    assert "Showing results for" not in page.locator(".hb-search__status").inner_text()


def test_glossary_term_first_result_is_its_definition(page, server: str) -> None:
    answer = search(page, server, "IOSS")
    assert answer.items[0]["kind"] == "glossary" and answer.items[0]["url"].endswith("/glossary/#ioss"), answer.items


def test_market_filter_narrows_and_survives_a_reload(page, server: str) -> None:
    everything = search(page, server, "增值税")
    assert {i["url"].split("/")[2] for i in everything.items if i["url"].startswith("/markets/")} >= {"de", "eu"}
    page.select_option("select[name=market]", "DE")
    page.wait_for_function("() => location.search.includes('market=DE')")
    page.wait_for_function("() => [...document.querySelectorAll('#hb-search-results [role=option] a')]"
                           ".every(a => !a.getAttribute('href').includes('/markets/eu/'))")
    url = page.url
    assert "q=" in url and "market=DE" in url
    page.goto(url)  # a shared link opens the same filtered search
    page.wait_for_function("() => document.querySelectorAll('#hb-search-results [role=option]').length > 0")
    assert page.locator("select[name=market]").input_value() == "DE"
    assert page.locator("#hb-search-input").input_value() == "增值税"
    hrefs = page.locator("#hb-search-results [role=option] a.hb-search__link").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))")
    assert hrefs and not any("/markets/eu/" in h for h in hrefs), hrefs


def test_keyboard_only_open_type_arrow_enter(page, server: str) -> None:
    page.goto(server + "cases/case-001/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "hb-search-input"
    # Typed at once, before the search code has loaded: it must still run once it has.
    page.keyboard.insert_text("德国 退货期限")
    page.wait_for_function("() => document.querySelectorAll('#hb-search-results [role=option]').length > 1")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.locator("#hb-search-opt-1")
    assert second.get_attribute("aria-selected") == "true"
    assert page.locator("#hb-search-input").get_attribute("aria-activedescendant") == "hb-search-opt-1"
    target = second.locator("a.hb-search__link").get_attribute("href")
    page.keyboard.press("Enter")
    page.wait_for_url("**" + target.split("#")[0] + "*")
    page.keyboard.press("Control+k")
    assert page.evaluate("document.activeElement.id") == "hb-search-input"
    page.keyboard.press("Escape")
    assert page.locator("#hb-search-panel").is_hidden()


@pytest.mark.parametrize("query", [
    "<script>alert(1)</script> 退货 <img src=x onerror=alert(2)>",
    "退货" * 1000,
])
def test_hostile_or_huge_query_renders_as_text(page, server: str, query: str) -> None:
    page.goto(server)
    open_search(page)
    page.evaluate("q => { const i = document.querySelector('#hb-search-input'); i.value = q;"
                  " i.dispatchEvent(new Event('input', {bubbles: true})); }", query)
    page.wait_for_function("() => document.querySelector('#hb-search-results').hasAttribute('data-query')"
                           " || document.querySelector('.hb-search__status').textContent.length > 0")
    page.wait_for_timeout(500)
    assert page.locator("#hb-search-panel script, #hb-search-panel img").count() == 0
    assert page.errors == []  # type: ignore[attr-defined]
    assert page.url.count("%") < 1000, "the whole query went into the URL"
    # the page still works: a normal query afterwards answers
    assert ask(page, "退货").items


def test_no_request_leaves_the_site_while_searching(page, server: str) -> None:
    for start, query in (("", "德国 退货"), ("en/", "IOSS duties")):
        search(page, server + start, query)
    outside = [u for u in page.requests if not u.startswith(server) and not u.startswith("data:")]
    assert outside == []
    assert page.errors == []  # type: ignore[attr-defined]


def test_mkdocs_serve_indexes_the_preview(mini: Path) -> None:
    """`mkdocs serve` (as ./dev serve runs it) gives a searchable preview; indexing runs after the
    page is served, in the background, and catches up after an edit."""
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "--dirty", "--no-strict",
         "-f", str(mini / "mkdocs.yml")], cwd=mini, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", "HANDBOOK_ONLY_LOCALE": "zh"},
        start_new_session=True)

    def fetch(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    try:
        deadline = time.time() + 120
        while '"zh"' not in fetch("pagefind/pagefind-entry.json"):
            assert time.time() < deadline and process.poll() is None, "the preview never got a search index"
            time.sleep(0.5)
        assert "德国" in fetch("search/answers-zh.json")
    finally:
        import os
        import signal
        os.killpg(process.pid, signal.SIGTERM)
        process.wait()
