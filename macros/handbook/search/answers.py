"""The answer index: everything the search's ranker needs, in one compact file per language.

An agent beside a live chat wants the answer before the network answers: the market rule, the
SOP step, the template in the customer's language. These are a few hundred records whatever the
number of cases, so they travel as one file (search/answers-<lang>.json, about 100 KB gzipped)
that the page fetches while idle; the ranker (overrides/assets/js/search/ranker.js) then answers
every keystroke without a round trip. Cases and chapters stay with Pagefind, as full-text results
below the answers.

The same data is written as a script for the offline copy (file:// cannot fetch JSON) and read by
the ranker's unit tests, so the site, the offline copy and the tests rank with one ranker.

Pure data: no MkDocs, no Pagefind.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from ..models.base import CUSTOMER_LANGS
from ..repository import Handbook
from ..render import paths
from ..render.strings import t
from .homophones import homophone_table
from .records import _page_url, first_sentence, labels, lang_prefix, market_names, rule_records
from .thesaurus import CUSTOMER_LANG, Thesaurus, thesaurus
from .vocabulary import vocabulary

FORMAT = 1


def _concepts(th: Thesaurus, handbook: Handbook, lang: str, directory_urls: bool) -> list[dict[str, Any]]:
    prefix = lang_prefix(lang)
    terms = {term.id for term in handbook.terms}
    out = []
    for c in th.concepts:
        a: dict[str, Any] = {}
        if c.answers.topic:
            a["topic"] = c.answers.topic
        if c.answers.sop and c.answers.sop in handbook.sops:
            a["sop"] = _sop_url(handbook, c.answers.sop, c.answers.step, lang, directory_urls)
        if c.answers.glossary and c.answers.glossary in terms:
            a["glossary"] = prefix + _page_url(paths.GLOSSARY, directory_urls) + "#" + c.answers.glossary
        if c.answers.page:
            page, _, anchor = c.answers.page.partition("#")
            a["page"] = prefix + _page_url(page.rstrip("/") + ".md", directory_urls) + (f"#{anchor}" if anchor else "")
        words = list(c.words.zh) + list(c.words.en) if lang == "zh" else list(c.words.en)
        out.append({"id": c.id, "k": c.kind, "l": c.label.get(lang), "w": list(dict.fromkeys(words)),
                    "s": {k: list(v) for k, v in c.signals.items()}, "a": a})
    return out


def _sop_url(handbook: Handbook, ident: str, step: int | None, lang: str, directory_urls: bool) -> str:
    url = lang_prefix(lang) + _page_url(paths.sop(ident), directory_urls)
    # Steps that send a template have a heading of their own (render/sops.py): land on it.
    if step is not None and handbook.sops[ident].steps[step - 1].phrases:
        url += f"#{ident}-step-{step}"
    return url


def _answers(th: Thesaurus, handbook: Handbook, lang: str, directory_urls: bool) -> list[dict[str, Any]]:
    prefix = lang_prefix(lang)
    by_topic: dict[str, list[str]] = {}
    by_sop: dict[str, list[str]] = {}
    by_term: dict[str, list[str]] = {}
    for c in th.concepts:
        if c.answers.topic:
            by_topic.setdefault(c.answers.topic, []).append(c.id)
        if c.answers.sop:
            by_sop.setdefault(c.answers.sop, []).append(c.id)
        if c.answers.glossary:
            by_term.setdefault(c.answers.glossary, []).append(c.id)
    out: list[dict[str, Any]] = []
    for r in rule_records(handbook, lang, directory_urls):
        m = r.meta
        out.append({"k": "rule", "t": r.title, "u": r.url, "x": m["rule"], "c": by_topic.get(m["tkey"], []),
                    "m": [m["code"]], "src": m["source"], "d": m["checked"],
                    **({"p": m["phrase"], "pt": m["phrase_title"]} if "phrase" in m else {})})
    for sop in handbook.sops.values():
        out.append({"k": "sop", "t": sop.title.get(lang), "u": prefix + _page_url(paths.sop(sop.id), directory_urls),
                    "x": first_sentence(sop.trigger.get(lang), 200), "c": by_sop.get(sop.id, []),
                    "f": {"stage": list(sop.stages)}})
    glossary = prefix + _page_url(paths.GLOSSARY, directory_urls)
    for term in handbook.terms:
        name = term.term.get(lang)
        names = [n for n in (term.abbr, term.term.en, term.term.zh if lang == "zh" else None) if n]
        # "体积重（抛重）" is typed as 体积重 or 抛重 as often as in full
        # (only real names: 2+ Chinese characters or a 4+ letter word, not a bracketed "UK" or "EU")
        names += [part.strip() for n in list(names) for part in re.split(r"[（）()]", n)
                  if part.strip() != n and re.fullmatch(r"[\u4e00-\u9fff]{2,}|[A-Za-z][A-Za-z -]{3,}", part.strip())]
        out.append({"k": "glossary", "t": f"{term.abbr} · {name}" if term.abbr else name, "u": f"{glossary}#{term.id}",
                    "x": first_sentence(term.definition.get(lang), 220), "c": by_term.get(term.id, []),
                    "n": list(dict.fromkeys(names))})
    phrases = prefix + _page_url(paths.PHRASES, directory_urls)
    for phrase in handbook.phrases.values():
        out.append({"k": "phrase", "t": phrase.title.get(lang), "u": f"{phrases}#{phrase.id}",
                    "x": first_sentence(phrase.use_when.get(lang), 200), "c": list(phrase.concepts),
                    "m": list(handbook.market_codes(phrase.markets)), "l": list(phrase.texts),
                    "f": {"stage": [phrase.stage]}})
    return out


def _lang_names(lang: str, aliases: dict[str, list[str]]) -> dict[str, str]:
    """Each customer language by its UI names (德语 / german) and the other names agents type
    for it (vocabulary.yaml, language_aliases: malay, 粤语)."""
    names: dict[str, str] = {}
    for code in CUSTOMER_LANGS:
        for name in (t("zh", f"lang.{code}"), t("en", f"lang.{code}")) if lang == "zh" else (t("en", f"lang.{code}"),):
            name = name.split("（")[0].split(" (")[0].lower()  # "葡萄牙语（巴西）" is typed 葡萄牙语
            names.setdefault(name, code)
        for name in aliases.get(code, []):
            names.setdefault(str(name).lower(), code)
    return names


def answer_index(handbook: Handbook, lang: str, directory_urls: bool = True) -> dict[str, Any]:
    """The answer index of one site language (see the module docstring)."""
    th = thesaurus(handbook.root)
    if th is None:  # validation reports why; a build never gets here with a broken thesaurus
        raise ValueError("the concept thesaurus cannot be read: run handbook validate")
    vocab = vocabulary()
    stop = list(vocab["stop"].get(lang, [])) + (list(vocab["stop"]["en"]) if lang == "zh" else [])
    data: dict[str, Any] = {
        "v": FORMAT,
        "lang": lang,
        "labels": labels(handbook, lang),
        "concepts": _concepts(th, handbook, lang, directory_urls),
        "answers": _answers(th, handbook, lang, directory_urls),
        "markets": {code: {"n": m.name.get(lang), "a": market_names(m), "l": list(m.languages)}
                    for code, m in handbook.markets.items()},
        "kinds": {kind: list(words.get(lang, [])) + (list(words.get("en", [])) if lang == "zh" else [])
                  for kind, words in vocab["kinds"].items()},
        "stop": stop,
        "languages": {k: list(v) for k, v in th.languages.items()},
        "customer_lang": CUSTOMER_LANG,
        # customer languages by the names agents type for them (德语, 荷兰语, german, malay)
        "lang_names": _lang_names(lang, vocab.get("language_aliases", {})),
    }
    if lang == "zh":  # Chinese typos are homophones: the ranker reads questions as pinyin
        data["homophones"] = homophone_table([w for c in data["concepts"] for w in c["w"]]
                                             + [a for m in data["markets"].values() for a in m["a"]]
                                             + [n for a in data["answers"] for n in a.get("n", [])])
    return data


def _json(data: Any) -> str:
    # "<" escaped: the same text goes inside a <script> in the offline copy.
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def write_answer_index(handbook: Handbook, site_root: Path, languages: tuple[str, ...],
                       directory_urls: bool = True, script: bool = False) -> list[Path]:
    """search/answers-<lang>.json (online) or .js (the offline copy, loaded by a script element)."""
    written = []
    for lang in languages:
        text = _json(answer_index(handbook, lang, directory_urls))
        target = Path(site_root) / "search" / f"answers-{lang}.{'js' if script else 'json'}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"window.__hbAnswers = {text};\n" if script else text, encoding="utf-8")
        written.append(target)
    return written
