"""The built mini handbook: stable URLs in both languages, localised UI, escaping, search index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, make_mini

PAGES = ["", "markets/", "markets/de/", "markets/eu/", "cases/", "cases/case-001/", "sops/",
         "sops/sop-service-process/", "phrases/", "glossary/", "assessments/", "assessments/beginner/",
         "chapters/02-core-skills/"]
CJK = re.compile(r"[\u4e00-\u9fff]")


def page(site: Path, url: str, lang: str) -> BeautifulSoup:
    prefix = "" if lang == "zh" else "en/"
    return BeautifulSoup((site / prefix / url / "index.html").read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("url", PAGES)
def test_page_exists_with_lang_attribute(mini_site: Path, url: str, lang: str) -> None:
    soup = page(mini_site, url, lang)
    assert soup.html["lang"] == lang


@pytest.mark.parametrize("url", PAGES)
def test_language_switcher_points_to_the_same_page(mini_site: Path, url: str) -> None:
    zh = page(mini_site, url, "zh")
    links = {a.get("hreflang"): a["href"] for a in zh.select("a.md-select__link")}
    assert links["en"].rstrip("/").endswith(("en/" + url).rstrip("/"))


def test_market_page_shows_sourced_facts(mini_site: Path) -> None:
    for lang, name, label in (("zh", "德国", "核实日期"), ("en", "Germany", "Checked")):
        soup = page(mini_site, "markets/de/", lang)
        assert name in soup.h1.get_text()
        table = soup.select_one(".hb-facts table")
        assert label in table.thead.get_text()
        rows = table.select("tbody tr")
        assert len(rows) >= 7
        for row in rows:
            source = row.select("td")[1].a
            assert source["href"].startswith("https://")
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row.select("td")[2].get_text())
        assert "19%" in table.get_text()


def test_case_page_shows_steps_and_customer_quote(mini_site: Path) -> None:
    zh = page(mini_site, "cases/case-001/", "zh")
    steps = zh.select("ol.hb-right li")
    assert [s.get_text() for s in steps] == ["确认订单是否通过 IOSS 发货。", "说明税费已在结账时收取。"]
    quote = zh.select_one("blockquote.hb-customer p[lang]")
    assert quote["lang"] == "de" and "Zoll" in quote.get_text()
    en = page(mini_site, "cases/case-001/", "en")
    assert [s.get_text() for s in en.select("ol.hb-right li")][0] == "Check whether the order ships under IOSS."


def test_macro_output_is_in_the_page_language(mini_site: Path) -> None:
    zh = page(mini_site, "chapters/02-core-skills/", "zh").select_one("article").get_text()
    en = page(mini_site, "chapters/02-core-skills/", "en").select_one("article").get_text()
    for zh_label, en_label in (("查看答案与解析", "Show answer and explanation"), ("正确处理", "Right handling"),
                               ("负责人", "Who"), ("何时使用", "Use when"), ("无理由撤销权", "Right of withdrawal")):
        assert zh_label in zh and en_label not in zh
        assert en_label in en and zh_label not in en


def test_chinese_headings_get_readable_anchors(mini_site: Path) -> None:
    # search results jump to sections by these ids: a name, not "_1" that shifts when a heading is added
    zh = page(mini_site, "chapters/02-core-skills/", "zh")
    assert zh.select_one("article h1")["id"] == "核心技能"
    en = page(mini_site, "chapters/02-core-skills/", "en")
    assert en.select_one("article h1")["id"].isascii()


def test_chapter_links_to_generated_pages_resolve(mini_site: Path) -> None:
    soup = page(mini_site, "chapters/02-core-skills/", "en")
    hrefs = [a["href"] for a in soup.select("article a[href]") if not a["href"].startswith(("http", "#"))]
    base = mini_site / "en" / "chapters" / "02-core-skills"
    for href in hrefs:
        target = (base / href.split("#")[0]).resolve()
        assert (target / "index.html").exists() or target.exists(), href


def test_quiz_answer_is_collapsed(mini_site: Path) -> None:
    soup = page(mini_site, "chapters/02-core-skills/", "zh")
    question = soup.select_one('section[data-quiz="ch02-core-skills"] fieldset.hb-q')
    assert question.legend and "IOSS" in question.legend.get_text()
    answer = question.select_one("details.hb-answer")
    assert answer is not None and not answer.has_attr("open")
    assert "正确答案：A" in answer.get_text()


def test_sop_flow_is_mermaid_served_locally(mini_site: Path) -> None:
    soup = page(mini_site, "sops/sop-service-process/", "zh")
    flow = soup.select_one("pre.hb-diagram")
    assert flow is not None and "flowchart TD" in flow.get_text()
    assert soup.select_one(".mermaid") is None  # Material would fetch Mermaid from unpkg for it
    loader = soup.select_one("script[data-mermaid]")
    assert loader is not None and loader["data-mermaid"].endswith("assets/vendor/mermaid.min.js")


def test_no_request_leaves_the_site(mini_site: Path) -> None:
    for html in mini_site.rglob("*.html"):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.select("script[src], link[rel=stylesheet], link[rel=preconnect], img[src], iframe[src]"):
            url = tag.get("src") or tag.get("href")
            assert not re.match(r"^(https?:)?//", url), f"{html}: {url}"
        assert "fonts.googleapis" not in str(soup) and "fonts.gstatic" not in str(soup)


def test_pages_are_marked_for_the_search_index(mini_site: Path) -> None:
    case = page(mini_site, "cases/case-001/", "zh")
    body = case.select_one("[data-pagefind-body]")
    assert body is not None
    filters = {(f["data-pagefind-filter"], f.get_text()) for f in body.select("[data-pagefind-filter]")}
    assert ("type", "case") in filters and ("market", "DE") in filters
    assert any(k == "stage" for k, _ in filters) and any(k == "level" for k, _ in filters)
    chapter = page(mini_site, "chapters/02-core-skills/", "en")
    assert ("type", "chapter") in {(f["data-pagefind-filter"], f.get_text())
                                   for f in chapter.select("[data-pagefind-filter]")}
    for not_searched in ("trainer/answer-key/", "markets/de/quick-reference/", "cases/", "phrases/"):
        assert page(mini_site, not_searched, "zh").select_one("[data-pagefind-body]") is None, not_searched


HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)> {{ 7*7 }} {% raw %} [x](javascript:alert(3)) **b**"


def test_hostile_text_renders_as_text(tmp_path: Path) -> None:
    root = make_mini(tmp_path / "mini")
    case = root / "cases/library/case-001.yaml"
    text = case.read_text(encoding="utf-8")
    text = text.replace("situation: {zh: 顾客问到货后还要不要交税。, en: The customer asks whether tax is due on delivery.}",
                        "situation:\n  zh: " + json.dumps(HOSTILE) + "\n  en: " + json.dumps(HOSTILE))
    text = text.replace("title: {zh: 德国顾客质疑“含税价”, en: \"A German customer questions 'duties included'\"}",
                        "title:\n  zh: " + json.dumps("标题 " + HOSTILE) + "\n  en: " + json.dumps("Title " + HOSTILE))
    case.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    for rel in ("cases/case-001/index.html", "en/cases/case-001/index.html", "chapters/02-core-skills/index.html",
                "cases/index.html", "en/markets/de/index.html"):
        html = (site / rel).read_text(encoding="utf-8")
        assert "<script>alert(1)" not in html and "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")
        assert 'href="javascript:' not in html
        assert "49" not in BeautifulSoup(html, "html.parser").select_one("article").get_text().replace("2026", "")
        soup = BeautifulSoup(html, "html.parser")
        assert not soup.select("article img[onerror]")
        assert "{{ 7*7 }}" in soup.select_one("article").get_text(), rel


def test_every_page_has_its_own_meta_description(mini_site: Path) -> None:
    seen = set()
    for rel, lang in (("cases/case-001/", "zh"), ("cases/case-001/", "en"), ("markets/de/", "zh"),
                      ("sops/sop-service-process/", "en"), ("chapters/02-core-skills/", "zh")):
        soup = page(mini_site, rel, lang)
        metas = soup.select('meta[name="description"]')
        assert len(metas) == 1, rel
        content = metas[0]["content"]
        assert 8 <= len(content) <= 160, (rel, content)
        assert "<" not in content, (rel, content)
        seen.add(content)
    assert len(seen) == 5, "pages share a description"


def test_search_box_speaks_the_page_language(mini_site: Path) -> None:
    for lang, word in (("zh", "搜索"), ("en", "Search")):
        soup = page(mini_site, "", lang)
        box = soup.select_one("[data-hb-search]")
        label = box.select_one("label[for=hb-search-input]")
        field = box.select_one("input#hb-search-input")
        assert word in label.get_text() and word in field["placeholder"], lang
        assert field["role"] == "combobox" and field["aria-controls"] == "hb-search-panel"
        assert "pagefind" not in str(soup.select("script[src]")), "search code loaded on page load"


def test_html_blocks_skip_markdown_and_come_back_unchanged() -> None:
    from handbook.mkdocs_adapter.plugin import restore_html_blocks, stash_html_blocks

    source = ('# Title\n\n<div class="a" id="x1"><p>text <b>b</b></p></div>\n\nplain *md*\n\n'
              '<div>\n\nsplit by a blank line\n\n</div>\n\n<table id="t"><tr><td>1</td></tr></table>')
    text, stash = stash_html_blocks(source)
    assert list(stash.values()) == ['<div class="a" id="x1"><p>text <b>b</b></p></div>',
                                    '<table id="t"><tr><td>1</td></tr></table>']
    assert "<div>\n\nsplit by a blank line" in text  # an unbalanced block stays with Markdown
    import markdown
    html_out = restore_html_blocks(markdown.markdown(text), stash)
    assert '<div class="a" id="x1"><p>text <b>b</b></p></div>' in html_out
    assert "<em>md</em>" in html_out and "hbstash" not in html_out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_search_answer_leads_to_an_element_that_exists(mini_site: Path, lang: str) -> None:
    """An answer card jumps to its fact's row, a term to its definition, a phrase to its template,
    a concept to its SOP step or chapter: each address in the answer index must name a page that
    exists and an id on it."""
    from handbook.repository import load
    from handbook.search.answers import answer_index

    data = answer_index(load(Path(__file__).parent / "fixtures" / "mini"), lang)
    assert any(a["k"] == "rule" for a in data["answers"])
    prefix = "" if lang == "zh" else "en/"
    urls = [a["u"] for a in data["answers"]] + [u for c in data["concepts"] for k, u in c["a"].items() if k != "topic"]
    for url in urls:
        path, _, anchor = url.partition("#")
        local = path.removeprefix("/").removeprefix(prefix)
        html = (mini_site / prefix / local / "index.html").read_text(encoding="utf-8")
        if anchor:
            soup = BeautifulSoup(html, "html.parser")
            assert soup.find(id=anchor) is not None, f"{url}: no element with id '{anchor}'"
