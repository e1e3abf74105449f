"""The "My progress" page and the trainer answer key, both generated from the question bank."""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Question
from ..repository import Handbook
from . import paths
from .assessments import assessment_path, assessment_sets, bank_version
from .html import Ctx, esc, json_embed, md_text, rich
from .quizzes import LETTERS, _option_text, option_feedback
from .strings import t, ui_json

PROGRESS = "progress/index.md"
ANSWER_KEY = "trainer/answer-key/index.md"


@dataclass(frozen=True)
class QuizEntry:
    ident: str
    kind: str          # chapter | assessment | case
    title: str
    page: str          # docs source of the page that holds the quiz
    level: str | None
    questions: tuple[Question, ...]


def quiz_entries(ctx: Ctx, handbook: Handbook, quiz_pages: dict[str, str]) -> list[QuizEntry]:
    lang = ctx.lang
    entries = []
    for quiz in handbook.quizzes.values():
        if quiz.level:
            entries.append(QuizEntry(quiz.id, "assessment", quiz.title.get(lang), assessment_path(quiz.level),
                                     quiz.level, tuple(quiz.questions)))
        elif quiz.id in quiz_pages:
            entries.append(QuizEntry(quiz.id, "chapter", quiz.title.get(lang), quiz_pages[quiz.id], None,
                                     tuple(quiz.questions)))
    for case in handbook.cases.values():
        if case.questions:
            entries.append(QuizEntry(case.id, "case", case.title.get(lang), paths.case(case.id), case.level,
                                     tuple(case.questions)))
    return entries


def _catalogue(ctx: Ctx, handbook: Handbook, entries: list[QuizEntry]) -> str:
    sets = {q.id: q for q in assessment_sets(handbook).values()}
    scorecard = handbook.scorecard
    data = []
    for e in entries:
        item = {"id": e.ident, "kind": e.kind, "title": e.title, "url": ctx.href(e.page), "level": e.level,
                "questions": {q.id: sorted(k for k, ok, _ in q.choices() if ok) for q in e.questions}}
        quiz = sets.get(e.ident) if e.kind == "assessment" else None
        if quiz is not None:
            item["form_size"] = quiz.form_size
            item["writing"] = {w.id: {c: scorecard.get(c).points for c in w.criteria if scorecard and scorecard.get(c)}
                               for w in quiz.writing_tasks}
        data.append(item)
    return json_embed(data)


def progress_page(ctx: Ctx, handbook: Handbook, quiz_pages: dict[str, str]) -> str:
    lang = ctx.lang
    entries = quiz_entries(ctx, handbook, quiz_pages)
    return (
        f"# {md_text(t(lang, 'progress.title'))}\n\n"
        f"<p>{esc(t(lang, 'progress.intro'))}</p>\n\n"
        f'<div class="hb-progress" data-i18n="{esc(ui_json(lang, "progress."))}" '
        f'data-bank="{bank_version(handbook)}">\n'
        f'<noscript><p>{esc(t(lang, "progress.noscript"))}</p></noscript>\n'
        f'<script type="application/json" class="hb-quiz-catalogue">{_catalogue(ctx, handbook, entries)}</script>\n'
        "</div>\n\n" + _export_section(ctx))


def _export_section(ctx: Ctx) -> str:
    """Shown by quiz.js: the result file is made in the browser, nothing is uploaded."""
    lang = ctx.lang
    return (f'<section class="hb-export" hidden><h2 id="export">{esc(t(lang, "progress.export_title"))}</h2>'
            f'<p>{esc(t(lang, "progress.export_intro"))}</p>'
            f'<p><label for="hb-export-name">{esc(t(lang, "progress.export_name"))}</label> '
            f'<input id="hb-export-name" type="text" maxlength="80" autocomplete="name"> '
            f'<button type="button" class="md-button hb-export-button">{esc(t(lang, "progress.export_button"))}</button></p>'
            f'<p class="hb-export-status" aria-live="polite"></p></section>\n')


def _answer(lang: str, question: Question) -> str:
    items = []
    for i, ((key, ok, text), fb) in enumerate(zip(question.choices(), option_feedback(question))):
        mark = "✓" if ok else "·"
        cls = ' class="hb-key-correct"' if ok else ""
        why = f'<br><small class="hb-key-feedback">{rich(fb.get(lang))}</small>' if fb else ""
        items.append(f"<li{cls}><span aria-hidden=\"true\">{mark}</span> {LETTERS[i]}. "
                     f"{rich(_option_text(lang, key, text))}{' <strong>(' + esc(t(lang, 'answerkey.answer')) + ')</strong>' if ok else ''}"
                     f"{why}</li>")
    return (f'<li id="key-{esc(question.id)}"><p><strong>{rich(question.stem.get(lang))}</strong> '
            f"<code>{esc(question.id)}</code></p><ul class=\"hb-key-options\">{''.join(items)}</ul>"
            f"<p><em>{esc(t(lang, 'answerkey.explanation'))}:</em> {rich(question.explanation.get(lang))}</p></li>")


def answer_key_page(ctx: Ctx, handbook: Handbook, quiz_pages: dict[str, str]) -> str:
    lang = ctx.lang
    parts = [f"# {md_text(t(lang, 'answerkey.title'))}", f"<p>{esc(t(lang, 'answerkey.intro'))}</p>"]
    for entry in quiz_entries(ctx, handbook, quiz_pages):
        parts.append(f"## {md_text(entry.title)} {{#{entry.ident}}}")
        parts.append(f'<p><a href="{ctx.href(entry.page)}">{esc(entry.ident)}</a></p>')
        parts.append('<ol class="hb-answer-key">' + "".join(_answer(lang, q) for q in entry.questions) + "</ol>")
    return "\n\n".join(parts) + "\n"
