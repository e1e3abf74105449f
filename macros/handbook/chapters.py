"""Macro calls in the Markdown chapters: checked against the data, so a typo in an id is reported
as ``docs/file.md:line`` by ``handbook validate`` instead of failing inside the build; and used to
find which chapter holds which quiz."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problem
from .render.markets import TOPICS
from .repository import Handbook
from .yamlsafe import YamlError, read_markdown, reading

CALL = re.compile(r"\{\{\s*(case|sop|phrase|quiz|market_facts|market_table|scorecard)\(([^)]*)\)\s*\}\}")
ARG = re.compile(r"""['"]([^'"]+)['"]""")
_LANG_SUFFIX = re.compile(r"\.(en)\.md$")


@dataclass(frozen=True)
class MacroCall:
    path: str      # repo-relative, e.g. docs/chapters/02-core-skills.en.md
    line: int
    col: int
    name: str
    args: tuple[str, ...]

    @property
    def page(self) -> str:
        """The docs-relative source of the page, without a language suffix."""
        return _LANG_SUFFIX.sub(".md", self.path.removeprefix("docs/"))


def read_chapters(root: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(repo-relative path, text) of every chapter, and a problem for each file under docs/ that
    cannot be read: not UTF-8 (a chapter saved as GBK), over the size limit, a link to itself or to
    nothing, or a name that is not valid UTF-8. The same rules and messages as for data files."""
    texts: list[tuple[str, str]] = []
    problems: list[Problem] = []
    docs = root / "docs"
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:
            if _bad_name(path.name):  # (a file inside a badly named folder: the folder is reported)
                problems.append(Problem(rel, 1, 1, "", "the name is not valid UTF-8 text",
                                        "rename it with letters, digits and '-' only"))
            continue
        if path.is_symlink() and not path.exists():
            problems.append(Problem(rel, 1, 1, "", "this symbolic link points to itself or to a missing file",
                                    "replace the link with the file itself"))
            continue
        if path.suffix != ".md" or path.is_dir():
            continue
        try:
            texts.append((rel, read_markdown(path)))
        except YamlError as exc:
            problems.append(Problem(rel, exc.line, exc.col, "", exc.message, exc.hint))
    reading(None)
    return texts, problems


def _bad_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def macro_calls(root: Path) -> list[MacroCall]:
    calls = []
    for rel, text in read_chapters(root)[0]:
        # CRLF, CR and LF end a line, as in editors (str.splitlines also splits at \f, \x85 …)
        for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
            for call in CALL.finditer(line):
                args = tuple(arg.group(1) for arg in ARG.finditer(call.group(2)))
                calls.append(MacroCall(rel, number, call.start() + 1, call.group(1), args))
    return calls


def quiz_pages(root: Path) -> dict[str, str]:
    """Quiz set id -> the docs source of the (first) chapter that embeds it."""
    pages: dict[str, str] = {}
    for call in macro_calls(root):
        if call.name == "quiz" and call.args:
            pages.setdefault(call.args[0], call.page)
    return pages


def check_chapters(handbook: Handbook) -> list[Problem]:
    tables = {
        "case": handbook.cases, "sop": handbook.sops, "phrase": handbook.phrases,
        "quiz": handbook.quizzes, "market_facts": handbook.markets, "market_table": TOPICS,
    }
    problems = read_chapters(handbook.root)[1]
    for call in macro_calls(handbook.root):
        if call.name == "scorecard":
            if handbook.scorecard is None:
                problems.append(Problem(call.path, call.line, call.col, call.name,
                                        "the scorecard file cases/scorecard.yaml is missing",
                                        "add it, or remove the scorecard() call"))
            continue
        for arg in call.args:
            if arg not in tables[call.name]:
                problems.append(Problem(call.path, call.line, call.col, call.name, f"unknown id '{arg}'",
                                        "check the spelling against the data files"))
    return problems
