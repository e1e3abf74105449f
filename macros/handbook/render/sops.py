"""SOP pages and blocks: step table, a Mermaid flow generated from the steps, approval tiers."""

from __future__ import annotations

from ..models import Sop
from ..repository import Handbook
from . import paths
from .html import Ctx, badges, esc, link_list, md_text, rich, table, translation_note
from .phrases import phrase_block, phrase_links
from .strings import duration, t


def _mermaid_label(text: str) -> str:
    """Mermaid's own entity codes keep quotes, brackets and markup inert inside a node label."""
    for ch, code in (("&", "#amp;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"),
                     ("`", "#96;"), ("{", "#123;"), ("}", "#125;"), ("[", "#91;"), ("]", "#93;")):
        text = text.replace(ch, code)
    return text.replace("\n", " ")


def mermaid_source(ctx: Ctx, sop: Sop) -> str:
    lang = ctx.lang
    lines = ["flowchart TD"]
    for i, step in enumerate(sop.steps, 1):
        target = f" · {duration(lang, step.target)}" if step.target else ""
        label = (_mermaid_label(f"{i}. {step.action.get(lang)}") + "<br/>"
                 + _mermaid_label(f"{t(lang, f'role.{step.who}')}{target}"))
        lines.append(f'  s{i}["{label}"]')
    for i in range(1, len(sop.steps)):
        lines.append(f"  s{i} --> s{i + 1}")
    last = len(sop.steps)
    lines.append(f'  q{{"{_mermaid_label(t(lang, "sop.approval_needed"))}"}}')
    lines.append(f'  done(["{_mermaid_label(t(lang, "sop.done"))}"])')
    lines.append(f"  s{last} --> q")
    lines.append(f'  q -- "{_mermaid_label(t(lang, "word.no"))}" --> done')
    previous = "q"
    for tier in sop.escalation:
        label = (f"{t(lang, 'sop.tier_label', n=tier.tier)}{t(lang, 'punct.colon')}{t(lang, f'role.{tier.approver}')}"
                 f" · {duration(lang, tier.target)}")
        lines.append(f'  t{tier.tier}["{_mermaid_label(label)}"]')
        arrow = f' -- "{_mermaid_label(t(lang, "word.yes"))}" -->' if previous == "q" else " -->"
        lines.append(f"  {previous}{arrow} t{tier.tier}")
        previous = f"t{tier.tier}"
    lines.append(f"  {previous} --> done")
    return "\n".join(lines)


def sop_block(ctx: Ctx, handbook: Handbook, sop: Sop, heading_level: int = 0, searchable: bool = True) -> str:
    """An SOP as Markdown + HTML: used whole on its page and embedded in chapters."""
    lang = ctx.lang
    on_page = bool(heading_level)  # the SOP's own page shows the phrases in full; chapters link to them
    with_phrases = any(s.phrases for s in sop.steps)

    def phrase_cell(i: int, ids: list[str]) -> str:
        if not with_phrases:
            return ""
        if not ids:
            return "<td>—</td>"
        if on_page:
            items = "".join(f'<li><a href="#{esc(_step_anchor(sop, i, p))}">{esc(handbook.phrases[p].title.get(lang))}</a></li>'
                            for p in ids)
        else:
            items = "".join(f'<li><a href="{ctx.href(paths.PHRASES, p)}">{esc(handbook.phrases[p].title.get(lang))}</a></li>'
                            for p in ids)
        return f'<td><ul class="hb-step-phrase-links">{items}</ul></td>'

    rows = list(
        f"<tr><td>{i}</td><td>{rich(s.action.get(lang))}"
        + (f"<br><small>{rich(s.detail.get(lang))}</small>" if s.detail else "")
        + f"</td><td>{esc(t(lang, f'role.{s.who}'))}</td>"
        f"<td>{esc(duration(lang, s.target)) if s.target else '—'}</td>{phrase_cell(i, list(s.phrases))}</tr>"
        for i, s in enumerate(sop.steps, 1))
    tiers = list(
        f"<tr><td>{tier.tier}</td><td>{rich(tier.when.get(lang))}</td>"
        f"<td>{esc(t(lang, f'role.{tier.approver}'))}</td><td>{esc(duration(lang, tier.target))}</td></tr>"
        for tier in sop.escalation)
    h = "#" * heading_level if heading_level else ""

    def heading(key: str, anchor: str) -> str:
        if h:
            return f"{h} {md_text(t(lang, key))} {{#{sop.id}-{anchor}}}"
        return f'<p class="hb-subhead"><strong>{esc(t(lang, key))}</strong></p>'

    skip = "" if searchable else " data-search-exclude"  # in chapters: the SOP page is the search hit
    parts = [
        f'<div class="hb-sop-meta"{skip}>'
        + badges([("stage", t(lang, f"stage.{sop.stage}"))])
        + f'<dl><dt>{esc(t(lang, "sop.trigger"))}</dt><dd>{rich(sop.trigger.get(lang))}</dd>'
        f'<dt>{esc(t(lang, "sop.goal"))}</dt><dd>{rich(sop.goal.get(lang))}</dd></dl></div>',
        table("hb-steps", [t(lang, k) for k in ("sop.step", "sop.action", "sop.who", "sop.target")
                           + (("sop.step_phrases",) if with_phrases else ())], rows, skip),
        heading("sop.flow", "flow"),
        "```mermaid\n" + mermaid_source(ctx, sop) + "\n```",
        heading("sop.escalation", "escalation"),
        table("hb-tiers", [t(lang, k) for k in ("sop.tier", "sop.when", "sop.approver", "sop.target")], tiers, skip),
    ]
    if sop.fast_path:
        parts.append(f'<div class="admonition tip"><p class="admonition-title">{esc(t(lang, "sop.fast_path"))}</p>'
                     f"<p>{rich(sop.fast_path.get(lang))}</p></div>")
    if on_page and with_phrases:
        parts += step_phrases(ctx, handbook, sop, heading_level + 1)
        in_steps = {p for s in sop.steps for p in s.phrases}
        extra = [p for p in sop.phrases if p not in in_steps]
        if extra:
            parts += [heading("sop.more_phrases", "more-phrases"), link_list(ctx, phrase_links(ctx, handbook, extra))]
    elif sop.phrases:
        parts += [heading("sop.phrases", "phrases"), link_list(ctx, phrase_links(ctx, handbook, list(sop.phrases)))]
    return "\n\n".join(parts)


def _step_anchor(sop: Sop, step: int, phrase_id: str) -> str:
    return f"{sop.id}-step-{step}-{phrase_id}"


def step_phrases(ctx: Ctx, handbook: Handbook, sop: Sop, level: int) -> list[str]:
    """Per step, the phrase templates to send, in every customer language with copy buttons and
    the fill-in form of the phrase library (phrases.js): the agent copies them from here."""
    lang = ctx.lang
    parts = [f"{'#' * (level - 1)} {md_text(t(lang, 'sop.phrases'))} {{#{sop.id}-phrases}}",
             f'<p class="hb-step-phrases-intro">{esc(t(lang, "sop.phrases_intro"))}</p>']
    for i, step in enumerate(sop.steps, 1):
        if not step.phrases:
            continue
        title = t(lang, "sop.step_heading", n=i, action=step.action.get(lang))
        parts.append(f"{'#' * level} {md_text(title)} {{#{sop.id}-step-{i}}}")
        # No wrapper: phrases.js puts the page's fill-in form before the heading of the first group.
        parts.append("".join(phrase_block(ctx, handbook, handbook.phrases[p], searchable=False,
                                          anchor=_step_anchor(sop, i, p), compact=True)
                             for p in step.phrases))
    return parts


def sop_page(ctx: Ctx, handbook: Handbook, sop: Sop) -> str:
    return (f"# {md_text(sop.title.get(ctx.lang))}\n\n" + translation_note(ctx, handbook.source_of("sop", sop.id))
            + "\n\n" + sop_block(ctx, handbook, sop, heading_level=2) + "\n")


def sops_index(ctx: Ctx, handbook: Handbook) -> str:
    lang = ctx.lang
    rows = [
        f'<tr><th scope="row"><a href="{ctx.href(paths.sop(s.id))}">{esc(s.title.get(lang))}</a></th>'
        f"<td>{esc(t(lang, f'stage.{s.stage}'))}</td><td>{rich(s.trigger.get(lang))}</td></tr>"
        for s in handbook.sops.values()]
    return (f"# {md_text(t(lang, 'sop.index_title'))}\n\n<p>{esc(t(lang, 'sop.index_intro'))}</p>\n\n"
            + table("hb-sops", [t(lang, k) for k in ("sop.title", "sop.stage", "sop.trigger")], rows) + "\n")
