"""The team readiness page (/trainer/team/): a team lead opens agents' result files in the browser.

Nothing is uploaded: the page carries the level banks (item ids, answers, topics, stems) and
overrides/assets/js/team.js reads the chosen files with FileReader and renders every value as text.
"""

from __future__ import annotations

from ..models.base import LEVELS
from ..repository import Handbook
from .assessments import assessment_path, assessment_sets, bank_version
from .html import RTL_LANGS, Ctx, esc, json_embed, md_text
from .strings import t, ui_json

TEAM = "trainer/team/index.md"


def _plain(text: str) -> str:
    return text.replace("**", "").replace("`", "")


def _msg(lang: str, text: str) -> dict:
    return {"lang": lang, "dir": "rtl" if lang in RTL_LANGS else "ltr", "text": text}


def writing_bank(ctx: Ctx, handbook: Handbook, quiz) -> dict:
    """The written-reply tasks of a level, for the trainer to score the replies in result files:
    the customer's message, the task, the scorecard criteria (the same as the self-score) and the
    model answer. Plain text only: team.js renders every value with textContent."""
    lang = ctx.lang
    card = handbook.scorecard
    tasks = {}
    for task in quiz.writing_tasks:
        wrote = task.customer_wrote
        criteria = [c for ident in task.criteria if card and (c := card.get(ident))]
        tasks[task.id] = {
            "title": _plain(task.title.get(lang)), "market": task.market,
            "customer": {**_msg(wrote.lang, wrote.text), "language": t(lang, f"lang.{wrote.lang}"),
                         "gloss": "" if wrote.lang == lang else wrote.gloss.get(lang)},
            "task": _plain(task.task.get(lang)),
            "criteria": [{"id": c.id, "label": c.label.get(lang), "points": c.points,
                          "look_for": _plain(c.look_for.get(lang))} for c in criteria],
            "model": _msg(task.model_answer.lang, task.model_answer.text),
            "notes": _plain(task.notes.get(lang)),
        }
    return tasks


def team_bank(ctx: Ctx, handbook: Handbook) -> dict:
    lang = ctx.lang
    levels = {}
    sets = assessment_sets(handbook)
    for level in LEVELS:
        quiz = sets.get(level)
        if quiz is None:
            continue
        levels[level] = {
            "id": quiz.id, "title": quiz.title.get(lang), "label": t(lang, f"level.{level}"),
            "url": ctx.href(assessment_path(level)), "form_size": quiz.form_size,
            # "options": every current option key, so answers given to an earlier wording of an
            # item (keys are hashes of the option text) are told apart from wrong answers.
            "questions": {q.id: {"correct": sorted(k for k, ok, _ in q.choices() if ok), "topic": q.topic or "",
                                 "options": sorted(k for k, _, _ in q.choices()),
                                 "stem": _plain(q.stem.get(lang))} for q in quiz.questions},
            "writing": writing_bank(ctx, handbook, quiz),
        }
    return {"bank": bank_version(handbook), "levels": levels,
            "scale": [t(lang, f"writing.scale.{v}") for v in (0, 1, 2)]}


def team_page(ctx: Ctx, handbook: Handbook) -> str:
    lang = ctx.lang
    return (
        f"# {md_text(t(lang, 'team.title'))}\n\n"
        f"<p>{esc(t(lang, 'team.intro'))}</p>\n\n"
        f'<div class="hb-team" data-i18n="{esc(ui_json(lang, "js.team."))}">'
        f'<noscript><p>{esc(t(lang, "team.noscript"))}</p></noscript>'
        f'<p><label for="hb-team-files">{esc(t(lang, "team.files_label"))}</label><br>'
        f'<input id="hb-team-files" class="hb-team-files" type="file" accept=".json,application/json" multiple></p>'
        f'<p class="hb-team-status" aria-live="polite"></p><div class="hb-team-out"></div>'
        f'<section class="hb-team-scoring" hidden><h2 id="hb-team-scoring">{esc(t(lang, "team.scoring_title"))}</h2>'
        f'<p>{esc(t(lang, "team.scoring_intro"))}</p>'
        f'<p><label for="hb-team-score-file">{esc(t(lang, "team.scores_load"))}</label><br>'
        f'<input id="hb-team-score-file" class="hb-team-score-file" type="file" accept=".json,application/json"> '
        f'<button type="button" class="md-button hb-team-scores-export">{esc(t(lang, "team.scores_export"))}</button></p>'
        f'<p class="hb-team-scores-status" aria-live="polite"></p><div class="hb-team-replies"></div></section>'
        f'<script type="application/json" class="hb-team-bank">{json_embed(team_bank(ctx, handbook))}</script>'
        f"</div>\n\n"
        f'<p class="hb-note">{esc(t(lang, "team.method"))}</p>\n')
