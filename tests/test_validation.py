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

from conftest import REPO, run_handbook

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
           "consumer.withdrawal.checked", "in the future — hint: write the day you checked the source", "2999-01-01"),
    Broken("check-date-wrong-format", edit(MARKET, "checked: 2026-11-20", "checked: 20/11/2026"), MARKET,
           "consumer.withdrawal.checked", "hint: write dates as YYYY-MM-DD", "20/11/2026"),
    Broken("withdrawal-without-days", edit(MARKET, "    days: 14\n    day_unit: calendar\n    starts:", "    starts:"), MARKET,
           "consumer.withdrawal", "days is required when applies is true", "  withdrawal:"),
    Broken("days-without-unit", edit(MARKET, "    day_unit: calendar\n    starts:", "    starts:"), MARKET,
           "consumer.withdrawal", "day_unit is required when days is set", "  withdrawal:"),
    Broken("guarantee-without-kind", edit(MARKET, "    kind: statutory_guarantee\n", ""), MARKET,
           "consumer.guarantee.kind", "required field is missing", "  guarantee:"),
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
    Broken("chapter-link-to-no-page", edit(CHAPTER, "IOSS 的说明。", "IOSS 的说明，见[案例](../cases/case-009/index.md)。"),
           CHAPTER, "(link)", "the link '../cases/case-009/index.md' leads to no page", "case-009"),
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


# --- issue 14: inputs that used to end in a traceback or a misleading message ------------------
# Each asserts the whole row (file, line, column, field, message, hint) and exit status 1.

import subprocess  # noqa: E402
import sys  # noqa: E402

from conftest import build  # noqa: E402
from handbook.yamlsafe import MAX_DEPTH  # noqa: E402


def _rows(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result.stderr.splitlines()


def _find(root: Path, rel: str, marker: str) -> tuple[int, int]:
    """Line and column (1-based) of the first occurrence of ``marker`` in a file."""
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").split("\n"), 1):
        if marker in line:
            return number, line.index(marker) + 1
    raise AssertionError(f"{marker!r} not in {rel}")


def test_impossible_date_names_the_field(mini: Path) -> None:
    edit(MARKET, "checked: 2026-11-20", "checked: 2026-02-30")(mini)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    line, col = _find(mini, MARKET, "checked: 2026-02-30")
    assert (f"{MARKET}:{line}:{col}: consumer.withdrawal.checked: '2026-02-30' is not a real date "
            "(day is out of range for month) — hint: check the day and the month; write dates as YYYY-MM-DD"
            ) in _rows(result)


def test_deep_nesting_is_refused_before_python_recurses(mini: Path) -> None:
    rel = "cases/library/case-014.yaml"
    write(rel, "id: case-014\ntitle: " + "[" * 300 + "]" * 300 + "\n")(mini)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    col = len("title: ") + MAX_DEPTH  # the top mapping is level 1; the 20th '[' is level 21
    assert (f"{rel}:2:{col}: (file): the data is nested more than {MAX_DEPTH} levels deep — hint: a handbook "
            "file needs a few levels only: look for a [ or { that is never closed, or for lines indented "
            "further and further to the right") in _rows(result)


def test_nul_byte_is_reported_where_it_is_on_one_line(mini: Path) -> None:
    path = mini / CASE
    lines = path.read_bytes().split(b"\n")
    assert len(lines) > 15
    lines[14] = lines[14][:4] + b"\x00" + lines[14][4:]
    path.write_bytes(b"\n".join(lines))
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    col = len(lines[14][:4].decode("utf-8")) + 1
    rows = [r for r in _rows(result) if r.startswith(CASE)]
    assert rows == [f"{CASE}:15:{col}: (file): invalid character U+0000 (NUL) — hint: delete it; it is invisible "
                    "in most editors (often pasted from a PDF or a spreadsheet)"], result.stderr
    assert "tabs" not in result.stderr and "<unicode string>" not in result.stderr


def test_control_character_from_an_escape_is_refused(mini: Path) -> None:
    edit(CASE, "text: Muss ich", 'text: "Muss\\0 ich')(mini)
    edit(CASE, "zahlen?\n", 'zahlen?"\n')(mini)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    line, col = _find(mini, CASE, '"Muss')
    assert any(r.startswith(f"{CASE}:{line}:{col}: (file): the text holds the invisible control character U+0000 (NUL)")
               for r in _rows(result)), result.stderr


def test_symlink_to_itself(mini: Path) -> None:
    rel = "cases/library/case-015.yaml"
    os.symlink("case-015.yaml", mini / rel)
    os.symlink("loop.md", mini / "docs/chapters/loop.md")
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    rows = _rows(result)
    assert (f"{rel}:1:1: (file): symbolic links are not allowed in data folders (this one points to itself or "
            "to a missing file) — hint: replace the link with the file itself") in rows
    assert ("docs/chapters/loop.md:1:1: (file): this symbolic link points to itself or to a missing file — "
            "hint: replace the link with the file itself") in rows


def test_file_name_that_is_not_utf8(mini: Path) -> None:
    os.rename(mini / CASE, os.path.join(os.fsencode(mini / "cases/library"), b"case-\xff.yaml"))
    os.rename(mini / CHAPTER, os.path.join(os.fsencode(mini / "docs/chapters"), b"ch-\xff\xfe.md"))
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    rows = _rows(result)
    assert ("cases/library/case-\\xff.yaml:1:1: (file): the name is not valid UTF-8 text — hint: rename it with "
            "letters, digits and '-' only, e.g. case-012.yaml") in rows
    assert ("docs/chapters/ch-\\xff\\xfe.md:1:1: (file): the name is not valid UTF-8 text — hint: rename "
            "it with letters, digits and '-' only") in rows


def _first_bad_byte(raw: bytes) -> tuple[int, int]:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line_start = before.rfind(b"\n") + 1
        return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8")) + 1
    raise AssertionError("the GBK bytes happen to be valid UTF-8")


GBK_HINT = ("file is not valid UTF-8 — hint: it looks like GBK (the default of Chinese Windows): reopen it as GBK "
            "and save it as UTF-8 (VS Code: 'Reopen with Encoding' → GBK, then 'Save with Encoding' → UTF-8)")


def test_placeholder_rows_in_a_literal_block_name_their_own_line(mini: Path) -> None:
    from handbook.validation import validate

    text = (mini / PHRASE).read_text(encoding="utf-8")
    start = text.index("  en: ")
    end = text.index("\n", start)
    (mini / PHRASE).write_text(text[:start] + "  en: |-\n    Hello {customer_name},\n\n    order {order_id} "
                               "ships on {shipdate}; {order_id.\n    {agent_name}" + text[end:], encoding="utf-8")
    rows = {p.message: p for p in validate(mini) if p.path == PHRASE and p.field == "texts.en"}
    lines = (mini / PHRASE).read_text(encoding="utf-8").split("\n")
    row = next(i for i, line in enumerate(lines, 1) if "{shipdate}" in line)
    unknown, unclosed = rows["unknown placeholder {shipdate}"], rows["the placeholder {order_id is not closed"]
    assert (unknown.line, unknown.col) == (row, lines[row - 1].index("{shipdate}") + 1)
    assert (unclosed.line, unclosed.col) == (row, lines[row - 1].index("{order_id.") + 1)


@pytest.mark.parametrize("name", ["NOTE.MD", "note.markdown"])
def test_chapter_with_an_odd_extension_is_a_row(mini: Path, name: str) -> None:
    from handbook.validation import validate

    (mini / "docs/chapters" / name).write_text("# 笔记\n", encoding="utf-8")
    rows = [p for p in validate(mini) if p.path == f"docs/chapters/{name}"]
    assert len(rows) == 1 and rows[0].hint == f"rename it to {name.split('.')[0]}.md", rows


def test_links_to_chapters_and_generated_pages_pass(mini: Path) -> None:
    from handbook.validation import validate

    (mini / CHAPTER).write_text((mini / CHAPTER).read_text(encoding="utf-8").replace(
        "IOSS 的说明。", "IOSS 的说明，见[案例](../cases/case-001/index.md)、[本章英文](02-core-skills.md#x)、"
        "[SOP](../sops/sop-service-process/index.md \"SOP\")、[外部](https://example.com/a.md)。\n\n"
        "```\n[代码里的](missing.md)\n```", 1), encoding="utf-8")
    assert not [p for p in validate(mini) if p.field == "(link)"]
    (mini / CHAPTER).write_text((mini / CHAPTER).read_text(encoding="utf-8").replace(
        "../cases/case-001/index.md", "../case/case-001/index.md", 1), encoding="utf-8")
    rows = [p for p in validate(mini) if p.field == "(link)"]
    assert len(rows) == 1 and rows[0].hint == "did you mean ../cases/case-001/index.md?", rows


@pytest.mark.parametrize("front, line, words", [
    ("---\ntitle: [第 2 章\n---\n", 3, "close it"),                          # a bracket never closed (seen at the end)
    ("---\n\ttitle: x\n---\n", 2, "tab"),                                    # a tab indent
    ("---\ntitle: 第 2 章\n", 1, "never closed"),                              # no closing line
    ("---\n- a\n- b\n---\n", 2, "'name: value' lines"),                     # a list, not a mapping
])
def test_broken_front_matter_is_a_row_not_page_text(mini: Path, front: str, line: int, words: str) -> None:
    from handbook.validation import validate

    (mini / CHAPTER).write_text(front + (mini / CHAPTER).read_text(encoding="utf-8"), encoding="utf-8")
    rows = [p for p in validate(mini) if p.field == "(front matter)"]
    assert len(rows) == 1 and rows[0].path == CHAPTER and rows[0].line == line, rows
    assert words in rows[0].format(), rows[0].format()


def test_good_front_matter_passes(mini: Path) -> None:
    from handbook.validation import validate

    (mini / CHAPTER).write_text("---\ntitle: 第 2 章\nhide: [toc]\n---\n" + (mini / CHAPTER).read_text(encoding="utf-8"),
                                encoding="utf-8")
    assert not [p for p in validate(mini) if p.field == "(front matter)"]


@pytest.mark.parametrize("rel", [CHAPTER, CASE])
def test_file_saved_as_gbk_gets_the_same_message_in_docs_and_data(mini: Path, rel: str) -> None:
    raw = (mini / rel).read_text(encoding="utf-8").encode("gbk")
    (mini / rel).write_bytes(raw)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    line, col = _first_bad_byte(raw)
    assert f"{rel}:{line}:{col}: (file): {GBK_HINT}" in _rows(result)


def test_unquoted_yes_no_values_say_quote_it(mini: Path) -> None:
    edit(CASE, "markets: [DE]", "markets: [DE, NO]")(mini)
    edit(CASE, "  lang: de", "  lang: no")(mini)
    edit(PHRASE, "\n  de: ", "\n  off: ")(mini)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    rows = _rows(result)
    line, col = _find(mini, CASE, "NO]")
    assert (f'{CASE}:{line}:{col}: markets[1]: NO was read as the yes/no value false, not as the text "NO" — '
            'hint: quote it: "NO"') in rows
    line, col = _find(mini, CASE, "lang: no")
    assert (f'{CASE}:{line}:{col}: customer_wrote.lang: no was read as the yes/no value false, not as the text '
            '"no" — hint: quote it: "no"') in rows
    assert any(r.startswith(f"{PHRASE}:") and 'texts.off' in r and 'quote it: \\"off\\"'.replace("\\", "") in r
               for r in rows), result.stderr


def test_invisible_characters_in_keys_and_ids_are_shown_escaped(mini: Path) -> None:
    edit(CASE, "\nlevel: intermediate", "\nle\u200bvel: intermediate")(mini)
    edit(CASE, "id: case-001", "id: case-001\u202e")(mini)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    rows = _rows(result)
    line, _ = _find(mini, CASE, "vel: intermediate")
    assert (f"{CASE}:{line}:1: le\\u200bvel: unknown field — hint: the name holds an invisible character "
            "(\\u200b): delete the name and type it again") in rows
    assert any(r.startswith(f"{CASE}:2:1: id: 'case-001\\u202e' has the wrong form") and
               "hint: it holds an invisible character (\\u202e)" in r for r in rows), result.stderr
    assert "\u200b" not in result.stderr and "\u202e" not in result.stderr


# A bug in the tools, simulated: the check of one file raises something nobody expected.
_BOOM = """
import sys
import handbook.repository as repository
real = repository._kind_for
def boom(rel):
    if rel == {case!r}:
        raise KeyError("simulated bug")
    return real(rel)
repository._kind_for = boom
{run}
"""


def _with_bug(run: str) -> str:
    return _BOOM.format(case=CASE, run=run)


def test_unexpected_exception_is_one_row_and_exit_2(mini: Path) -> None:
    run = f"from handbook.cli import main; sys.exit(main(['--root', {str(mini)!r}, 'validate']))"
    result = subprocess.run([sys.executable, "-c", _with_bug(run)], capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    rows = [r for r in result.stderr.splitlines() if r.startswith(("cases/", "sops/", "docs/", "("))]
    assert rows == [f"{CASE}:1:1: (file): internal error while checking this file (KeyError: 'simulated bug') — "
                    "hint: this is a bug in the handbook tools, not necessarily in your file: please report it "
                    "with this file attached; `handbook validate --debug` shows the details"], result.stderr
    debug = subprocess.run([sys.executable, "-c", _with_bug(run.replace("'validate'", "'validate', '--debug'"))],
                           capture_output=True, text=True)
    assert debug.returncode == 2
    assert "Traceback (most recent call last)" in debug.stderr and "KeyError: 'simulated bug'" in debug.stderr


def test_mkdocs_build_reports_an_unexpected_exception_without_traceback(mini: Path) -> None:
    run = ("from mkdocs.__main__ import cli\n"
           f"cli(['build', '--strict', '-f', {str(mini / 'mkdocs.yml')!r}, '-d', {str(mini / 'site')!r}])")
    result = subprocess.run([sys.executable, "-c", _with_bug(run)], capture_output=True, text=True, cwd=mini,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{CASE}:1:1: (file): internal error while checking this file" in result.stderr
    assert not (mini / "site").exists()


@pytest.mark.parametrize("command", ["handbook", "mkdocs"])
def test_builds_stop_on_unreadable_content_without_traceback(mini: Path, command: str) -> None:
    (mini / CHAPTER).write_bytes((mini / CHAPTER).read_text(encoding="utf-8").encode("gbk"))
    os.symlink("case-015.yaml", mini / "cases/library/case-015.yaml")
    result = run_handbook(mini, "build", "--no-pdf") if command == "handbook" else build(mini, mini / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{CHAPTER}:" in result.stderr and "file is not valid UTF-8" in result.stderr
    assert "cases/library/case-015.yaml:1:1:" in result.stderr
    assert not (mini / "site").exists()


def test_macro_calls_the_build_would_reject_are_reported(mini: Path) -> None:
    """Jinja in a chapter that is not a well-formed macro call failed inside the build, where
    mkdocs-macros printed a traceback; now each is a row naming the chapter and the line."""
    text = (mini / CHAPTER).read_text(encoding="utf-8")
    (mini / CHAPTER).write_text(text + "\nShopify 模板里的 {{ order.name }} 不是宏。\n\n{{ case() }}\n\n"
                                "{{ cases(foo='x') }}\n\n{{ phrase(123) }}\n", encoding="utf-8")
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    rows = _rows(result)
    hint = " — hint: write a macro call as {{ case('case-012') }}; to show {{ as text, write {{ '{{' }}"
    line, col = _find(mini, CHAPTER, "{{ order.name }}")
    assert f"{CHAPTER}:{line}:{col}: (file): only handbook macros can be used between {{{{ and }}}}{hint}" in rows
    line, _ = _find(mini, CHAPTER, "{{ case() }}")
    assert f"{CHAPTER}:{line}:1: case: case() takes one id, not 0{hint}" in rows
    line, _ = _find(mini, CHAPTER, "{{ cases(foo='x') }}")
    assert f"{CHAPTER}:{line}:1: cases: cases() has no option 'foo'; use category, level, market, stage{hint}" in rows
    line, _ = _find(mini, CHAPTER, "{{ phrase(123) }}")
    assert f"{CHAPTER}:{line}:1: phrase: phrase() takes ids in quotes, e.g. phrase('…'){hint}" in rows


def test_unclosed_macro_call_is_reported_at_its_line(mini: Path) -> None:
    text = (mini / CHAPTER).read_text(encoding="utf-8")
    (mini / CHAPTER).write_text(text + "\n{{ case('case-001' }}\n", encoding="utf-8")
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    line, col = _find(mini, CHAPTER, "{{ case('case-001' }}")
    assert any(r.startswith(f"{CHAPTER}:{line}:{col}: (file): a macro call or {{{{ … }}}} is not written correctly")
               for r in _rows(result)), result.stderr


def test_explicit_tags_are_refused_before_they_build_anything(mini: Path) -> None:
    """!!binary could smuggle a NUL into a text, !!set builds a set: every explicit tag is refused."""
    edit(CASE, "  text: Muss ich", "  text: !!binary TXVzcwBpY2g=\n  note: Muss ich")(mini)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    line, col = _find(mini, CASE, "!!binary")
    assert (f"{CASE}:{line}:{col}: (file): invalid YAML: tag not allowed: !!binary — hint: remove the !!tag; "
            "only plain YAML values are accepted") in _rows(result)


# --- every other command has the same last line of defence (issue 14, follow-up) ---------------
# Bad content gives the same `path:line:col: field: message — hint` rows as validate and exit 1;
# a bug in the tools gives one "please report" row and exit 2; a traceback only with --debug.

def _gbk(rel: str) -> Callable[[Path], tuple[int, int]]:
    def apply(root: Path) -> tuple[int, int]:
        raw = (root / rel).read_text(encoding="utf-8").encode("gbk")
        (root / rel).write_bytes(raw)
        return _first_bad_byte(raw)
    return apply


def _impossible_date(root: Path) -> tuple[int, int]:
    edit(MARKET, "checked: 2026-11-20", "checked: 2026-02-30")(root)
    return _find(root, MARKET, "checked: 2026-02-30")


def _symlink_loop(root: Path) -> tuple[int, int]:
    os.symlink("case-015.yaml", root / "cases/library/case-015.yaml")
    return 1, 1


def _with_site(change: Callable[[Path], tuple[int, int]]) -> Callable[[Path], tuple[int, int]]:
    def apply(root: Path) -> tuple[int, int]:  # `handbook pdf` first looks for a built site
        (root / "site").mkdir()
        (root / "site/index.html").write_text("<!doctype html><title>x</title>\n", encoding="utf-8")
        return change(root)
    return apply


DATE_ROW = ("consumer.withdrawal.checked: '2026-02-30' is not a real date (day is out of range for month) — "
            "hint: check the day and the month; write dates as YYYY-MM-DD")
LOOP_ROW = ("(file): symbolic links are not allowed in data folders (this one points to itself or to a missing "
            "file) — hint: replace the link with the file itself")
COMMANDS = [  # (command, broken input, file, the row after path:line:col: )
    (("new", "case", "refund-delay"), _gbk(CASE), CASE, f"(file): {GBK_HINT}"),
    (("codeowners",), _impossible_date, MARKET, DATE_ROW),
    (("pdf", "--market", "DE"), _with_site(_symlink_loop), "cases/library/case-015.yaml", LOOP_ROW),
    (("i18n-status",), _gbk(CHAPTER), CHAPTER, f"(file): {GBK_HINT}"),
    (("i18n-status", "--accept"), _symlink_loop, "cases/library/case-015.yaml", LOOP_ROW),
    (("check-links", "--external", "--timeout", "0.1"), _impossible_date, MARKET, DATE_ROW),
]


@pytest.mark.parametrize("command,change,rel,row", COMMANDS, ids=[" ".join(c[0][:2]) for c in COMMANDS])
def test_every_command_reports_bad_content_as_rows(mini: Path, command: tuple[str, ...],
                                                   change: Callable[[Path], tuple[int, int]], rel: str,
                                                   row: str) -> None:
    assert run_handbook(mini, "i18n-status", "--accept").returncode == 0  # translations recorded
    lock = (mini / "translations.lock").read_bytes()
    assert b"case-001.yaml" in lock and b"case-015" not in lock
    before = sorted(p.relative_to(mini).as_posix() for p in mini.rglob("*"))
    line, col = change(mini)
    result = run_handbook(mini, *command)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{rel}:{line}:{col}: {row}" in _rows(result)
    # nothing written from data that could not be read: no new file, the translation records kept
    assert (mini / "translations.lock").read_bytes() == lock
    after = sorted(p.relative_to(mini).as_posix() for p in mini.rglob("*"))
    assert set(after) - set(before) <= {"cases/library/case-015.yaml", "site", "site/index.html"}


def test_schemas_rewrites_a_mangled_schema_file(mini: Path) -> None:
    """`handbook schemas` reads no content; a generated file saved in another encoding is rewritten."""
    assert run_handbook(mini, "schemas").returncode == 0
    path = mini / "schemas/case.schema.json"
    good = path.read_bytes()
    path.write_bytes(good.decode("utf-8").encode("gbk", "replace") + b"\xff\xfe")
    result = run_handbook(mini, "schemas")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.strip() == "1 schema(s) updated in schemas/"
    assert path.read_bytes() == good


# The same simulated bug as above, or one in the translation and schema code, under each command.
_CHECKS_BUG = """
import sys
import handbook.checks as checks
real = checks.load_file
def boom(path):
    if path.as_posix().endswith({case!r}):
        real(path)  # sets the file being read
        raise KeyError("simulated bug")
    return real(path)
checks.load_file = boom
{run}
"""
_SCHEMA_BUG = """
import sys
import handbook.schemas as schemas
def boom(kind):
    raise KeyError("simulated bug")
schemas.schema_text = boom
{run}
"""
BUGS = [(("codeowners",), _BOOM, CASE), (("new", "case", "x"), _BOOM, CASE), (("pdf",), _BOOM, CASE),
        (("check-links", "--external"), _BOOM, CASE), (("i18n-status",), _CHECKS_BUG, CASE),
        (("schemas",), _SCHEMA_BUG, "(handbook)")]


@pytest.mark.parametrize("command,bug,rel", BUGS, ids=[c[0][0] for c in BUGS])
def test_every_command_turns_an_unexpected_exception_into_one_row_and_exit_2(
        mini: Path, command: tuple[str, ...], bug: str, rel: str) -> None:
    (mini / "site").mkdir()
    (mini / "site/index.html").write_text("<!doctype html><title>x</title>\n", encoding="utf-8")
    run = f"from handbook.cli import main; sys.exit(main(['--root', {str(mini)!r}, *{list(command)!r}]))"
    result = subprocess.run([sys.executable, "-c", bug.format(case=CASE, run=run)], capture_output=True, text=True)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    name = f"handbook {command[0]}"
    assert (f"{rel}:1:1: (file): internal error while checking this file (KeyError: 'simulated bug') — hint: this "
            "is a bug in the handbook tools, not necessarily in your file: please report it with this file attached; "
            f"`{name} --debug` shows the details") in result.stderr.splitlines(), result.stderr
    assert (f"{name} stopped on an internal error (exit status 2); run it again with --debug for the details"
            in result.stderr.splitlines())
    debug = subprocess.run([sys.executable, "-c", bug.format(case=CASE, run=run.replace("]))", ", '--debug']))"))],
                           capture_output=True, text=True)
    assert debug.returncode == 2
    assert "Traceback (most recent call last)" in debug.stderr and "KeyError: 'simulated bug'" in debug.stderr


@pytest.mark.parametrize("command", [("validate",), ("codeowners",)])
def test_pyproject_that_cannot_be_read_is_a_row(mini: Path, command: tuple[str, ...]) -> None:
    """[tool.handbook] in pyproject.toml is trainer-edited too (owners, freshness_days)."""
    text = (mini / "pyproject.toml").read_text(encoding="utf-8")
    (mini / "pyproject.toml").write_text(text.replace("level_min_items = 2", "level_min_items = 2\nowners = [x"),
                                         encoding="utf-8")
    result = run_handbook(mini, *command)
    assert result.returncode == 1, result.stdout + result.stderr
    line, _ = _find(mini, "pyproject.toml", "owners = [x")
    rows = [r for r in _rows(result) if r.startswith("pyproject.toml:")]
    assert len(rows) == 1 and rows[0].startswith(f"pyproject.toml:{line}:") and ": (file): invalid TOML: " in rows[0]
    (mini / "pyproject.toml").write_text(text.replace("level_min_items = 2", 'level_min_items = "two"'),
                                         encoding="utf-8")
    result = run_handbook(mini, *command)
    assert result.returncode == 1
    line, _ = _find(mini, "pyproject.toml", "[tool.handbook]")
    assert any(r.startswith(f"pyproject.toml:{line}:1: tool.handbook: a setting has the wrong type") for r in _rows(result))


def test_search_vocabulary_mistakes_are_rows(tmp_path: Path) -> None:
    """Trainers add market names to the search vocabulary: its mistakes are rows like any file's."""
    from handbook.search.vocabulary import VOCABULARY, check_vocabulary

    assert check_vocabulary(REPO) == []
    broken = tmp_path / "vocabulary.yaml"
    text = VOCABULARY.read_text(encoding="utf-8")
    broken.write_text(text.replace("  phrase: {", "  phrasee: {", 1).replace('"on"', "on", 1), encoding="utf-8")
    rows = [p.format() for p in check_vocabulary(tmp_path, broken)]
    assert any("yes/no value true" in r and 'quote it: "on"' in r for r in rows), rows
    broken.write_text(text.replace("  phrase: {", "  phrasee: {", 1), encoding="utf-8")
    rows = [p.format() for p in check_vocabulary(tmp_path, broken)]
    row = next(r for r in rows if "kinds.phrasee: unknown kind 'phrasee'" in r)
    lines = broken.read_text(encoding="utf-8").split("\n")
    assert row.startswith(f"vocabulary.yaml:{lines.index(next(l for l in lines if l.startswith('  phrasee:'))) + 1}:3: "), row
    broken.write_text("kinds: [\n", encoding="utf-8")
    rows = [p.format() for p in check_vocabulary(tmp_path, broken)]
    assert rows and rows[0].startswith("vocabulary.yaml:"), rows


# --- issue 14 audit: inputs tried as a trainer would, each a row with a hint that says what to change ---

import shutil  # noqa: E402

from conftest import make_mini  # noqa: E402

AUDIT = [
    Broken("number-where-text", edit(CASE, "en: Hiking jacket}", "en: 12.12}"), CASE, "product.en",
           '12.12 was read as a number, not as the text "12.12" — hint: quote it: "12.12"', "product:"),
    Broken("number-keeps-its-spelling", edit(CASE, "markets: [DE]", "markets: [1.10]"), CASE, "markets[0]",
           '1.10 was read as a number, not as the text "1.10" — hint: quote it: "1.10"', "markets:"),
    Broken("date-where-text", edit(CASE, "en: Hiking jacket}", "en: 2026-12-12}"), CASE, "product.en",
           '2026-12-12 was read as a date, not as the text "2026-12-12" — hint: quote it: "2026-12-12"', "product:"),
    Broken("empty-value-where-text", edit(CASE, "en: Hiking jacket}", "en: }"), CASE, "product.en",
           "the value is empty — hint: write it after the colon", "product:"),
    Broken("number-as-field-name", edit(CASE, "\nstage: pre_sale", "\n12: x\nstage: pre_sale"), CASE, "12",
           "the field name 12 is a number, not a name — hint: field names are words such as 'title': "
           "fix or remove this line", "12: x"),
    Broken("null-as-field-name", edit(CASE, "\nstage: pre_sale", "\n~: x\nstage: pre_sale"), CASE, "~",
           "the field name ~ is empty (YAML null), not a name", "~: x"),
    Broken("tab-indentation-in-nested-mapping", edit(CASE, "customer_wrote:\n  lang: de", "customer_wrote:\n\tlang: de"),
           CASE, "(file)", "invalid YAML: a tab character — hint: indent with spaces, never tabs", "\tlang"),
    Broken("integer-longer-than-python-reads", edit(MARKET, "    days: 14", "    days: " + "9" * 5000), MARKET, "(file)",
           "the number is 5000 digits long — hint: if it is text (an order number, a code), put it in quotes",
           "9999"),
    Broken("backslash-in-double-quotes", edit(CASE, "stage: pre_sale", 'stage: "C:\\Users\\x"'), CASE, "(file)",
           "hint: inside double quotes a backslash starts an escape: write \\\\ for one backslash, "
           "or use single quotes", "C:\\"),
    Broken("merge-conflict-markers", edit(CASE, "stage: pre_sale\n",
                                          "<<<<<<< HEAD\nstage: pre_sale\n=======\nstage: in_sale\n>>>>>>> theirs\n"),
           CASE, "(file)", "unresolved merge conflict (a line starting with <<<<<<<) — hint: keep one version of "
           "the lines between <<<<<<< and >>>>>>>, then delete the three marker lines", "<<<<<<<"),
    Broken("folder-named-like-a-data-file", lambda root: (root / "cases/library/case-077.yaml").mkdir(),
           "cases/library/case-077.yaml", "(file)", "this is a folder, not a file", 1),
    Broken("macro-option-with-unknown-value", edit(CHAPTER, "{{ case('case-001') }}", "{{ cases(category='culture') }}"),
           CHAPTER, "cases", "cases() has no category 'culture'", "cases("),
    Broken("placeholder-not-closed", edit(PHRASE, "für Bestellung {order_id}", "für Bestellung {order_id."), PHRASE,
           "texts.de", "the placeholder {order_id is not closed — hint: write {order_id}", "  de:"),
    Broken("very-long-value-is-shortened", edit(CASE, "id: case-001", "id: case-" + "1" * 5000), CASE, "id",
           "'case-" + "1" * 40 + "… (5005 characters)' has the wrong form", "id: case-"),
    Broken("second-document", edit(CASE, "stage: pre_sale\n", "stage: pre_sale\n---\nid: case-002\n"), CASE, "(file)",
           "but found another document (expected a single document in the stream) — hint: a data file holds one "
           "entry: remove the '---' line and what follows it, or move that part into a file of its own", "---"),
    Broken("bracket-never-closed", write("cases/library/case-015.yaml", "id: case-015\nmarkets: [\n"),
           "cases/library/case-015.yaml", "(file)", "hint: a [ or { is not closed", 3),
    Broken("item-indented-wrongly", edit(CASE, "\nsops: [sop-service-process]", "\n- sop-service-process"), CASE,
           "(file)", "did not find expected key (while parsing a block mapping) — hint: check the indentation "
           "of this line against the lines above", "- sop-service-process"),
    Broken("text-where-a-list-belongs", edit(CASE, "markets: [DE]", "markets: DE"), CASE, "markets",
           "expected a list — hint: write [DE] or one '- DE' per line below", "markets:"),
    Broken("one-language-where-both-belong", edit(CASE, "product: {zh: 登山外套, en: Hiking jacket}",
                                                  "product: Hiking jacket"), CASE, "product",
           "expected a text in both languages, not a single value — hint: write it as {zh: …, en: …}", "product:"),
    Broken("placeholder-registry-deleted", lambda root: (root / "cases/placeholders.yaml").unlink(),
           "cases/placeholders.yaml", "(file)", "the placeholder registry is missing — hint: restore it "
           "(git checkout cases/placeholders.yaml)", 1),
    Broken("translations-lock-with-conflict", write("translations.lock", '{\n<<<<<<< HEAD\n "a": 1\n}\n'),
           "translations.lock", "(file)", "unresolved merge conflict", 2),
    Broken("translations-lock-not-json", write("translations.lock", '{\n "docs/x.md": "ab",\n}\n'),
           "translations.lock", "(file)", "translations.lock is not valid JSON", 3),
]


@pytest.mark.parametrize("broken", AUDIT, ids=[b.name for b in AUDIT])
def test_audited_input_is_a_row_with_a_hint(mini: Path, broken: Broken) -> None:
    test_broken_input_is_reported_with_file_line_and_field(mini, broken)


def test_mac_line_endings_raise_no_modeline_row(mini: Path) -> None:
    (mini / CASE).write_bytes((mini / CASE).read_bytes().replace(b"\n", b"\r"))
    result = run_handbook(mini, "validate")
    assert result.returncode == 0, result.stderr


def test_unreadable_folder_is_one_row_not_a_cascade(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root (CI) a chmod 000 folder is still readable, so listing it is made to fail the way it
    does for a trainer: the folder is reported, not every reference into it."""
    from handbook.validation import validate

    real_scandir = os.scandir
    denied = {mini / "sops", mini / "docs" / "chapters"}

    def scandir(path="."):
        if Path(path) in denied:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    rows = [p.format() for p in validate(mini)]
    hint = "check that the folder exists and that you may read it"
    assert f"sops:1:1: (file): the folder cannot be read (Permission denied) — hint: {hint}" in rows, rows
    assert f"docs/chapters:1:1: (file): the folder cannot be read (Permission denied) — hint: {hint}" in rows, rows
    assert not [r for r in rows if "unknown SOP" in r or "unknown id" in r], rows


def _as_nobody(root: Path, *args: str) -> subprocess.CompletedProcess[str] | None:
    """``handbook`` run as the user nobody, or None when no Python here can run as nobody."""
    import site
    paths = os.pathsep.join([str(REPO / "macros"), *site.getsitepackages()])
    for python in (sys.executable, "/usr/bin/python3"):
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "env", f"PYTHONPATH={paths}",
                   "HOME=/tmp", python]
        if subprocess.run([*command, "-c", "import handbook.cli"], capture_output=True).returncode == 0:
            return subprocess.run([*command, "-m", "handbook.cli", "--root", str(root), *args],
                                  capture_output=True, text=True)
    return None


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv"), reason="needs root to drop to nobody")
def test_unreadable_folder_as_a_trainer() -> None:
    """The same through the real file system, as an ordinary user (nobody) sees a chmod 000 folder."""
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)  # pytest's tmp_path is private to root
        root = make_mini(Path(folder) / "mini")
        (root / "sops").chmod(0)
        try:
            result = _as_nobody(root, "validate")
        finally:
            (root / "sops").chmod(0o755)
    if result is None:
        pytest.skip("no Python here can be run as nobody")
    assert result.returncode == 1, result.stderr
    assert "sops:1:1: (file): the folder cannot be read (Permission denied)" in result.stderr, result.stderr
    assert "unknown SOP" not in result.stderr


@pytest.mark.parametrize("change", [
    edit(MARKET, "    days: 14", "    days: " + "9" * 5000),   # the file cannot be parsed
    edit(MARKET, "code: DE", "code: NO"),                     # parsed, but its code is no text
], ids=["unparseable", "code-read-as-false"])
def test_a_broken_file_is_one_row_not_one_per_reference(mini: Path, change: Callable[[Path], None]) -> None:
    """References to a file that cannot be read or validated are resolved by its file name, which
    must equal its id: the trainer sees what is wrong with de.yaml, not every case that names DE."""
    change(mini)
    result = run_handbook(mini, "validate")
    assert result.returncode == 1
    rows = [r for r in _rows(result) if r.startswith(("cases/", "sops/", "docs/"))]
    assert rows and all(r.startswith(MARKET) for r in rows), rows


def test_chapter_with_a_bad_name_is_one_row(mini: Path) -> None:
    """A chapter whose name is not UTF-8 (or a link to nothing) gets its own row only, not also
    'the English chapter is missing' with an undecodable name to add."""
    os.rename(mini / CHAPTER, os.path.join(os.fsencode(mini / "docs/chapters"), b"ch-\xff.md"))
    os.rename(mini / CHAPTER.replace(".md", ".en.md"), mini / "docs/chapters/ch-x.en.md")
    os.symlink("nowhere.md", mini / "docs/chapters/gone.md")
    # (docs/index.md's link to the renamed chapter is a row of its own: the link does lead nowhere)
    rows = [r for r in _rows(run_handbook(mini, "validate")) if r.startswith("docs/") and ": (link): " not in r]
    assert sorted(r.split(": (file): ")[1].split(" — ")[0] for r in rows) == [
        "the name is not valid UTF-8 text", "this symbolic link points to itself or to a missing file"], rows
