"""The trainers' dashboard (/trainer/): coverage and review work, computed from the data."""

from __future__ import annotations

from collections import Counter

from ..checks import stale_facts
from ..itemcheck import STRATEGY_LIMIT, strategy_scores
from ..models.base import CATEGORIES, CUSTOMER_LANGS, LEVELS
from ..repository import Handbook
from ..search.thesaurus import MIN_EXAMPLES, situation_matrix, thesaurus, thin_concepts
from . import paths
from .html import Ctx, esc, json_embed, md_text, table
from .strings import t



HEAT_BINS = 4  # colour steps above zero; every cell also shows its count as text


def heat_level(n: int, top: int) -> int:
    """0 for a gap, else 1..HEAT_BINS relative to the largest cell of the table."""
    if n <= 0:
        return 0
    return max(1, min(HEAT_BINS, -(-HEAT_BINS * n // max(top, 1))))


def _heat_table(ctx: Ctx, handbook: Handbook, css: str, columns: list[tuple[str, str]],
                counts: Counter[tuple[str, str]]) -> str:
    """Markets down, ``columns`` across; each cell a count on a colour step (class hb-heat-N)."""
    lang = ctx.lang
    top = max(counts.values(), default=0)
    rows = []
    for code in [*handbook.markets, "all"]:
        cells = [counts[(code, key)] for key, _ in columns]
        if code == "all" and not any(cells):
            continue
        name = t(lang, "dash.all_markets") if code == "all" else handbook.markets[code].name.get(lang)
        rows.append(f'<tr data-market="{code}"><th scope="row">{esc(name)}</th>'
                    + "".join(f'<td class="hb-heat hb-heat-{heat_level(n, top)}" data-count="{n}">{n}</td>'
                              for n in cells)
                    + f"<td>{sum(cells)}</td></tr>")
    headers = [t(lang, "market.name"), *(label for _, label in columns), t(lang, "dash.total")]
    return table(css, headers, rows)


def _heat_legend(ctx: Ctx) -> str:
    lang = ctx.lang
    steps = "".join(f'<span class="hb-heat hb-heat-{i}">{esc(t(lang, f"dash.heat.{i}"))}</span>'
                    for i in range(HEAT_BINS + 1))
    return f'<p class="hb-heat-legend">{esc(t(lang, "dash.heat_legend"))} {steps}</p>'


def _coverage(ctx: Ctx, handbook: Handbook) -> str:
    """Markets × categories as a heat map: a gap (0) stands out in its own colour."""
    lang = ctx.lang
    counts = Counter((m, c.category) for c in handbook.cases.values() for m in c.markets)
    columns = [(cat, t(lang, f"category.{cat}")) for cat in CATEGORIES]
    return _heat_legend(ctx) + _heat_table(ctx, handbook, "hb-dash-coverage", columns, counts)


def _coverage_levels(ctx: Ctx, handbook: Handbook) -> str:
    """Markets × levels as a heat map."""
    lang = ctx.lang
    counts = Counter((m, c.level) for c in handbook.cases.values() for m in c.markets)
    columns = [(lv, t(lang, f"level.{lv}")) for lv in LEVELS]
    return _heat_table(ctx, handbook, "hb-dash-coverage-levels", columns, counts)


def _levels(ctx: Ctx, handbook: Handbook) -> str:
    counts = Counter(c.level for c in handbook.cases.values())
    rows = [f'<tr data-level="{lv}"><th scope="row">{esc(t(ctx.lang, f"level.{lv}"))}</th><td>{counts[lv]}</td></tr>'
            for lv in LEVELS]
    return table("hb-dash-levels", [t(ctx.lang, "case.level"), t(ctx.lang, "case.count", n="")], rows)


def _quizzes(ctx: Ctx, handbook: Handbook, quiz_pages: dict[str, str]) -> str:
    lang = ctx.lang
    rows = []
    for quiz in handbook.quizzes.values():
        page = quiz_pages.get(quiz.id) or (f"assessments/{quiz.level}/index.md" if quiz.level else None)
        types = Counter(q.type for q in quiz.questions)
        type_list = ", ".join(t(lang, f"quiz.type.{k}") + f" × {n}" for k, n in sorted(types.items()))
        title = esc(quiz.title.get(lang))
        link = f'<a href="{ctx.href(page)}">{title}</a>' if page else title
        rows.append(f'<tr data-quiz="{esc(quiz.id)}"><th scope="row">{link}</th><td>{len(quiz.questions)}</td>'
                    f"<td>{esc(type_list)}</td></tr>")
    return table("hb-dash-quizzes", [t(lang, "progress.quiz"), t(lang, "dash.questions"), t(lang, "dash.types")], rows)


def _stale_facts(ctx: Ctx, handbook: Handbook) -> str:
    lang = ctx.lang
    found = stale_facts(handbook, ctx.site.build_date, ctx.site.freshness_days)
    note = f'<p>{esc(t(lang, "dash.freshness", days=ctx.site.freshness_days))}</p>'
    if not found:
        return note + f'<p class="hb-dash-none" data-count="0">{esc(t(lang, "dash.stale_facts_none"))}</p>'
    rows = [f'<tr><th scope="row"><a href="{ctx.href(paths.market(f.market))}">'
            f"{esc(handbook.markets[f.market].name.get(lang))}</a></th><td><code>{esc(f.field)}</code></td>"
            f'<td>{f.checked.isoformat()}</td><td><a href="{esc(f.source)}" rel="noopener">{esc(f.source)}</a></td></tr>'
            for f in found]
    return note + table("hb-dash-stale", [t(lang, "market.name"), t(lang, "dash.field"), t(lang, "market.checked"),
                                          t(lang, "market.source")], rows, f' data-count="{len(found)}"')


def _translations(ctx: Ctx) -> str:
    lang = ctx.lang
    stale = sorted(ctx.site.stale_translations)
    if not stale:
        return f'<p class="hb-dash-none" data-count="0">{esc(t(lang, "dash.translations_none"))}</p>'
    rows = [f"<tr><td><code>{esc(rel)}</code></td><td><code>{esc(field or '—')}</code></td></tr>" for rel, field in stale]
    return table("hb-dash-translations", [t(lang, "dash.file"), t(lang, "dash.field")], rows,
                 f' data-count="{len(stale)}"')


def _pdfs(ctx: Ctx, handbook: Handbook) -> str:
    """Checked in the reader's browser: PDFs are printed after the pages are built."""
    lang = ctx.lang
    files = {code: [ctx.href_file(paths.quickref_pdf(code, l)) for l in ("zh", "en")] for code in handbook.markets}
    names = {code: m.name.get(lang) for code, m in handbook.markets.items()}
    data = json_embed({"files": files, "names": names})
    strings = json_embed({k: t(lang, f"dash.{k}") for k in ("pdfs_none", "pdfs_missing")})
    return (f'<div class="hb-dash-pdfs" data-i18n="{esc(strings)}"><p aria-live="polite">'
            f'{esc(t(lang, "dash.pdfs_checking"))}</p>'
            f'<script type="application/json" class="hb-dash-pdf-list">{data}</script></div>')


def _strategy(ctx: Ctx, handbook: Handbook, quiz_pages: dict[str, str]) -> str:
    """Per quiz set: the share a reader gets right by test-wise rules alone (see itemcheck.py)."""
    lang = ctx.lang
    rows = []
    for score in strategy_scores(handbook):
        quiz = handbook.quizzes[score.set_id]
        page = quiz_pages.get(quiz.id) or (f"assessments/{quiz.level}/index.md" if quiz.level else None)
        title = esc(quiz.title.get(lang))
        link = f'<a href="{ctx.href(page)}">{title}</a>' if page else title
        choice, _, tf = score.policy.partition("+")
        rule = []
        if score.choice_items:
            rule.append(t(lang, "dash.policy.longest") if choice == "longest"
                        else t(lang, "dash.policy.position", letter="ABCDEF"[score.best_position]))
        if score.tf_items:
            rule.append(t(lang, f"dash.policy.{tf}"))
        bad = score.too_high
        status = t(lang, "dash.strategy_bad") if bad else t(lang, "dash.strategy_ok")
        cls = ' class="hb-dash-bad"' if bad else ""
        rows.append(f'<tr data-quiz="{esc(quiz.id)}" data-score="{round(100 * score.score)}"'
                    f'{cls}><th scope="row">{link}</th><td>{score.items}</td>'
                    f"<td>{round(100 * score.score)}%</td><td>{esc(t(lang, 'punct.list_sep').join(rule))}</td>"
                    f"<td>{'✗ ' if bad else '✓ '}{esc(status)}</td></tr>")
    intro = f'<p>{esc(t(lang, "dash.strategy_intro", limit=round(100 * STRATEGY_LIMIT)))}</p>'
    return intro + table("hb-dash-strategy", [t(lang, "progress.quiz"), t(lang, "dash.questions"),
                                              t(lang, "dash.strategy_score"), t(lang, "dash.strategy_rule"),
                                              t(lang, "progress.status")], rows)


def _concepts(ctx: Ctx, handbook: Handbook) -> str:
    """Search concepts an agent may not find them by: fewer than MIN_EXAMPLES example questions
    in a language, or no customer-language words (a pasted message cannot be read as them)."""
    lang = ctx.lang
    th = thesaurus(handbook.root)
    if th is None:
        return ""
    thin = thin_concepts(th)
    intro = f'<p>{esc(t(lang, "dash.concepts_intro", n=MIN_EXAMPLES))}</p>'
    if not thin:
        return intro + f'<p class="hb-dash-none" data-count="0">{esc(t(lang, "dash.concepts_none"))}</p>'
    rows = [f'<tr data-concept="{esc(c.id)}"><th scope="row">{esc(c.label.get(lang))} <code>{esc(c.id)}</code></th>'
            f"<td>{len(c.examples.zh)}</td><td>{len(c.examples.en)}</td><td>{len(c.signals)}</td></tr>" for c in thin]
    return intro + table("hb-dash-concepts", [t(lang, "dash.concept"), t(lang, "dash.examples_zh"),
                                              t(lang, "dash.examples_en"), t(lang, "dash.signal_langs")], rows)


def _situations(ctx: Ctx, handbook: Handbook) -> str:
    """Situations × customer languages: how many templates an agent can send; a gap is 0."""
    lang = ctx.lang
    th = thesaurus(handbook.root)
    if th is None:
        return ""
    matrix = situation_matrix(th, handbook)
    labels = {c.id: c.label.get(lang) for c in th.concepts}
    top = max((len(v) for row in matrix.values() for v in row.values()), default=0)
    rows = []
    for concept, row in matrix.items():
        cells = [len(row.get(code, [])) for code in CUSTOMER_LANGS]
        rows.append(f'<tr data-situation="{esc(concept)}"><th scope="row">{esc(labels[concept])}</th>'
                    + "".join(f'<td class="hb-heat hb-heat-{heat_level(n, top)}" data-count="{n}">{n}</td>' for n in cells)
                    + "</tr>")
    gaps = sum(1 for row in matrix.values() for code in CUSTOMER_LANGS if not row.get(code))
    intro = f'<p data-gaps="{gaps}">{esc(t(lang, "dash.situations_intro", n=gaps))}</p>'
    return intro + _heat_legend(ctx) + table("hb-dash-situations", [t(lang, "dash.situation"),
                                             *(t(lang, f"lang.{code}") for code in CUSTOMER_LANGS)], rows)


def dashboard_page(ctx: Ctx, handbook: Handbook, quiz_pages: dict[str, str]) -> str:
    lang = ctx.lang
    sections = [
        (t(lang, "dash.coverage"), "coverage", _coverage(ctx, handbook)),
        (t(lang, "dash.coverage_levels"), "coverage-levels", _coverage_levels(ctx, handbook)),
        (t(lang, "dash.levels"), "levels", _levels(ctx, handbook)),
        (t(lang, "dash.situations"), "situations", _situations(ctx, handbook)),
        (t(lang, "dash.concepts"), "concepts", _concepts(ctx, handbook)),
        (t(lang, "dash.quizzes"), "quizzes", _quizzes(ctx, handbook, quiz_pages)),
        (t(lang, "dash.strategy"), "strategy", _strategy(ctx, handbook, quiz_pages)),
        (t(lang, "dash.stale_facts"), "stale-facts", _stale_facts(ctx, handbook)),
        (t(lang, "dash.translations"), "translations", _translations(ctx)),
        (t(lang, "dash.pdfs"), "pdfs", _pdfs(ctx, handbook)),
    ]
    body = "\n\n".join(f"## {md_text(title)} {{#{anchor}}}\n\n{html}" for title, anchor, html in sections)
    return f"# {md_text(t(lang, 'dash.title'))}\n\n<p>{esc(t(lang, 'dash.intro'))}</p>\n\n{body}\n"
