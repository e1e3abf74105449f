"""Problems found in the data, and how they are printed for trainers and for CI."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ValidationError

from .yamlsafe import position


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    severity: Literal["error", "warning"] = "error"

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.field or '(file)'}: {self.message}"
        if self.severity == "warning":
            text = f"{self.path}:{self.line}:{self.col}: {self.field or '(file)'}: warning: {self.message}"
        return text + (f" — hint: {self.hint}" if self.hint else "")

    def annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command (shown inline in the PR diff)."""
        kind = "warning" if self.severity == "warning" else "error"
        msg = f"{self.field}: {self.message}".replace("%", "%25").replace("\n", "%0A")
        return f"::{kind} file={self.path},line={self.line},col={self.col}::{msg}"


def field_path(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _all_field_names(model: type[BaseModel], seen: set[type] | None = None) -> set[str]:
    """Every field name reachable from a model, for "did you mean" suggestions."""
    seen = seen or set()
    if model in seen:
        return set()
    seen.add(model)
    names = set(model.model_fields)
    for info in model.model_fields.values():
        for typ in _types_in(info.annotation):
            if isinstance(typ, type) and issubclass(typ, BaseModel):
                names |= _all_field_names(typ, seen)
    return names


def _types_in(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation]
    out: list[Any] = []
    for arg in args:
        out += _types_in(arg)
    return out


def _literal_message(err: dict[str, Any]) -> str:
    expected = err.get("ctx", {}).get("expected", "")
    return f"'{err['input']}' is not allowed; use one of {expected}"


def _is_bilingual_text(raw: Any, loc: tuple[Any, ...]) -> bool:
    """Is ``loc`` a {zh, en} text? An unknown key there is nearly always a text cut at a comma."""
    node = raw
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(node, dict) and ("zh" in node or "en" in node)


def from_validation_error(
    rel: str, raw: Any, exc: ValidationError, model: type[BaseModel]
) -> list[Problem]:
    vocabulary = sorted(_all_field_names(model))
    problems = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        line, col = position(raw, loc)
        kind = err["type"]
        hint = ""
        if kind == "missing":
            message = "required field is missing"
            hint = "add it (see the schema in schemas/ or an existing file)"
        elif kind == "extra_forbidden":
            message = "unknown field"
            close = difflib.get_close_matches(str(loc[-1]), vocabulary, n=1)
            if _is_bilingual_text(raw, loc[:-1]):
                hint = "a comma or colon split a text in two: put the whole text in double quotes"
            else:
                hint = f"did you mean '{close[0]}'?" if close else "remove it"
        elif kind == "literal_error":
            message = _literal_message(err)
        elif kind == "string_pattern_mismatch":
            message = f"'{err['input']}' has the wrong form (expected {err['ctx']['pattern']})"
        else:
            message = err["msg"].removeprefix("Value error, ")
            if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
                hint = "write dates as YYYY-MM-DD"
        problems.append(Problem(rel, line, col, field_path(loc), message, hint))
    return problems


def report(problems: list[Problem], stream: Any) -> None:
    """Print problems one per line; also as annotations when running under GitHub Actions."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in sorted(problems):
        print(problem.format(), file=stream)
        if github:
            print(problem.annotation(), file=stream)
