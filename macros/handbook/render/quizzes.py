"""Quiz blocks: questions readable without JavaScript, answers and per-option feedback in a
collapsed block, scenario items with the customer's message, and item groups under their case."""

from __future__ import annotations

from ..models import Question, QuizSet, Text
from ..models.base import CustomerMessage
from ..models.quiz import ItemGroup
from .html import Ctx, esc, lang_attrs, rich
from .strings import label, t, ui_json

LETTERS = "ABCDEF"


def option_feedback(question: Question) -> list[Text | None]:
    """Feedback per choice, in the order of ``question.choices()``."""
    if question.type == "true_false":
        return [question.feedback_true, question.feedback_false]
    return [o.feedback for o in question.options]


def market_label(lang: str, code: str, names: dict[str, str] | None = None) -> str:
    if code == "all":
        return t(lang, "dash.all_markets")
    name = (names or {}).get(code)
    return f"{name} ({code})" if name else code


def customer_message(lang: str, wrote: CustomerMessage) -> str:
    """What a customer wrote, verbatim in their language, with the gist in the page language."""
    gloss = "" if wrote.lang == lang else (
        f'<p class="hb-gloss"><small>{esc(label(lang, "case.gloss"))}{esc(wrote.gloss.get(lang))}</small></p>')
    return (f'<blockquote class="hb-customer"><p class="hb-customer-label">{esc(t(lang, "case.customer_wrote"))}'
            f' <small>({esc(t(lang, f"lang.{wrote.lang}"))})</small></p>'
            f'<p {lang_attrs(wrote.lang)}>{esc(wrote.text)}</p>{gloss}</blockquote>')


def question_block(ctx: Ctx, question: Question, number: int, names: dict[str, str] | None = None) -> str:
    lang = ctx.lang
    qtype = esc(t(lang, f"quiz.type.{question.type}"))
    options = [(key, ok, _option_text(lang, key, text)) for key, ok, text in question.choices()]
    kind = "checkbox" if question.type == "multiple" else "radio"
    lis = "".join(
        f'<li data-key="{key}"><label><input type="{kind}" name="{esc(question.id)}" value="{key}" '
        f'data-correct="{str(ok).lower()}"> <span class="hb-opt-letter">{LETTERS[i]}.</span> '
        f'<span class="hb-opt-text">{rich(text)}</span></label></li>'
        for i, (key, ok, text) in enumerate(options))
    correct = ", ".join(LETTERS[i] for i, (_, ok, _) in enumerate(options) if ok)
    feedback = option_feedback(question)
    fb_items = "".join(
        f'<li data-key="{key}" class="{"hb-fb-right" if ok else "hb-fb-wrong"}"><span class="hb-fb-letter">'
        f'{LETTERS[i]}.</span> <span class="hb-fb-mark">{"✓" if ok else "✗"}</span> '
        f'<span class="hb-fb-text">{rich(fb.get(lang))}</span></li>'
        for i, ((key, ok, _), fb) in enumerate(zip(options, feedback)) if fb is not None)
    fb_list = (f'<p class="hb-fb-title">{esc(t(lang, "quiz.feedback"))}</p><ul class="hb-fb-list">{fb_items}</ul>'
               if fb_items else "")
    scenario = ""
    if question.scenario:
        scenario = (f'<div class="hb-scenario"><p class="hb-scenario-market">{esc(label(lang, "quiz.market"))}'
                    f'{esc(market_label(lang, question.scenario.market, names))}</p>'
                    f"{customer_message(lang, question.scenario.customer_wrote)}</div>")
    topic = f' data-topic="{esc(question.topic)}"' if question.topic else ""
    group = f' data-group="{esc(question.group)}"' if question.group else ""
    return (
        f'<fieldset class="hb-q" id="{esc(question.id)}" data-qid="{esc(question.id)}" data-type="{question.type}"'
        f'{topic}{group}>'
        f'<legend><span class="hb-q-num">{esc(t(lang, "quiz.question", n=number))}</span> '
        f'<span class="hb-q-type">({qtype})</span> {rich(question.stem.get(lang))}</legend>'
        f'{scenario}<ol class="hb-options">{lis}</ol>'
        f'<p class="hb-q-feedback" aria-live="polite"></p>'
        f'<details class="hb-answer"><summary>{esc(t(lang, "quiz.answer"))}</summary>'
        f'<p><strong>{esc(label(lang, "quiz.correct"))}<span class="hb-correct-letters">{correct}</span></strong></p>'
        f"{fb_list}<p>{rich(question.explanation.get(lang))}</p></details></fieldset>")


def _option_text(lang: str, key: str, text: Text | None) -> str:
    if text is None:
        return t(lang, f"quiz.{key}")  # true / false
    return text.get(lang)


def group_header(ctx: Ctx, group: ItemGroup, names: dict[str, str] | None = None) -> str:
    lang = ctx.lang
    wrote = customer_message(lang, group.customer_wrote) if group.customer_wrote else ""
    return (f'<div class="hb-group-case"><p class="hb-group-title"><strong>{esc(label(lang, "quiz.group_case"))}'
            f'{esc(group.title.get(lang))}</strong> <small>{esc(label(lang, "quiz.market"))}'
            f'{esc(market_label(lang, group.market, names))}</small></p>'
            f"<p>{rich(group.situation.get(lang))}</p>{wrote}</div>")


def quiz_block(ctx: Ctx, questions: list[Question], quiz_id: str, title: str | None = None,
               groups: list[ItemGroup] | None = None, names: dict[str, str] | None = None,
               attrs: str = "") -> str:
    """Every question in source order (printed copies and the answer key use it too); the items
    of a group follow their shared case inside one block."""
    lang = ctx.lang
    heading = esc(title or t(lang, "quiz.title"))
    by_id = {g.id: g for g in groups or []}
    parts: list[str] = []
    open_group: str | None = None
    for i, q in enumerate(questions):
        if q.group != open_group:
            if open_group is not None:
                parts.append("</div>")
            open_group = q.group if q.group in by_id else None
            if open_group is not None:
                parts.append(f'<div class="hb-group" data-group="{esc(open_group)}">'
                             + group_header(ctx, by_id[open_group], names))
        parts.append(question_block(ctx, q, i + 1, names))
    if open_group is not None:
        parts.append("</div>")
    body = "\n".join(parts)
    # data-search-exclude: answers and distractors would only add noise (and size) to search
    return (f'<section class="hb-quiz" data-quiz="{esc(quiz_id)}" aria-label="{heading}" data-search-exclude '
            f'data-i18n="{esc(ui_json(lang, "js.quiz."))}"{attrs}>\n'
            f'{body}\n<p class="hb-score" aria-live="polite"></p>\n</section>')


def quiz_set_block(ctx: Ctx, quiz: QuizSet, names: dict[str, str] | None = None, attrs: str = "") -> str:
    intro = f'<p class="hb-quiz-intro">{rich(quiz.intro.get(ctx.lang))}</p>\n' if quiz.intro else ""
    return intro + quiz_block(ctx, list(quiz.questions), quiz.id, quiz.title.get(ctx.lang),
                              list(quiz.groups), names, attrs)
