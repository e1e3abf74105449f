"""The concept thesaurus (cases/concepts.yaml) as a trainer edits it: every mistake is a row
`path:line:col: field: message — hint`, exit status 1, no traceback; the data it feeds the
search and the dashboard comes from the one file."""

from __future__ import annotations

from pathlib import Path

import pytest

from handbook.validation import validate

CONCEPTS = "cases/concepts.yaml"


def _rows(root: Path) -> list[str]:
    return [p.format() for p in validate(root) if p.severity == "error"]


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(root: Path, rel: str, marker: str, nth: int = 1) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if marker in line]
    return hits[nth - 1]


def test_the_shipped_thesaurus_and_the_mini_one_are_valid(mini: Path) -> None:
    assert _rows(mini) == []


def test_duplicate_concept(mini: Path) -> None:
    _edit(mini, CONCEPTS, "  - id: refund\n", "  - id: withdrawal\n")
    rows = _rows(mini)
    line = _line_of(mini, CONCEPTS, "- id: withdrawal", 2)
    assert any(r.startswith(f"{CONCEPTS}:{line}:") and "duplicate concept 'withdrawal'" in r and "hint:" in r
               for r in rows), rows


def test_unknown_concept_named_by_a_phrase(mini: Path) -> None:
    rel = "cases/phrases/ph-return-withdrawal.yaml"
    text = (mini / rel).read_text(encoding="utf-8")
    (mini / rel).write_text(text.replace("\nmarkets:", "\nconcepts: [withdrawl]\nmarkets:", 1), encoding="utf-8")
    rows = _rows(mini)
    line = _line_of(mini, rel, "concepts: [withdrawl]")
    assert any(r.startswith(f"{rel}:{line}:") and "concepts[0]" in r and "unknown concept 'withdrawl'" in r
               for r in rows), rows


@pytest.mark.parametrize("old, new, message", [
    ("examples: {zh: [德国 退货期限, 德国退货几天]", "examples: {zh: [germany return days, 德国退货几天]",
     "is not written in Chinese"),
    ("en: [germany return period, de withdrawal]", "en: [德国 退货, de withdrawal]", "is not written in English"),
    ("examples: {zh: [德国 退款多久, 德国 退钱]", 'examples: {zh: ["", 德国 退钱]', "at least 1 character"),
])
def test_bad_example(mini: Path, old: str, new: str, message: str) -> None:
    _edit(mini, CONCEPTS, old, new)
    line = _line_of(mini, CONCEPTS, new.split("[")[1][:6])
    rows = _rows(mini)
    assert any(r.startswith(f"{CONCEPTS}:{line}:") and "examples" in r and message in r for r in rows), rows


def test_unknown_answer_targets(mini: Path) -> None:
    _edit(mini, CONCEPTS, "answers: {sop: sop-service-process, step: 1}", "answers: {sop: sop-service-proces, step: 1}")
    _edit(mini, CONCEPTS, "answers: {topic: imports, glossary: ioss}", "answers: {topic: imports, glossary: iossx}")
    rows = _rows(mini)
    assert any("answers.sop" in r and "no SOP has the id 'sop-service-proces'" in r for r in rows), rows
    assert any("answers.glossary" in r and "'iossx'" in r for r in rows), rows


def test_a_step_past_the_last_one(mini: Path) -> None:
    _edit(mini, CONCEPTS, "step: 1}", "step: 99}")
    rows = _rows(mini)
    assert any("answers.step" in r and "not 99" in r for r in rows), rows


def test_coverage_every_sop_needs_examples(mini: Path) -> None:
    _edit(mini, CONCEPTS, "examples: {zh: [首次回复 怎么写, 接待流程是什么], en: [how to write the first reply, service process steps]}",
          "examples: {zh: [首次回复 怎么写], en: []}")
    rows = [p.format() for p in validate(mini) if p.severity == "warning"]
    assert any(r.startswith("sops/sop-service-process.yaml:2:1: id: warning: search reaches sop 'sop-service-process' by 1 zh")
               for r in rows), rows
    assert any("sop 'sop-service-process' by 0 en example" in r for r in rows), rows


def test_missing_or_broken_thesaurus_is_a_row_not_a_traceback(mini: Path) -> None:
    (mini / CONCEPTS).write_text("concepts:\n  - id: [unclosed\n", encoding="utf-8")
    rows = _rows(mini)
    assert rows and all(r.startswith(CONCEPTS + ":") for r in rows), rows
    (mini / CONCEPTS).unlink()
    assert any(r.startswith(f"{CONCEPTS}:1:1:") and "missing" in r for r in _rows(mini))


def test_the_dashboard_shows_the_situation_by_language_matrix(mini: Path) -> None:
    from handbook.render.dashboard import dashboard_page
    from handbook.render.html import Ctx
    from handbook.repository import load

    rel = "cases/phrases/ph-return-withdrawal.yaml"
    text = (mini / rel).read_text(encoding="utf-8")
    (mini / rel).write_text(text.replace("\nmarkets:", "\nconcepts: [first-reply]\nmarkets:", 1), encoding="utf-8")
    page = dashboard_page(Ctx(lang="en"), load(mini), {})
    assert 'data-situation="first-reply"' in page and "hb-dash-situations" in page
    row = page.split('data-situation="first-reply"')[1].split("</tr>")[0]
    assert row.count('data-count="1"') == 2 and row.count('data-count="0"') == 14  # its en and de texts; 14 gaps
    # thin coverage: "refund" has no customer-language words, "withdrawal" has German ones
    assert 'data-concept="refund"' in page and 'data-concept="withdrawal"' not in page
