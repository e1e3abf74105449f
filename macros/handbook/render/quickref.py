"""Per-market quick-reference guides: one A4 sheet (two at most) that a team lead prints and pins
beside each agent, from the same data as the site. Also the trainers' booklet of all markets."""

from __future__ import annotations

import datetime as dt

import segno

from ..edition import SiteInfo
from ..models import Market
from ..models.market import Dated
from ..repository import Handbook
from . import paths
from .html import Ctx, esc, lang_attrs, md_text, review_badge, rich, table
from .markets import SITUATIONS, TOPICS, first_lines, _facts, _headline, headline_html, headline_text
from .strings import label, month_name, t

MAX_CASES = 5
MONTHS_AHEAD = 4


def _facts_table(ctx: Ctx, market: Market) -> str:
    lang = ctx.lang
    rows = []
    for topic in TOPICS:
        facts = _facts(market, topic)
        headline = headline_html(ctx, market, topic)
        detail = "<br>".join(
            (f"<strong>{esc(f.title.get(lang))}</strong>: " if getattr(f, "title", None) else "")  # type: ignore[attr-defined]
            + rich(f.summary.get(lang)) for f in facts)  # type: ignore[attr-defined]
        checked = "<br>".join(f.checked.isoformat() + review_badge(ctx, f.checked) for f in facts)
        lead = f"{headline} " if headline else ""
        rows.append(f'<tr><th scope="row">{esc(t(lang, f"market.{topic}"))}</th>'
                    f"<td>{lead}{detail}</td><td>{checked}</td></tr>")
    return table("hb-qr-facts", [t(lang, "market.fact"), t(lang, "market.rule"), t(lang, "market.checked")], rows)


def returns_flow(ctx: Ctx, market: Market) -> list[str]:
    """The returns and refunds flow for this market, in short steps built from its facts."""
    lang, c = ctx.lang, market.consumer
    w = c.withdrawal
    steps = []
    if w.applies and w.days:
        steps.append(t(lang, "qr.flow.withdrawal", period=headline_text(ctx, market, "withdrawal"),
                       starts=w.starts.get(lang).rstrip("。.")))
    else:
        steps.append(t(lang, "qr.flow.no_withdrawal"))
    steps.append(t(lang, "qr.flow.costs", payer=headline_text(ctx, market, "return_costs")))
    refund = headline_text(ctx, market, "refund")
    steps.append(t(lang, "qr.flow.refund", deadline=refund if refund != "—" else t(lang, "qr.flow.see_rule")))
    guarantee = headline_text(ctx, market, "guarantee")
    steps.append(t(lang, "qr.flow.guarantee", period=guarantee if guarantee != "—" else t(lang, "qr.flow.see_rule")))
    steps.append(t(lang, "qr.flow.escalate"))
    return steps


def _upcoming(items: list[Dated], today: dt.date) -> list[Dated]:
    window = [(today.month - 1 + i) % 12 + 1 for i in range(MONTHS_AHEAD)]
    return sorted((d for d in items if d.month in window), key=lambda d: window.index(d.month))


def _qr_svg(url: str) -> str:
    # Rendered at build time into the page: printing needs no network and no script.
    return segno.make(url, error="m").svg_inline(scale=2, dark="#000", light="#fff", omitsize=False)


def _edition(ctx: Ctx, market: Market, site: SiteInfo) -> str:
    lang = ctx.lang
    online_path = ("" if lang == "zh" else "en/") + ctx.url_of(paths.market(market.code))
    parts = [
        f"{esc(label(lang, 'qr.edition'))}{site.build_date.isoformat()}",
        f"{esc(label(lang, 'qr.commit'))}<code>{esc(site.commit)}</code>",
        f"{esc(label(lang, 'qr.oldest'))}{market.oldest_check().isoformat()}",
    ]
    qr = ""
    if site.online_url:
        url = site.online_url.rstrip("/") + "/" + online_path
        parts.append(f'{esc(label(lang, "qr.online"))}<a href="{esc(url)}">{esc(url)}</a>')
        qr = f'<div class="hb-qr-code" role="img" aria-label="{esc(t(lang, "qr.qr_label"))}">{_qr_svg(url)}</div>'
    else:
        parts.append(f'{esc(label(lang, "qr.online"))}<a href="{ctx.href(paths.market(market.code))}">'
                     f"/{esc(online_path)}</a>")
    return f'<div class="hb-qr-edition">{qr}<p>{" · ".join(parts)}</p></div>'


def excerpt(text: str) -> str:
    """The message's core paragraph: a printed guide has no room for greetings and sign-offs."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    if len(paragraphs) > 2 and len(paragraphs[0]) <= 60:
        paragraphs = paragraphs[1:]                      # "Guten Tag {customer_name},"
    core = max(paragraphs[:-1] or paragraphs, key=len) if len(paragraphs) > 1 else paragraphs[0]
    return core + (" …" if len(paragraphs) > 1 else "")


def _phrase_lang(market: Market) -> str:
    return next((code for code in market.languages if code != "en"), "en")


def _send_item(ctx: Ctx, handbook: Handbook, market: Market, situation: str, code: str) -> str:
    """One situation of the market's "what to send" set: the phrases' titles and ids, and the
    first line of the first one in the customer's language (a printed sheet has no room for more)."""
    lang = ctx.lang
    phrases = [handbook.phrases[i] for i in getattr(market.what_to_send, situation)]
    titles = "; ".join(f"{esc(p.title.get(lang))} <code>{esc(p.id)}</code>" for p in phrases)
    first = phrases[0]
    opening = first_lines(first.texts.get(code, first.texts["en"]), limit=90)
    return (f'<li data-situation="{situation}"><p class="hb-qr-gloss"><strong>{esc(t(lang, f"send.{situation}"))}'
            f'</strong>{esc(t(lang, "punct.colon"))}{titles}</p>'
            f'<p class="hb-qr-phrase" {lang_attrs(code)}>{esc(opening)}</p></li>')


def quickref_body(ctx: Ctx, handbook: Handbook, market: Market, site: SiteInfo, level: int = 1) -> str:
    lang = ctx.lang
    h = "#" * level
    cases = handbook.cases_for_market(market.code)
    order = {"platform_dispute": 0, "returns_refunds": 1, "customs_duties": 2, "quality": 3}
    cases = sorted(cases, key=lambda c: (order.get(c.category, 9), c.level != "advanced", c.id))[:MAX_CASES]
    phrase_lang = _phrase_lang(market)
    upcoming = _upcoming(list(market.peak_seasons) + list(market.holidays), site.build_date)
    anchor = market.code.lower()

    flow = "".join(f"<li>{esc(step)}</li>" for step in returns_flow(ctx, market))
    case_items = "".join(
        f'<li><a href="{ctx.href(paths.case(c.id))}"><strong>{esc(c.title.get(lang))}</strong></a> — '
        f"{rich(c.key_points[0].get(lang))}</li>" for c in cases)
    phrase_items = "".join(_send_item(ctx, handbook, market, situation, phrase_lang) for situation in SITUATIONS)
    dates = "".join(f"<li><strong>{esc(month_name(lang, d.month))}</strong> {esc(d.name.get(lang))}: "
                    f"{esc(d.when.get(lang))}</li>" for d in upcoming)
    culture = "".join(f'<li class="hb-culture-{n.kind}"><strong>{esc(label(lang, f"culture.{n.kind}"))}</strong>'
                      f"{rich(n.text.get(lang))}</li>" for n in market.culture)
    contacts = "".join(f"<li><strong>{esc(c.role.get(lang))}</strong> — {esc(c.contact)}</li>"
                       for c in site.contacts)

    parts = [
        f"{h} {md_text(market.name.get(lang))} · {md_text(t(lang, 'qr.title'))} {{#qr-{anchor} .hb-qr-heading}}",
        f'<div class="hb-quickref" data-market="{market.code}">',
        _edition(ctx, market, site),
        _facts_table(ctx, market),
        '<div class="hb-qr-columns">',
        f'<section><p class="hb-qr-h">{esc(t(lang, "qr.flow"))}</p><ol>{flow}</ol></section>',
        f'<section><p class="hb-qr-h">{esc(t(lang, "qr.cases"))}</p><ul>{case_items}</ul></section>',
        f'<section><p class="hb-qr-h">{esc(t(lang, "send.title"))} ({esc(t(lang, f"lang.{phrase_lang}"))})</p>'
        f'<ul class="hb-qr-phrases hb-qr-send">{phrase_items}</ul></section>',
        f'<section><p class="hb-qr-h">{esc(t(lang, "qr.dates"))}</p><ul>{dates or "<li>" + esc(t(lang, "qr.no_dates")) + "</li>"}</ul></section>',
        f'<section><p class="hb-qr-h">{esc(t(lang, "market.culture"))}</p><ul class="hb-culture">{culture}</ul></section>',
        f'<section><p class="hb-qr-h">{esc(t(lang, "qr.contacts"))}</p><ul>{contacts or "<li>" + esc(t(lang, "qr.no_contacts")) + "</li>"}</ul></section>',
        "</div>",
        "</div>",
    ]
    return "\n".join(parts[:1]) + "\n\n" + "\n".join(parts[1:])


def quickref_page(ctx: Ctx, handbook: Handbook, market: Market, site: SiteInfo) -> str:
    pdf = ctx.href_file(paths.quickref_pdf(market.code, ctx.lang))
    return (quickref_body(ctx, handbook, market, site) + "\n\n"
            f'<p class="hb-download"><a href="{pdf}" download>{esc(t(ctx.lang, "qr.download"))}</a></p>\n')


def booklet_page(ctx: Ctx, handbook: Handbook, site: SiteInfo) -> str:
    lang = ctx.lang
    intro = (f"# {md_text(t(lang, 'qr.booklet'))}\n\n<p>{esc(t(lang, 'qr.booklet_intro'))}</p>\n\n"
             f'<p class="hb-download"><a href="{ctx.href_file(paths.booklet_pdf(lang))}" download>'
             f"{esc(t(lang, 'qr.download'))}</a></p>")
    # Each market's heading starts a new printed page (see .hb-qr-heading in the print CSS).
    sheets = [quickref_body(ctx, handbook, m, site, level=2) for m in handbook.markets.values()]
    return intro + "\n\n" + "\n\n".join(sheets) + "\n"
