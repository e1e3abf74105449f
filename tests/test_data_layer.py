"""The data layer on its own: no MkDocs imports, escaping, links, UI strings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from handbook.edition import SiteInfo
from handbook.render.html import Ctx, esc, md_text, rich
from handbook.render.strings import STRINGS_DIR, table
from handbook.repository import load
from handbook.render.pages import render_all
from conftest import MINI, REPO, run_handbook


def test_data_layer_imports_nothing_from_mkdocs() -> None:
    code = ("import sys, handbook.repository, handbook.render.pages, handbook.cli, handbook.chapters;"
            "sys.exit(any(m == 'mkdocs' or m.startswith('mkdocs.') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_ui_strings_have_the_same_keys_in_both_languages() -> None:
    assert sorted(table("zh")) == sorted(table("en"))
    assert {p.stem for p in STRINGS_DIR.glob("*.yaml")} == {"zh", "en"}


def test_escaping() -> None:
    assert esc("<b>{{x}}</b>") == "&lt;b&gt;&#123;&#123;x&#125;&#125;&lt;/b&gt;"
    assert rich("**ok** <i>`c`</i>") == "<strong>ok</strong> &lt;i&gt;<code>c</code>&lt;/i&gt;"
    assert "<" not in md_text("# [x](y) {{z}} :smile:") and "{" not in md_text("{{z}}")


@pytest.mark.parametrize("page,target,expected", [
    ("index.md", "markets/de/index.md", "markets/de/"),
    ("markets/de/index.md", "cases/case-001/index.md", "../../cases/case-001/"),
    ("chapters/02-core-skills.md", "phrases/index.md", "../../phrases/"),
    ("markets/de/index.md", "markets/de/index.md", "./"),
])
def test_relative_links(page: str, target: str, expected: str) -> None:
    assert Ctx("zh", page).href(target) == expected


def test_relative_links_without_directory_urls() -> None:
    assert Ctx("zh", "chapters/02-core-skills.md", SiteInfo(directory_urls=False)).href("markets/de/index.md") == \
        "../markets/de/index.html"


def test_every_generated_page_in_both_languages() -> None:
    handbook = load(MINI)
    pages = render_all(handbook, ("zh", "en"))
    for src in ("markets/de/index.md", "cases/case-001/index.md", "sops/sop-service-process/index.md",
                "phrases/index.md", "glossary/index.md", "assessments/beginner/index.md"):
        assert src in pages and src.replace(".md", ".en.md") in pages
        assert pages[src].startswith("---\nrender_macros: false\n")


def test_failed_build_keeps_the_previous_site(mini: Path) -> None:
    site = mini / "site"
    site.mkdir()
    (site / "index.html").write_text("previous build", encoding="utf-8")
    case = mini / "cases/library/case-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("level: intermediate", "level: expert"), encoding="utf-8")
    result = run_handbook(mini, "build")
    assert result.returncode == 1
    assert "case-001.yaml" in result.stderr and "Traceback" not in result.stderr
    assert (site / "index.html").read_text(encoding="utf-8") == "previous build"


def test_mkdocs_build_stops_on_invalid_data_without_traceback(mini: Path) -> None:
    case = mini / "cases/library/case-001.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("level: intermediate", "level: expert"), encoding="utf-8")
    from conftest import build
    result = build(mini, mini / "site")
    assert result.returncode == 1
    assert "cases/library/case-001.yaml:" in result.stderr and "level" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (mini / "site").exists()


def test_shipped_data_is_valid() -> None:
    result = run_handbook(REPO, "validate")
    assert result.returncode == 0, result.stderr[-3000:]


def test_homophone_table_reads_common_characters_and_the_words_own() -> None:
    from handbook.search.homophones import homophone_table

    table = homophone_table(["狮城"])
    chars = {c for cs in table.values() for c in cs}
    assert len(chars) >= 3755  # GB 2312 level 1, what pinyin input methods offer first
    assert "货" in table["huo"] and "活" in table["huo"] and "款" in table["kuan"]
    assert "重" in table["zhong"] and "重" in table["chong"]  # every reading of a polyphonic character
    assert all(sound.isascii() and sound.isalpha() for sound in table)
    assert "狮" in table["shi"]
