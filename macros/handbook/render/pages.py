"""Every page generated from data, as (docs source path, language) -> Markdown.

One YAML file is enough to get a page: nothing here is written by hand per entity.
Generated pages switch off Jinja rendering so that content can never be read as a template.
"""

from __future__ import annotations

import html
import json
from typing import Callable, Iterator

from ..chapters import quiz_pages
from ..edition import SiteInfo
from ..repository import Handbook
from . import paths
from .assessments import assessment_page, assessment_path, assessment_sets, assessments_index
from .cases import case_page, cases_index
from .glossary import glossary_page
from .html import Ctx, link_list, shorten
from .dashboard import dashboard_page
from .markets import changes_page, market_page, markets_index
from .phrases import phrases_page
from .progress import ANSWER_KEY, PROGRESS, answer_key_page, progress_page
from .team import TEAM, team_page
from .quickref import booklet_page, quickref_page
from .sops import sop_page, sops_index

FRONT_MATTER = "---\nrender_macros: false\nhb_generated: {kind}\nhb_source: {source}\n{extra}---\n\n"
# Pages that repeat what other pages hold (printed guides, the answer key) or hold no prose stay
# out of the search index: readers download a smaller index and get no duplicate hits.
NOT_SEARCHED = {"quickref", "answer-key", "progress", "dashboard", "team"}


# The search type of each kind of generated page (the theme marks it for Pagefind); kinds not
# listed are not searched as pages (index pages list titles; phrases and glossary terms are
# searched as records of their own, see handbook.search.records).
SEARCH_TYPE = {"case": "case", "sop": "sop", "market": "rule", "changes": "rule"}


def search_filters(handbook: Handbook, kind: str, ident: str | None) -> list[tuple[str, str]]:
    """(filter, value) pairs of a generated page: market, stage, level for the search filters."""
    if kind == "case" and ident in handbook.cases:
        case = handbook.cases[ident]
        return ([("market", m) for m in handbook.market_codes(case.markets)]
                + [("stage", case.stage), ("level", case.level)])
    if kind == "sop" and ident in handbook.sops:
        return [("stage", st) for st in handbook.sops[ident].stages]
    if kind == "market" and ident in handbook.markets:
        return [("market", ident)]
    return []


def describe(handbook: Handbook, kind: str, ident: str | None, lang: str, limit: int = 160) -> str:
    """The meta description of a generated page, from its data (pages without one get their first
    paragraph from the MkDocs adapter)."""
    text = ""
    if kind == "case" and ident in handbook.cases:
        text = handbook.cases[ident].situation.get(lang)
    elif kind == "market" and ident in handbook.markets:
        text = handbook.markets[ident].summary.get(lang)
    elif kind == "sop" and ident in handbook.sops:
        sop = handbook.sops[ident]
        text = f"{sop.trigger.get(lang)} {sop.goal.get(lang)}"
    return shorten(" ".join(text.replace("**", "").replace("`", "").split()), limit)


def _front(kind: str, source: str, filters: list[tuple[str, str]] | None = None) -> str:
    extra = "search:\n  exclude: true\n" if kind in NOT_SEARCHED else ""
    if kind in SEARCH_TYPE and kind not in NOT_SEARCHED:
        extra += f"hb_search: {SEARCH_TYPE[kind]}\n"
        if filters:
            extra += "hb_filters:\n" + "".join(f"  - [{k}, {v}]\n" for k, v in filters)
    return FRONT_MATTER.format(kind=kind, source=source, extra=extra)


def page_plan(handbook: Handbook, site: SiteInfo) -> Iterator[tuple[str, str, str, Callable[[Ctx], str]]]:
    """(docs path, kind, repo-relative data source, renderer) for every generated page."""
    hb = handbook
    yield paths.BOOKLET, "quickref", "cases/markets", lambda ctx: booklet_page(ctx, hb, site)
    yield paths.MARKETS, "index", "cases/markets", lambda ctx: markets_index(ctx, hb)
    yield paths.CASES, "index", "cases/library", lambda ctx: cases_index(ctx, hb)
    yield paths.SOPS, "index", "sops", lambda ctx: sops_index(ctx, hb)
    yield paths.PHRASES, "index", "cases/phrases", lambda ctx: phrases_page(ctx, hb)
    yield paths.GLOSSARY, "index", "cases/glossary", lambda ctx: glossary_page(ctx, hb)
    pages = quiz_pages(hb.root)
    yield PROGRESS, "progress", "cases/quizzes", lambda ctx: progress_page(ctx, hb, pages)
    yield ANSWER_KEY, "answer-key", "cases/quizzes", lambda ctx: answer_key_page(ctx, hb, pages)
    yield paths.DASHBOARD, "dashboard", "cases", lambda ctx: dashboard_page(ctx, hb, pages)
    yield TEAM, "team", "cases/quizzes", lambda ctx: team_page(ctx, hb)
    yield paths.CHANGES, "changes", "cases/markets", lambda ctx: changes_page(ctx, hb)
    levels = assessment_sets(hb)
    if levels:
        yield "assessments/index.md", "index", "cases/quizzes", lambda ctx: assessments_index(ctx, hb)
    for level, quiz in levels.items():
        yield (assessment_path(level), "assessment", hb.source_of("quiz", quiz.id),
               lambda ctx, q=quiz: assessment_page(ctx, q, hb))
    for code, market in hb.markets.items():
        yield (paths.market(code), "market", hb.source_of("market", code),
               lambda ctx, m=market: market_page(ctx, hb, m, link_list))
        yield (paths.quickref(code), "quickref", hb.source_of("market", code),
               lambda ctx, m=market: quickref_page(ctx, hb, m, site))
    for ident, case in hb.cases.items():
        yield paths.case(ident), "case", hb.source_of("case", ident), lambda ctx, c=case: case_page(ctx, hb, c)
    for ident, sop in hb.sops.items():
        yield paths.sop(ident), "sop", hb.source_of("sop", ident), lambda ctx, s=sop: sop_page(ctx, hb, s)


def localized_path(src: str, lang: str, default: str = "zh") -> str:
    """static-i18n's suffix layout: ``x.md`` is the default language, ``x.en.md`` English."""
    return src if lang == default else f"{src[:-3]}.{lang}.md"


def render_all(handbook: Handbook, languages: tuple[str, ...], site: SiteInfo | None = None) -> dict[str, str]:
    """Every generated page in every language, keyed by its localized docs path."""
    site = site or SiteInfo()
    out: dict[str, str] = {}
    ident_of = {source: key.split(":", 1)[1] for key, source in handbook.origins.items()}
    for src, kind, source, render in page_plan(handbook, site):
        ident = ident_of.get(source)
        front = _front(kind, source, search_filters(handbook, kind, ident))
        for lang in languages:
            ctx = Ctx(lang=lang, page=src, site=site)
            text = describe(handbook, kind, ident, lang)
            # JSON is valid YAML; the theme prints the description unescaped, hence html.escape
            desc = f"description: {json.dumps(html.escape(text, quote=True), ensure_ascii=False)}\n" if text else ""
            out[localized_path(src, lang)] = front.replace("---\n\n", desc + "---\n\n", 1) + render(ctx)
    return out
