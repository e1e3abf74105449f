"""mkdocs-macros module: the functions chapters call to embed data.

Every macro reads the page language at call time (static-i18n changes it between builds)
and returns HTML/Markdown in which all content is escaped. Put each call on its own line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..render.benchmark import benchmark_tables
from ..render.cases import case_card, cases_table
from ..render.html import Ctx
from ..render.markets import comparison_table, facts_table
from ..render.phrases import phrase_block
from ..render.quizzes import quiz_set_block
from ..render.assessments import scorecard_table
from ..render.sops import sop_block
from ..repository import Handbook

_LANG_SUFFIX = re.compile(r"\.(en)\.md$")


def define_env(env: Any) -> None:
    def plugin() -> Any:
        found = env.conf.plugins.get("handbook")
        if found is None or found.handbook is None:
            raise RuntimeError("the handbook plugin must be listed before macros in mkdocs.yml")
        return found

    def handbook() -> Handbook:
        return plugin().handbook

    def ctx() -> Ctx:
        src = _LANG_SUFFIX.sub(".md", env.page.file.src_uri) if env.page else "index.md"
        return Ctx(lang=env.conf["theme"]["language"], page=src, site=plugin().site)

    def pick(kind: str, table: dict[str, Any], ident: str) -> Any:
        if ident not in table:
            raise KeyError(f"unknown {kind} '{ident}'")
        return table[ident]

    @env.macro
    def case(ident: str) -> str:
        """A collapsible case card linking to the case page."""
        hb = handbook()
        return case_card(ctx(), hb, pick("case", hb.cases, ident))

    @env.macro
    def cases(**filters: str) -> str:
        """A table of cases, filtered by market, stage, category or level."""
        hb = handbook()
        selected = [c for c in hb.cases.values()
                    if all((v in c.markets) if k == "market" else getattr(c, k) == v for k, v in filters.items())]
        return cases_table(ctx(), hb, selected)

    @env.macro
    def sop(ident: str) -> str:
        """An SOP with its steps, flow diagram and approval tiers."""
        hb = handbook()
        return sop_block(ctx(), hb, pick("SOP", hb.sops, ident), searchable=False)

    @env.macro
    def phrase(*idents: str) -> str:
        """One or more phrase templates."""
        hb = handbook()
        return "\n\n".join(phrase_block(ctx(), hb, pick("phrase", hb.phrases, i), searchable=False) for i in idents)

    @env.macro
    def quiz(ident: str) -> str:
        """A self-check quiz set."""
        hb = handbook()
        return quiz_set_block(ctx(), pick("quiz", hb.quizzes, ident))

    @env.macro
    def market_table(topic: str) -> str:
        """One rule (withdrawal, refund, return_costs, guarantee, vat, imports, privacy) across markets."""
        return comparison_table(ctx(), handbook(), topic, searchable=False)

    @env.macro
    def benchmark() -> str:
        """The latest `handbook bench` figures (benchmarks/results.json)."""
        path = Path(plugin().root) / "benchmarks" / "results.json"
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
        return benchmark_tables(ctx(), data)

    @env.macro
    def scorecard() -> str:
        """The quality scorecard of cases/scorecard.yaml (chapter 9)."""
        hb = handbook()
        if hb.scorecard is None:
            raise KeyError("cases/scorecard.yaml is missing")
        return scorecard_table(ctx(), hb.scorecard)

    @env.macro
    def market_facts(code: str) -> str:
        """The key-facts table of one market."""
        hb = handbook()
        return facts_table(ctx(), pick("market", hb.markets, code))
