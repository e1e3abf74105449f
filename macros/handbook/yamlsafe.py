"""Safe YAML loading that remembers where every key and item came from.

PyYAML's SafeLoader already refuses ``!!python/...`` tags. On top of it this loader
- rejects duplicate keys in one mapping (PyYAML silently keeps the last one),
- rejects anchors/aliases (content never needs them, and they enable "billion laughs"),
- records the line and column of every mapping key and sequence item, so a validation
  error found later on the parsed data can still point at ``file:line:col``,
- refuses, with a position, what would otherwise crash deeper down: control characters, unusual
  line separators, nesting deeper than MAX_DEPTH, impossible dates (kept as text for the model
  to report with its field), unreadable or non-UTF-8 files,
- remembers how a value YAML read as something other than text was spelled (``NO`` -> False,
  ``12.12`` -> 12.12, ``2026-12-12`` -> a date, ``~`` -> None), so the message can say
  "quote it: \"NO\"",
- refuses unresolved merge-conflict markers (``<<<<<<<``) at their line.
"""

from __future__ import annotations

import datetime as dt
import re
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1024 * 1024  # per file, YAML and Markdown alike
MAX_DEPTH = 20           # nested mappings/lists; the deepest shipped file uses 6

# Characters YAML does not accept anywhere in a file (C0/C1 controls except tab and line breaks,
# DEL, surrogates, the two non-characters), and line separators editors do not count as new lines.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")
# Control characters a double-quoted escape ("\0", "\x07", "\e") can still put into a value.
_CONTROL_IN_VALUE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CHAR_NAMES = {0: "NUL", 7: "BEL", 8: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED", 0x1B: "ESC",
               0x7F: "DEL", 0x85: "NEXT LINE", 0x2028: "LINE SEPARATOR", 0x2029: "PARAGRAPH SEPARATOR",
               0xFEFF: "BYTE ORDER MARK", 0xFFFE: "NON-CHARACTER", 0xFFFF: "NON-CHARACTER"}

_READING: ContextVar[Path | None] = ContextVar("handbook_reading", default=None)


def now_reading() -> Path | None:
    """The file most recently opened by this module (for the report of an unexpected error)."""
    return _READING.get()


def reading(path: Path | None) -> None:
    _READING.set(path)


def char_name(char: str) -> str:
    code = ord(char)
    name = _CHAR_NAMES.get(code, "control character" if code < 0xA0 else "")
    return f"U+{code:04X}" + (f" ({name})" if name else "")


def line_col(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``; CRLF, CR and LF each end a line (as in libyaml)."""
    before = text[:index]
    line = len(re.findall(r"\r\n|\r|\n", before)) + 1
    start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return line, index - start + 1


class LineDict(dict):
    """A mapping that knows the position (line, col; 1-based) of each of its keys."""

    pos: tuple[int, int] = (1, 1)
    key_pos: dict[Any, tuple[int, int]]
    key_src: dict[Any, str]   # how a key YAML read as anything but text was written ("no", "12", "~")
    value_src: dict[Any, str]  # the same for values ("NO", "on", "12.12", "2026-12-12")


class LineList(list):
    """A sequence that knows the position of each of its items."""

    pos: tuple[int, int] = (1, 1)
    item_pos: list[tuple[int, int]]
    value_src: dict[int, str]


class BadDate(str):
    """A date-shaped value that is no date (``2026-02-30``): kept as text so the model reports it
    with its field; ``reason`` says what is wrong."""

    reason: str = ""


@dataclass
class YamlError(Exception):
    """A problem found while reading a file, before any model sees it."""

    line: int
    col: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return self.message


def _pos(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


# libyaml (C) parses; only the constructors below run in Python. Hundreds of files are read on
# every build, and the pure-Python parser made that the slowest step of the build.
try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # PyYAML built without libyaml: the same rules, just slower
    _Parser = None
_Base = (_Parser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver) if _Parser else (yaml.SafeLoader,)


def _refuse_anchors(text: str) -> None:
    """Anchors, aliases and deep nesting are refused before anything is built from them
    (no "billion laughs", and no recursion deeper than MAX_DEPTH when the objects are built)."""
    loader = yaml.CSafeLoader if _Parser else yaml.SafeLoader
    depth = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlError(event.start_mark.line + 1, event.start_mark.column + 1,
                                f"the data is nested more than {MAX_DEPTH} levels deep",
                                "a handbook file needs a few levels only: look for a [ or { that is never "
                                "closed, or for lines indented further and further to the right")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        tag = getattr(event, "tag", None)  # only an explicit tag (!!binary, !!set, !!python/…) is set
        if tag:
            raise YamlError(event.start_mark.line + 1, event.start_mark.column + 1,
                            f"invalid YAML: tag not allowed: {tag.replace('tag:yaml.org,2002:', '!!')}",
                            "remove the !!tag; only plain YAML values are accepted")
        if isinstance(event, yaml.AliasEvent):
            raise YamlError(event.start_mark.line + 1, event.start_mark.column + 1,
                            "YAML aliases (*name) are not allowed",
                            "write the value out in full; anchors and aliases are switched off for safety")
        if getattr(event, "anchor", None):
            raise YamlError(event.start_mark.line + 1, event.start_mark.column + 1,
                            f"YAML anchors (&{event.anchor}) are not allowed",
                            "remove the anchor and write the value out in full")


class _Loader(*_Base):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        if _Parser:
            _Parser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
        else:
            yaml.SafeLoader.__init__(self, stream)

    def construct_mapping(self, node, deep=False):  # type: ignore[override]
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep)
        self.flatten_mapping(node)
        result = LineDict()
        result.pos = _pos(node)
        result.key_pos = {}
        result.key_src = {}
        result.value_src = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                line, col = _pos(key_node)
                raise YamlError(line, col, "a mapping key must be a plain value",
                                "write the key as a plain name, e.g. 'title:'")
            if key in result:
                line, col = _pos(key_node)
                first = result.key_pos[key][0]
                raise YamlError(
                    line, col, f"duplicate key '{_spelling(key_node, key)}' (first defined on line {first})",
                    "keep one of the two entries",
                )
            result.key_pos[key] = _pos(key_node)
            if _not_text(key_node):
                result.key_src[key] = key_node.value
            result[key] = self.construct_object(value_node, deep=True)
            if _not_text(value_node):
                result.value_src[key] = value_node.value
        return result

    def construct_sequence(self, node, deep=False):  # type: ignore[override]
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.pos = _pos(node)
        result.item_pos = [_pos(child) for child in node.value]
        result.value_src = {i: child.value for i, child in enumerate(node.value) if _not_text(child)}
        return result

    def construct_yaml_timestamp(self, node):  # type: ignore[override]
        """``2026-02-30`` matches the date pattern but is no date: keep the text, remember why."""
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError) as exc:
            bad = BadDate(node.value)
            bad.reason = str(exc)
            return bad

    def construct_yaml_int(self, node):  # type: ignore[override]
        """Python refuses to read integers of more than 4,300 digits (a guard against slow parsing)."""
        try:
            return super().construct_yaml_int(node)
        except ValueError:
            line, col = _pos(node)
            digits = sum(c.isdigit() for c in node.value)
            raise YamlError(line, col, f"the number is {digits} digits long",
                            "if it is text (an order number, a code), put it in quotes") from None

    def construct_yaml_str(self, node):  # type: ignore[override]
        value = super().construct_yaml_str(node)
        found = _CONTROL_IN_VALUE.search(value)
        if found:
            line, col = _pos(node)
            raise YamlError(line, col, f"the text holds the invisible control character {char_name(found.group())}",
                            "remove the escape sequence (such as \\0, \\x07 or \\e) from the quoted text")
        return value


_NOT_TEXT = {f"tag:yaml.org,2002:{name}" for name in ("bool", "int", "float", "timestamp", "null")}


def _not_text(node: yaml.Node) -> bool:
    """A plain scalar YAML reads as a yes/no value, a number, a date or nothing (null)."""
    return isinstance(node, yaml.ScalarNode) and node.tag in _NOT_TEXT


def _spelling(node: yaml.Node, value: Any) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else str(value)


# Plain mappings and sequences go through our constructors (deep, so nested positions exist).
_Loader.add_constructor(
    "tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node, deep=True)
)
_Loader.add_constructor(
    "tag:yaml.org,2002:seq", lambda loader, node: loader.construct_sequence(node, deep=True)
)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:str", _Loader.construct_yaml_str)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _describe_yaml_error(exc: yaml.YAMLError, text: str) -> YamlError:
    if isinstance(exc, yaml.reader.ReaderError):  # a character libyaml refuses: point at it
        index = min(max(exc.position, 0), len(text))
        line, col = line_col(text, index)
        char = text[index] if index < len(text) else ""
        return YamlError(line, col, f"invalid character {char_name(char)}" if char else "invalid character",
                         "delete it; it is invisible in most editors (often pasted from a PDF or a spreadsheet)")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = _one_line(getattr(exc, "problem", None) or str(exc))
    context = _one_line(getattr(exc, "context", None) or "")
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    hint = ""
    if _char_at(text, line, col) == "\t" and "cannot start any token" in problem:
        message = "invalid YAML: a tab character"  # (libyaml's context, "scanning for the next token", says nothing more)
        hint = "indent with spaces, never tabs"
    elif re.search(r"\btabs?\b", problem, re.IGNORECASE) or "\\t" in problem:
        hint = "indent with spaces, never tabs"
    elif "escape" in problem or "hexdecimal number" in problem:
        hint = ("inside double quotes a backslash starts an escape: write \\\\ for one backslash, "
                "or use single quotes")
    elif "could not determine a constructor" in problem:
        message = f"invalid YAML: tag not allowed: {problem.split('tag ')[-1]}"
        hint = "remove the !!tag; only plain YAML values are accepted"
    elif "mapping values are not allowed" in problem:
        hint = "check the indentation, or put text containing ': ' in quotes"
    elif "found unexpected end of stream" in problem or "while scanning a quoted" in (context or ""):
        hint = "a quoted string is not closed"
    elif "expected node content" in problem and "flow" in context:
        hint = "a [ or { is not closed: close it where the list or group ends"
    elif any(f"flow {what}" in context for what in ("mapping", "sequence", "node")):
        hint = ("a [ or { is not closed, or a text inside { … } or [ … ] holds a comma, colon or question mark: "
                "close it, or put the text in double quotes")
    elif "expected <block end>" in problem or "did not find expected key" in problem:
        hint = "check the indentation of this line against the lines above"
    elif "found another document" in problem:
        hint = ("a data file holds one entry: remove the '---' line and what follows it, "
                "or move that part into a file of its own")
    return YamlError(line, col, message, hint)


def _char_at(text: str, line: int, col: int) -> str:
    lines = re.split(r"\r\n|\r|\n", text)
    if 1 <= line <= len(lines) and 1 <= col <= len(lines[line - 1]):
        return lines[line - 1][col - 1]
    return ""


_CONFLICT = re.compile(r"^(<{7}|>{7})(?: |$)", re.MULTILINE)


def refuse_conflict_markers(text: str) -> None:
    """Git's ``<<<<<<< HEAD`` … ``>>>>>>> theirs`` left in a file by a merge: say so at its line
    (the parser would report a missing ':' somewhere near it)."""
    found = _CONFLICT.search(text)
    if found:
        line, col = line_col(text, found.start())
        raise YamlError(line, col, "unresolved merge conflict (a line starting with <<<<<<<)"
                        if found.group(1)[0] == "<" else "unresolved merge conflict (a line starting with >>>>>>>)",
                        "keep one version of the lines between <<<<<<< and >>>>>>>, then delete the three marker lines")


def _read_bytes(path: Path) -> bytes:
    reading(path)
    try:
        if path.is_symlink() and not path.exists():
            raise YamlError(1, 1, "this symbolic link points to itself or to a missing file",
                            "replace the link with the file itself")
        if not path.is_file():
            raise YamlError(1, 1, "not a regular file", "data and chapters must be ordinary files")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlError(1, 1, f"file is {size} bytes; the limit is {MAX_BYTES} (1 MiB)",
                            "split the content into several files")
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        hint = ("a symbolic link that points to itself or to a missing file: replace it with the file itself"
                if path.is_symlink() else "check that the file exists and that you may read it")
        raise YamlError(1, 1, f"the file cannot be read ({reason})", hint) from None


def decode_utf8(raw: bytes) -> str:
    """Strict UTF-8; on failure the line and column of the first bad byte, and a hint for GBK."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8", "replace")
        line, col = line_col(good, len(good))
        hint = "save the file as UTF-8"
        try:
            gbk = raw.decode("gb18030")
        except UnicodeDecodeError:
            gbk = ""
        if re.search("[\u4e00-\u9fff]", gbk):
            hint = ("it looks like GBK (the default of Chinese Windows): reopen it as GBK and save it as UTF-8 "
                    "(VS Code: 'Reopen with Encoding' → GBK, then 'Save with Encoding' → UTF-8)")
        raise YamlError(line, col, "file is not valid UTF-8", hint) from None


def read_text(path: Path) -> str:
    """Read a data file as UTF-8 text, refusing what a trainer's editor should not produce."""
    raw = _read_bytes(path)
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError(1, 1, "file starts with a byte-order mark (BOM)",
                        "save the file as UTF-8 without BOM")
    return decode_utf8(raw)


def read_markdown(path: Path) -> str:
    """Read a chapter: the same size and UTF-8 rules as data files (a BOM is tolerated, as in MkDocs)."""
    return decode_utf8(_read_bytes(path)).removeprefix("\ufeff")


def _refuse_characters(text: str) -> None:
    found = _FORBIDDEN.search(text)
    if found:
        line, col = line_col(text, found.start())
        raise YamlError(line, col, f"invalid character {char_name(found.group())}",
                        "delete it; it is invisible in most editors (often pasted from a PDF or a spreadsheet)")
    found = _ODD_BREAK.search(text)
    if found:
        line, col = line_col(text, found.start())
        raise YamlError(line, col, f"unusual line separator {char_name(found.group())}",
                        "replace it with an ordinary line break or a space (editors show it as nothing)")


def load_yaml(text: str) -> Any:
    """Parse one YAML document safely; raise YamlError with a position on any problem."""
    _refuse_characters(text)
    refuse_conflict_markers(text)
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise YamlError(1, 1, "file is empty", "fill in the fields, or delete the file")
    try:
        _refuse_anchors(text)
        loader = _Loader(text)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except YamlError as exc:
        raise _within(exc, text) from None
    except yaml.YAMLError as exc:
        raise _within(_describe_yaml_error(exc, text), text) from None


def _within(exc: YamlError, text: str) -> YamlError:
    """libyaml reports "unexpected end of stream" on the line after the last one: point at the
    end of the last line instead, so the position is always one an editor can show."""
    lines = re.split(r"\r\n|\r|\n", text)
    if exc.line > len(lines) or (exc.line == len(lines) and exc.col > len(lines[-1]) + 1):
        exc.line, exc.col = len(lines), len(lines[-1]) + 1
    return exc


_PARSED: dict[Path, tuple[tuple[int, int], Any]] = {}


def load_file(path: Path) -> Any:
    """read_text + load_yaml, parsed once per process while the file is unchanged.

    Validation, freshness, draft and translation checks all read every file, and static-i18n
    runs the build once per language; without this each file was parsed a dozen times.
    """
    reading(path)
    try:
        stat = path.stat()
    except OSError:
        return load_yaml(read_text(path))  # read_text says why it cannot be read
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _PARSED.get(path)
    if cached and cached[0] == key:
        if isinstance(cached[1], YamlError):
            raise cached[1]
        return cached[1]
    try:
        data = load_yaml(read_text(path))
    except YamlError as exc:
        _PARSED[path] = (key, exc)
        raise
    _PARSED[path] = (key, data)
    return data


def position(root: Any, loc: tuple[Any, ...]) -> tuple[int, int]:
    """The deepest known position along a pydantic error location inside ``root``."""
    best = getattr(root, "pos", (1, 1))
    node = root
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            best = node.key_pos.get(part, best)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            best = node.item_pos[part]
            node = node[part]
        else:
            break
    return best


_BLOCK_SCALAR = re.compile(r"^[^:#]*:\s*[|>][-+0-9]*\s*(?:#.*)?$")


def source_lines(path: Path) -> list[str]:
    """A data file's lines, for text_position (none if it cannot be read: positions fall back to keys)."""
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def text_position(raw: Any, loc: tuple[Any, ...], text: str, index: int,
                   source: list[str] | None = None) -> tuple[int, int]:
    """The line and column of ``text[index]`` for a string value at ``loc``. A literal block (``|``)
    keeps the file's lines, so the line is exact; a folded block (``>``) or a quoted or plain
    string spread over several lines does not map text lines to file lines: reported at its key."""
    line, col = position(raw, loc)
    key_line = source[line - 1] if source and 0 < line <= len(source) else ""
    literal = bool(_BLOCK_SCALAR.match(key_line)) and key_line.split(":", 1)[1].lstrip().startswith("|")
    if literal and "\n" in text.rstrip("\n"):
        before = text[:index]
        row = line + 1 + before.count("\n")
        indent = 0
        if source and row <= len(source):
            indent = len(source[row - 1]) - len(source[row - 1].lstrip(" "))
        return row, indent + index - (before.rfind("\n") + 1) + 1
    return line, col


def spelling(root: Any, loc: tuple[Any, ...]) -> str | None:
    """How the value at ``loc`` was written, if YAML read it as a boolean (``NO``, ``on`` …).

    A location ending in pydantic's ``"[key]"`` asks for the spelling of the key itself.
    """
    node = root
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if part == "[key]":
            return None
        if i == len(loc) - 2 and loc[-1] == "[key]" and isinstance(node, LineDict):
            return node.key_src.get(part)
        if isinstance(node, LineDict) and part in node:
            if last:
                return node.value_src.get(part)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            if last:
                return node.value_src.get(part)
            node = node[part]
        else:
            return None
    return None


def key_spellings(root: Any, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """``loc`` with every key YAML read as a boolean replaced by how it was written."""
    out: list[Any] = []
    node = root
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            # pydantic reports a key YAML read as False as 0: key_src finds it either way (0 == False)
            out.append(node.key_src.get(part, part))
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
        else:
            out.append(part)
            node = None
    return tuple(out)
