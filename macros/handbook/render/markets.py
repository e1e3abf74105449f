"""Market pages, their key-facts table and the cross-market comparison tables."""

from __future__ import annotations

from typing import Callable

from ..models import Market, Sourced
from ..models.market import Dated
from ..repository import Handbook
from . import paths
from .html import Ctx, esc, lang_attrs, md_text, review_badge, rich, table, translation_note
from .strings import month_name, t, label

TOPICS = ("withdrawal", "refund", "return_costs", "guarantee", "vat", "imports", "privacy")


def _host(url: str) -> str:
    return url.split("/")[2].removeprefix("www.")


def source_cell(ctx: Ctx, fact: Sourced) -> str:
    return (f'<a href="{esc(fact.source)}" rel="noopener" title="{esc(fact.source)}">'
            f'{esc(_host(fact.source))}</a>')


def checked_cell(ctx: Ctx, fact: Sourced) -> str:
    return (f'<time datetime="{fact.checked.isoformat()}">{fact.checked.isoformat()}</time>'
            + review_badge(ctx, fact.checked))


def _period(lang: str, days: int, unit: str | None) -> str:
    """'15 个工作日' / '15 business days'; calendar days stay '14 天' / '14 days'."""
    return t(lang, "days.business" if unit == "business" else "days", n=days)


def _headline(ctx: Ctx, market: Market, topic: str) -> str:
    """The short answer for one topic: the number an agent needs first, with its unit and kind."""
    lang, c = ctx.lang, market.consumer
    if topic == "withdrawal":
        w = c.withdrawal
        return _period(lang, w.days, w.day_unit) if w.applies and w.days else t(lang, "word.no")
    if topic == "refund":
        return _period(lang, c.refund.days, c.refund.day_unit) if c.refund.days else "—"
    if topic == "return_costs":
        return t(lang, f"payer.{c.return_costs.payer}")
    if topic == "guarantee":
        g = c.guarantee
        if not g.months:
            return t(lang, f"guarantee.no_period.{g.kind}")
        period = _months(lang, g.months)
        if g.kind in ("conformity_presumption", "implied_warranty"):
            return t(lang, f"guarantee.kind.{g.kind}", period=period)
        return period
    if topic == "vat":
        vat = market.taxes.vat
        rate = t(lang, "percent", n=f"{vat.standard_rate:g}") if vat.standard_rate is not None else "—"
        return f"{vat.name.get(lang)} {rate}"
    if topic == "privacy":
        p = market.privacy
        return _period(lang, p.days, p.day_unit) if p.days else _months(lang, p.months) if p.months else "—"
    return ""


def qualifier(ctx: Ctx, market: Market, topic: str) -> str:
    """The condition that must stand beside the headline figure ('' when there is none)."""
    fact = {"withdrawal": market.consumer.withdrawal, "refund": market.consumer.refund,
            "return_costs": market.consumer.return_costs, "guarantee": market.consumer.guarantee,
            "privacy": market.privacy}.get(topic)
    q = getattr(fact, "qualifier", None)
    return q.get(ctx.lang) if q is not None else ""


def headline_text(ctx: Ctx, market: Market, topic: str) -> str:
    """Headline and qualifier as plain text: '14 天（从收到撤回通知起算…）'."""
    headline, q = _headline(ctx, market, topic), qualifier(ctx, market, topic)
    return t(ctx.lang, "headline.qualified", headline=headline, qualifier=q) if q and headline else headline


def headline_html(ctx: Ctx, market: Market, topic: str) -> str:
    """The headline in bold with its qualifier beside it, never dropped ('' when there is no headline)."""
    headline, q = _headline(ctx, market, topic), qualifier(ctx, market, topic)
    if not headline:
        return ""
    out = f"<strong>{esc(headline)}</strong>"
    if q:  # the template holds only punctuation; both parts are escaped here
        out = t(ctx.lang, "headline.qualified", headline=out, qualifier=f'<span class="hb-qualifier">{esc(q)}</span>')
    return out


def _months(lang: str, n: int) -> str:
    return t(lang, "month_one") if n == 1 else t(lang, "months", n=n)


def _facts(market: Market, topic: str) -> list[Sourced]:
    c = market.consumer
    return {
        "withdrawal": [c.withdrawal], "refund": [c.refund], "return_costs": [c.return_costs],
        "guarantee": [c.guarantee], "vat": [market.taxes.vat], "privacy": [market.privacy],
        "imports": list(market.taxes.imports),
    }[topic]


def _summary(ctx: Ctx, fact: Sourced) -> str:
    lang = ctx.lang
    parts = []
    title = getattr(fact, "title", None)
    if title is not None:
        parts.append(f"<strong>{esc(title.get(lang))}</strong>")
    parts.append(rich(fact.summary.get(lang)))  # type: ignore[attr-defined]
    starts = getattr(fact, "starts", None)
    if starts is not None:
        parts.append(f"<em>{esc(label(lang, 'market.withdrawal_starts'))}</em>{esc(starts.get(lang))}")
    law = getattr(fact, "law", None)
    if law is not None:
        parts.insert(0, f"<strong>{esc(law.get(lang))}</strong>")
    effective = getattr(fact, "effective", None)
    if effective is not None:
        parts.append(f"<em>{esc(label(lang, 'market.effective'))}</em>"
                     f'<time datetime="{effective.isoformat()}">{effective.isoformat()}</time>')
    return "<br>".join(parts)


def fact_anchor(topic: str, index: int) -> str:
    """The id of one fact's row on its market page: where a search answer card jumps to."""
    return f"fact-{topic.replace('_', '-')}" + (f"-{index}" if topic == "imports" else "")


def facts_table(ctx: Ctx, market: Market, anchors: bool = False) -> str:
    """Every legal and tax fact of one market with its source and check date. ``anchors``: each
    row gets its fact's id (the market page only: a chapter may show several markets' tables)."""
    lang = ctx.lang
    rows = []
    for topic in TOPICS:
        for i, fact in enumerate(_facts(market, topic)):
            label = esc(t(lang, f"market.{topic}")) if i == 0 else ""
            headline = headline_html(ctx, market, topic) if i == 0 else ""
            lead = f"{headline}<br>" if headline else ""
            row_id = f' id="{fact_anchor(topic, i)}"' if anchors else ""
            rows.append(
                f'<tr{row_id}><th scope="row">{label}</th><td>{lead}{_summary(ctx, fact)}</td>'
                f"<td>{source_cell(ctx, fact)}</td><td>{checked_cell(ctx, fact)}</td></tr>")
    return table("hb-facts", [t(lang, k) for k in ("market.fact", "market.rule", "market.source",
                                                     "market.checked")], rows)


def comparison_table(ctx: Ctx, handbook: Handbook, topic: str, searchable: bool = True) -> str:
    """One topic across every market: the table trainers ask for when agents mix markets up."""
    if topic not in TOPICS:
        raise ValueError(f"unknown comparison topic '{topic}'; use one of {', '.join(TOPICS)}")
    lang = ctx.lang
    rows = []
    for market in handbook.markets.values():
        facts = _facts(market, topic)
        headline = headline_html(ctx, market, topic)
        detail = "<br>".join(_summary(ctx, f) for f in facts)
        lead = f"{headline}<br>" if headline else ""
        rows.append(
            f'<tr><th scope="row"><a href="{ctx.href(paths.market(market.code))}">'
            f"{esc(market.name.get(lang))}</a></th><td>{lead}{detail}</td>"
            f"<td>{'<br>'.join(source_cell(ctx, f) for f in facts)}</td>"
            f"<td>{'<br>'.join(checked_cell(ctx, f) for f in facts)}</td></tr>")
    headers = [t(lang, k) for k in ("market.name", f"market.{topic}", "market.source", "market.checked")]
    return table("hb-compare", headers, rows, f' data-topic="{topic}"' + ("" if searchable else " data-search-exclude"))


def _calendar(ctx: Ctx, items: list[Dated]) -> str:
    lang = ctx.lang
    rows = []
    for item in sorted(items, key=lambda d: d.month):
        note = f"<br><small>{esc(item.note.get(lang))}</small>" if item.note else ""
        rows.append(f"<tr><td>{esc(month_name(lang, item.month))}</td><td>{esc(item.when.get(lang))}</td>"
                    f"<td>{esc(item.name.get(lang))}{note}</td></tr>")
    return table("hb-calendar", [t(lang, k) for k in ("market.calendar_month", "market.calendar_when",
                                                       "market.calendar_name")], rows)


def _meta(ctx: Ctx, handbook: Handbook, market: Market) -> str:
    lang = ctx.lang
    items = [
        (t(lang, "market.languages"), ", ".join(t(lang, f"lang.{code}") for code in market.languages)),
        (t(lang, "market.currency"), market.currency),
        (t(lang, "market.time_zones"), ", ".join(market.time_zones)),
    ]
    out = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
    if market.parent and market.parent in handbook.markets:
        parent = handbook.markets[market.parent]
        out += (f"<dt>{esc(t(lang, 'market.parent'))}</dt><dd><a href=\"{ctx.href(paths.market(parent.code))}\">"
                f"{esc(parent.name.get(lang))}</a></dd>")
    return f'<dl class="hb-meta">{out}</dl>'


def _culture(ctx: Ctx, market: Market) -> str:
    lang = ctx.lang
    items = "".join(
        f'<li class="hb-culture-{n.kind}"><strong>{esc(label(lang, f"culture.{n.kind}"))}</strong>'
        f"{rich(n.text.get(lang))}</li>" for n in market.culture)
    return f'<ul class="hb-culture">{items}</ul>'


def changes_list(ctx: Ctx, market: Market) -> str:
    lang = ctx.lang
    items = "".join(
        f'<li><time datetime="{c.date.isoformat()}">{c.date.isoformat()}</time> — {rich(c.summary.get(lang))} '
        f'(<a href="{esc(c.source)}" rel="noopener">{esc(_host(c.source))}</a>, '
        f"{esc(t(lang, 'market.checked'))} {c.checked.isoformat()})</li>"
        for c in sorted(market.changes, key=lambda c: c.date, reverse=True))
    return f'<ul class="hb-changes">{items}</ul>'


def market_page(ctx: Ctx, handbook: Handbook, market: Market,
                link_list: Callable[[Ctx, list[tuple[str, str]]], str]) -> str:
    """The Markdown of a market page. Headings are Markdown (for the TOC), data blocks HTML."""
    lang = ctx.lang
    cases = [(paths.case(c.id), c.title.get(lang)) for c in handbook.cases_for_market(market.code)]
    phrases = [(paths.PHRASES + "#" + p.id, p.title.get(lang)) for p in handbook.phrases.values()
               if market.code in p.markets or "all" in p.markets]
    c = market.consumer
    parts = [
        f"# {md_text(market.name.get(lang))} ({market.code})",
        translation_note(ctx, handbook.source_of("market", market.code)),
        f'<p class="hb-lead">{rich(market.summary.get(lang))}</p>',
        _meta(ctx, handbook, market),
        f'<p class="hb-qr-links"><a class="md-button" href="{ctx.href(paths.quickref(market.code))}">'
        f'{esc(t(lang, "qr.open"))}</a> <a class="md-button" href="{ctx.href_file(paths.quickref_pdf(market.code, lang))}" download>'
        f'{esc(t(lang, "qr.download"))}</a></p>',
        f"## {md_text(t(lang, 'market.at_a_glance'))} {{#at-a-glance}}",
        facts_table(ctx, market, anchors=True),
        f"## {md_text(t(lang, 'send.title'))} {{#what-to-send}}",
        what_to_send_table(ctx, handbook, market),
        f"## {md_text(t(lang, 'market.consumer_rules'))} {{#consumer}}",
        _section(ctx, [c.withdrawal, c.refund, c.return_costs, c.guarantee],
                 ["withdrawal", "refund", "return_costs", "guarantee"]),
        f"## {md_text(t(lang, 'market.taxes'))} {{#taxes}}",
        _section(ctx, [market.taxes.vat, *market.taxes.imports],
                 ["vat"] + ["imports"] * len(market.taxes.imports)),
        f"## {md_text(t(lang, 'market.privacy'))} {{#privacy}}",
        _section(ctx, [market.privacy], ["privacy"]),
        f"## {md_text(t(lang, 'market.peaks'))} {{#peaks}}",
        _calendar(ctx, list(market.peak_seasons)),
        f"## {md_text(t(lang, 'market.holidays'))} {{#holidays}}",
        _calendar(ctx, list(market.holidays)),
        f"## {md_text(t(lang, 'market.culture'))} {{#culture}}",
        _culture(ctx, market),
    ]
    if market.marketplaces:  # after the privacy rules, before the calendar
        at = parts.index(f"## {md_text(t(lang, 'market.peaks'))} {{#peaks}}")
        parts[at:at] = [f"## {md_text(t(lang, 'market.marketplaces'))} {{#marketplaces}}",
                        marketplaces_section(ctx, market)]
    if market.changes:
        parts += [f"## {md_text(t(lang, 'market.changes'))} {{#changes}}", changes_list(ctx, market)]
    if cases:
        parts += [f"## {md_text(t(lang, 'market.cases'))} {{#cases}}", link_list(ctx, cases)]
    if phrases:
        parts += [f"## {md_text(t(lang, 'market.phrases'))} {{#phrases}}", link_list(ctx, phrases)]
    return "\n\n".join(parts) + "\n"


SITUATIONS = ("returns", "delay", "damage", "dispute")


def customer_lang(market: Market) -> str:
    """The language phrases are shown in for this market: its first language other than English."""
    return next((code for code in market.languages if code != "en"), "en")


def first_lines(text: str, limit: int = 110) -> str:
    """The first lines of a message's core paragraph (not the greeting, pleasantries or sign-off),
    cut to about ``limit`` characters: what tells the agent which message this is."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    if len(paragraphs) > 1 and len(paragraphs[0]) <= 60:
        paragraphs = paragraphs[1:]                      # "Guten Tag {customer_name},"
    if len(paragraphs) > 2:                              # the longest before the sign-off
        paragraphs = [max(paragraphs[:-1], key=len)] + paragraphs[1:]
    first = " ".join(paragraphs[0].split()) if paragraphs else ""
    if len(first) <= limit:
        return first + (" …" if len(paragraphs) > 1 else "")
    cut = first[:limit]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(",;:，、") + " …"


def what_to_send_table(ctx: Ctx, handbook: Handbook, market: Market) -> str:
    """The phrases to send in this market's returns, delay, damage and dispute situations."""
    lang, code = ctx.lang, customer_lang(market)
    rows = []
    for situation in SITUATIONS:
        items = []
        for ident in getattr(market.what_to_send, situation):
            phrase = handbook.phrases[ident]
            text = phrase.texts.get(code, phrase.texts["en"])
            items.append(f'<li><a href="{ctx.href(paths.PHRASES, ident)}">{esc(phrase.title.get(lang))}</a> '
                         f'<code>{esc(ident)}</code><p class="hb-send-excerpt" {lang_attrs(code)}>'
                         f"{esc(first_lines(text))}</p></li>")
        rows.append(f'<tr data-situation="{situation}"><th scope="row">{esc(t(lang, f"send.{situation}"))}</th>'
                    f'<td><ul class="hb-send-list">{"".join(items)}</ul></td></tr>')
    headers = [t(lang, "send.situation"), t(lang, "send.phrases", language=t(lang, f"lang.{code}"))]
    return table("hb-send", headers, rows)


def marketplaces_section(ctx: Ctx, market: Market) -> str:
    """The marketplaces agents meet in this market: each one's basics, its help page and check date."""
    lang = ctx.lang
    return "\n".join(
        f'<div class="hb-fact hb-marketplace" data-marketplace="{esc(place.name)}"><p class="hb-fact-label">'
        f"<strong>{esc(place.name)}</strong></p><p>{rich(place.summary.get(lang))}</p>"
        f'<p class="hb-source">{esc(label(lang, "market.source"))}{source_cell(ctx, place)} · '
        f"{esc(t(lang, 'market.checked'))} {checked_cell(ctx, place)}</p></div>"
        for place in market.marketplaces)


def _section(ctx: Ctx, facts: list[Sourced], topics: list[str]) -> str:
    lang = ctx.lang
    blocks = []
    for fact, topic in zip(facts, topics):
        blocks.append(
            f'<div class="hb-fact" data-topic="{topic}"><p class="hb-fact-label">'
            f"<strong>{esc(t(lang, f'market.{topic}'))}</strong></p><p>{_summary(ctx, fact)}</p>"
            f'<p class="hb-source">{esc(label(lang, "market.source"))}{source_cell(ctx, fact)} · '
            f"{esc(t(lang, 'market.checked'))} {checked_cell(ctx, fact)}</p></div>")
    return "\n".join(blocks)


def markets_index(ctx: Ctx, handbook: Handbook) -> str:
    lang = ctx.lang
    rows = []
    for m in handbook.markets.values():
        rows.append(
            f'<tr><th scope="row"><a href="{ctx.href(paths.market(m.code))}">{esc(m.name.get(lang))}</a></th>'
            f"<td>{m.code}</td><td>{esc(headline_text(ctx, m, 'withdrawal'))}</td>"
            f"<td>{esc(headline_text(ctx, m, 'return_costs'))}</td><td>{esc(headline_text(ctx, m, 'vat'))}</td>"
            f"<td>{esc(headline_text(ctx, m, 'privacy'))}</td></tr>")
    headers = [t(lang, k) for k in ("market.name", "market.code", "market.withdrawal", "market.return_costs",
                                    "market.vat", "market.privacy")]
    parts = [
        f"# {md_text(t(lang, 'market.index_title'))}",
        f"<p>{esc(t(lang, 'market.index_intro'))}</p>",
        table("hb-markets", headers, rows),
        f'<p><a href="{ctx.href(paths.CHANGES)}">{esc(t(lang, "changes.title"))}</a> · '
        f'<a href="{ctx.href(paths.BOOKLET)}">{esc(t(lang, "qr.booklet"))}</a></p>',
        f"## {md_text(t(lang, 'market.compare'))} {{#compare}}",
    ]
    for topic in TOPICS:
        parts += [f"### {md_text(t(lang, f'market.{topic}'))} {{#compare-{topic.replace('_', '-')}}}",
                  comparison_table(ctx, handbook, topic)]
    return "\n\n".join(parts) + "\n"



def changes_page(ctx: Ctx, handbook: Handbook) -> str:
    """Every market's dated changes in one list, newest first."""
    lang = ctx.lang
    entries = sorted(((c, m) for m in handbook.markets.values() for c in m.changes),
                     key=lambda item: (item[0].date, item[1].code), reverse=True)
    rows = [f'<tr><td><time datetime="{c.date.isoformat()}">{c.date.isoformat()}</time></td>'
            f'<td><a href="{ctx.href(paths.market(m.code), "changes")}">{esc(m.name.get(lang))}</a></td>'
            f"<td>{rich(c.summary.get(lang))}</td>"
            f'<td><a href="{esc(c.source)}" rel="noopener">{esc(_host(c.source))}</a></td></tr>'
            for c, m in entries]
    headers = [t(lang, k) for k in ("market.change_date", "market.name", "market.rule", "market.source")]
    return (f"# {md_text(t(lang, 'changes.title'))}\n\n<p>{esc(t(lang, 'changes.intro'))}</p>\n\n"
            + table("hb-changes-all", headers, rows) + "\n")
