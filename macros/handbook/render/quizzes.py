"""Quiz blocks: questions readable without JavaScript, answers in a collapsed block."""

from __future__ import annotations

from ..models import Question, QuizSet, Text
from .html import Ctx, esc, rich
from .strings import label, t, ui_json

LETTERS = "ABCDEF"


def question_block(ctx: Ctx, question: Question, number: int) -> str:
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
    return (
        f'<fieldset class="hb-q" id="{esc(question.id)}" data-qid="{esc(question.id)}" data-type="{question.type}">'
        f'<legend><span class="hb-q-num">{esc(t(lang, "quiz.question", n=number))}</span> '
        f'<span class="hb-q-type">({qtype})</span> {rich(question.stem.get(lang))}</legend>'
        f'<ol class="hb-options">{lis}</ol>'
        f'<p class="hb-q-feedback" aria-live="polite"></p>'
        f'<details class="hb-answer"><summary>{esc(t(lang, "quiz.answer"))}</summary>'
        f'<p><strong>{esc(label(lang, "quiz.correct"))}{correct}</strong></p>'
        f"<p>{rich(question.explanation.get(lang))}</p></details></fieldset>")


def _option_text(lang: str, key: str, text: Text | None) -> str:
    if text is None:
        return t(lang, f"quiz.{key}")  # true / false
    return text.get(lang)


def quiz_block(ctx: Ctx, questions: list[Question], quiz_id: str, title: str | None = None) -> str:
    lang = ctx.lang
    heading = esc(title or t(lang, "quiz.title"))
    body = "\n".join(question_block(ctx, q, i + 1) for i, q in enumerate(questions))
    # data-search-exclude: answers and distractors would only add noise (and size) to search
    return (f'<section class="hb-quiz" data-quiz="{esc(quiz_id)}" aria-label="{heading}" data-search-exclude '
            f'data-i18n="{esc(ui_json(lang, "js.quiz."))}">\n'
            f'{body}\n<p class="hb-score" aria-live="polite"></p>\n</section>')


def quiz_set_block(ctx: Ctx, quiz: QuizSet) -> str:
    intro = f'<p class="hb-quiz-intro">{rich(quiz.intro.get(ctx.lang))}</p>\n' if quiz.intro else ""
    return intro + quiz_block(ctx, list(quiz.questions), quiz.id, quiz.title.get(ctx.lang))
