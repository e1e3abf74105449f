"""Search records that are not whole pages: one answer card per sourced market fact, one record per
glossary term and per phrase template.

An agent who types "德国 退货" wants Germany's withdrawal rule, its source and the message to send,
not a list of cases that mention both words. Pages answer that badly because a case page is long
and mentions many things; a record holds exactly one answer, carries the words agents use for it
(vocabulary.yaml) and outranks pages through Pagefind's element weights.

Pure data: no MkDocs, no Pagefind. ``pagefind_index`` feeds these records to Pagefind and
``offline`` writes them for the file:// search of the offline copy.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from ..edition import SiteInfo
from ..models import Market
from ..models.base import LEVELS, STAGES
from ..render import paths
from ..render.html import Ctx, shorten
from ..render.markets import TOPICS, _facts, fact_anchor, headline_text
from ..render.strings import t, table
from ..repository import Handbook
from .homophones import homophone_table
from .vocabulary import vocabulary

# Which phrase category answers which fact topic, when a market names no "what to send" set.
_TOPIC_CATEGORY = {
    "withdrawal": "returns_refunds", "refund": "returns_refunds", "return_costs": "returns_refunds",
    "guarantee": "quality", "vat": "customs_duties", "imports": "customs_duties", "privacy": "privacy",
}
_TOPIC_SEND = {"withdrawal": "returns", "refund": "returns", "return_costs": "returns",
               "guarantee": "damage"}
_SENTENCE = re.compile(r"(?<=[。！？])|(?<=[.!?])\s+(?=[A-Z])")


@dataclass(frozen=True)
class Record:
    """One search hit that is not a whole page. ``url`` is relative to the site root."""

    url: str
    lang: str
    kind: str                      # rule | glossary | phrase
    title: str
    text: str                      # what the card shows: the rule in one line, a definition
    keywords: tuple[str, ...] = ()  # agents' words for it: searched, never shown
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def html(self) -> str:
        """The record as a tiny HTML document for Pagefind: title and keywords weigh most."""
        e = html.escape
        # "text": what the result shows, instead of an excerpt that may fall in the keywords
        shown = {**self.meta, "text": self.text} if self.kind != "rule" else self.meta
        meta = "".join(f'<span data-pagefind-meta="{e(k)}">{e(v)}</span>' for k, v in sorted(shown.items()))
        filters = "".join(f'<span data-pagefind-filter="{e(k)}">{e(v)}</span>'
                          for k, values in sorted(self.filters.items()) for v in values)
        words = " · ".join(self.keywords)
        return (f'<!doctype html><html lang="{e(self.lang)}"><head><meta charset="utf-8">'
                f"<title>{e(self.title)}</title></head><body><main data-pagefind-body>"
                f'<h1 data-pagefind-weight="10">{e(self.title)}</h1>'
                f'<p data-pagefind-weight="6">{e(words)}</p><p>{e(self.text)}</p>'
                f'<div hidden>{meta}{filters}<span data-pagefind-meta="kind">{e(self.kind)}</span>'
                f'<span data-pagefind-meta="target">{e(self.url)}</span>'
                f'<span data-pagefind-filter="type">{e(self.kind)}</span></div></main></body></html>')

    def offline(self) -> dict[str, Any]:
        """The compact form the offline copy searches with plain JavaScript."""
        return {"u": self.url, "k": self.kind, "t": self.title, "x": self.text,
                "w": " ".join(self.keywords), "m": self.meta, "f": {k: list(v) for k, v in self.filters.items()}}


def _page_url(src: str, directory_urls: bool) -> str:
    """Site-root-relative URL of a docs page (``markets/de/index.md`` -> ``markets/de/``)."""
    return Ctx(lang="zh", site=SiteInfo(directory_urls=directory_urls)).url_of(src)


def synonyms_in(*texts: str) -> list[str]:
    """The other words agents use for what these texts say (vocabulary.yaml, synonyms)."""
    joined = " ".join(texts).lower()
    found: list[str] = []
    for group in vocabulary().get("synonyms", []):
        if any(str(word).lower() in joined for word in group):
            found += [str(word) for word in group]
    return found


def lang_prefix(lang: str, default: str = "zh") -> str:
    return "" if lang == default else f"{lang}/"


def market_names(market: Market) -> list[str]:
    """Every form agents type for a market: 德国 / Germany / DE / Deutschland."""
    names = [market.name.zh, market.name.en, market.code]
    names += vocabulary().get("market_aliases", {}).get(market.code, [])
    return list(dict.fromkeys(names))


def first_sentence(text: str, limit: int = 160) -> str:
    text = " ".join(text.replace("**", "").replace("`", "").split())
    return shorten(_SENTENCE.split(text, maxsplit=1)[0].strip(), limit)


def _phrase_for(handbook: Handbook, market: Market, topic: str) -> Any | None:
    """The template to send for this fact: the market's own "what to send" set, else the
    market-specific phrase of the matching category, else one for every market."""
    situation = _TOPIC_SEND.get(topic)
    if situation is not None:
        for ident in getattr(market.what_to_send, situation):
            if ident in handbook.phrases:
                return handbook.phrases[ident]
    category = _TOPIC_CATEGORY[topic]
    candidates = [p for p in handbook.phrases.values() if p.category == category]
    for p in candidates:
        if market.code in p.markets:
            return p
    for p in candidates:
        if "all" in p.markets:
            return p
    return None


def rule_records(handbook: Handbook, lang: str, directory_urls: bool = True) -> list[Record]:
    ctx = Ctx(lang=lang)
    words = vocabulary()["topics"]
    prefix = lang_prefix(lang)
    out: list[Record] = []
    for market in handbook.markets.values():
        page = prefix + _page_url(paths.market(market.code), directory_urls)
        names = market_names(market)
        for topic in TOPICS:
            facts = _facts(market, topic)
            for i, fact in enumerate(facts):
                topic_label = t(lang, f"market.{topic}")
                title_extra = getattr(fact, "title", None)
                headline = headline_text(ctx, market, topic) if i == 0 else ""  # with its qualifier
                summary = first_sentence(fact.summary.get(lang))  # type: ignore[attr-defined]
                rule = " — ".join(x for x in (
                    headline, title_extra.get(lang) if title_extra is not None else "", summary) if x)
                anchor = fact_anchor(topic, i)
                meta = {"market": market.name.get(lang), "code": market.code, "topic": topic_label, "tkey": topic,
                        "rule": rule, "source": fact.source, "checked": fact.checked.isoformat(),
                        "page": page}
                phrase = _phrase_for(handbook, market, topic)
                if phrase is not None:
                    meta["phrase"] = prefix + _page_url(paths.PHRASES, directory_urls) + "#" + phrase.id
                    meta["phrase_title"] = phrase.title.get(lang)
                topic_words = list(words.get(topic, {}).get(lang, []))
                if lang == "zh":  # agents mix languages ("德国 refund"); English pages stay English
                    topic_words += words.get(topic, {}).get("en", [])
                title = f"{market.name.get(lang)} · {topic_label}"
                if title_extra is not None:
                    title += f" · {title_extra.get(lang)}"
                out.append(Record(
                    url=f"{page}#{anchor}", lang=lang, kind="rule", title=title, text=rule,
                    keywords=tuple(dict.fromkeys(names + topic_words)), meta=meta,
                    # "topic": the UI fetches a named market's cards for a named topic by filters
                    # alone, whatever words the question holds (search(null, filters))
                    filters={"market": (market.code,), "topic": (topic,)}))
    return out


def glossary_records(handbook: Handbook, lang: str, directory_urls: bool = True) -> list[Record]:
    page = lang_prefix(lang) + _page_url(paths.GLOSSARY, directory_urls)
    out = []
    for group in handbook.glossary.values():
        for term in group.terms:
            name = term.term.get(lang)
            keywords = [term.term.zh, term.term.en] if lang == "zh" else [term.term.en]
            if term.abbr:
                keywords.insert(0, term.abbr)
            keywords += synonyms_in(name)
            title = f"{term.abbr} · {name}" if term.abbr else name
            out.append(Record(
                url=f"{page}#{term.id}", lang=lang, kind="glossary", title=title,
                text=first_sentence(term.definition.get(lang), 220), keywords=tuple(dict.fromkeys(keywords)),
                meta={"group": group.title.get(lang)}, filters={}))
    return out


def phrase_records(handbook: Handbook, lang: str, directory_urls: bool = True) -> list[Record]:
    page = lang_prefix(lang) + _page_url(paths.PHRASES, directory_urls)
    out = []
    for phrase in handbook.phrases.values():
        markets = handbook.market_codes(phrase.markets)
        names: list[str] = []
        for code in phrase.markets:
            if code in handbook.markets:
                names += market_names(handbook.markets[code])
        out.append(Record(
            url=f"{page}#{phrase.id}", lang=lang, kind="phrase", title=phrase.title.get(lang),
            text=first_sentence(phrase.use_when.get(lang), 200),
            keywords=tuple(dict.fromkeys(names + [t(lang, f"category.{phrase.category}")]
                                         + vocabulary()["kinds"]["phrase"][lang][:3]
                                         + synonyms_in(phrase.title.get(lang), phrase.use_when.get(lang)))),
            # "codes": the markets it serves, so "a template for a German customer" puts these first
            meta={"langs": " ".join(phrase.texts), "codes": " ".join(markets)},
            filters={"market": markets, "stage": (phrase.stage,)}))
    return out


def sop_records(handbook: Handbook, lang: str, directory_urls: bool = True) -> list[Record]:
    """One record per SOP with agents' words for its situation (the page is indexed too; the UI
    shows whichever of the two ranks higher, once)."""
    prefix = lang_prefix(lang)
    words = vocabulary().get("sops", {})
    out = []
    for sop in handbook.sops.values():
        extra = list(words.get(sop.id, {}).get(lang, []))
        if lang == "zh":
            extra += words.get(sop.id, {}).get("en", [])
        out.append(Record(
            url=prefix + _page_url(paths.sop(sop.id), directory_urls), lang=lang, kind="sop",
            title=sop.title.get(lang), text=first_sentence(sop.trigger.get(lang), 200),
            keywords=tuple(dict.fromkeys(extra + synonyms_in(sop.title.get(lang)))),
            filters={"stage": sop.stages}))
    return out


def all_records(handbook: Handbook, lang: str, directory_urls: bool = True) -> list[Record]:
    return (rule_records(handbook, lang, directory_urls) + glossary_records(handbook, lang, directory_urls)
            + phrase_records(handbook, lang, directory_urls) + sop_records(handbook, lang, directory_urls))


def page_records(handbook: Handbook, lang: str, directory_urls: bool = True) -> list[Record]:
    """Case pages as records, for the offline copy (online, Pagefind indexes the pages)."""
    prefix = lang_prefix(lang)
    out = []
    for case in handbook.cases.values():
        markets = handbook.market_codes(case.markets)
        out.append(Record(
            url=prefix + _page_url(paths.case(case.id), directory_urls), lang=lang, kind="case",
            title=case.title.get(lang), text=first_sentence(case.situation.get(lang), 200),
            keywords=(case.id, t(lang, f"category.{case.category}")),
            filters={"market": markets, "stage": (case.stage,), "level": (case.level,)}))
    return out


def labels(handbook: Handbook, lang: str) -> dict[str, Any]:
    """What the search UI shows for filter values, and its own strings, in one language."""
    ui = {k[len("search."):]: v for k, v in table(lang).items() if k.startswith("search.")}
    out: dict[str, Any] = {
        "market": {code: f"{m.name.get(lang)} ({code})" for code, m in handbook.markets.items()},
        "type": {k: t(lang, f"search.type_{k}") for k in vocabulary()["types"]},
        "stage": {s: t(lang, f"stage.{s}") for s in STAGES},
        "level": {lv: t(lang, f"level.{lv}") for lv in LEVELS},
        "ui": ui,
        # For the UI's intent ranking: which topic and which market a question names.
        "topics": {topic: words.get(lang, []) + (words.get("en", []) if lang == "zh" else [])
                   for topic, words in vocabulary()["topics"].items()},
        "aliases": {code: market_names(m) for code, m in handbook.markets.items()},
        "kinds": {kind: words.get(lang, []) for kind, words in vocabulary()["kinds"].items()},
        # SOP situations in agents' words, keyed by the SOP page's site-root path.
        "sops": {"/" + lang_prefix(lang) + _page_url(paths.sop(ident), True):
                 {"title": handbook.sops[ident].title.get(lang),
                  "words": words.get(lang, []) + (words.get("en", []) if lang == "zh" else [])}
                 for ident, words in vocabulary().get("sops", {}).items() if ident in handbook.sops},
        # Glossary terms by every name agents type (abbreviation, zh and en term), lower case.
        "terms": _term_names(handbook, lang),
        "stop": vocabulary()["stop"].get(lang, []) + (vocabulary()["stop"]["en"] if lang == "zh" else []),
    }
    if lang == "zh":  # Chinese typos are homophones: the UI reads questions as pinyin
        out["homophones"] = homophone_table(_zh_words(out))
    return out


def _zh_words(labels_: dict[str, Any]) -> list[str]:
    """Agents' words the typo reading can land on: topics, SOP situations, market names."""
    words = [w for ws in labels_["topics"].values() for w in ws]
    words += [w for sop in labels_["sops"].values() for w in sop["words"]]
    words += [w for ws in labels_["aliases"].values() for w in ws]
    return words


def _term_names(handbook: Handbook, lang: str) -> dict[str, dict[str, str]]:
    page = "/" + lang_prefix(lang) + _page_url(paths.GLOSSARY, True)
    names: dict[str, dict[str, str]] = {}
    for term in handbook.terms:
        entry = {"url": f"{page}#{term.id}",
                 "title": f"{term.abbr} · {term.term.get(lang)}" if term.abbr else term.term.get(lang),
                 "text": first_sentence(term.definition.get(lang), 220)}
        for name in (term.abbr, term.term.zh if lang == "zh" else None, term.term.en):
            if not name:
                continue
            # "仅退款（无需退货）" is typed as 仅退款 or 无需退货 as often as in full
            parts = [name] + [p for p in re.split(r"[（）()]", name) if p.strip() and p != name]
            for part in parts:
                key = part.strip().lower()
                if len(key) >= 2:
                    names.setdefault(key, entry)
    return names
