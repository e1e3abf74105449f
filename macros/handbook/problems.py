"""Problems found in the data, and how they are printed for trainers and for CI."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import unicodedata
from dataclasses import dataclass, field as dc_field
from typing import Any, Iterable, Literal

from pydantic import BaseModel, ValidationError

from .yamlsafe import BadDate, key_spellings, position, spelling

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """``text`` on one line with nothing hidden: control characters, bidi overrides and zero-width
    characters are shown as ``\\u202e``; a byte of a non-UTF-8 file name (kept by Python as a
    surrogate escape) as ``\\xff``. Every other character, Chinese and Arabic included, is kept."""
    out = []
    for char in str(text):
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(char)
    return "".join(out)


def invisible_in(text: str) -> list[str]:
    """The escaped form of every invisible or unusual-space character in ``text`` (for hints)."""
    return [visible(c) if visible(c) != c else f"\\u{ord(c):04x}" for c in str(text)
            if visible(c) != c or (unicodedata.category(c) == "Zs" and c != " ")]


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    severity: Literal["error", "warning"] = "error"
    # An unexpected exception inside validation (a bug, not the trainer's mistake): exit status 2;
    # ``detail`` holds the traceback, shown by --debug.
    internal: bool = False
    detail: str = dc_field(default="", compare=False, repr=False)

    def format(self) -> str:
        where = f"{visible(self.path)}:{self.line}:{self.col}: {visible(self.field) or '(file)'}: "
        text = where + ("warning: " if self.severity == "warning" else "") + visible(self.message)
        return text + (f" — hint: {visible(self.hint)}" if self.hint else "")

    def annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command (shown inline in the PR diff)."""
        kind = "warning" if self.severity == "warning" else "error"
        msg = visible(f"{self.field}: {self.message}").replace("%", "%25")
        path = visible(self.path).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::{kind} file={path},line={self.line},col={self.col}::{msg}"


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


def quoted_value(value: Any) -> str:
    """A value quoted in a message; a very long one (5,000 characters pasted into an id) is cut."""
    text = str(value)
    return text if len(text) <= 60 else f"{text[:45]}… ({len(text)} characters)"


def _literal_message(err: dict[str, Any]) -> str:
    expected = err.get("ctx", {}).get("expected", "")
    return f"'{quoted_value(err['input'])}' is not allowed; use one of {expected}"


_YES_NO = {"yes", "no", "true", "false", "on", "off"}  # what PyYAML (YAML 1.1) reads as true/false


def read_as(value: Any) -> str:
    """What YAML made of an unquoted value that was meant as text."""
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    return "nothing (null)" if value is None else type(value).__name__


def _not_text_message(raw: Any, loc: tuple[Any, ...], value: Any, kind: str) -> tuple[str, str] | None:
    """A number, a date or nothing where a text (or a group of fields) was expected: say what YAML
    read, and how to write it as text."""
    if kind == "invalid_key":  # a field name YAML did not read as a name
        written = key_spellings(raw, loc)[-1]
        if isinstance(value, bool):
            return None  # the yes/no key hint below
        what = "empty (YAML null)" if value is None else read_as(value)
        return (f"the field name {written} is {what}, not a name",
                "field names are words such as 'title': fix or remove this line")
    written = spelling(raw, loc)
    if value is None and kind.endswith("_type"):
        return "the value is empty", "write it after the colon"
    if written is None or kind != "string_type" or isinstance(value, bool):
        return None
    return f"{written} was read as {read_as(value)}, not as the text \"{written}\"", f"quote it: \"{written}\""


def _boolean_message(raw: Any, loc: tuple[Any, ...], value: bool) -> tuple[str, str] | None:
    """An unquoted yes/no/on/off/true/false where text was expected: say so, and how to quote it."""
    written = spelling(raw, loc)
    if written is None:
        return None
    return (f"{written} was read as the yes/no value {str(value).lower()}, not as the text \"{written}\"",
            f"quote it: \"{written}\"")


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
        kind = err["type"]
        hint = ""
        value = err.get("input")
        if kind == "invalid_key":  # pydantic names a key that is no text by its str() ('None'): use the key
            loc = loc[:-1] + (value,)
        line, col = position(raw, loc)
        shown = field_path(part for part in key_spellings(raw, loc) if part != "[key]")
        boolean = _boolean_message(raw, loc, value) if isinstance(value, bool) and kind != "extra_forbidden" else None
        not_text = _not_text_message(raw, loc, value, kind) if not boolean else None
        if boolean:
            message, hint = boolean
        elif not_text:
            message, hint = not_text
        elif isinstance(value, BadDate):
            message = f"'{value}' is not a real date ({value.reason})"
            hint = "check the day and the month; write dates as YYYY-MM-DD"
        elif kind == "missing":
            message = "required field is missing"
            hint = "add it (see the schema in schemas/ or an existing file)"
        elif kind == "extra_forbidden":
            message = "unknown field"
            close = difflib.get_close_matches(str(loc[-1]), vocabulary, n=1)
            hidden = invisible_in(str(loc[-1]))
            if hidden:
                hint = (f"the name holds an invisible character ({', '.join(dict.fromkeys(hidden))}): "
                        "delete the name and type it again")
            elif key_spellings(raw, loc)[-1] != loc[-1]:
                pass  # a key YAML read as true/false: the hint below says to quote it
            elif _is_bilingual_text(raw, loc[:-1]):
                hint = "a comma or colon split a text in two: put the whole text in double quotes"
            else:
                hint = f"did you mean '{close[0]}'?" if close else "remove it"
        elif kind == "literal_error":
            message = _literal_message(err)
        elif kind == "list_type":
            message = "expected a list"
            hint = (f"write [{quoted_value(value)}] or one '- {quoted_value(value)}' per line below"
                    if isinstance(value, str) else "write [a, b] or one '- item' per line below")
        elif kind in ("model_type", "dict_type") and not isinstance(value, (dict, list)):
            if err.get("ctx", {}).get("class_name") == "Text":  # the {zh, en} text of models/base.py
                message = "expected a text in both languages, not a single value"
                hint = "write it as {zh: …, en: …}"
            else:
                message = "expected fields (name: value) here, not a single value"
                hint = "write them on the lines below, indented by two spaces (see the schema in schemas/)"
        elif kind == "string_pattern_mismatch":
            message = f"'{quoted_value(err['input'])}' has the wrong form (expected {err['ctx']['pattern']})"
        else:
            message = err["msg"].removeprefix("Value error, ")
            if kind in ("date_from_datetime_parsing", "date_parsing", "date_type"):
                hint = "write dates as YYYY-MM-DD"
            elif "is in the future" in message:
                hint = "write the day you checked the source (today or earlier), as YYYY-MM-DD"
        bool_key = next((w for w, p in zip(key_spellings(raw, loc), loc)
                         if w != p and isinstance(w, str) and w.lower() in _YES_NO), None)
        if not hint and bool_key is not None:
            hint = f"YAML read the key {bool_key} as a yes/no value: quote it: \"{bool_key}\""
        if not hint and kind in ("string_pattern_mismatch", "literal_error") and invisible_in(str(value)):
            hint = (f"it holds an invisible character ({', '.join(dict.fromkeys(invisible_in(str(value))))}): "
                    "delete the value and type it again")
        problems.append(Problem(rel, line, col, shown, message, hint))
    return problems


def report(problems: list[Problem], stream: Any) -> None:
    """Print problems one per line; also as annotations when running under GitHub Actions."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in sorted(problems):
        print(problem.format(), file=stream)
        if github:
            print(problem.annotation(), file=stream)


def internal_problem(rel: str, exc: BaseException, detail: str = "", command: str = "handbook validate") -> Problem:
    """The report of an unexpected exception: the file being read, and a request to report it."""
    return Problem(rel or "(handbook)", 1, 1, "",
                   f"internal error while checking this file ({type(exc).__name__}: {str(exc)[:200]})",
                   "this is a bug in the handbook tools, not necessarily in your file: please report it "
                   f"with this file attached; `{command} --debug` shows the details",
                   internal=True, detail=detail)
