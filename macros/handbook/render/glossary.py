"""The glossary page and the abbreviation list that turns terms into tooltips on every page."""

from __future__ import annotations

from ..repository import Handbook
from .html import Ctx, esc, md_text, rich
from .strings import t, label


def glossary_page(ctx: Ctx, handbook: Handbook) -> str:
    lang = ctx.lang
    parts = [f"# {md_text(t(lang, 'glossary.index_title'))}", f"<p>{esc(t(lang, 'glossary.index_intro'))}</p>"]
    names = {term.id: term.term.get(lang) for term in handbook.terms}
    for group in handbook.glossary.values():
        parts.append(f"## {md_text(group.title.get(lang))} {{#{group.id}}}")
        items = []
        for term in sorted(group.terms, key=lambda x: (x.abbr or x.term.en).lower()):
            abbr = f" <abbr>{esc(term.abbr)}</abbr>" if term.abbr else ""
            other = term.term.en if lang == "zh" else term.term.zh
            see = ""
            if term.see:
                links = ", ".join(f'<a href="#{esc(s)}">{esc(names[s])}</a>' for s in term.see)
                see = f'<br><small>{esc(label(lang, "glossary.see"))}{links}</small>'
            items.append(
                f'<dt id="{esc(term.id)}"><strong>{esc(term.term.get(lang))}</strong>{abbr} '
                f'<span class="hb-other-lang" lang="{"en" if lang == "zh" else "zh"}">{esc(other)}</span></dt>'
                f"<dd>{rich(term.definition.get(lang))}{see}</dd>")
        parts.append(f'<dl class="hb-glossary">{"".join(items)}</dl>')
    return "\n\n".join(parts) + "\n"


def abbreviations(handbook: Handbook, lang: str) -> str:
    """Markdown abbreviation definitions (``*[FBA]: …``) appended to chapters for tooltips."""
    lines = []
    for term in handbook.terms:
        if term.abbr:
            text = f"{term.term.get(lang)}: {term.definition.get(lang)}".replace("\n", " ")
            lines.append(f"*[{term.abbr}]: {text}")
    return "\n".join(sorted(lines))
