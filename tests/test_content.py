"""The shipped handbook: the volume and coverage the programme asks for, and a strict build."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from handbook.models import Sourced
from handbook.repository import Handbook, load
from conftest import REPO

MARKETS = {"EU", "US", "GB", "DE", "FR", "ES", "IT", "NL", "JP", "KR", "AU", "CA", "BR", "MX", "SA", "AE", "SG",
           "TW", "HK", "ID", "MY", "TH", "PH", "VN"}
STAGES = ("pre_sale", "in_sale", "after_sale")
CATEGORIES = ("logistics", "returns_refunds", "quality", "payment", "customs_duties", "pricing_currency",
              "privacy", "platform_dispute", "reviews", "culture_language")
CHAPTERS = ("01-why-training", "02-core-skills", "03-service-process", "04-pre-sale", "05-in-sale",
            "06-after-sale", "07-peak-seasons", "08-tools-ai", "09-quality-certification")
SOPS = {"sop-service-process", "sop-presale-inquiry", "sop-order-payment-anomaly", "sop-address-change",
        "sop-logistics-delay-lost", "sop-customs-duties", "sop-returns-refunds", "sop-quality-damage",
        "sop-platform-dispute", "sop-negative-review", "sop-peak-surge"}


@pytest.fixture(scope="module")
def hb() -> Handbook:
    return load(REPO)


def test_markets(hb: Handbook) -> None:
    assert set(hb.markets) == MARKETS
    for market in hb.markets.values():
        assert market.peak_seasons and market.holidays and len(market.culture) >= 4, market.code
        assert market.changes, f"{market.code}: no 'what changed' history"
        for path, fact in market.sourced_facts():
            assert fact.source.startswith("https://"), (market.code, path)


def test_every_sourced_fact_has_a_source_and_date(hb: Handbook) -> None:
    def walk(obj):
        if isinstance(obj, Sourced):
            yield obj
        if hasattr(type(obj), "model_fields"):
            for name in type(obj).model_fields:
                yield from walk(getattr(obj, name))
        elif isinstance(obj, (list, tuple)):
            for item in obj:
                yield from walk(item)
    facts = [f for m in hb.markets.values() for f in walk(m)]
    assert len(facts) >= 17 * 8
    assert all(f.source.startswith("https://") and f.checked for f in facts)


def test_member_states_state_their_own_rules(hb: Handbook) -> None:
    eu = hb.markets["EU"]
    for code in ("FR", "ES", "NL", "IT"):
        market = hb.markets[code]
        assert market.parent == "EU"
        assert market.consumer.guarantee.summary.en != eu.consumer.guarantee.summary.en


def test_cases(hb: Handbook) -> None:
    cases = list(hb.cases.values())
    assert len(cases) >= 100
    pairs = Counter((c.stage, c.category) for c in cases)
    missing = [p for p in itertools.product(STAGES, CATEGORIES) if p not in pairs]
    assert not missing, missing
    levels = Counter(c.level for c in cases)
    assert min(levels[l] for l in ("beginner", "intermediate", "advanced")) >= 25, levels
    assert sum(c.category == "culture_language" for c in cases) >= 20
    markets = {m for c in cases for m in c.markets if m != "all"}
    assert len(markets) >= 12, markets
    assert all(c.sops for c in cases), [c.id for c in cases if not c.sops]


def test_sops(hb: Handbook) -> None:
    assert SOPS <= set(hb.sops)
    returns = hb.sops["sop-returns-refunds"]
    assert len(returns.escalation) == 3 and returns.fast_path is not None


def test_phrases(hb: Handbook) -> None:
    phrases = list(hb.phrases.values())
    assert len(phrases) >= 80
    assert sum(p.category == "culture_language" for p in phrases) >= 20
    languages = Counter(lang for p in phrases for lang in p.texts)
    for lang in ("de", "fr", "es", "it", "nl", "ja", "ko", "pt-BR", "ar"):
        assert languages[lang] >= 3, (lang, languages)


def test_quizzes(hb: Handbook) -> None:
    for chapter in CHAPTERS:
        quiz_id = "ch" + chapter  # 02-core-skills -> ch02-core-skills
        assert len(hb.quizzes[quiz_id].questions) >= 5, quiz_id
    levels = {q.level: q for q in hb.quizzes.values() if q.level}
    assert set(levels) == {"beginner", "intermediate", "advanced"}
    assert all(len(q.questions) >= 20 for q in levels.values())
    assert {q.type for q in hb.questions.values()} == {"single", "multiple", "true_false", "best_reply"}


def test_glossary(hb: Handbook) -> None:
    assert len(hb.terms) >= 60


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_structure(chapter: str) -> None:
    for suffix, objectives, points in ((".md", "学习目标", "本章要点"), (".en.md", "Learning objectives", "Key points")):
        text = (REPO / "docs" / "chapters" / f"{chapter}{suffix}").read_text(encoding="utf-8")
        assert re.search(rf'^!!! \w+ "{objectives}"', text, re.M), (chapter, suffix)
        assert re.search(rf'^!!! \w+ "{points}"', text, re.M), (chapter, suffix)
        assert "{{ quiz('ch" in text
        body = text[: text.index("{{ quiz(")]
        assert re.search(r"\{\{ (case|cases|sop|phrase|market_table)\(", body), f"{chapter}{suffix} embeds no data"


def test_strict_build_of_the_shipped_handbook(real_site: Path, hb: Handbook) -> None:
    urls = ["", "markets/", "cases/", "sops/", "phrases/", "glossary/", "assessments/"]
    urls += [f"markets/{c.lower()}/" for c in hb.markets] + [f"cases/{i}/" for i in hb.cases]
    urls += [f"sops/{i}/" for i in hb.sops] + [f"chapters/{c}/" for c in CHAPTERS]
    urls += [f"assessments/{level}/" for level in ("beginner", "intermediate", "advanced")]
    for url in urls:
        for prefix, lang in (("", "zh"), ("en/", "en")):
            path = real_site / prefix / url / "index.html"
            assert path.exists(), path
    soup = BeautifulSoup((real_site / "en/markets/de/index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en" and "Germany" in soup.h1.get_text()


def test_generated_pages_stay_out_of_the_sidebar(real_site: Path) -> None:
    html = (real_site / "index.html").read_text(encoding="utf-8")
    nav = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--primary")
    assert "case-001" not in str(nav) and "markets/de/" not in str(nav)
