"""Validation never crashes: property-based tests with Hypothesis.

Whatever bytes a trainer saves under cases/, sops/ or docs/, ``check`` returns problems or
success and never raises; no problem is an internal error (the last line of defence must not be
what keeps these tests green); every problem names a file and a line within that file, printed on
one line that any terminal can encode.

Every example works on its own copy of the mini handbook (tests/fixtures/mini) under tmp_path,
never on the repository. Profiles: the default (40 examples per property) is small enough for CI;
``HANDBOOK_HYPOTHESIS=long`` runs a thousand examples per property (a few minutes).
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from handbook.problems import Problem
from handbook.validation import check

MINI = Path(__file__).parent / "fixtures" / "mini"
CASE = "cases/library/case-001.yaml"

settings.register_profile(
    "default", max_examples=40, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile(
    "long", max_examples=1000, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("HANDBOOK_HYPOTHESIS", "default"))

_counter = itertools.count()


def fresh_copy(tmp_path: Path) -> Path:
    """A new copy per example: a new path also means the parse cache cannot answer from before."""
    root = tmp_path / f"ex{next(_counter)}"
    shutil.copytree(MINI, root, symlinks=True)
    return root


def line_count(path: Path) -> int:
    """Lines as an editor counts them: CRLF, CR and LF each end a line."""
    return len(re.split(rb"\r\n|\r|\n", path.read_bytes()))


def assert_sound(root: Path, problems: list[Problem]) -> None:
    for problem in problems:
        assert not problem.internal, problem.format() + "\n" + problem.detail
        assert problem.path and not problem.path.startswith(("/", "(")), problem
        row = problem.format()
        assert "\n" not in row and "\r" not in row, row
        row.encode("utf-8")  # printable: no lone surrogates left in path, field, message or hint
        assert problem.line >= 1 and problem.col >= 1, row
        path = root / problem.path
        if path.is_file() and not path.is_symlink():
            assert problem.line <= line_count(path), f"{row}\n(the file has {line_count(path)} lines)"
        else:  # a missing file, a link or a folder: the problem is about the file as a whole
            assert problem.line == 1, row


def run(root: Path) -> list[Problem]:
    handbook, problems = check(root)  # must not raise
    assert (handbook is None) == any(p.severity == "error" for p in problems)
    assert_sound(root, problems)
    return problems


# --- arbitrary bytes --------------------------------------------------------------------------

@given(data=st.binary(max_size=3000), target=st.sampled_from(
    [CASE, "cases/markets/de.yaml", "sops/sop-new.yaml", "cases/placeholders.yaml",
     "docs/chapters/02-core-skills.md", "docs/new.md"]))
def test_arbitrary_bytes(tmp_path: Path, data: bytes, target: str) -> None:
    root = fresh_copy(tmp_path)
    (root / target).write_bytes(data)
    run(root)


# --- YAML-like text ---------------------------------------------------------------------------

TOKENS = [
    "id: ", "case-001", "title: ", "zh: ", "en: ", "markets: ", "DE", "stage: ", "pre_sale", "checked: ",
    ":", ": ", "- ", "-", "[", "]", "{", "}", ", ", ",", "?", "? ", "|", "|-", ">", "#", " # ", "!", "!!str ",
    "!!python/object/apply:os.system ", "!!binary ", "&a ", "*a", "<<: ", "---", "...", "%YAML 1.1\n",
    "\n", "\n  ", "\n    ", "  ", "\t", "'", '"', "\\", '"\\0"', '"\\x07"', '"\\e"', '"\\u202e"', '"\\ud800"',
    "no", "NO", "on", "Off", "yes", "true", "null", "~", "2026-02-30", "2026-11-20", "2026-13-01",
    "2026-11-20 25:61:00", "0x1F", "1e400", ".inf", "-.nan", "0o17", "1_000", "12:30:00",
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\r", "\r\n",
    "\u202e", "\u200b", "\u00a0", "\u3000", "é", "中文", "عربي", "😀", "{{ case('x') }}", "<script>",
]


@st.composite
def yaml_like(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=6)), max_size=80))
    return "".join(parts)


@given(text=yaml_like(), prefix=st.booleans())
def test_yaml_like_text(tmp_path: Path, text: str, prefix: bool) -> None:
    root = fresh_copy(tmp_path)
    head = "# yaml-language-server: $schema=../../schemas/case.schema.json\nid: case-001\n" if prefix else ""
    (root / CASE).write_bytes((head + text).encode("utf-8", "surrogatepass"))
    run(root)


# --- nesting ------------------------------------------------------------------------------------

@given(depth=st.integers(0, 1200), closed=st.booleans(), style=st.sampled_from(["flow", "block", "map", "mixed"]))
def test_arbitrary_nesting(tmp_path: Path, depth: int, closed: bool, style: str) -> None:
    if style == "flow":
        body = "title: " + "[" * depth + "x" + ("]" * depth if closed else "")
    elif style == "map":
        body = "title: " + "{a: " * depth + "x" + ("}" * depth if closed else "")
    elif style == "mixed":
        body = "title: " + "".join("[{a: " if i % 2 else "[" for i in range(depth)) + "x"
        body += "".join("}]" if i % 2 else "]" for i in reversed(range(depth))) if closed else ""
    else:
        depth = min(depth, 400)  # block indentation grows quadratically in bytes
        body = "title:\n" + "".join("  " * (i + 1) + "- \n" for i in range(depth)) + "  " * (depth + 1) + "x\n"
    root = fresh_copy(tmp_path)
    (root / CASE).write_text("id: case-001\n" + body + "\n", encoding="utf-8")
    run(root)


_KEYS = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8)
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                     st.text(max_size=12), st.dates().map(str), st.sampled_from(["no", "on", "2026-02-30"]))
_TREES = st.recursive(_SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=4)), max_leaves=40)


@given(tree=_TREES, field=st.sampled_from(["title", "markets", "questions", "right", "extra"]))
def test_arbitrary_structures_in_a_real_file(tmp_path: Path, tree: object, field: str) -> None:
    import yaml

    root = fresh_copy(tmp_path)
    text = (root / CASE).read_text(encoding="utf-8")
    dumped = yaml.safe_dump({field: tree}, allow_unicode=True, default_flow_style=False)
    text = re.sub(rf"(?m)^{field}:.*\n(?:[ -].*\n)*", "", text) + dumped
    (root / CASE).write_text(text, encoding="utf-8")
    run(root)


# --- mutations of real data files -----------------------------------------------------------

MUTABLE = sorted(p.relative_to(MINI).as_posix() for p in MINI.rglob("*") if p.is_file())
INSERTS = [b"\x00", b"\t", b"\r", b"\xff", b"\xef\xbb\xbf", b"\xc3", b"\xe2\x80\xae", b"\xe2\x80\x8b",
           b"\xe2\x80\xa8", b": ", b"- ", b"[", b"{", b"'", b'"', b"&a ", b"*a ", b"!!python/name:os ",
           b"\n", b"\n  ", b"#", b"NO", b"2026-02-30", b"{{ case('case-999') }}", "中".encode("gbk"),
           b"{{", b"}}", b"{%", b"{{ order.name }}", b"{{ cases(foo='x') }}", b"{{ phrase(1) }}", b"{{ case() }}"]


@st.composite
def mutation(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int, bytes]]]:
    rel = draw(st.sampled_from(MUTABLE))
    size = (MINI / rel).stat().st_size
    steps = []
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["insert", "delete", "replace", "duplicate_line", "truncate", "reencode"]))
        at = draw(st.integers(0, max(size, 1)))
        length = draw(st.integers(0, 40))
        data = draw(st.one_of(st.sampled_from(INSERTS), st.binary(max_size=8)))
        steps.append((op, at, length, data))
    return rel, steps


def apply(raw: bytes, steps: list[tuple[str, int, int, bytes]]) -> bytes:
    for op, at, length, data in steps:
        at = min(at, len(raw))
        if op == "insert":
            raw = raw[:at] + data + raw[at:]
        elif op == "delete":
            raw = raw[:at] + raw[at + length:]
        elif op == "replace":
            raw = raw[:at] + data + raw[at + len(data):]
        elif op == "duplicate_line":
            start = raw.rfind(b"\n", 0, at) + 1
            end = raw.find(b"\n", at)
            end = len(raw) if end < 0 else end + 1
            raw = raw[:end] + raw[start:end] + raw[end:]
        elif op == "truncate":
            raw = raw[:at]
        elif op == "reencode":  # the whole file saved as GBK, as a Chinese Windows editor would
            raw = raw.decode("utf-8", "replace").encode("gbk", "replace")
    return raw


@given(change=mutation())
def test_mutations_of_real_files(tmp_path: Path, change: tuple[str, list]) -> None:
    rel, steps = change
    root = fresh_copy(tmp_path)
    path = root / rel
    path.write_bytes(apply(path.read_bytes(), steps))
    run(root)


# --- the file walk ------------------------------------------------------------------------------

NAMES = st.one_of(
    st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\0" not in b and b not in (b".", b"..")),
    st.sampled_from([b"case-\xff.yaml", b"\xd6\xd0\xce\xc4.md", b"x.yml", b"x.json", b"README.md", b".gitkeep",
                     b"case-002.yaml", b"loop.yaml", b"dir.yaml"]))


@given(name=NAMES, folder=st.sampled_from(["cases/library", "cases", "sops", "docs", "docs/chapters", "cases/new"]),
       kind=st.sampled_from(["file", "self-link", "dangling-link", "link-out", "folder", "fifo"]))
def test_arbitrary_names_and_links(tmp_path: Path, name: bytes, folder: str, kind: str) -> None:
    root = fresh_copy(tmp_path)
    base = os.fsencode(root / folder)
    os.makedirs(base, exist_ok=True)
    target = os.path.join(base, name)
    if os.path.lexists(target):
        return
    if kind == "file":
        with open(target, "wb") as handle:
            handle.write(b"id: x\n")
    elif kind == "self-link":
        os.symlink(target, target)
    elif kind == "dangling-link":
        os.symlink(b"nowhere", target)
    elif kind == "link-out":
        os.symlink(b"/etc/hostname", target)
    elif kind == "folder":
        os.mkdir(target)
        os.symlink(b"..", os.path.join(target, b"up.yaml"))
    else:
        os.mkfifo(target)
    run(root)


@pytest.mark.parametrize("rel", MUTABLE)
def test_every_fixture_file_truncated_at_every_line(tmp_path: Path, rel: str) -> None:
    """Deterministic companion: each mini file cut after each of its lines (a half-saved file)."""
    lines = (MINI / rel).read_bytes().splitlines(keepends=True)
    for keep in range(0, len(lines), max(1, len(lines) // 12)):
        root = fresh_copy(tmp_path)
        (root / rel).write_bytes(b"".join(lines[:keep]))
        run(root)
