"""Safe YAML loading that remembers where every key and item came from.

PyYAML's SafeLoader already refuses ``!!python/...`` tags. On top of it this loader
- rejects duplicate keys in one mapping (PyYAML silently keeps the last one),
- rejects anchors/aliases (content never needs them, and they enable "billion laughs"),
- records the line and column of every mapping key and sequence item, so a validation
  error found later on the parsed data can still point at ``file:line:col``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1024 * 1024


class LineDict(dict):
    """A mapping that knows the position (line, col; 1-based) of each of its keys."""

    pos: tuple[int, int] = (1, 1)
    key_pos: dict[Any, tuple[int, int]]


class LineList(list):
    """A sequence that knows the position of each of its items."""

    pos: tuple[int, int] = (1, 1)
    item_pos: list[tuple[int, int]]


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
    """Anchors and aliases are refused before anything is built from them (no "billion laughs")."""
    loader = yaml.CSafeLoader if _Parser else yaml.SafeLoader
    for event in yaml.parse(text, Loader=loader):
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
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                line, col = _pos(key_node)
                raise YamlError(line, col, "a mapping key must be a plain value")
            if key in result:
                line, col = _pos(key_node)
                first = result.key_pos[key][0]
                raise YamlError(
                    line, col, f"duplicate key '{key}' (first defined on line {first})",
                    "keep one of the two entries",
                )
            result.key_pos[key] = _pos(key_node)
            result[key] = self.construct_object(value_node, deep=True)
        return result

    def construct_sequence(self, node, deep=False):  # type: ignore[override]
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.pos = _pos(node)
        result.item_pos = [_pos(child) for child in node.value]
        return result


# Plain mappings and sequences go through our constructors (deep, so nested positions exist).
_Loader.add_constructor(
    "tag:yaml.org,2002:map", lambda loader, node: loader.construct_mapping(node, deep=True)
)
_Loader.add_constructor(
    "tag:yaml.org,2002:seq", lambda loader, node: loader.construct_sequence(node, deep=True)
)


def _describe_yaml_error(exc: yaml.YAMLError) -> YamlError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
    hint = ""
    if "tab" in problem.lower() or "\\t" in problem:
        hint = "indent with spaces, never tabs"
    elif "could not determine a constructor" in problem:
        message = f"invalid YAML: tag not allowed: {problem.split('tag ')[-1]}"
        hint = "remove the !!tag; only plain YAML values are accepted"
    elif "mapping values are not allowed" in problem:
        hint = "check the indentation, or put text containing ': ' in quotes"
    elif "found unexpected end of stream" in problem or "while scanning a quoted" in (context or ""):
        hint = "a quoted string is not closed"
    elif "flow mapping" in (context or "") or "flow sequence" in (context or ""):
        hint = "inside { … } or [ … ], put texts with commas, colons or question marks in double quotes"
    elif "expected <block end>" in problem:
        hint = "check the indentation of this line against the lines above"
    return YamlError(line, col, message, hint)


def read_text(path: Path) -> str:
    """Read a data file as UTF-8 text, refusing what a trainer's editor should not produce."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlError(1, 1, f"file is {size} bytes; the limit is {MAX_BYTES} (1 MiB)",
                        "split the content into several files")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise YamlError(1, 1, "file starts with a byte-order mark (BOM)",
                        "save the file as UTF-8 without BOM")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlError(line, 1, "file is not valid UTF-8", "save the file as UTF-8") from None


def load_yaml(text: str) -> Any:
    """Parse one YAML document safely; raise YamlError with a position on any problem."""
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
    except YamlError:
        raise
    except yaml.YAMLError as exc:
        raise _describe_yaml_error(exc) from None


_PARSED: dict[Path, tuple[tuple[int, int], Any]] = {}


def load_file(path: Path) -> Any:
    """read_text + load_yaml, parsed once per process while the file is unchanged.

    Validation, freshness, draft and translation checks all read every file, and static-i18n
    runs the build once per language; without this each file was parsed a dozen times.
    """
    stat = path.stat()
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
