"""Hostile content renders as harmless text on every page type; builds are atomic and reproducible;
internal links are checked."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build, make_mini, run_handbook

HOSTILE = ('<script>alert(1)</script><img src=x onerror=alert(2)> {{ 7*7 }} {% raw %} '
           '[x](javascript:alert(3)) <a href="javascript:alert(4)">y</a> </title></textarea>')


def _hostile_yaml(prefix: str) -> str:
    return json.dumps(prefix + " " + HOSTILE, ensure_ascii=False)


def plant(root: Path) -> None:
    """Put the hostile string into a field of every kind of data."""
    def edit(rel: str, old: str, new: str) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    h = _hostile_yaml
    edit("cases/markets/de.yaml", "name: {zh: 德国, en: Germany}", f"name: {{zh: {h('德国')}, en: {h('Germany')}}}")
    edit("cases/library/case-001.yaml", "situation: {zh: 顾客问到货后还要不要交税。, en: The customer asks whether tax is due on delivery.}",
         f"situation: {{zh: {h('情况')}, en: {h('Situation')}}}")
    edit("cases/library/case-001.yaml", "  text: Muss ich bei der Lieferung noch Zoll oder Steuern zahlen?",
         f"  text: {h('Zoll')}")
    edit("sops/sop-service-process.yaml", "title: {zh: 通用四步服务流程, en: The four-step service process}",
         f"title: {{zh: {h('流程')}, en: {h('Process')}}}")
    edit("sops/sop-service-process.yaml", "    who: agent\n    target: 30s",
         "    who: agent\n    target: 30s\n    detail: {zh: " + h("细节") + ", en: " + h("Detail") + "}")
    edit("cases/phrases/ph-duties-included.yaml", "explain: {zh: 先确认 IOSS。, en: Confirm IOSS first.}",
         f"explain: {{zh: {h('说明')}, en: {h('Note')}}}")
    edit("cases/phrases/ph-duties-included.yaml", 'already collected at checkout. {agent_name}"',
         'already collected at checkout. {agent_name} ' + HOSTILE.replace('"', "'") + '"')
    edit("cases/quizzes/ch02-core-skills.yaml", "explanation: {zh: 上限是 150 欧元。, en: The ceiling is EUR 150.}",
         f"explanation: {{zh: {h('解析')}, en: {h('Why')}}}")
    edit("cases/quizzes/ch02-core-skills.yaml", 'stem: {zh: IOSS 适用于多少欧元以下的包裹？, en: "IOSS covers consignments up to how many euros?"}',
         f"stem: {{zh: {h('题干')}, en: {h('Stem')}}}")
    edit("cases/glossary/tax.yaml", "definition: {zh: 卖家承担进口税费。, en: The seller pays import duties and taxes.}",
         f"definition: {{zh: {h('释义')}, en: {h('Definition')}}}")


PAGES = ["markets/de/", "markets/", "markets/de/quick-reference/", "markets/quick-reference/", "markets/changes/",
         "cases/case-001/", "cases/", "sops/sop-service-process/", "sops/", "phrases/", "glossary/",
         "chapters/02-core-skills/", "assessments/beginner/", "progress/", "trainer/answer-key/", "trainer/"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_mini(tmp_path_factory.mktemp("hostile") / "mini")
    plant(root)
    assert run_handbook(root, "validate").returncode == 0
    site = root.parent / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.mark.parametrize("lang", ["", "en/"])
@pytest.mark.parametrize("url", PAGES)
def test_hostile_text_is_harmless_on_every_page_type(hostile_site: Path, url: str, lang: str) -> None:
    html = (hostile_site / lang / url / "index.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    # no element or attribute came from the content
    assert not [s for s in soup.find_all("script") if "alert(" in (s.string or "") and s.get("type") != "application/json"]
    assert not soup.select("[onerror]") and not soup.select('[href^="javascript:"]')
    assert not [t for t in soup.find_all(["img"]) if t.get("src") == "x"]
    assert "<title>" in html and html.count("</title>") == 1
    assert "49" not in soup.select_one("article").get_text()           # no template was evaluated
    for script in soup.select('script[type="application/json"]'):
        json.loads(script.string)                                        # data stays valid JSON
        assert "</script" not in script.string.lower()


def test_hostile_text_is_shown_as_text(hostile_site: Path) -> None:
    soup = BeautifulSoup((hostile_site / "cases/case-001/index.html").read_text(encoding="utf-8"), "html.parser")
    text = soup.select_one("article").get_text()
    assert "<script>alert(1)</script>" in text and "{{ 7*7 }}" in text and "{% raw %}" in text
    assert "<script>alert(1)" in soup.title.get_text() or "情况" not in soup.title.get_text()


def test_hostile_text_in_pdf_is_text(hostile_site: Path) -> None:
    pytest.importorskip("pypdf")
    from test_browser import CHROMIUM
    if not CHROMIUM:
        pytest.skip("Chromium is not installed")
    from pypdf import PdfReader
    from handbook.pdf import jobs, render
    render(hostile_site, jobs(["DE"], ("en",), booklet=False))
    text = "".join(p.extract_text() for p in PdfReader(str(hostile_site / "downloads/quickref-de-en.pdf")).pages)
    assert "<script>alert(1)</script>" in text


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    root = make_mini(tmp_path / "mini")
    first, second = tmp_path / "a", tmp_path / "b"
    assert build(root, first).returncode == 0
    time.sleep(1.1)
    assert build(root, second).returncode == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [str(f) for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []


def test_interrupted_build_leaves_the_old_site(tmp_path: Path) -> None:
    root = make_mini(tmp_path / "mini")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "handbook.cli", "--root", str(root), "build", "--no-pdf"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list(root.glob(".site-*/*")):
        time.sleep(0.05)                                              # wait until it is writing
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"
    # the next build clears the abandoned temporary folder and succeeds
    assert run_handbook(root, "build", "--no-pdf").returncode == 0
    assert not list(root.glob(".site-*"))
    assert "previous build" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "pagefind" / "pagefind-entry.json").is_file(), "handbook build left the site unsearchable"


def test_broken_internal_link_fails_the_build(tmp_path: Path) -> None:
    root = make_mini(tmp_path / "mini")
    chapter = root / "docs/chapters/02-core-skills.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n\n<p><a href=\"../nowhere/\">x</a> "
                       "<a href=\"../../markets/de/#no-such-anchor\">y</a></p>\n", encoding="utf-8")
    result = build(root, tmp_path / "site")
    assert result.returncode == 1
    assert "chapters/02-core-skills/index.html: broken link ../nowhere/" in result.stderr
    assert "missing anchor ../../markets/de/#no-such-anchor" in result.stderr
