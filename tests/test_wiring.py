"""SOP steps wired to the phrases to send, and each market's "what to send" set (issue 13).

The mini handbook (tests/fixtures/mini) is built once for the page tests; the shipped data is
checked through the data layer and the page renderer, without a full site build.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, run_handbook
from handbook.render import paths
from handbook.render.html import md_text
from handbook.render.pages import localized_path, render_all
from handbook.repository import load

MINI_SOP = "sops/sop-service-process/"
MINI_STEP_PHRASES = {3: ["ph-duties-included", "ph-return-withdrawal"]}   # as in the fixture
NEW_SOPS = ("sop-complaints", "sop-upsell")


def page(site: Path, url: str, lang: str) -> BeautifulSoup:
    prefix = "" if lang == "zh" else "en/"
    return BeautifulSoup((site / prefix / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def shipped():
    return load(REPO)


# --- the shipped data --------------------------------------------------------------------------

def test_every_shipped_sop_step_that_writes_to_customers_names_existing_phrases(shipped) -> None:
    wired = {s.id: [p for step in s.steps for p in step.phrases] for s in shipped.sops.values()}
    assert all(wired.values()), [sop for sop, ids in wired.items() if not ids]   # every SOP has some
    for sop in shipped.sops.values():
        step_ids = [p for step in sop.steps for p in step.phrases]
        assert set(step_ids) <= set(shipped.phrases), (sop.id, set(step_ids) - set(shipped.phrases))
        assert set(step_ids) <= set(sop.phrases), f"{sop.id}: SOP-level phrases miss step phrases"


def test_every_shipped_market_has_a_what_to_send_set_in_its_language(shipped) -> None:
    for market in shipped.markets.values():
        for situation in ("returns", "delay", "damage", "dispute"):
            ids = getattr(market.what_to_send, situation)
            assert ids, (market.code, situation)
            for ident in ids:
                phrase = shipped.phrases[ident]
                assert set(market.languages) <= set(phrase.texts), (market.code, situation, ident)


@pytest.mark.parametrize("sop", NEW_SOPS)
def test_new_sops_have_pages_in_both_languages_with_phrases_to_send(shipped, sop: str) -> None:
    pages = render_all(shipped, ("zh", "en"))
    for lang, title, label in (("zh", shipped.sops[sop].title.zh, "要发送的话术"),
                               ("en", shipped.sops[sop].title.en, "Phrases to send")):
        text = pages[localized_path(paths.sop(sop), lang)]
        assert text.startswith("---") and f"\n# {md_text(title)}\n" in text
        assert label in text
        for ident in (p for step in shipped.sops[sop].steps for p in step.phrases):
            assert f'data-phrase="{ident}"' in text, (sop, lang, ident)
    # the index lists them in both languages
    assert all(paths.sop(sop).split("/")[1] in pages[localized_path(paths.SOPS, lang)] for lang in ("zh", "en"))


def test_peak_surge_sop_is_linked_from_cases(shipped) -> None:
    linked = [c for c in shipped.cases.values() if "sop-peak-surge" in c.sops]
    assert len(linked) >= 4, [c.id for c in linked]
    for sop in NEW_SOPS:
        assert any(sop in c.sops for c in shipped.cases.values()), sop


# --- validation: references are checked with file:line ------------------------------------------

def test_unknown_step_phrase_is_reported_at_its_line(mini: Path) -> None:
    path = mini / "sops/sop-service-process.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    phrases: [ph-duties-included, ph-return-withdrawal]",
                                 "    phrases: [ph-duties-included, ph-nope]"), encoding="utf-8")
    line = next(i for i, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "ph-nope" in row)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    assert f"sops/sop-service-process.yaml:{line}:35: steps[2].phrases[1]: unknown phrase 'ph-nope'" in result.stderr


def test_what_to_send_phrase_must_exist_and_speak_the_market_language(mini: Path) -> None:
    path = mini / "cases/markets/de.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  dispute: [ph-duties-included]", "  dispute: [ph-gone]")
                    .replace("  delay: [ph-duties-included]", "  delay: [ph-english-only]"), encoding="utf-8")
    (mini / "cases/phrases/ph-english-only.yaml").write_text(
        (mini / "cases/phrases/ph-duties-included.yaml").read_text(encoding="utf-8")
        .replace("id: ph-duties-included", "id: ph-english-only").replace("markets: [DE]", "markets: [EU]")
        .split("\n  de:")[0] + "\n", encoding="utf-8")
    rows = path.read_text(encoding="utf-8").splitlines()
    delay = next(i for i, row in enumerate(rows, 1) if "ph-english-only" in row)
    dispute = next(i for i, row in enumerate(rows, 1) if "ph-gone" in row)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    assert f"cases/markets/de.yaml:{dispute}:13: what_to_send.dispute[0]: unknown phrase 'ph-gone'" in result.stderr
    assert (f"cases/markets/de.yaml:{delay}:11: what_to_send.delay[0]: phrase 'ph-english-only' has no text "
            "in de, a language of this market") in result.stderr


def test_a_market_without_what_to_send_is_an_error(mini: Path) -> None:
    path = mini / "cases/markets/eu.yaml"
    path.write_text(path.read_text(encoding="utf-8").split("what_to_send:")[0], encoding="utf-8")
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    assert "cases/markets/eu.yaml:" in result.stderr and "what_to_send: required field is missing" in result.stderr


# --- the built mini handbook ---------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sop_page_shows_each_step_phrase_in_every_customer_language(mini_site: Path, lang: str) -> None:
    soup = page(mini_site, MINI_SOP, lang)
    article = soup.select_one("article")
    for step, ids in MINI_STEP_PHRASES.items():
        # the steps table links each phrase to its block below
        cell = article.select(".hb-steps tbody tr")[step - 1].select("td")[-1]
        targets = [a["href"] for a in cell.select("a")]
        assert targets == [f"#sop-service-process-step-{step}-{i}" for i in ids]
        heading = article.select_one(f"#sop-service-process-step-{step}")
        assert heading is not None and heading.name == "h3"
        # the phrases follow their step's heading directly
        assert heading.find_next_sibling(class_="hb-phrase")["id"] == f"sop-service-process-step-{step}-{ids[0]}"
        for ident in ids:
            block = article.select_one(f"#sop-service-process-step-{step}-{ident}")
            assert block["data-phrase"] == ident and "hb-phrase" in block["class"]
            variants = {v["data-lang"]: v for v in block.select(".hb-variant")}
            assert set(variants) == {"en", "de"}
            assert variants["de"].select_one(".hb-phrase-text")["lang"] == "de"
            assert variants["de"].select_one(".hb-slot[data-slot='order_id']") is not None
            # the library entry is one click away, and the block stays out of search
            assert block.select_one(".hb-phrase-title a")["href"].endswith(f"phrases/#{ident}")
            assert block.has_attr("data-search-exclude")


def test_chapter_embeds_of_the_sop_link_to_the_library_instead(mini_site: Path) -> None:
    soup = page(mini_site, "chapters/02-core-skills/", "en")
    row = soup.select(".hb-steps tbody tr")[2]                          # the fixture's chapter embeds it
    assert [a["href"] for a in row.select("td")[-1].select("a")] == [
        "../../phrases/#ph-duties-included", "../../phrases/#ph-return-withdrawal"]
    assert not soup.select(".hb-phrase--compact")                       # the full blocks stay on the SOP page


@pytest.mark.parametrize("lang,heading,situation", [("zh", "该发什么话术", "退货"), ("en", "What to send", "Returns")])
def test_market_page_and_quick_reference_show_what_to_send(mini_site: Path, lang: str, heading: str,
                                                           situation: str) -> None:
    soup = page(mini_site, "markets/de/", lang)
    assert soup.select_one("#what-to-send").get_text().startswith(heading)
    table = soup.select_one(".hb-send table")
    rows = {tr["data-situation"]: tr for tr in table.select("tbody tr")}
    assert list(rows) == ["returns", "delay", "damage", "dispute"]
    assert rows["returns"].th.get_text() == situation
    link = rows["returns"].select_one("a")
    assert link["href"].endswith("phrases/#ph-return-withdrawal")
    opening = rows["returns"].select_one(".hb-send-excerpt")
    assert opening["lang"] == "de" and opening.get_text().startswith("Guten Tag {customer_name}, bitte senden")

    sheet = page(mini_site, "markets/de/quick-reference/", lang).select_one(".hb-quickref")
    items = {li["data-situation"]: li for li in sheet.select(".hb-qr-send li")}
    assert list(items) == ["returns", "delay", "damage", "dispute"]
    assert "ph-return-withdrawal" in items["returns"].get_text()
    assert items["returns"].select_one(".hb-qr-phrase")["lang"] == "de"


# --- in a browser: copy buttons, labelled and keyboard operable -----------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.mark.skipif(not CHROMIUM, reason="Debian's 'chromium' is not installed")
def test_sop_step_phrases_copy_by_keyboard_with_labelled_buttons(mini_site: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    from test_browser import ARGS

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_Quiet, directory=str(mini_site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page_ = browser.new_page()
            page_.goto(f"http://127.0.0.1:{httpd.server_address[1]}/en/{MINI_SOP}")
            block = page_.locator("#sop-service-process-step-3-ph-return-withdrawal")
            buttons = block.locator(".hb-variant button.hb-copy")
            assert buttons.count() == 2                                   # en and de
            label = block.locator('.hb-variant[data-lang="de"] button.hb-copy').get_attribute("aria-label")
            assert label == 'Copy the German text of "Return instructions within the withdrawal period"'
            form = page_.locator("form.hb-fill")                       # the page's one fill-in form,
            assert form.count() == 1                                    # before the first step's heading
            assert form.evaluate("f => f.nextElementSibling.id") == "sop-service-process-step-3"
            page_.fill("#hb-fill-order_id", "302-77")
            page_.select_option("#hb-fill-lang", "de")                 # the customer's language only
            assert block.locator('.hb-variant[data-lang="en"]').is_hidden()
            german = block.locator('.hb-variant[data-lang="de"] button.hb-copy')
            german.focus()
            page_.keyboard.press("Enter")
            page_.wait_for_function(
                "() => document.querySelector('#sop-service-process-step-3-ph-return-withdrawal "
                ".hb-variant[data-lang=de]').hasAttribute('data-copied')")
            copied = block.locator('.hb-variant[data-lang="de"]').get_attribute("data-copied")
            assert "Bestellung 302-77 innerhalb" in copied and "<" not in copied
            browser.close()
    finally:
        httpd.shutdown()
