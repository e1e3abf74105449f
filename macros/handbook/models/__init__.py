"""Typed models of every kind of data file. Unknown fields are errors everywhere."""

from .base import Text, Sourced, Stage, Category, Level, CustomerLang
from .market import Market
from .case import Case
from .sop import Sop
from .phrase import Phrase, PlaceholderRegistry
from .quiz import Question, QuizSet
from .glossary import GlossaryFile, Term
from .scorecard import Scorecard
from .terminology import Terminology

__all__ = [
    "Text", "Sourced", "Stage", "Category", "Level", "CustomerLang", "Market", "Case", "Sop",
    "Phrase", "PlaceholderRegistry", "Question", "QuizSet", "GlossaryFile", "Term", "Scorecard",
    "Terminology",
]
