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


def macro_calls(root: Path) -> list[MacroCall]:
    calls = []
    for path in sorted((root / "docs").rglob("*.md")):
        rel = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
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
    problems = []
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
