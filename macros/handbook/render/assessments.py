"""Level assessment pages (初阶 / 中阶 / 高阶), generated from quiz sets that carry a level."""

from __future__ import annotations

from ..models import QuizSet, Scorecard
from ..models.base import LEVELS
from ..repository import Handbook
from .html import Ctx, esc, link_list, md_text, rich, table
from .quizzes import quiz_set_block
from .strings import t



def assessment_path(level: str) -> str:
    return f"assessments/{level}/index.md"


def assessment_sets(handbook: Handbook) -> dict[str, QuizSet]:
    return {q.level: q for q in handbook.quizzes.values() if q.level is not None}


def assessment_page(ctx: Ctx, quiz: QuizSet) -> str:
    lang = ctx.lang
    return (f"# {md_text(quiz.title.get(lang))}\n\n"
            f'<p class="hb-badges"><span class="hb-badge hb-badge-level">{esc(t(lang, f"level.{quiz.level}"))}</span> '
            f'<span class="hb-badge">{esc(t(lang, "assessment.count", n=len(quiz.questions)))}</span> '
            f'<span class="hb-badge">{esc(t(lang, "assessment.pass"))}</span></p>\n\n'
            + quiz_set_block(ctx, quiz) + "\n")


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
