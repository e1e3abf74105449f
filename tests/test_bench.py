"""The benchmark's synthetic libraries stay valid as the real content evolves (no timing here:
speed is measured by `handbook bench`, not by tests)."""

from __future__ import annotations

from pathlib import Path

from handbook.bench import BUDGETS, _check, grow, make_copy
from handbook.repository import load
from conftest import REPO, run_handbook


def test_synthetic_library_is_valid_and_sized(tmp_path: Path) -> None:
    copy = make_copy(REPO, tmp_path / "hb")
    grow(copy, 40)
    handbook = load(copy)
    assert len(handbook.cases) == 40
    assert len(handbook.phrases) >= len(load(REPO).phrases) * 0.3
    assert set(handbook.markets) == set(load(REPO).markets)
    result = run_handbook(copy, "validate")
    assert result.returncode == 0, result.stderr[-2000:]


def test_budget_checks() -> None:
    assert _check(1.05, BUDGETS["case_page_growth"])["ok"]
    assert not _check(1.2, BUDGETS["case_page_growth"])["ok"]
    assert not _check(90, 95, lower_is_better=False)["ok"]


def test_fresh_set_budgets_read_the_latest_record(tmp_path: Path) -> None:
    """The fresh-set budgets judge the latest record in benchmarks/fresh/, and the gap to the tuned set."""
    import json

    from handbook.bench import fresh_checks

    folder = tmp_path / "benchmarks" / "fresh"
    folder.mkdir(parents=True)
    assert fresh_checks(tmp_path, {}) == {}
    old = {"questions": {"zh": {"top1": 0.1, "top3": 0.2}}}
    new = {"questions": {"zh": {"top1": 0.85, "top3": 0.92}}, "messages": {"page": 0.9, "template": 0.7}}
    (folder / "2026-12-01-a.json").write_text(json.dumps(old), encoding="utf-8")
    (folder / "2026-12-08-b.json").write_text(json.dumps(new), encoding="utf-8")
    checks = fresh_checks(tmp_path, {"zh": {"top3": 0.99}})
    assert checks["fresh_top1_zh"]["ok"] and checks["fresh_top3_zh"]["ok"]
    assert not checks["fresh_gap_zh"]["ok"] and checks["fresh_gap_zh"]["value"] == 0.07
    assert checks["messages_page"]["ok"] and not checks["messages_template"]["ok"]
