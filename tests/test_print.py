"""Printed quick-reference guides (PDF, A4, at most two pages, fonts embedded) and the offline zip."""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbook.cli import _offline_zip
from handbook.pdf import jobs, render
from handbook.render import paths
from handbook.repository import Handbook, load
from test_browser import ARGS, CHROMIUM
from conftest import REPO

A4 = (595, 842)  # points
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def hb() -> Handbook:
    return load(REPO)


@pytest.fixture(scope="module")
def pdfs(real_site: Path, hb: Handbook) -> Path:
    render(real_site, jobs(list(hb.markets)))
    return real_site


def pdf_fonts(reader) -> set[str]:
    names: set[str] = set()
    for page in reader.pages:
        fonts = page["/Resources"].get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            # Chromium embeds CFF-based CJK fonts as Type3 glyph programs: their name is in the descriptor
            for item in [font, *(child.get_object() for child in font.get("/DescendantFonts", []))]:
                names.add(str(item.get("/BaseFont", "")))
                if "/FontDescriptor" in item:
                    descriptor = item["/FontDescriptor"].get_object()
                    names.add(str(descriptor.get("/FontName", "")))
                    assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")) or \
                        "/CharProcs" in item, f"font {descriptor.get('/FontName')} is not embedded"
    return names


def key_numbers(market) -> list[str]:
    c = market.consumer
    numbers = [str(n) for n in (c.withdrawal.days, c.refund.days, market.privacy.days) if n]
    if market.taxes.vat.standard_rate is not None:
        numbers.append(f"{market.taxes.vat.standard_rate:g}%")
    return numbers


@pytest.mark.parametrize("lang", LANGS)
def test_every_market_has_a_short_a4_pdf_with_its_facts(pdfs: Path, hb: Handbook, lang: str) -> None:
    from pypdf import PdfReader

    for code, market in hb.markets.items():
        path = pdfs / paths.quickref_pdf(code, lang)
        assert path.exists(), path
        reader = PdfReader(str(path))
        assert 1 <= len(reader.pages) <= 2, (path.name, len(reader.pages))
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4
        text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
        flat = re.sub(r"\s+", "", text)
        name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", market.name.get(lang)))
        # Chromium's text layer may map a glyph shared by a character and its CJK radical to the
        # radical (马 -> U+2EE2): the page shows the right character, so either is accepted here.
        pattern = "".join(f"(?:{re.escape(ch)}|[\u2e80-\u2fdf])" for ch in name)
        assert re.search(pattern, flat), (path.name, name)
        for number in key_numbers(market):
            assert number in flat, (path.name, number)
        assert market.oldest_check().isoformat() in text            # edition stamp
        fonts = pdf_fonts(reader)
        if lang == "zh":
            assert any("CJK" in f for f in fonts), (path.name, fonts)
        if code in ("SA", "AE"):
            assert re.search("[\u0600-\u06ff]{3}", text), f"{path.name}: no Arabic text"


@pytest.mark.parametrize("lang", ["zh", "ar", "ja", "ko"])
def test_fonts_for_every_script_are_installed(lang: str) -> None:
    """Without them Chromium prints tofu boxes; ./dev test and .ci/run install them."""
    fonts = subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), f"no font for '{lang}': apt-get install fonts-noto-cjk fonts-noto-core"


def test_trainers_booklet_holds_every_market(pdfs: Path, hb: Handbook) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(pdfs / paths.booklet_pdf("en")))
    text = "".join(p.extract_text() for p in reader.pages)
    assert all(m.name.en in text for m in hb.markets.values())
    assert len(reader.pages) >= len(hb.markets)


def test_market_page_links_its_pdf_and_quick_reference(real_site: Path) -> None:
    for prefix, lang in (("", "zh"), ("en/", "en")):
        soup = BeautifulSoup((real_site / prefix / "markets/de/index.html").read_text(encoding="utf-8"), "html.parser")
        hrefs = [a["href"] for a in soup.select(".hb-qr-links a")]
        assert "quick-reference/" in hrefs[0]
        pdf = (real_site / prefix / "markets/de" / hrefs[1]).resolve()
        assert pdf == (real_site / f"downloads/quickref-de-{lang}.pdf").resolve()


def test_quick_reference_sections(real_site: Path) -> None:
    soup = BeautifulSoup((real_site / "markets/sa/quick-reference/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    sheet = soup.select_one(".hb-quickref")
    for heading in ("退货退款流程", "本市场常见纠纷", "该发什么话术", "未来几个月的高峰与节假日", "文化提示", "升级联系人"):
        assert heading in sheet.get_text()
    phrases = sheet.select(".hb-qr-phrase")
    assert phrases and all(p["lang"] == "ar" and p["dir"] == "rtl" for p in phrases)
    assert "#cs-escalation" in sheet.get_text()                  # contacts come from mkdocs.yml


def test_arabic_is_laid_out_right_to_left(real_site: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM:
        pytest.skip("Chromium is not installed")
    from handbook.pdf import serve
    with serve(real_site) as base, playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.emulate_media(media="print")
        page.goto(base + "en/markets/ae/quick-reference/")
        phrase = page.locator(".hb-qr-phrase").first
        assert phrase.evaluate("e => getComputedStyle(e).direction") == "rtl"
        # the first line ends at the right edge of its column
        # the first visual line (mixed runs such as "1." are separate rects) reaches the right edge
        right_gap = phrase.evaluate(
            "e => { const r = document.createRange(); r.selectNodeContents(e);"
            " const rects = [...r.getClientRects()]; const top = Math.min(...rects.map(x => x.top));"
            " const line = rects.filter(x => Math.abs(x.top - top) < 2);"
            " return e.getBoundingClientRect().right - Math.max(...line.map(x => x.right)); }")
        assert abs(right_gap) < 2
        browser.close()


@pytest.fixture(scope="module")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("offline-site")
    assert _offline_zip(REPO, site)
    target = tmp_path_factory.mktemp("offline-unzipped")
    with zipfile.ZipFile(site / "downloads" / "handbook-offline.zip") as archive:
        archive.extractall(target)
    return target / "handbook"


def test_offline_zip_works_from_disk_with_search(offline_copy: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM:
        pytest.skip("Chromium is not installed")
    assert (offline_copy / "markets/de/index.html").exists()         # file names, not directory URLs
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        for start, query, expect in (("index.html", "德国 退货", "/markets/de/index.html#fact-withdrawal"),
                                     ("en/index.html", "Germany withdrawal", "/en/markets/de/index.html#fact-withdrawal")):
            page.goto((offline_copy / start).as_uri())
            page.locator("#hb-search-input").focus()
            page.keyboard.insert_text(query)  # typed before the search code has loaded
            page.wait_for_selector("#hb-search-results [role=option] a", timeout=15_000)
            hrefs = page.locator("#hb-search-results [role=option] a.hb-search__link").evaluate_all(
                "els => els.map(e => e.href)")
            assert hrefs and all(h.startswith("file://") for h in hrefs)
            assert all(h.count("file://") == 1 for h in hrefs), hrefs  # full-text results too
            assert hrefs[0].endswith(expect), hrefs
            if start == "index.html":
                assert not any("/en/" in h for h in hrefs)
            else:
                assert all("/en/" in h for h in hrefs)
        page.goto((offline_copy / "markets/de/index.html").as_uri())
        page.locator("a.md-select__link[hreflang=en]").first.evaluate("a => a.click()")
        page.wait_for_url("**/en/markets/de/index.html")
        outside = [u for u in requests if not u.startswith(("file://", "data:"))]
        assert outside == []
        browser.close()
