"""The trainer's workflow: schemas, scaffolds, freshness, translation parity, CODEOWNERS,
the dashboard and "edit this page"."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbook.codeowners import CODEOWNERS, codeowners_text
from handbook.repository import load
from handbook.schemas import MODELS, schema_text
from handbook.settings import load_settings
from conftest import REPO, build, run_handbook

CASE = "cases/library/case-001.yaml"
MARKET = "cases/markets/de.yaml"


@pytest.mark.parametrize("kind", sorted(MODELS))
def test_checked_in_schemas_are_current(kind: str) -> None:
    path = REPO / "schemas" / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(kind), "run `handbook schemas` and commit schemas/"


def test_every_data_file_points_at_its_schema() -> None:
    for path in [*REPO.glob("cases/**/*.yaml"), *REPO.glob("sops/*.yaml")]:
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=((?:\.\./)+)schemas/(\w+)\.schema\.json", first)
        assert match, path
        assert (path.parent / match.group(1) / "schemas" / f"{match.group(2)}.schema.json").resolve().exists()


def test_missing_modeline_is_reported(mini: Path) -> None:
    path = mini / CASE
    path.write_text(path.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    assert (f"{CASE}:1:1: (file): the first line must point editors at the schema — hint: make line 1: "
            "# yaml-language-server: $schema=../../schemas/case.schema.json") in result.stderr


@pytest.mark.parametrize("kind,args,expected", [
    ("case", [], "cases/library/case-022.yaml"),
    ("sop", ["Refund delay"], "sops/sop-refund-delay.yaml"),
    ("phrase", [], "cases/phrases/ph-new-1.yaml"),
    ("quiz", ["ch10-extra"], "cases/quizzes/ch10-extra.yaml"),
    ("market", ["PT"], "cases/markets/pt.yaml"),
])
def test_scaffold_writes_a_valid_skeleton_with_the_next_id(mini: Path, kind: str, args: list[str],
                                                           expected: str) -> None:
    result = run_handbook(mini, "new", kind, *args)
    assert result.returncode == 0, result.stderr
    assert f"created {expected}" in result.stdout
    assert (mini / expected).exists()
    drafts = run_handbook(mini, "validate", "--allow-drafts")
    assert drafts.returncode == 0, drafts.stderr
    strict = run_handbook(mini, "validate")
    assert strict.returncode == 1
    rows = [r for r in strict.stderr.splitlines() if r.startswith(expected + ":")]
    # a new SOP is also one search cannot reach yet: said at its id, as a warning
    search = [r for r in rows if "search reaches" in r]
    assert bool(search) == (kind == "sop") and all(": id: warning:" in r for r in search), search
    rows = [r for r in rows if r not in search]
    assert rows and all(": not filled in yet — hint: replace the ✎ prompt" in r for r in rows)
    assert all(not r.startswith(("cases/", "sops/")) or r.startswith(expected) for r in strict.stderr.splitlines())


def test_scaffold_refuses_an_existing_market(mini: Path) -> None:
    result = run_handbook(mini, "new", "market", "DE")
    assert result.returncode == 1 and "already exists" in result.stderr


def test_old_check_dates_warn_and_fail_with_strict_freshness(mini: Path) -> None:
    path = mini / MARKET
    text = path.read_text(encoding="utf-8").replace("checked: 2026-11-20", "checked: 2020-01-15", 1)
    path.write_text(text, encoding="utf-8")
    age = (dt.date.today() - dt.date(2020, 1, 15)).days
    relaxed = run_handbook(mini, "validate")
    assert relaxed.returncode == 0
    expected = f"consumer.withdrawal.checked: warning: checked {age} days ago (limit 180)"
    assert expected in relaxed.stderr
    assert "handbook data: OK (1 warning(s))" in relaxed.stdout
    strict = run_handbook(mini, "validate", "--strict-freshness")
    assert strict.returncode == 1
    assert f"consumer.withdrawal.checked: checked {age} days ago (limit 180)" in strict.stderr


def test_stale_fact_shows_a_needs_review_badge(mini: Path) -> None:
    path = mini / MARKET
    path.write_text(path.read_text(encoding="utf-8").replace("checked: 2026-11-20", "checked: 2020-01-15", 1),
                    encoding="utf-8")
    site = mini.parent / "site"
    assert build(mini, site).returncode == 0
    soup = BeautifulSoup((site / "markets/de/index.html").read_text(encoding="utf-8"), "html.parser")
    rows = [r for r in soup.select(".hb-facts tbody tr") if r.select_one(".hb-review")]
    assert len(rows) == 1 and "2020-01-15" in rows[0].get_text() and "需要复核" in rows[0].get_text()
    dash = BeautifulSoup((site / "en/trainer/index.html").read_text(encoding="utf-8"), "html.parser")
    stale = dash.select_one(".hb-dash-stale")
    assert stale["data-count"] == "1" and "consumer.withdrawal" in stale.get_text()


def test_changed_chinese_marks_the_english_stale_until_accepted(mini: Path) -> None:
    assert run_handbook(mini, "i18n-status", "--accept").returncode == 0
    assert "every English text matches" in run_handbook(mini, "i18n-status").stdout
    path = mini / CASE
    path.write_text(path.read_text(encoding="utf-8").replace("顾客问到货后还要不要交税。", "顾客问到货后是否还要另付关税和增值税。"),
                    encoding="utf-8")
    status = run_handbook(mini, "i18n-status")
    assert f"{CASE}\n  line " in status.stdout and "situation.en: translation may be out of date" in status.stdout
    assert "0 missing, 1 stale translation(s) in 1 file(s)" in status.stdout
    validate = run_handbook(mini, "validate")
    assert validate.returncode == 0 and "situation.en: warning: translation may be out of date" in validate.stderr
    site = mini.parent / "site"
    assert build(mini, site).returncode == 0
    en = BeautifulSoup((site / "en/cases/case-001/index.html").read_text(encoding="utf-8"), "html.parser")
    note = en.select_one(".hb-stale-translation")
    assert note is not None and "situation" in note.get_text()
    zh = BeautifulSoup((site / "cases/case-001/index.html").read_text(encoding="utf-8"), "html.parser")
    assert zh.select_one(".hb-stale-translation") is None
    assert run_handbook(mini, "i18n-status", "--accept", CASE).returncode == 0
    assert "every English text matches" in run_handbook(mini, "i18n-status").stdout


def test_missing_english_chapter_is_an_error(mini: Path) -> None:
    (mini / "docs/chapters/02-core-skills.en.md").unlink()
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    assert "docs/chapters/02-core-skills.md:1:1: (file): the English chapter is missing" in result.stderr


def test_codeowners_is_current() -> None:
    expected = codeowners_text(load(REPO), load_settings(REPO))
    assert (REPO / CODEOWNERS).read_text(encoding="utf-8") == expected, "run `handbook codeowners`"
    assert "/cases/markets/de.yaml @cs-handbook/europe-markets" in expected


def test_translation_lock_covers_the_shipped_content() -> None:
    result = run_handbook(REPO, "i18n-status")
    assert result.returncode == 0 and "every English text matches" in result.stdout


def test_dashboard_numbers_equal_the_data(real_site: Path) -> None:
    hb = load(REPO)
    soup = BeautifulSoup((real_site / "en/trainer/index.html").read_text(encoding="utf-8"), "html.parser")
    coverage = soup.select_one(".hb-dash-coverage")
    categories = [th.get_text() for th in coverage.select("thead th")][1:-1]
    counts = Counter((m, c.category) for c in hb.cases.values() for m in c.markets)
    for row in coverage.select("tbody tr"):
        code = row["data-market"]
        cells = [td.get_text() for td in row.select("td")]
        expected = [counts[(code, cat)] for cat in
                    ("logistics", "returns_refunds", "quality", "payment", "customs_duties", "pricing_currency",
                     "privacy", "platform_dispute", "reviews", "culture_language")]
        assert [int(c) if c != "·" else 0 for c in cells[:-1]] == expected, code
        assert int(cells[-1]) == sum(expected)
    assert len(categories) == 10
    levels = {r["data-level"]: int(r.td.get_text()) for r in soup.select(".hb-dash-levels tbody tr")}
    assert levels == dict(Counter(c.level for c in hb.cases.values()))
    quizzes = {r["data-quiz"]: int(r.select("td")[0].get_text()) for r in soup.select(".hb-dash-quizzes tbody tr")}
    assert quizzes == {q.id: len(q.questions) for q in hb.quizzes.values()}


def test_recent_changes_newest_first(real_site: Path) -> None:
    soup = BeautifulSoup((real_site / "markets/changes/index.html").read_text(encoding="utf-8"), "html.parser")
    dates = [row.td.get_text() for row in soup.select(".hb-changes-all tbody tr")]
    assert len(dates) == sum(len(m.changes) for m in load(REPO).markets.values())
    assert dates == sorted(dates, reverse=True)


def test_edit_links_open_the_source(mini: Path) -> None:
    config = mini / "mkdocs.yml"
    config.write_text("repo_url: https://github.com/example/handbook\nedit_uri: edit/main/docs/\n"
                      + config.read_text(encoding="utf-8"), encoding="utf-8")
    site = mini.parent / "site"
    result = build(mini, site)
    assert result.returncode == 0, result.stderr[-2000:]

    def edit(rel: str) -> str:
        soup = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        return soup.select_one("a.md-content__button[href*='/edit/'], a.md-content__button[href*='/tree/']")["href"]

    assert edit("cases/case-001/index.html") == "https://github.com/example/handbook/edit/main/cases/library/case-001.yaml"
    assert edit("en/markets/de/index.html") == "https://github.com/example/handbook/edit/main/cases/markets/de.yaml"
    assert edit("chapters/02-core-skills/index.html") == \
        "https://github.com/example/handbook/edit/main/docs/chapters/02-core-skills.md"
    assert edit("cases/index.html") == "https://github.com/example/handbook/tree/main/cases/library"
    # the repository link must not make the page call the GitHub API (a request leaving the site)
    assert 'data-md-component="source"' not in (site / "index.html").read_text(encoding="utf-8")


def test_pre_commit_runs_the_validator() -> None:
    text = (REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "entry: handbook validate" in text and "files: ^(cases|sops|docs)/" in text
