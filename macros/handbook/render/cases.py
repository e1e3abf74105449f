"""Case cards and pages, and the case library index."""

from __future__ import annotations

from ..models import Case
from ..models.base import CATEGORIES, LEVELS, STAGES
from ..repository import Handbook
from . import paths
from .html import Ctx, badges, esc, lang_attrs, link_list, md_text, rich, table, translation_note
from .phrases import phrase_links
from .quizzes import quiz_block
from .strings import label, t, ui_json


def market_names(ctx: Ctx, handbook: Handbook, codes: list[str]) -> str:
    if "all" in codes:
        return t(ctx.lang, "all_markets")
    return ", ".join(handbook.markets[c].name.get(ctx.lang) for c in codes)


def case_badges(ctx: Ctx, handbook: Handbook, case: Case) -> str:
    lang = ctx.lang
    return badges([
        ("market", market_names(ctx, handbook, list(case.markets))),
        ("stage", t(lang, f"stage.{case.stage}")),
        ("category", t(lang, f"category.{case.category}")),
        ("level", t(lang, f"level.{case.level}")),
    ])


def _body(ctx: Ctx, handbook: Handbook, case: Case, heading_level: int) -> list[str]:
    lang = ctx.lang
    wrote = case.customer_wrote
    h = "#" * heading_level

    def heading(key: str, anchor: str) -> str:
        if heading_level:
            return f"{h} {md_text(t(lang, key))} {{#{case.id}-{anchor}}}"
        return f'<p class="hb-subhead"><strong>{esc(t(lang, key))}</strong></p>'

    steps = "".join(f"<li>{rich(step.get(lang))}</li>" for step in case.right)
    points = "".join(f"<li>{rich(p.get(lang))}</li>" for p in case.key_points)
    gloss = "" if wrote.lang == lang else (
        f'<p class="hb-gloss"><small>{esc(label(lang, "case.gloss"))}{esc(wrote.gloss.get(lang))}</small></p>')
    parts = [
        case_badges(ctx, handbook, case),
        f'<dl class="hb-case-meta"><dt>{esc(t(lang, "case.product"))}</dt><dd>{esc(case.product.get(lang))}</dd>'
        f'<dt>{esc(t(lang, "case.channel"))}</dt><dd>{esc(case.channel.get(lang))}</dd></dl>',
        heading("case.situation", "situation"),
        f"<p>{rich(case.situation.get(lang))}</p>",
        f'<blockquote class="hb-customer"><p class="hb-customer-label">{esc(t(lang, "case.customer_wrote"))}</p>'
        f'<p {lang_attrs(wrote.lang)}>{esc(wrote.text)}</p>{gloss}</blockquote>',
        heading("case.wrong", "wrong"),
        f'<div class="hb-wrong"><p>{rich(case.wrong.action.get(lang))}</p>'
        f'<p><strong>{esc(label(lang, "case.cost"))}</strong>{rich(case.wrong.cost.get(lang))}</p></div>',
        heading("case.right", "right"),
        f'<ol class="hb-right">{steps}</ol>',
        heading("case.key_points", "key-points"),
        f'<ul class="hb-points">{points}</ul>',
    ]
    if case.sources:
        items = "".join(
            f'<li>{rich(src.note.get(lang))} (<a href="{esc(src.source)}" rel="noopener">{esc(src.source.split("/")[2])}</a>, '
            f'{esc(t(lang, "market.checked"))} <time datetime="{src.checked.isoformat()}">{src.checked.isoformat()}</time>)</li>'
            for src in case.sources)
        parts += [heading("case.sources", "sources"), f'<ul class="hb-case-sources">{items}</ul>']
    if case.sops:
        parts += [heading("case.sops", "sops"), link_list(
            ctx, [(paths.sop(i), handbook.sops[i].title.get(lang)) for i in case.sops])]
    if case.phrases:
        parts += [heading("case.phrases", "phrases"), link_list(ctx, phrase_links(ctx, handbook, list(case.phrases)))]
    if case.questions:
        parts += [heading("case.self_check", "quiz"), quiz_block(ctx, list(case.questions), case.id)]
    return parts


def case_card(ctx: Ctx, handbook: Handbook, case: Case) -> str:
    """A case embedded in a chapter: collapsible, linking to its own page."""
    lang = ctx.lang
    body = "\n".join(_body(ctx, handbook, case, heading_level=0))
    # The case page itself is indexed; its copy in a chapter would be a duplicate hit.
    return (f'<details class="hb-case" id="{esc(case.id)}" data-search-exclude><summary><strong>{esc(case.title.get(lang))}</strong> '
            f'<a href="{ctx.href(paths.case(case.id))}" class="hb-permalink">{esc(case.id)}</a></summary>\n'
            f"{body}\n</details>")


def case_page(ctx: Ctx, handbook: Handbook, case: Case) -> str:
    return (f"# {md_text(case.title.get(ctx.lang))}\n\n"
            + translation_note(ctx, handbook.source_of("case", case.id)) + "\n\n"
            + "\n\n".join(_body(ctx, handbook, case, heading_level=2)) + "\n")


def cases_table(ctx: Ctx, handbook: Handbook, cases: list[Case]) -> str:
    lang = ctx.lang
    rows = [
        f'<tr id="row-{c.id}" data-markets="{" ".join(c.markets)}" data-stage="{c.stage}" data-category="{c.category}" '
        f'data-level="{c.level}" data-text="{esc(" ".join((c.id, c.title.get(lang), c.product.get(lang))).lower())}">'
        f'<th scope="row"><a href="{ctx.href(paths.case(c.id))}">{esc(c.title.get(lang))}</a></th>'
        f"<td>{esc(market_names(ctx, handbook, list(c.markets)))}</td><td>{esc(t(lang, f'stage.{c.stage}'))}</td>"
        f"<td>{esc(t(lang, f'category.{c.category}'))}</td><td>{esc(t(lang, f'level.{c.level}'))}</td></tr>"
        for c in cases]
    headers = [t(lang, k) for k in ("case.title", "case.markets", "case.stage", "case.category", "case.level")]
    return (f'<p class="hb-count" aria-live="polite">{esc(t(lang, "case.count", n=len(cases)))}</p>\n'
            + table("hb-cases", headers, rows))


def _select(lang: str, name: str, options: list[tuple[str, str]]) -> str:
    opts = f'<option value="">{esc(t(lang, "js.filter.any"))}</option>' + "".join(
        f'<option value="{esc(value)}">{esc(text)}</option>' for value, text in options)
    return (f'<div><label for="hb-filter-{name}">{esc(t(lang, f"js.filter.{name}"))}</label>'
            f'<select id="hb-filter-{name}" name="{name}">{opts}</select></div>')


def case_filter(ctx: Ctx, handbook: Handbook) -> str:
    """The filter form; hidden until the script shows it, so without JavaScript the table is whole."""
    lang = ctx.lang
    categories = [c for c in CATEGORIES if any(case.category == c for case in handbook.cases.values())]
    fields = [
        _select(lang, "market", [(code, m.name.get(lang)) for code, m in handbook.markets.items()]),
        _select(lang, "stage", [(s, t(lang, f"stage.{s}")) for s in STAGES]),
        _select(lang, "category", [(c, t(lang, f"category.{c}")) for c in categories]),
        _select(lang, "level", [(lv, t(lang, f"level.{lv}")) for lv in LEVELS]),
        f'<div><label for="hb-filter-q">{esc(t(lang, "js.filter.text"))}</label>'
        f'<input type="search" id="hb-filter-q" name="q" autocomplete="off"></div>',
    ]
    return (f'<form class="hb-case-filter" role="search" aria-label="{esc(t(lang, "js.filter.title"))}" hidden '
            f'data-i18n="{esc(ui_json(lang, "js.filter."))}" data-total="{len(handbook.cases)}">'
            f'<div class="hb-filter-grid">{"".join(fields)}</div>'
            f'<p class="hb-filter-actions"><button type="reset" class="md-button">{esc(t(lang, "js.filter.reset"))}</button> '
            f'<small>{esc(t(lang, "js.filter.share"))}</small></p></form>')


def cases_index(ctx: Ctx, handbook: Handbook) -> str:
    lang = ctx.lang
    return (f"# {md_text(t(lang, 'case.index_title'))}\n\n<p>{esc(t(lang, 'case.index_intro'))}</p>\n\n"
            + case_filter(ctx, handbook) + "\n\n"
            + cases_table(ctx, handbook, list(handbook.cases.values())) + "\n")
