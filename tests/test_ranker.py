"""The search ranker (overrides/assets/js/search/ranker.js) tested directly: the answer index of
the shipped handbook is written from the data layer (no MkDocs build) and Node's test runner
runs tests/js/ranker.test.mjs against it and against the whole tuned relevance set."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from handbook.repository import load
from handbook.search.answers import answer_index, write_answer_index
from handbook.yamlsafe import load_yaml, read_text

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def answers_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("answers")
    handbook = load(REPO)
    for lang in ("zh", "en"):
        (out / f"answers-{lang}.json").write_text(json.dumps(answer_index(handbook, lang), ensure_ascii=False),
                                                  encoding="utf-8")
    questions = load_yaml(read_text(REPO / "benchmarks" / "relevance.yaml"))["questions"]
    messages = load_yaml(read_text(REPO / "benchmarks" / "messages.yaml"))["messages"]
    (out / "relevance.json").write_text(json.dumps({"questions": questions, "messages": messages},
                                                   ensure_ascii=False, default=str), encoding="utf-8")
    return out


def test_ranker_unit_tests_pass_in_node(answers_dir: Path) -> None:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js is required for the ranker tests")
        pytest.skip("Node.js is not installed")
    env = {**os.environ, "HB_ANSWERS": str(answers_dir), "HB_RELEVANCE": str(answers_dir / "relevance.json")}
    run = subprocess.run([node, "--test", str(REPO / "tests" / "js" / "ranker.test.mjs")],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout and "# pass" in run.stdout


def test_answer_index_holds_no_markup_and_reaches_every_sop_and_topic() -> None:
    handbook = load(REPO)
    data = answer_index(handbook, "zh")
    kinds = {a["k"] for a in data["answers"]}
    assert kinds == {"rule", "sop", "glossary", "phrase"}
    reached = {c["a"].get("sop", "").split("#")[0] for c in data["concepts"]} | {c["a"].get("topic") for c in data["concepts"]}
    for sop in handbook.sops:
        assert f"sops/{sop}/" in reached, sop
    for topic in ("withdrawal", "refund", "return_costs", "guarantee", "vat", "imports", "privacy"):
        assert topic in reached
    every_rule = [a for a in data["answers"] if a["k"] == "rule"]
    assert every_rule and all(a["u"].startswith("markets/") and "#fact-" in a["u"] for a in every_rule)


def test_offline_copy_gets_the_same_index_as_a_script(tmp_path: Path) -> None:
    handbook = load(REPO)
    [written] = write_answer_index(handbook, tmp_path, ("en",), directory_urls=False, script=True)
    text = written.read_text(encoding="utf-8")
    assert text.startswith("window.__hbAnswers = {") and "</script" not in text.lower()
    data = json.loads(text[len("window.__hbAnswers = "):].rstrip().rstrip(";"))
    assert any(a["u"].endswith("index.html#fact-withdrawal") for a in data["answers"] if a["k"] == "rule")


SITUATIONS = ("lost-parcel", "delay", "damaged-item", "wrong-item", "return-request", "refund-done", "dispute",
              "customs-charge", "address-change", "privacy-request")


def test_every_customer_language_has_a_template_for_each_common_situation() -> None:
    """The dashboard's situation x language matrix, shipped with no gap: a customer writing in any
    language the markets speak gets a template for each common situation (issue 18, item 5)."""
    from handbook.models.base import CUSTOMER_LANGS
    from handbook.search.thesaurus import situation_matrix, thesaurus

    handbook = load(REPO)
    matrix = situation_matrix(thesaurus(REPO), handbook)
    spoken = {lang for m in handbook.markets.values() for lang in m.languages}
    assert spoken <= set(CUSTOMER_LANGS)
    gaps = [(s, lang) for s in SITUATIONS for lang in sorted(spoken) if not matrix.get(s, {}).get(lang)]
    assert gaps == []
    # and each template offered for a language serves a market that speaks it
    for s in SITUATIONS:
        for lang, ids in matrix[s].items():
            assert any(lang in handbook.markets[c].languages for i in ids
                       for c in handbook.market_codes(handbook.phrases[i].markets) if c in handbook.markets), (s, lang)
