"""Check the macro calls in Markdown chapters against the data, so a typo in an id is reported
as ``docs/file.md:line`` by ``handbook validate`` instead of failing inside the build."""

from __future__ import annotations

import re
from pathlib import Path

from .problems import Problem
from .repository import Handbook

CALL = re.compile(r"\{\{\s*(case|sop|phrase|quiz|market_facts|market_table)\(([^)]*)\)\s*\}\}")
ARG = re.compile(r"""['"]([^'"]+)['"]""")
TOPICS = {"withdrawal", "refund", "return_costs", "guarantee", "vat", "imports", "privacy"}


def check_chapters(handbook: Handbook, docs_dir: Path) -> list[Problem]:
    tables = {
        "case": handbook.cases, "sop": handbook.sops, "phrase": handbook.phrases,
        "quiz": handbook.quizzes, "market_facts": handbook.markets, "market_table": TOPICS,
    }
    problems = []
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(handbook.root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for call in CALL.finditer(line):
                name = call.group(1)
                for arg in ARG.finditer(call.group(2)):
                    if arg.group(1) not in tables[name]:
                        problems.append(Problem(rel, number, call.start() + 1, name,
                                                f"unknown id '{arg.group(1)}'",
                                                "check the spelling against the data files"))
    return problems
