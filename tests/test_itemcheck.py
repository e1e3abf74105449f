"""Item-writing checks, the test-wise strategy score and level-assessment forms (issue 12).

Each check has a failing fixture written into a copy of the mini handbook; a generated bank that
follows every rule passes; the shipped banks pass and cannot be passed by test-wise guessing.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, run_handbook
from handbook.itemcheck import (STRATEGY_LIMIT, check_items, draw_form, form_units,
                                strategy_score)
from handbook.repository import load
from handbook.validation import validate

MODELINE = "# yaml-language-server: $schema=../../schemas/quiz.schema.json\n"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<field>[^:]+): (?P<msg>.+?)( — hint: (?P<hint>.+))?$")


# --- a generated bank that follows every rule ------------------------------------------------------

def single(i: int, topic: str | None = None, right: int | None = None) -> dict[str, Any]:
    right = i % 4 if right is None else right
    item: dict[str, Any] = {
        "id": f"q-gen-{i:02d}", "type": "single",
        "stem": {"zh": f"情形{i:02d}：这时该怎么办？", "en": f"Situation {i:02d}: what now?"},
        "options": [{"text": {"zh": f"第{i:02d}种方案{'甲乙丙丁'[k]}", "en": f"Plan {i:02d}{'ABCD'[k]} applies"},
                     "correct": k == right,
                     "feedback": {"zh": f"方案{'甲乙丙丁'[k]}的理由{i:02d}", "en": f"Reason {i:02d}{'ABCD'[k]} here"}}
                    for k in range(4)],
        "explanation": {"zh": f"解释{i:02d}。", "en": f"Explanation {i:02d}."},
    }
    if topic:
        item["topic"] = topic
    return item


def true_false(i: int, answer: bool, topic: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": f"q-gen-{i:02d}", "type": "true_false",
        "stem": {"zh": f"说法{i:02d}成立。", "en": f"Statement {i:02d} holds."}, "answer": answer,
        "explanation": {"zh": f"解释{i:02d}。", "en": f"Explanation {i:02d}."},
        "feedback_true": {"zh": f"答“对”的理由{i:02d}", "en": f"Why true {i:02d}"},
        "feedback_false": {"zh": f"答“错”的理由{i:02d}", "en": f"Why false {i:02d}"},
    }
    if topic:
        item["topic"] = topic
    return item


def quiz_set(ident: str, questions: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"id": ident, "title": {"zh": "生成的题组", "en": "Generated set"}, **extra, "questions": questions}


def good_chapter_set() -> dict[str, Any]:
    return quiz_set("gen-chapter", [single(i) for i in range(8)] + [true_false(8 + i, i % 2 == 0) for i in range(4)])


def level_bank(level: str = "beginner", n: int = 40, topics: int = 4, start: int = 100) -> dict[str, Any]:
    items = []
    for i in range(n):
        topic = f"topic-{i % topics}"
        items.append(true_false(start + i, i % 4 == 1, topic) if i % 4 in (1, 3)
                     else single(start + i, topic, right=(i // 2) % 4))
    return quiz_set(f"gen-{level}", items, level=level, form_size=20)


def write_set(root: Path, data: dict[str, Any], name: str | None = None) -> str:
    rel = f"cases/quizzes/{name or data['id']}.yaml"
    (root / rel).write_text(MODELINE + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return rel


def problems_in(root: Path, rel: str) -> list[str]:
    out = []
    for p in validate(root):
        if p.path == rel and p.severity == "error":
            out.append(p.format())
    return out


def drop_mini_quizzes(root: Path) -> None:
    """These tests bring their own sets (the mini handbook's own sets are checked on their own)."""
    for path in (root / "cases/quizzes").glob("*.yaml"):
        path.unlink()
    for path in (root / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"\{\{\s*quiz\([^)]*\)\s*\}\}", "", text), encoding="utf-8")


@pytest.fixture
def root(mini: Path) -> Path:
    drop_mini_quizzes(mini)
    return mini


def test_a_bank_that_follows_every_rule_passes(root: Path) -> None:
    rel = write_set(root, good_chapter_set())
    bank = write_set(root, level_bank())
    assert problems_in(root, rel) == []
    assert problems_in(root, bank) == []


def _one(found: list[str], text: str) -> re.Match[str]:
    hits = [LINE.match(line) for line in found if text in line]
    assert hits, f"no problem mentioning {text!r} in {found}"
    assert hits[0] is not None, found
    return hits[0]


def _line_of(root: Path, rel: str, needle: str, occurrence: int = 1) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    hits = [n for n, line in enumerate(lines, 1) if needle in line]
    return hits[occurrence - 1]


def test_correct_option_much_longer_than_distractors(root: Path) -> None:
    data = good_chapter_set()
    q = data["questions"][2]
    right = next(o for o in q["options"] if o["correct"])
    right["text"]["en"] = "Plan 02C applies, after checking the order history and the carrier's scan"
    rel = write_set(root, data)
    m = _one(problems_in(root, rel), "as long as the average distractor")
    assert m["field"] == "questions[2].options[2].text.en"
    assert int(m["line"]) == _line_of(root, rel, "after checking the order history")
    assert "longest option" in m["hint"]


def test_correct_option_systematically_the_longest(root: Path) -> None:
    data = good_chapter_set()
    for q in data["questions"][:8]:  # one character longer: not 1.5x, but always the longest
        right = next(o for o in q["options"] if o["correct"])
        right["text"]["zh"] += "。"
        right["text"]["en"] += "."
    rel = write_set(root, data)
    m = _one(problems_in(root, rel), "unique longest in 8 of 8")
    assert m["field"] == "questions" and "chance is 25 %" in m["msg"]
    assert "as long as the average distractor" not in " ".join(problems_in(root, rel))


def test_answer_positions_balanced_in_source_order(root: Path) -> None:
    data = quiz_set("gen-positions", [single(i, right=0) for i in range(6)] + [single(6 + i) for i in range(2)])
    rel = write_set(root, data)
    m = _one(problems_in(root, rel), "the answer is option A in")
    assert "6 of 8" in m["msg"] and "at most 40 %" in m["hint"]


def test_true_false_balanced(root: Path) -> None:
    data = quiz_set("gen-tf", [single(i) for i in range(4)] + [true_false(4 + i, False) for i in range(6)])
    rel = write_set(root, data)
    m = _one(problems_in(root, rel), "true/false items are true")
    assert m["msg"].startswith("0 of 6") and "make 3 of them true" in m["hint"]


@pytest.mark.parametrize("lang,text", [("en", "All of the above"), ("zh", "以上都是"), ("en", "None of the above"),
                                       ("zh", "以上都不对")])
def test_all_or_none_of_the_above(root: Path, lang: str, text: str) -> None:
    data = good_chapter_set()
    data["questions"][1]["options"][3]["text"][lang] = text
    rel = write_set(root, data)
    m = _one(problems_in(root, rel), "all/none of the above")
    assert m["field"] == f"questions[1].options[3].text.{lang}"


def test_duplicate_options(root: Path) -> None:
    data = good_chapter_set()
    data["questions"][0]["options"][2]["text"]["zh"] = data["questions"][0]["options"][1]["text"]["zh"] + " "
    rel = write_set(root, data)
    m = _one(problems_in(root, rel), "the same option as option B")
    assert m["field"] == "questions[0].options[2].text.zh"


def test_only_the_correct_option_echoes_the_stem(root: Path) -> None:
    data = good_chapter_set()
    q = data["questions"][3]  # correct option is D (index 3)
    q["stem"]["en"] = "A chargeback arrived while the refund request is open: what now?"
    q["options"][3]["text"]["en"] = "Answer the chargeback refund"
    rel = write_set(root, data)
    m = _one(problems_in(root, rel), "only the correct option repeats the stem's words")
    assert m["field"] == "questions[3].options[3].text.en" and "chargeback" in m["msg"]
    # the same words in a distractor too: no giveaway any more
    q["options"][0]["text"]["en"] = "Refund before the chargeback"
    write_set(root, data)
    assert not [p for p in problems_in(root, rel) if "repeats the stem" in p]


def test_every_option_needs_its_own_feedback(root: Path) -> None:
    data = good_chapter_set()
    del data["questions"][0]["options"][1]["feedback"]
    data["questions"][1]["options"][2]["feedback"] = dict(data["questions"][1]["options"][0]["feedback"])
    del data["questions"][9]["feedback_false"]
    rel = write_set(root, data)
    found = problems_in(root, rel)
    assert _one(found, "this option has no feedback")["field"] == "questions[0].options[1].text"
    assert _one(found, "the same feedback as option A")["field"] == "questions[1].options[2].feedback"
    assert _one(found, "feedback_false is missing")["field"] == "questions[9].id"


def test_strategy_score_at_or_above_half_is_an_error(root: Path) -> None:
    # the test-wise agent: longest option + always "false"
    data = quiz_set("gen-guessable", [single(i) for i in range(4)] + [true_false(4 + i, i == 0) for i in range(6)])
    for q in data["questions"][:4]:
        right = next(o for o in q["options"] if o["correct"])
        right["text"]["en"] += "!"
    rel = write_set(root, data)
    m = _one(problems_in(root, rel), "test-wise strategy score")
    assert "90 %" in m["msg"] and "always the longest option (en)" in m["msg"] and "'false'" in m["msg"]


def test_strategy_score_counts_each_rule() -> None:
    from handbook.models import QuizSet

    data = quiz_set("gen-s", [single(i, right=1) for i in range(6)] + [true_false(6 + i, i < 1) for i in range(4)])
    score = strategy_score("gen-s", QuizSet.model_validate(data).questions)
    assert score.policy == "position1+false"          # always B, always false
    assert score.score == pytest.approx((6 + 3) / 10)
    assert score.longest == pytest.approx(0.25)       # all options equally long: ties are chance
    assert score.false_share == pytest.approx(0.75)


def test_level_bank_rules(root: Path) -> None:
    (root / "pyproject.toml").unlink()             # the default: 40 items
    data = level_bank(n=12)
    del data["form_size"]
    del data["questions"][3]["topic"]
    rel = write_set(root, data)
    found = problems_in(root, rel)
    assert _one(found, "at least 40 items (has 12)")
    assert _one(found, "needs form_size")
    assert _one(found, "item needs a topic")["field"] == "questions[3].id"


def test_level_min_items_comes_from_pyproject(root: Path) -> None:
    rel = write_set(root, {**level_bank(n=12, topics=2), "form_size": 8})
    (root / "pyproject.toml").write_text("[tool.handbook]\nlevel_min_items = 13\n", encoding="utf-8")
    assert _one(problems_in(root, rel), "at least 13 items (has 12)")
    (root / "pyproject.toml").write_text("[tool.handbook]\nlevel_min_items = 12\n", encoding="utf-8")
    assert problems_in(root, rel) == []


def test_the_mini_handbook_passes_the_item_checks(mini: Path) -> None:
    assert [p.format() for p in validate(mini) if p.severity == "error"] == []
    assert any(q.level for q in load(mini).quizzes.values())


def test_structure_is_checked(root: Path) -> None:
    data = level_bank("intermediate", n=12)
    data["form_size"] = 30
    data["groups"] = [{"id": "case-a", "title": {"zh": "案例", "en": "Case"}, "market": "DE",
                       "situation": {"zh": "情况。", "en": "Situation."}}]
    data["questions"][0]["group"] = "case-a"
    data["questions"][2]["group"] = "case-a"       # not next to each other
    data["questions"][4]["group"] = "case-b"       # unknown
    data["questions"][6]["feedback_true"] = {"zh": "不该有", "en": "Not here"}
    data["writing_tasks"] = [{
        "id": "w-gen", "title": {"zh": "回复", "en": "Reply"}, "market": "DE",
        "customer_wrote": {"lang": "de", "text": "Wo ist mein Paket?", "gloss": {"zh": "包裹在哪？", "en": "Where is my parcel?"}},
        "task": {"zh": "回复顾客。", "en": "Reply to the customer."}, "criteria": ["accuracy", "no-such-criterion"],
        "model_answer": {"lang": "en", "text": "Your parcel is on its way."},
        "notes": {"zh": "要点。", "en": "Notes."}}]
    (root / "cases/scorecard.yaml").write_text((REPO / "cases/scorecard.yaml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    rel = write_set(root, data)
    found = [p.format() for p in validate(root) if p.path == rel]
    assert _one(found, "unknown scorecard criterion 'no-such-criterion'")["field"] == "writing_tasks[0].criteria[1]"
    data["writing_tasks"][0]["criteria"] = ["accuracy"]
    write_set(root, data)
    found = [p.format() for p in validate(root) if p.path == rel]
    assert _one(found, "are not next to each other")["field"] == "questions[2].group"
    assert _one(found, "unknown item group 'case-b'")["field"] == "questions[4].group"
    assert _one(found, "feedback_true is only for true_false")["field"] == "questions[6].feedback_true"
    assert _one(found, "the model answer is in 'en'")["field"] == "writing_tasks[0].model_answer.lang"
    assert _one(found, "form_size 30 is more than the 12 items")["field"] == "form_size"


def test_writing_tasks_only_in_intermediate_and_advanced(root: Path) -> None:
    data = level_bank("beginner", n=8)
    data["writing_tasks"] = [{
        "id": "w-gen", "title": {"zh": "回复", "en": "Reply"}, "market": "DE",
        "customer_wrote": {"lang": "de", "text": "Hallo?", "gloss": {"zh": "你好？", "en": "Hello?"}},
        "task": {"zh": "回复。", "en": "Reply."}, "criteria": ["accuracy"],
        "model_answer": {"lang": "de", "text": "Guten Tag!"}, "notes": {"zh": "要点。", "en": "Notes."}}]
    (root / "cases/scorecard.yaml").write_text((REPO / "cases/scorecard.yaml").read_text(encoding="utf-8"),
                                               encoding="utf-8")
    rel = write_set(root, data)
    found = [p.format() for p in validate(root) if p.path == rel]
    assert _one(found, "belong to the intermediate and advanced")["field"] == "writing_tasks[0]"


# --- forms ----------------------------------------------------------------------------------------

def _bank_model(n: int = 40, groups: bool = True):
    from handbook.models import QuizSet

    data = level_bank("advanced", n=n)
    if groups:
        data["groups"] = [{"id": "case-a", "title": {"zh": "案例", "en": "Case"}, "market": "DE",
                           "situation": {"zh": "情况。", "en": "Situation."}}]
        for q in data["questions"][0:9:4]:   # items 0, 4, 8 share topic-0
            q["group"] = "case-a"
        # keep the group's items together
        qs = data["questions"]
        grouped = [q for q in qs if q.get("group")]
        rest = [q for q in qs if not q.get("group")]
        data["questions"] = grouped + rest
    return QuizSet.model_validate(data)


def test_forms_are_reproducible_balanced_and_keep_groups_whole() -> None:
    bank = _bank_model()
    topic_of = {q.id: q.topic for q in bank.questions}
    order = [q.id for q in bank.questions]
    forms = {seed: draw_form(bank, seed) for seed in range(1, 61)}
    assert draw_form(bank, 7) == forms[7]                       # same seed, same form
    assert len({tuple(f) for f in forms.values()}) > 50         # different seeds, different forms
    group = {"q-gen-100", "q-gen-104", "q-gen-108"}
    for seed, form in forms.items():
        assert len(form) == 20
        assert form == [i for i in order if i in form]          # source order
        assert group <= set(form) or not group & set(form)      # the group drawn whole
        counts = Counter(topic_of[i] for i in form)
        assert max(counts.values()) - min(counts.values()) <= 3, (seed, counts)  # at most one group apart
    ungrouped = _bank_model(groups=False)
    for seed in range(1, 41):
        counts = Counter(q.topic for q in ungrouped.questions if q.id in draw_form(ungrouped, seed))
        assert sorted(counts.values()) == [5, 5, 5, 5]


def test_form_units_group_items() -> None:
    units = form_units(_bank_model())
    assert units[0] == ("topic-0", ["q-gen-100", "q-gen-104", "q-gen-108"])
    assert sum(len(ids) for _, ids in units) == 40


# --- the shipped banks -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shipped():
    return load(REPO)


def test_shipped_quiz_items_pass_every_check(shipped) -> None:
    found = [p.format() for p in check_items(shipped, enabled=True)]
    assert found == [], f"{len(found)} problem(s), e.g.\n" + "\n".join(found[:20])


def test_shipped_level_assessments_cannot_be_passed_by_guessing(shipped) -> None:
    levels = {q.level: q for q in shipped.quizzes.values() if q.level}
    assert set(levels) == {"beginner", "intermediate", "advanced"}
    for level, quiz in levels.items():
        score = strategy_score(quiz.id, quiz.questions)
        assert score.score < STRATEGY_LIMIT, f"{quiz.id}: {score.score:.0%} by {score.describe()}"
        assert len(quiz.questions) >= 40 and quiz.form_size == 20


def test_validate_reports_strategy_scores() -> None:
    result = run_handbook(REPO, "validate")
    lines = [line for line in result.stdout.splitlines() if line.startswith("test-wise strategy score:")]
    assert {line.split()[3] for line in lines} == {"assessment-beginner", "assessment-intermediate",
                                                   "assessment-advanced"}
    assert all(re.search(r" \d+ % \(", line) for line in lines)
