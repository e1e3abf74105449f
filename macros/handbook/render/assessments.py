"""Level assessment pages (初阶 / 中阶 / 高阶), generated from quiz sets that carry a level."""

from __future__ import annotations

import hashlib

from ..models import QuizSet, Scorecard
from ..models.base import LEVELS
from ..models.quiz import WritingTask
from ..repository import Handbook
from .html import Ctx, esc, json_embed, lang_attrs, link_list, md_text, rich, table
from .quizzes import customer_message, market_label, quiz_set_block
from .strings import label, t, ui_json

SEED_MAX = 999999


def assessment_path(level: str) -> str:
    return f"assessments/{level}/index.md"


def assessment_sets(handbook: Handbook) -> dict[str, QuizSet]:
    return {q.level: q for q in handbook.quizzes.values() if q.level is not None}


def bank_version(handbook: Handbook) -> str:
    """A short fingerprint of the level banks (item ids and their answers): result files carry it,
    so the team page can tell files answered against another version of the banks."""
    digest = hashlib.sha1()
    for level, quiz in sorted(assessment_sets(handbook).items()):
        digest.update(f"{level}:{quiz.id}:{quiz.form_size}\n".encode())
        for q in quiz.questions:
            right = ",".join(sorted(k for k, ok, _ in q.choices() if ok))
            digest.update(f"{q.id}={right}\n".encode())
    return digest.hexdigest()[:10]


def market_names(ctx: Ctx, handbook: Handbook | None) -> dict[str, str]:
    return {code: m.name.get(ctx.lang) for code, m in handbook.markets.items()} if handbook else {}


def _form_panel(ctx: Ctx, quiz: QuizSet) -> str:
    """Drawing a form needs JavaScript: the panel is hidden until quiz.js shows it."""
    lang = ctx.lang
    seed_id = f"hb-seed-{esc(quiz.id)}"
    return (f'<div class="hb-form-panel" data-quiz="{esc(quiz.id)}" data-size="{quiz.form_size}" '
            f'data-i18n="{esc(ui_json(lang, "js.form."))}" hidden>'
            f'<p>{esc(t(lang, "assessment.form_intro", size=quiz.form_size))}</p>'
            f'<p class="hb-form-controls"><label for="{seed_id}">{esc(t(lang, "assessment.seed_label"))}</label> '
            f'<input id="{seed_id}" class="hb-seed" type="text" inputmode="numeric" pattern="[0-9]*" '
            f'maxlength="6" size="8" autocomplete="off"> '
            f'<button type="button" class="md-button hb-use-seed">{esc(t(lang, "assessment.use_seed"))}</button> '
            f'<button type="button" class="md-button hb-new-form">{esc(t(lang, "assessment.new_form"))}</button></p>'
            f'<p class="hb-form-status" aria-live="polite"></p></div>\n'
            f'<noscript><p>{esc(t(lang, "assessment.noscript_bank"))}</p></noscript>\n')


def writing_block(ctx: Ctx, quiz: QuizSet, task: WritingTask, scorecard: Scorecard | None,
                  names: dict[str, str]) -> str:
    lang = ctx.lang
    wrote = task.customer_wrote
    reply_id = f"hb-reply-{esc(task.id)}"
    criteria = [c for ident in task.criteria if scorecard and (c := scorecard.get(ident))]
    crits = []
    for c in criteria:
        radios = "".join(
            f'<label><input type="radio" name="hb-rubric-{esc(task.id)}-{esc(c.id)}" value="{v}"> '
            f'{esc(t(lang, f"writing.scale.{v}"))}</label> ' for v in (0, 1, 2))
        crits.append(f'<div class="hb-crit" data-criterion="{esc(c.id)}" data-points="{c.points}" role="radiogroup" '
                     f'aria-label="{esc(c.label.get(lang))}"><p><strong>{esc(c.label.get(lang))}</strong> '
                     f'<small>({c.points}%) {rich(c.look_for.get(lang))}</small></p><p>{radios}</p></div>')
    model = esc(task.model_answer.text).replace("\n", "<br>")
    return (f'<section class="hb-writing" id="{esc(task.id)}" data-task="{esc(task.id)}" data-quiz="{esc(quiz.id)}" '
            f'data-level="{esc(quiz.level or "")}" data-i18n="{esc(ui_json(lang, "js.writing."))}" data-search-exclude>'
            f'<h3>{esc(task.title.get(lang))}</h3>'
            f'<p class="hb-badges"><span class="hb-badge">{esc(label(lang, "quiz.market"))}'
            f'{esc(market_label(lang, task.market, names))}</span></p>'
            f"{customer_message(lang, wrote)}"
            f'<p><strong>{esc(label(lang, "writing.task"))}</strong>{rich(task.task.get(lang))}</p>'
            f'<p><label for="{reply_id}">{esc(t(lang, "writing.reply_label", language=t(lang, f"lang.{wrote.lang}")))}'
            f'</label></p><textarea id="{reply_id}" class="hb-reply" {lang_attrs(wrote.lang)} rows="9" '
            f'spellcheck="true"></textarea>'
            f'<fieldset class="hb-rubric"><legend>{esc(t(lang, "writing.rubric"))}</legend>{"".join(crits)}'
            f'<p class="hb-self-score" aria-live="polite"></p></fieldset>'
            f'<details class="hb-model"><summary>{esc(t(lang, "writing.model"))}</summary>'
            f'<blockquote class="hb-model-answer"><p {lang_attrs(task.model_answer.lang)}>{model}</p></blockquote>'
            f'<p><strong>{esc(label(lang, "writing.notes"))}</strong>{rich(task.notes.get(lang))}</p></details>'
            f"</section>")


def assessment_page(ctx: Ctx, quiz: QuizSet, handbook: Handbook | None = None) -> str:
    lang = ctx.lang
    names = market_names(ctx, handbook)
    count = (t(lang, "assessment.bank", n=len(quiz.questions), size=quiz.form_size) if quiz.form_size
             else t(lang, "assessment.count", n=len(quiz.questions)))
    parts = [f"# {md_text(quiz.title.get(lang))}",
             f'<p class="hb-badges"><span class="hb-badge hb-badge-level">{esc(t(lang, f"level.{quiz.level}"))}</span> '
             f'<span class="hb-badge">{esc(count)}</span> '
             f'<span class="hb-badge">{esc(t(lang, "assessment.pass"))}</span></p>']
    attrs = ""
    if quiz.form_size:
        parts.append(_form_panel(ctx, quiz))
        attrs = f' data-form-size="{quiz.form_size}"'
    parts.append(quiz_set_block(ctx, quiz, names, attrs))
    if quiz.writing_tasks:
        scorecard = handbook.scorecard if handbook else None
        parts.append(f"## {md_text(t(lang, 'writing.title'))} {{#writing}}")
        parts.append(f"<p>{esc(t(lang, 'writing.intro'))}</p>")
        parts += [writing_block(ctx, quiz, task, scorecard, names) for task in quiz.writing_tasks]
    return "\n\n".join(parts) + "\n"


def assessments_index(ctx: Ctx, handbook: Handbook) -> str:
    lang = ctx.lang
    sets = assessment_sets(handbook)
    items = [(assessment_path(level), f"{t(lang, f'level.{level}')} · {sets[level].title.get(lang)}")
             for level in LEVELS if level in sets]
    return (f"# {md_text(t(lang, 'assessment.index_title'))}\n\n<p>{esc(t(lang, 'assessment.index_intro'))}</p>\n\n"
            + link_list(ctx, items) + "\n")


def scorecard_table(ctx: Ctx, scorecard: Scorecard) -> str:
    """The chapter 9 quality scorecard, from cases/scorecard.yaml."""
    lang = ctx.lang
    rows = []
    for c in scorecard.criteria:
        note = f'<br><small class="hb-note">{rich(c.weight_note.get(lang))}</small>' if c.weight_note else ""
        rows.append(f'<tr data-criterion="{esc(c.id)}"><th scope="row">{esc(c.label.get(lang))}</th>'
                    f"<td>{rich(c.look_for.get(lang))}{note}</td><td>{c.points}%</td></tr>")
    return table("hb-scorecard", [t(lang, "scorecard.criterion"), t(lang, "scorecard.look_for"),
                                  t(lang, "scorecard.weight")], rows, " data-search-exclude")
