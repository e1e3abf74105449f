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
