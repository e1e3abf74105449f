"""Quiz blocks: questions readable without JavaScript, answers in a collapsed block."""

from __future__ import annotations

from ..models import Question, QuizSet
from .html import Ctx, esc, rich
from .strings import t, label

LETTERS = "ABCDEF"


def question_block(ctx: Ctx, question: Question, number: int) -> str:
    lang = ctx.lang
    qtype = esc(t(lang, f"quiz.type.{question.type}"))
    if question.type == "true_false":
        options = [(t(lang, "quiz.true"), question.answer is True), (t(lang, "quiz.false"), question.answer is False)]
    else:
        options = [(o.text.get(lang), o.correct) for o in question.options]
    kind = "checkbox" if question.type == "multiple" else "radio"
    lis = "".join(
        f'<li><label><input type="{kind}" name="{esc(question.id)}" value="{i}" data-correct="{str(ok).lower()}"> '
        f'<span class="hb-opt-letter">{LETTERS[i]}.</span> {rich(text)}</label></li>'
        for i, (text, ok) in enumerate(options))
    correct = ", ".join(LETTERS[i] for i, (_, ok) in enumerate(options) if ok)
    return (
        f'<fieldset class="hb-q" id="{esc(question.id)}" data-qid="{esc(question.id)}" data-type="{question.type}">'
        f'<legend><span class="hb-q-num">{esc(t(lang, "quiz.question", n=number))}</span> '
        f'<span class="hb-q-type">({qtype})</span> {rich(question.stem.get(lang))}</legend>'
        f'<ol class="hb-options">{lis}</ol>'
        f'<details class="hb-answer"><summary>{esc(t(lang, "quiz.answer"))}</summary>'
        f'<p><strong>{esc(label(lang, "quiz.correct"))}{correct}</strong></p>'
        f"<p>{rich(question.explanation.get(lang))}</p></details></fieldset>")


def quiz_block(ctx: Ctx, questions: list[Question], quiz_id: str, title: str | None = None) -> str:
    lang = ctx.lang
    heading = esc(title or t(lang, "quiz.title"))
    body = "\n".join(question_block(ctx, q, i + 1) for i, q in enumerate(questions))
    return (f'<section class="hb-quiz" data-quiz="{esc(quiz_id)}" aria-label="{heading}">\n'
            f"{body}\n</section>")


def quiz_set_block(ctx: Ctx, quiz: QuizSet) -> str:
    intro = f'<p class="hb-quiz-intro">{rich(quiz.intro.get(ctx.lang))}</p>\n' if quiz.intro else ""
    return intro + quiz_block(ctx, list(quiz.questions), quiz.id, quiz.title.get(ctx.lang))
