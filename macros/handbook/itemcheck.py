"""Item-writing checks for quiz questions, the test-wise strategy score, and level-assessment forms.

The checks follow established item-writing guidelines (Haladyna, Downing & Rodriguez 2002): the
correct option must not give itself away by its length, its position or by echoing the stem;
true/false items are balanced; no "all/none of the above"; every option carries its own feedback.

The **test-wise strategy score** of a set is the share of its items a reader gets right without
knowing anything, using the best of the simple rules test-wise readers use: on choice items always
pick the longest option, or always the same position; on true/false items always answer "false"
(or always "true"). It is computed per language (a reader sees one) and the higher one is reported.
At or above 50 % the set is an error: it can be passed by guessing well.

Level assessments are item banks: each attempt draws a form of ``form_size`` items, balanced across
topics, with groups drawn whole, from a seeded PRNG (mulberry32, implemented identically in
overrides/assets/js/quiz.js) so that a trainer can reproduce any agent's form from its number.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from .models import Question, QuizSet
from .problems import Problem, field_path
from .repository import Handbook
from .settings import Settings, load_settings
from .yamlsafe import YamlError, load_file, position

LANGS = ("zh", "en")
CHOICE_TYPES = ("single", "best_reply", "multiple")
SINGLE_TYPES = ("single", "best_reply")

LENGTH_RATIO = 1.5          # a correct option longer than 1.5x the mean distractor is flagged
LONGEST_MARGIN = 0.10       # share of "correct is the unique longest" allowed above chance
POSITION_MARGIN = 0.15      # share of one answer position allowed above chance (4 options: 40 %)
TRUE_SHARE = (0.35, 0.65)   # share of true/false items whose answer is "true"
STRATEGY_LIMIT = 0.50       # test-wise strategy score at or above this is an error
MIN_SET_ITEMS = 5           # set-level balance checks need at least this many items of the kind
PASS_MARK = 0.8

_ALL_NONE = (
    re.compile(r"\b(all|none|both|neither)\s+of\s+the\s+(above|options|answers|others)\b"
               r"|\ball\s+the\s+above\b|\bany\s+of\s+the\s+above\b", re.IGNORECASE),
    re.compile(r"以上(都|皆|全|均|各项|所有)?(是|对|正确|不是|不对|不正确|错|非|可以|不可以|都)"
               r"|以上全部|以上选项|上述(都|皆|全|均|选项)|全都对|都不对"),
)
_EN_STOP = set("""a an the and or but if then than that this these those there their they them you your
yours we our us he she his her its it is are was were be been being to of in on at by for with from
as into about over after before while when what which who whom whose why how should would could can
will shall may might must do does did done have has had not no nor only also just very more most
such same other any each every some all both few many much own so too out up down off again further
customer customers agent agents reply answer option order orders best right following""".split())
_CJK = re.compile(r"[\u3400-\u9fff]")
_ZH_STOP = {"顾客", "客服", "我们", "你们", "他们", "可以", "什么", "应该", "怎么", "哪个", "哪些",
            "以下", "正确", "做法", "这个", "这位", "一个", "如果", "时候", "是否", "最好", "回复",
            "订单", "需要", "没有", "还是", "就是", "不是", "的是", "了一", "问题", "处理"}


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "").replace("`", "")).strip()


def text_length(text: str, lang: str) -> int:
    """Characters a reader sees: for Chinese without spaces, for English with them."""
    plain = _plain(text)
    return len(plain.replace(" ", "")) if lang == "zh" else len(plain)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", _plain(text)).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def _tokens(text: str, lang: str) -> set[str]:
    """Distinctive words: English words of 4+ letters that are not function words (crudely
    stemmed), Chinese character pairs that are not everyday words."""
    plain = _plain(text).casefold()
    if lang == "en":
        words = re.findall(r"[a-z][a-z'-]{3,}", plain)
        return {re.sub(r"(ing|ed|es|s)$", "", w) for w in words if w not in _EN_STOP}
    chars = [ch if _CJK.match(ch) else " " for ch in plain]
    pairs = set()
    for a, b in zip(chars, chars[1:]):
        if a != " " and b != " " and a + b not in _ZH_STOP:
            pairs.add(a + b)
    return pairs


# --- the test-wise strategy score ------------------------------------------------------------------

@dataclass(frozen=True)
class StrategyScore:
    set_id: str
    items: int
    score: float                 # best simple strategy: share of items right
    policy: str                  # e.g. "longest+false"
    lang: str                    # the language in which the strategy does best
    longest: float               # share of choice items right by always picking the longest option
    position: float              # share of choice items right by always picking the best position
    best_position: int           # 0-based
    false_share: float           # share of true/false items whose answer is "false"
    choice_items: int
    tf_items: int

    @property
    def too_high(self) -> bool:
        return self.score >= STRATEGY_LIMIT

    def describe(self) -> str:
        choice, _, tf = self.policy.partition("+")
        parts = []
        if self.choice_items:
            parts.append(f"always the longest option ({self.lang})" if choice == "longest"
                         else f"always option {'ABCDEF'[self.best_position]}")
        if self.tf_items:
            parts.append(f"always '{tf}' on true/false")
        return ", ".join(parts)


def _longest_hit(q: Question, lang: str) -> float:
    """Expected points of "pick the longest option" (ties: one of them at random)."""
    lengths = [text_length(o.text.get(lang), lang) for o in q.options]
    if q.type == "multiple":
        mean = sum(lengths) / len(lengths)
        picked = {i for i, n in enumerate(lengths) if n > mean} or {lengths.index(max(lengths))}
        return float(picked == {i for i, o in enumerate(q.options) if o.correct})
    top = max(lengths)
    tied = [i for i, n in enumerate(lengths) if n == top]
    return sum(q.options[i].correct for i in tied) / len(tied)


def _position_hit(q: Question, p: int) -> float:
    return float({i for i, o in enumerate(q.options) if o.correct} == {p})


def strategy_score(set_id: str, questions: Iterable[Question]) -> StrategyScore:
    questions = list(questions)
    choice = [q for q in questions if q.type in CHOICE_TYPES and q.options]
    tf = [q for q in questions if q.type == "true_false"]
    falses = sum(q.answer is False for q in tf)
    tf_best, tf_name = max((falses, "false"), (len(tf) - falses, "true"))
    n = len(choice) + len(tf) or 1
    by_lang = {lang: sum(_longest_hit(q, lang) for q in choice) for lang in LANGS}
    lang = max(LANGS, key=lambda l: by_lang[l])
    longest = by_lang[lang]
    widest = max((len(q.options) for q in choice), default=0)
    positions = [sum(_position_hit(q, p) for q in choice) for p in range(widest)] or [0.0]
    best_p = max(range(len(positions)), key=lambda p: positions[p])
    if longest >= positions[best_p]:
        choice_best, choice_name = longest, "longest"
    else:
        choice_best, choice_name = positions[best_p], f"position{best_p}"
    return StrategyScore(
        set_id=set_id, items=len(questions), score=(choice_best + tf_best) / n,
        policy=f"{choice_name}+{tf_name}", lang=lang,
        longest=longest / len(choice) if choice else 0.0,
        position=positions[best_p] / len(choice) if choice else 0.0, best_position=best_p,
        false_share=falses / len(tf) if tf else 0.0, choice_items=len(choice), tf_items=len(tf))


def strategy_scores(handbook: Handbook) -> list[StrategyScore]:
    """One score per quiz set (chapter self-checks and level assessments), in id order."""
    return [strategy_score(q.id, q.questions) for q in handbook.quizzes.values()]


# --- level-assessment forms --------------------------------------------------------------------------

def mulberry32(seed: int):
    """The PRNG of quiz.js, bit for bit: the same seed draws the same form in Python and the browser."""
    state = seed & 0xFFFFFFFF
    mask = 0xFFFFFFFF

    def next_float() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & mask
        t = ((state ^ (state >> 15)) * (state | 1)) & mask
        t = ((t + (((t ^ (t >> 7)) * (t | 61)) & mask)) & mask) ^ t
        return ((t ^ (t >> 14)) & mask) / 4294967296

    return next_float


def form_units(quiz: QuizSet) -> list[tuple[str, list[str]]]:
    """(topic, question ids) per unit a form is drawn from: a group whole, or a single item."""
    units: list[tuple[str, list[str]]] = []
    seen: dict[str, int] = {}
    for q in quiz.questions:
        topic = q.topic or ""
        if q.group:
            if q.group in seen:
                units[seen[q.group]][1].append(q.id)
                continue
            seen[q.group] = len(units)
        units.append((topic, [q.id]))
    return units


def draw_form(quiz: QuizSet, seed: int, size: int | None = None) -> list[str]:
    """The question ids of the form numbered ``seed``, in the bank's source order.

    Units are shuffled per topic; topics take turns (starting at a drawn topic) and each adds its
    next unit that still fits, until the form is full. Keep in step with drawForm() in quiz.js.
    """
    size = size or quiz.form_size or len(quiz.questions)
    rand = mulberry32(seed)
    by_topic: dict[str, list[list[str]]] = {}
    for topic, ids in form_units(quiz):
        by_topic.setdefault(topic, []).append(ids)
    topics = sorted(by_topic)
    for topic in topics:
        units = by_topic[topic]
        for i in range(len(units) - 1, 0, -1):
            j = int(rand() * (i + 1))
            units[i], units[j] = units[j], units[i]
    start = int(rand() * len(topics)) if topics else 0
    order = topics[start:] + topics[:start]
    chosen: set[str] = set()
    progress = True
    while len(chosen) < size and progress:
        progress = False
        for topic in order:
            units = by_topic[topic]
            for k, ids in enumerate(units):
                if len(chosen) + len(ids) <= size:
                    chosen.update(ids)
                    del units[k]
                    progress = True
                    break
            if len(chosen) >= size:
                break
    return [q.id for q in quiz.questions if q.id in chosen]


def form_id(quiz_id: str, seed: int) -> str:
    return f"{quiz_id}:{seed}"


# --- checks ------------------------------------------------------------------------------------------

@dataclass
class _Source:
    rel: str
    raw: Any
    base: tuple[Any, ...] = ()
    problems: list[Problem] = field(default_factory=list)

    def add(self, loc: tuple[Any, ...], message: str, hint: str) -> None:
        full = self.base + loc
        line, col = position(self.raw, full) if self.raw is not None else (1, 1)
        self.problems.append(Problem(self.rel, line, col, field_path(full), message, hint))


def _raw(root: Path, rel: str) -> Any:
    try:
        return load_file(root / rel)
    except (YamlError, OSError):
        return None


def _pct(x: float) -> str:
    return f"{round(100 * x)} %"


def _check_item(src: _Source, loc: tuple[Any, ...], q: Question) -> None:
    if q.type == "true_false":
        for name in ("feedback_true", "feedback_false"):
            if getattr(q, name) is None:
                src.add(loc + ("id",), f"{name} is missing",
                        f"add {name}: say why answering '{name[9:]}' is right or wrong, in zh and en")
        if q.feedback_true and q.feedback_false and _norm(q.feedback_true.en) == _norm(q.feedback_false.en):
            src.add(loc + ("feedback_false",), "the same feedback for both answers",
                    "say why 'true' is right or wrong, and separately why 'false' is")
        return
    distractors = [o for o in q.options if not o.correct]
    for i, o in enumerate(q.options):
        oloc = loc + ("options", i)
        if o.feedback is None:
            src.add(oloc + ("text",), "this option has no feedback",
                    "add feedback: why this option is right, or why it is wrong (zh and en)")
        for lang, rx in zip(("en", "zh"), _ALL_NONE):
            if rx.search(o.text.get(lang)):
                src.add(oloc + ("text", lang), "'all/none of the above' is not allowed",
                        "write a real option: a near-miss action taken from a case's wrong handling")
                break
        if o.correct and distractors:
            for lang in LANGS:
                mean = sum(text_length(d.text.get(lang), lang) for d in distractors) / len(distractors)
                length = text_length(o.text.get(lang), lang)
                if mean and length > LENGTH_RATIO * mean:
                    src.add(oloc + ("text", lang),
                            f"the correct option is {length / mean:.1f}x as long as the average distractor "
                            f"({length} vs {mean:.0f} characters, {lang})",
                            "test-wise readers pick the longest option: shorten it, or make the distractors "
                            "as specific")
                    break
    for lang in LANGS:
        seen: dict[str, int] = {}
        for i, o in enumerate(q.options):
            key = _norm(o.text.get(lang))
            if key in seen:
                src.add(loc + ("options", i, "text", lang), f"the same option as option {'ABCDEF'[seen[key]]}",
                        "every option must be different")
            else:
                seen[key] = i
    feedbacks: dict[str, int] = {}
    for i, o in enumerate(q.options):
        if o.feedback is not None:
            key = _norm(o.feedback.en)
            if key in feedbacks:
                src.add(loc + ("options", i, "feedback"),
                        f"the same feedback as option {'ABCDEF'[feedbacks[key]]}",
                        "each option gets its own feedback: why this one is right or wrong")
            else:
                feedbacks[key] = i
    if q.type in SINGLE_TYPES and distractors:
        right = next(i for i, o in enumerate(q.options) if o.correct)
        for lang in LANGS:
            stem = _tokens(q.stem.get(lang), lang)
            echoed = _tokens(q.options[right].text.get(lang), lang) & stem
            elsewhere = set().union(*(_tokens(d.text.get(lang), lang) for d in distractors)) & stem
            giveaway = echoed - elsewhere
            if len(giveaway) >= 2 and not elsewhere:
                words = ", ".join(sorted(giveaway)[:4])
                src.add(loc + ("options", right, "text", lang),
                        f"only the correct option repeats the stem's words ({words}, {lang})",
                        "reword it, or let the distractors use the stem's terms too")
                break


def _check_set_balance(src: _Source, quiz: QuizSet) -> None:
    qs = list(quiz.questions)
    singles = [q for q in qs if q.type in SINGLE_TYPES]
    if len(singles) >= MIN_SET_ITEMS:
        chance = sum(1 / len(q.options) for q in singles) / len(singles)
        for lang in LANGS:
            unique = 0
            for q in singles:
                lengths = [text_length(o.text.get(lang), lang) for o in q.options]
                right = next(i for i, o in enumerate(q.options) if o.correct)
                if lengths.count(max(lengths)) == 1 and lengths[right] == max(lengths):
                    unique += 1
            if unique / len(singles) > chance + LONGEST_MARGIN:
                src.add(("questions",),
                        f"the correct option is the unique longest in {unique} of {len(singles)} single-answer "
                        f"items ({_pct(unique / len(singles))}, {lang}); chance is {_pct(chance)}",
                        f"keep it at most {_pct(chance + LONGEST_MARGIN)}: make a distractor the longest in some items")
                break
        widest = max(len(q.options) for q in singles)
        for p in range(widest):
            expected = sum(1 / len(q.options) for q in singles if p < len(q.options)) / len(singles)
            count = sum(1 for q in singles if q.options[p:p + 1] and q.options[p].correct)
            if count / len(singles) > expected + POSITION_MARGIN + 1e-9:
                src.add(("questions",),
                        f"the answer is option {'ABCDEF'[p]} in {count} of {len(singles)} single-answer items "
                        f"({_pct(count / len(singles))}); chance is {_pct(expected)}",
                        f"at most {_pct(expected + POSITION_MARGIN)}: move correct options to other positions "
                        "(source order is what printed copies and the answer key show)")
    tf = [q for q in qs if q.type == "true_false"]
    if len(tf) >= 2:
        trues = sum(q.answer is True for q in tf)
        low, high = math.ceil(TRUE_SHARE[0] * len(tf) - 1e-9), math.floor(TRUE_SHARE[1] * len(tf) + 1e-9)
        if low > high:
            low, high = len(tf) // 2, -(-len(tf) // 2)
        if not low <= trues <= high:
            src.add(("questions",), f"{trues} of {len(tf)} true/false items are true ({_pct(trues / len(tf))})",
                    f"make {low}{'' if low == high else f' to {high}'} of them true (35–65 %)")
    score = strategy_score(quiz.id, qs)
    if score.too_high and len(qs) >= MIN_SET_ITEMS:
        src.add(("questions",),
                f"test-wise strategy score {_pct(score.score)}: {score.describe()} answers "
                f"{_pct(score.score)} of the items right without knowing anything",
                f"keep it below {_pct(STRATEGY_LIMIT)}: balance lengths, positions and true/false answers")


def _check_level(src: _Source, quiz: QuizSet, min_items: int) -> None:
    qs = list(quiz.questions)
    if len(qs) < min_items:
        src.add(("questions",), f"a level assessment bank needs at least {min_items} items (has {len(qs)})",
                "add items: each attempt draws a form from the bank")
    if quiz.form_size is None:
        src.add(("level",), "a level assessment needs form_size", "add form_size: 20")
    for i, q in enumerate(qs):
        if q.topic is None:
            src.add(("questions", i, "id"), "a level assessment item needs a topic",
                    "add topic: a slug such as terms-logistics; forms are balanced across topics")
    if len({q.topic for q in qs if q.topic}) < 2:
        src.add(("questions",), "a level assessment needs at least two topics",
                "forms are balanced across topics: give the items their topics")
    if quiz.level == "intermediate" and not any(q.scenario for q in qs):
        src.add(("questions",), "the intermediate assessment has no scenario items",
                "add scenario: (market, customer_wrote) to problem-solving items")
    if quiz.level == "advanced" and not quiz.groups:
        src.add(("questions",), "the advanced assessment has no item groups",
                "add groups: items sharing one complex case")
    if quiz.level in ("intermediate", "advanced") and not quiz.writing_tasks:
        src.add(("level",), "no written-reply task", "add writing_tasks: a customer message to answer")


def _check_structure(src: _Source, quiz: QuizSet | None, questions: list[Question],
                     loc_of: Any) -> None:
    """Always on: references between items, groups and writing tasks, and drawable forms."""
    groups = {g.id: g for g in quiz.groups} if quiz else {}
    for i, q in enumerate(questions):
        loc = loc_of(i)
        if q.type != "true_false":
            for name in ("feedback_true", "feedback_false"):
                if getattr(q, name) is not None:
                    src.add(loc + (name,), f"{name} is only for true_false questions",
                            "give each option its own feedback instead")
        if q.group is not None and q.group not in groups:
            src.add(loc + ("group",), f"unknown item group '{q.group}'",
                    "use the id of one of the set's groups")
    if quiz is None:
        return
    ids = [g.id for g in quiz.groups]
    for gi, ident in enumerate(ids):
        if ids.index(ident) != gi:
            src.add(("groups", gi, "id"), f"group id '{ident}' is used twice", "give each group its own id")
    for gi, group in enumerate(quiz.groups):
        members = [i for i, q in enumerate(questions) if q.group == group.id]
        if len(members) < 2:
            src.add(("groups", gi, "id"), f"group '{group.id}' has {len(members)} item(s)",
                    "a group is a case shared by two or more items: add group: to its items")
            continue
        if members != list(range(members[0], members[-1] + 1)):
            src.add(loc_of(members[-1]) + ("group",), f"the items of group '{group.id}' are not next to each other",
                    "keep a group's items together in the file: they are shown under their case")
        topics = {questions[i].topic for i in members}
        if len(topics) > 1:
            src.add(loc_of(members[-1]) + ("topic",), f"the items of group '{group.id}' have different topics",
                    "a group is drawn whole into one topic's share: give its items one topic")
    for ti, task in enumerate(quiz.writing_tasks):
        if quiz.level not in ("intermediate", "advanced"):
            src.add(("writing_tasks", ti), "written-reply tasks belong to the intermediate and advanced assessments",
                    "move it to assessment-intermediate or assessment-advanced")
        if task.model_answer.lang != task.customer_wrote.lang:
            src.add(("writing_tasks", ti, "model_answer", "lang"),
                    f"the model answer is in '{task.model_answer.lang}', the customer wrote in "
                    f"'{task.customer_wrote.lang}'", "answer in the customer's language")
    if quiz.form_size is not None:
        if quiz.level is None:
            src.add(("form_size",), "form_size is for level assessments", "remove it, or add level:")
        elif quiz.form_size > len(questions):
            src.add(("form_size",), f"form_size {quiz.form_size} is more than the {len(questions)} items",
                    "add items or lower form_size")
        else:
            short = [s for s in range(1, 41) if len(draw_form(quiz, s)) != quiz.form_size]
            if short:
                src.add(("form_size",), f"some forms cannot be filled to {quiz.form_size} items "
                        f"(e.g. form {short[0]}: {len(draw_form(quiz, short[0]))})",
                        "groups are drawn whole: add single items or change group sizes")


def check_items(handbook: Handbook, enabled: bool = True,
                settings: Settings | None = None) -> list[Problem]:
    """Structure problems, and item-writing problems unless ``enabled`` is False (tests use that
    to look at the structure checks alone; `handbook validate` always runs both).

    ``settings`` (``[tool.handbook]`` of the handbook's pyproject.toml unless given) sets
    ``level_min_items``, the least items of a level assessment bank.
    """
    settings = load_settings(handbook.root) if settings is None else settings
    problems: list[Problem] = []
    writing_seen: dict[str, str] = {}
    for quiz in handbook.quizzes.values():
        rel = handbook.source_of("quiz", quiz.id)
        src = _Source(rel, _raw(handbook.root, rel))
        qs = list(quiz.questions)
        _check_structure(src, quiz, qs, lambda i: ("questions", i))
        for ti, task in enumerate(quiz.writing_tasks):
            if task.id in writing_seen:
                src.add(("writing_tasks", ti, "id"), f"id '{task.id}' is already used in {writing_seen[task.id]}",
                        "ids must be unique across the repository")
            writing_seen.setdefault(task.id, rel)
        if enabled:
            for i, q in enumerate(qs):
                _check_item(src, ("questions", i), q)
            _check_set_balance(src, quiz)
            if quiz.level:
                _check_level(src, quiz, settings.level_min_items)
        problems += src.problems
    for case in handbook.cases.values():
        if not case.questions:
            continue
        rel = handbook.source_of("case", case.id)
        src = _Source(rel, _raw(handbook.root, rel))
        qs = list(case.questions)
        _check_structure(src, None, qs, lambda i: ("questions", i))
        if enabled:
            for i, q in enumerate(qs):
                _check_item(src, ("questions", i), q)
        problems += src.problems
    return problems


def iter_level_sets(handbook: Handbook) -> Iterator[QuizSet]:
    return (q for q in handbook.quizzes.values() if q.level)
