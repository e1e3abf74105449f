"""Search records that are not whole pages: one answer card per sourced market fact (with its
source, check date and the template to send), and case pages as records for the offline copy's
full text; plus the search UI's labels.

An agent who types "德国 退货" wants Germany's withdrawal rule, its source and the message to send,
not a list of cases that mention both words. The answer index (answers.py) carries these cards to
the ranker; ``offline`` writes the case records for the file:// copy.

Pure data: no MkDocs, no Pagefind.
"""

from __future__ import annotations

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
    kind: str                      # rule | case
    title: str
    text: str                      # what the card shows: the rule in one line, a case's situation
    keywords: tuple[str, ...] = ()  # words it is found by offline, never shown
    meta: dict[str, str] = field(default_factory=dict)
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def offline(self) -> dict[str, Any]:
        """The compact form the offline copy searches with plain JavaScript."""
        return {"u": self.url, "k": self.kind, "t": self.title, "x": self.text,
                "w": " ".join(self.keywords), "m": self.meta, "f": {k: list(v) for k, v in self.filters.items()}}


def _page_url(src: str, directory_urls: bool) -> str:
    """Site-root-relative URL of a docs page (``markets/de/index.md`` -> ``markets/de/``)."""
    return Ctx(lang="zh", site=SiteInfo(directory_urls=directory_urls)).url_of(src)


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
    prefix = lang_prefix(lang)
    out: list[Record] = []
    for market in handbook.markets.values():
        page = prefix + _page_url(paths.market(market.code), directory_urls)
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
                meta = {"code": market.code, "tkey": topic, "rule": rule, "source": fact.source,
                        "checked": fact.checked.isoformat()}
                phrase = _phrase_for(handbook, market, topic)
                if phrase is not None:
                    meta["phrase"] = prefix + _page_url(paths.PHRASES, directory_urls) + "#" + phrase.id
                    meta["phrase_title"] = phrase.title.get(lang)
                title = f"{market.name.get(lang)} · {topic_label}"
                if title_extra is not None:
                    title += f" · {title_extra.get(lang)}"
                out.append(Record(url=f"{page}#{anchor}", lang=lang, kind="rule", title=title, text=rule, meta=meta))
    return out


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
    """What the search UI shows for filter values, customer languages, and its own strings, in one
    language (what a question means is the answer index's: answers.py)."""
    ui = {k[len("search."):]: v for k, v in table(lang).items() if k.startswith("search.")}
    return {
        "market": {code: f"{m.name.get(lang)} ({code})" for code, m in handbook.markets.items()},
        "type": {k: t(lang, f"search.type_{k}") for k in vocabulary()["types"]},
        "stage": {s: t(lang, f"stage.{s}") for s in STAGES},
        "level": {lv: t(lang, f"level.{lv}") for lv in LEVELS},
        "langs": {k[len("lang."):]: v for k, v in table(lang).items() if k.startswith("lang.")},
        "ui": ui,
    }
