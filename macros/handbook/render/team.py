"""The team readiness page (/trainer/team/): a team lead opens agents' result files in the browser.

Nothing is uploaded: the page carries the level banks (item ids, answers, topics, stems) and
overrides/assets/js/team.js reads the chosen files with FileReader and renders every value as text.
"""

from __future__ import annotations

from ..models.base import LEVELS
from ..repository import Handbook
from .assessments import assessment_path, assessment_sets, bank_version
from .html import Ctx, esc, json_embed, md_text
from .strings import t, ui_json

TEAM = "trainer/team/index.md"


def _plain(text: str) -> str:
    return text.replace("**", "").replace("`", "")


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
            "questions": {q.id: {"correct": sorted(k for k, ok, _ in q.choices() if ok), "topic": q.topic or "",
                                 "stem": _plain(q.stem.get(lang))} for q in quiz.questions},
        }
    return {"bank": bank_version(handbook), "levels": levels}


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
        f'<script type="application/json" class="hb-team-bank">{json_embed(team_bank(ctx, handbook))}</script>'
        f"</div>\n\n"
        f'<p class="hb-note">{esc(t(lang, "team.method"))}</p>\n')
