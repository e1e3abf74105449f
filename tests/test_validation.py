"""Every validation rule has a broken input whose message names the file, line and field.

Each entry breaks a fresh copy of the mini handbook in one way; the test runs the real
``handbook validate`` command and looks for the expected ``path:line:col: field: message``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from conftest import run_handbook

CASE = "cases/library/case-001.yaml"
MARKET = "cases/markets/de.yaml"
PHRASE = "cases/phrases/ph-duties-included.yaml"
QUIZ = "cases/quizzes/ch02-core-skills.yaml"
SOP = "sops/sop-service-process.yaml"
GLOSSARY = "cases/glossary/tax.yaml"
CHAPTER = "docs/chapters/02-core-skills.md"


def edit(rel: str, old: str, new: str, count: int = 1) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {rel}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")
    return apply


def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return apply


def both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for step in steps:
            step(root)
    return apply


@dataclass
class Broken:
    name: str
    change: Callable[[Path], None]
    path: str
    field: str
    message: str
    line: int | str  # a number, or a text whose first line in the broken file is the expected line


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
PYTHON_TAG = "id: case-009\ntitle: !!python/object/apply:os.system ['echo hacked']\n"

CORPUS = [
    Broken("typo-in-field-name", edit(CASE, "\ntitle:", "\ntittle:"), CASE, "tittle",
           "unknown field — hint: did you mean 'title'?", "tittle:"),
    Broken("missing-required-field", edit(CASE, "level: intermediate\n", ""), CASE, "level",
           "required field is missing", "id: case-001"),
    Broken("wrong-type", edit(MARKET, "    month: 11", "    month: eleven"), MARKET,
           "peak_seasons[1].month", "Input should be a valid integer", "month: eleven"),
    Broken("unknown-enum-value", edit(CASE, "stage: pre_sale", "stage: presale"), CASE, "stage",
           "'presale' is not allowed; use one of 'pre_sale', 'in_sale' or 'after_sale'", "stage: presale"),
    Broken("missing-english", edit(CASE, "product: {zh: 登山外套, en: Hiking jacket}", "product: {zh: 登山外套}"),
           CASE, "product.en", "required field is missing", "product:"),
    Broken("missing-chinese", edit(CASE, "channel: {zh: 独立站在线聊天, en: Shopify store live chat}",
                                   "channel: {en: Shopify store live chat}"),
           CASE, "channel.zh", "required field is missing", "channel:"),
    Broken("duplicate-key", edit(CASE, "level: intermediate\n", "level: intermediate\nlevel: advanced\n"),
           CASE, "(file)", "duplicate key 'level' (first defined on line", "level: advanced"),
    Broken("duplicate-id-across-files",
           write("cases/library/case-002.yaml", "id: case-002\n"), "cases/library/case-002.yaml", "title",
           "required field is missing", 1),
    Broken("dangling-sop", edit(CASE, "sops: [sop-service-process]", "sops: [sop-nope]"), CASE, "sops[0]",
           "unknown SOP 'sop-nope'", "sops:"),
    Broken("dangling-phrase", edit(CASE, "phrases: [ph-duties-included]", "phrases: [ph-nope]"), CASE,
           "phrases[0]", "unknown phrase 'ph-nope'", "phrases:"),
    Broken("dangling-market", edit(CASE, "markets: [DE]", "markets: [XX]"), CASE, "markets[0]",
           "unknown market 'XX'", "markets:"),
    Broken("single-choice-two-correct", edit(QUIZ, '      - text: {zh: "22", en: "22"}',
                                             '      - text: {zh: "22", en: "22"}\n        correct: true'),
           QUIZ, "questions[0]", "a single question needs exactly one correct option (has 2)", "  - id: q-ch02-01"),
    Broken("single-choice-no-correct", edit(QUIZ, "        correct: true\n", ""), QUIZ, "questions[0]",
           "a single question needs exactly one correct option (has 0)", "  - id: q-ch02-01"),
    Broken("true-false-with-options", edit(CASE, "    answer: false", "    answer: false\n    options:\n      - text: {zh: 是, en: 'yes'}"),
           CASE, "questions[0]", "a true_false question has no options", "  - id: q-case-001"),
    Broken("placeholder-missing-in-one-language", edit(PHRASE, "für Bestellung {order_id}", "für Ihre Bestellung"),
           PHRASE, "texts.de", "placeholder {order_id} is missing from this language", "  de:"),
    Broken("unknown-placeholder", edit(PHRASE, "{agent_name}\"\n  de", "{agnet_name}\"\n  de"), PHRASE, "texts.en",
           "unknown placeholder {agnet_name}", "  en:"),
    Broken("phrase-lacks-market-language", edit(PHRASE, "\n  de: ", "\n  fr: "), PHRASE, "texts",
           "no 'de' variant, but a market this phrase serves speaks it", "texts:"),
    Broken("http-source", edit(MARKET, "source: https://www.gesetze-im-internet.de/bgb/__356.html",
                               "source: http://www.gesetze-im-internet.de/bgb/__356.html"),
           MARKET, "consumer.withdrawal.source", "source must be an https:// URL", "http://"),
    Broken("malformed-source", edit(MARKET, "source: https://www.gesetze-im-internet.de/bgb/__356.html",
                                    "source: https://gesetze im internet"),
           MARKET, "consumer.withdrawal.source", "source is not a well-formed URL", "https://gesetze im"),
    Broken("check-date-in-future", edit(MARKET, "checked: 2026-11-20", "checked: 2999-01-01"), MARKET,
           "consumer.withdrawal.checked", "check date 2999-01-01 is in the future", "2999-01-01"),
    Broken("check-date-wrong-format", edit(MARKET, "checked: 2026-11-20", "checked: 20/11/2026"), MARKET,
           "consumer.withdrawal.checked", "hint: write dates as YYYY-MM-DD", "20/11/2026"),
    Broken("withdrawal-without-days", edit(MARKET, "    days: 14\n    starts:", "    starts:"), MARKET,
           "consumer.withdrawal", "days is required when applies is true", "  withdrawal:"),
    Broken("unknown-time-zone", edit(MARKET, "[Europe/Berlin]", "[Europe/Berln]"), MARKET, "time_zones[0]",
           "unknown IANA time zone 'Europe/Berln'", "time_zones:"),
    Broken("tiers-out-of-order", edit(SOP, "  - tier: 2", "  - tier: 3"), SOP, "escalation",
           "escalation tiers must be numbered 1, 2, 3 in order (got [1, 3])", "escalation:"),
    Broken("dangling-glossary-see", edit(GLOSSARY, "see: [ddp]", "see: [dpp]"), GLOSSARY, "terms[0].see[0]",
           "unknown glossary term 'dpp'", "see:"),
    Broken("tab-indentation", edit(CASE, "\nlevel: intermediate", "\n\tlevel: intermediate"), CASE, "(file)",
           "invalid YAML", "\tlevel"),
    Broken("unclosed-quote", write("cases/library/case-013.yaml", 'id: case-013\ntitle:\n  zh: "未闭合\n'),
           "cases/library/case-013.yaml", "(file)", "invalid YAML: found unexpected end of stream", 4),
    Broken("bad-indentation", edit(CASE, "\nstage: pre_sale", "\n  stage: pre_sale"), CASE, "(file)",
           "invalid YAML", "  stage: pre_sale"),
    Broken("comma-splits-flow-text", edit(CASE, "{zh: 德国顾客质疑“含税价”, en: \"A German customer questions 'duties included'\"}",
                                          "{zh: 德国顾客质疑“含税价”, en: A German customer, confused}"),
           CASE, "title.confused", "unknown field — hint: a comma or colon split a text in two", "title:"),
    Broken("empty-file", write("cases/library/case-003.yaml", "# nothing yet\n"), "cases/library/case-003.yaml",
           "(file)", "file is empty", 1),
    Broken("byte-order-mark", write("cases/library/case-004.yaml", b"\xef\xbb\xbfid: case-004\n"),
           "cases/library/case-004.yaml", "(file)", "file starts with a byte-order mark (BOM)", 1),
    Broken("not-utf8", write("cases/library/case-005.yaml", "id: case-005\ntitle: café\n".encode("latin-1")),
           "cases/library/case-005.yaml", "(file)", "file is not valid UTF-8", 2),
    Broken("file-over-1-mib", write("cases/library/case-006.yaml", "# " + "x" * (1024 * 1024) + "\n"),
           "cases/library/case-006.yaml", "(file)", "the limit is 1048576 (1 MiB)", 1),
    Broken("alias-bomb", write("cases/library/case-007.yaml", BOMB), "cases/library/case-007.yaml", "(file)",
           "YAML anchors (&a) are not allowed", 1),
    Broken("python-tag", write("cases/library/case-009.yaml", PYTHON_TAG), "cases/library/case-009.yaml", "(file)",
           "invalid YAML: tag not allowed", 2),
    Broken("top-level-list", write("cases/library/case-010.yaml", "- id: case-010\n"), "cases/library/case-010.yaml",
           "(file)", "the file must hold a mapping of fields", 1),
    Broken("file-name-does-not-match-id", both(
        lambda root: (root / CASE).rename(root / "cases/library/case-011.yaml")),
        "cases/library/case-011.yaml", "id", "file name 'case-011.yaml' does not match id 'case-001'", "id:"),
    Broken("yml-extension", lambda root: (root / PHRASE).rename(root / PHRASE.replace(".yaml", ".yml")),
           PHRASE.replace(".yaml", ".yml"), "(file)", "data files must end in .yaml, not .yml", 1),
    Broken("file-outside-data-folders", write("cases/notes/idea.yaml", "id: idea\n"), "cases/notes/idea.yaml",
           "(file)", "this folder is not a data folder", 1),
    Broken("symlink-out-of-repo", lambda root: os.symlink("/etc/hostname", root / "cases/library/case-012.yaml"),
           "cases/library/case-012.yaml", "(file)", "symbolic links are not allowed in data folders (this one points outside the repository)", 1),
    Broken("chapter-macro-unknown-id", edit(CHAPTER, "{{ case('case-001') }}", "{{ case('case-999') }}"), CHAPTER,
           "case", "unknown id 'case-999'", "case-999"),
]


def _expected_line(root: Path, broken: Broken) -> int:
    if isinstance(broken.line, int):
        return broken.line
    path = root / broken.path
    for number, line in enumerate(path.read_bytes().decode("utf-8", "replace").splitlines(), 1):
        if broken.line in line:
            return number
    raise AssertionError(f"marker {broken.line!r} not found in {broken.path}")


@pytest.mark.parametrize("broken", CORPUS, ids=[b.name for b in CORPUS])
def test_broken_input_is_reported_with_file_line_and_field(mini: Path, broken: Broken) -> None:
    broken.change(mini)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    line = _expected_line(mini, broken)
    prefix = f"{broken.path}:{line}:"
    matching = [row for row in result.stderr.splitlines()
                if row.startswith(prefix) and f": {broken.field}: " in row and broken.message in row]
    assert matching, f"expected {prefix} … {broken.field}: {broken.message}\ngot:\n{result.stderr}"


def test_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30


def test_every_problem_is_listed_not_just_the_first(mini: Path) -> None:
    edit(CASE, "stage: pre_sale", "stage: presale")(mini)
    edit(MARKET, "[Europe/Berlin]", "[Mars/Olympus]")(mini)
    edit(PHRASE, "für Bestellung {order_id}", "für Ihre Bestellung")(mini)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    rows = [r for r in result.stderr.splitlines() if r.startswith(("cases/", "sops/"))]
    assert {r.split(":")[0] for r in rows} == {CASE, MARKET, PHRASE}
    assert "3 problem(s) found." in result.stderr


def test_duplicate_ids_across_files(mini: Path) -> None:
    text = (mini / CASE).read_text(encoding="utf-8")
    (mini / "cases/library/case-002.yaml").write_text(text.replace("id: case-001", "id: case-002"), encoding="utf-8")
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    assert any(row.startswith("cases/library/case-00") and "questions[0].id: id 'q-case-001' is already used in" in row
               for row in result.stderr.splitlines()), result.stderr


def test_github_annotations(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    edit(CASE, "stage: pre_sale", "stage: presale")(mini)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_handbook(mini, "validate")
    assert f"::error file={CASE},line=" in result.stderr


def test_valid_data_passes(mini: Path) -> None:
    result = run_handbook(mini, "validate")
    assert result.returncode == 0, result.stderr
    assert "handbook data: OK" in result.stdout
