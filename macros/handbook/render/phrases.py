"""Phrase template blocks: each customer-language variant with the agent's notes beside it."""

from __future__ import annotations

from ..models import Phrase
from ..models.phrase import PLACEHOLDER
from ..repository import Handbook
from . import paths
from .html import Ctx, badges, esc, lang_attrs, md_text, rich, translation_note
from .strings import label, t, ui_json


def _with_slots(text: str) -> str:
    """Escape the text, then mark each {placeholder} so the page can highlight and fill it."""
    out = []
    pos = 0
    for match in PLACEHOLDER.finditer(text):
        out.append(esc(text[pos:match.start()]))
        name = match.group(1)
        out.append(f'<span class="hb-slot" data-slot="{name}">&#123;{name}&#125;</span>')
        pos = match.end()
    out.append(esc(text[pos:]))
    return "".join(out).replace("\n", "<br>\n")


def phrase_block(ctx: Ctx, handbook: Handbook, phrase: Phrase, searchable: bool = True,
                 anchor: str | None = None, compact: bool = False) -> str:
    """One phrase; embedded in chapters it is left out of search (the phrase library holds it).

    ``anchor`` replaces the element id where one phrase appears more than once on a page (SOP
    steps); ``compact`` keeps only "use when" of the agent's notes and links to the library entry.
    """
    lang = ctx.lang
    registry = handbook.placeholders.placeholders if handbook.placeholders else {}
    slots = "".join(
        f'<li data-slot="{name}" data-label="{esc(registry[name].label.get(lang))}"><code>&#123;{name}&#125;</code> '
        f"{esc(registry[name].label.get(lang))}</li>"
        for name in phrase.placeholders if name in registry)
    variants = "".join(
        f'<div class="hb-variant" data-lang="{code}"><p class="hb-variant-lang">{esc(t(lang, f"lang.{code}"))}</p>'
        f'<p class="hb-phrase-text" {lang_attrs(code)}>{_with_slots(text)}</p></div>'
        for code, text in phrase.texts.items())
    slot_list = (f'<p><strong>{esc(label(lang, "phrase.placeholders"))}</strong></p><ul class="hb-slots">{slots}</ul>'
                 if slots else "")
    notes = f'<dt>{esc(t(lang, "phrase.use_when"))}</dt><dd>{rich(phrase.use_when.get(lang))}</dd>'
    if compact:
        title = (f'<a href="{ctx.href(paths.PHRASES, phrase.id)}">{esc(phrase.title.get(lang))}</a>')
        markets = ", ".join(phrase.markets)
        badge_list = [("market", t(lang, "phrase.markets", codes=markets))]
    else:
        title = esc(phrase.title.get(lang))
        notes += (f'<dt>{esc(t(lang, "phrase.avoid_when"))}</dt><dd>{rich(phrase.avoid_when.get(lang))}</dd>'
                  f'<dt>{esc(t(lang, "phrase.explain"))}</dt><dd>{rich(phrase.explain.get(lang))}</dd>')
        badge_list = [("stage", t(lang, f"stage.{phrase.stage}")),
                      ("category", t(lang, f"category.{phrase.category}"))]
    return (
        f'<div class="hb-phrase{" hb-phrase--compact" if compact else ""}" id="{esc(anchor or phrase.id)}" '
        f'data-phrase="{esc(phrase.id)}"'
        f'{"" if searchable else " data-search-exclude"} '
        f'data-i18n="{esc(ui_json(lang, "js.phrase."))}">'
        f'<p class="hb-phrase-title"><strong>{title}</strong> <code>{esc(phrase.id)}</code></p>'
        + badges(badge_list)
        + f'<dl class="hb-phrase-notes">{notes}</dl>'
        f"{slot_list}{variants}{translation_note(ctx, handbook.source_of('phrase', phrase.id))}</div>")


def phrases_page(ctx: Ctx, handbook: Handbook) -> str:
    lang = ctx.lang
    parts = [f"# {md_text(t(lang, 'phrase.index_title'))}", f"<p>{esc(t(lang, 'phrase.index_intro'))}</p>"]
    by_category: dict[str, list[Phrase]] = {}
    for phrase in handbook.phrases.values():
        by_category.setdefault(phrase.category, []).append(phrase)
    for category in sorted(by_category):
        parts.append(f"## {md_text(t(lang, f'category.{category}'))} {{#{category.replace('_', '-')}}}")
        parts += [phrase_block(ctx, handbook, p) for p in by_category[category]]
    return "\n\n".join(parts) + "\n"


def phrase_links(ctx: Ctx, handbook: Handbook, ids: list[str]) -> list[tuple[str, str]]:
    return [(f"{paths.PHRASES}#{i}", handbook.phrases[i].title.get(ctx.lang)) for i in ids]

