"""Macro calls in the Markdown chapters: checked against the data, so a typo in an id is reported
as ``docs/file.md:line`` by ``handbook validate`` instead of failing inside the build; and used to
find which chapter holds which quiz."""

from __future__ import annotations

import difflib
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote
from pathlib import Path

from .models.base import CATEGORIES, LEVELS, STAGES
from .problems import Problem
from .render.markets import TOPICS
from .repository import Handbook, walk
from .yamlsafe import YamlError, load_yaml, read_markdown, reading

CALL = re.compile(r"\{\{\s*(case|sop|phrase|quiz|market_facts|market_table|scorecard)\(([^)]*)\)\s*\}\}")
ARG = re.compile(r"""['"]([^'"]+)['"]""")
_LANG_SUFFIX = re.compile(r"\.(en)\.md$")


@dataclass(frozen=True)
class MacroCall:
    path: str      # repo-relative, e.g. docs/chapters/02-core-skills.en.md
    line: int
    col: int
    name: str
    args: tuple[str, ...]

    @property
    def page(self) -> str:
        """The docs-relative source of the page, without a language suffix."""
        return _LANG_SUFFIX.sub(".md", self.path.removeprefix("docs/"))


def read_chapters(root: Path) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(repo-relative path, text) of every chapter, and a problem for each file under docs/ that
    cannot be read: not UTF-8 (a chapter saved as GBK), over the size limit, a link to itself or to
    nothing, or a name that is not valid UTF-8. The same rules and messages as for data files."""
    texts: list[tuple[str, str]] = []
    docs = root / "docs"
    entries, problems = walk(docs, root) if docs.is_dir() else ([], [])
    for path in entries:
        rel = path.relative_to(root).as_posix()
        try:
            rel.encode("utf-8")
        except UnicodeEncodeError:
            if _bad_name(path.name):  # (a file inside a badly named folder: the folder is reported)
                problems.append(Problem(rel, 1, 1, "", "the name is not valid UTF-8 text",
                                        "rename it with letters, digits and '-' only"))
            continue
        if path.is_symlink() and not path.exists():
            problems.append(Problem(rel, 1, 1, "", "this symbolic link points to itself or to a missing file",
                                    "replace the link with the file itself"))
            continue
        if path.is_dir():
            if path.suffix == ".md":
                problems.append(Problem(rel, 1, 1, "", "this is a folder, not a chapter",
                                        f"a chapter is a file: move what is in the folder out, delete it, "
                                        f"and create {path.name} as a file"))
            continue
        if not path.is_file():
            problems.append(Problem(rel, 1, 1, "", "not a regular file (a pipe, socket or device)",
                                    "replace it with an ordinary file, or remove it"))
            continue
        if path.suffix != ".md":
            if path.suffix.lower() in (".md", ".markdown"):  # MkDocs would publish it, unchecked
                problems.append(Problem(rel, 1, 1, "", f"a chapter's name ends in '.md', not '{path.suffix}'",
                                        f"rename it to {path.stem}.md"))
            continue
        try:
            texts.append((rel, read_markdown(path)))
        except YamlError as exc:
            problems.append(Problem(rel, exc.line, exc.col, "", exc.message, exc.hint))
    reading(None)
    return texts, problems


def _bad_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def macro_calls(root: Path) -> list[MacroCall]:
    calls = []
    for rel, text in read_chapters(root)[0]:
        # CRLF, CR and LF end a line, as in editors (str.splitlines also splits at \f, \x85 …)
        for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
            for call in CALL.finditer(line):
                args = tuple(arg.group(1) for arg in ARG.finditer(call.group(2)))
                calls.append(MacroCall(rel, number, call.start() + 1, call.group(1), args))
    return calls


def quiz_pages(root: Path) -> dict[str, str]:
    """Quiz set id -> the docs source of the (first) chapter that embeds it."""
    pages: dict[str, str] = {}
    for call in macro_calls(root):
        if call.name == "quiz" and call.args:
            pages.setdefault(call.args[0], call.page)
    return pages


def check_chapters(handbook: Handbook) -> list[Problem]:
    tables = {
        "case": handbook.cases, "sop": handbook.sops, "phrase": handbook.phrases,
        "quiz": handbook.quizzes, "market_facts": handbook.markets, "market_table": TOPICS,
    }
    texts, problems = read_chapters(handbook.root)
    pages = _known_pages(handbook, [rel for rel, _ in texts])
    for rel, text in texts:
        problems += macro_syntax(rel, text, markets=set(handbook.markets))
        problems += link_problems(rel, text, pages)
        problems += front_matter_problems(rel, text)
    for call in macro_calls(handbook.root):
        if call.name == "scorecard":
            if handbook.scorecard is None:
                problems.append(Problem(call.path, call.line, call.col, call.name,
                                        "the scorecard file cases/scorecard.yaml is missing",
                                        "add it, or remove the scorecard() call"))
            continue
        for arg in call.args:
            if arg not in tables[call.name]:
                problems.append(Problem(call.path, call.line, call.col, call.name, f"unknown id '{arg}'",
                                        "check the spelling against the data files"))
    return problems


# --- links between pages -----------------------------------------------------------------------

# An inline Markdown link: [text](target) or [text](<target> "title")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def _known_pages(handbook: Handbook, chapter_paths: list[str]) -> set[str]:
    """Docs-relative sources a chapter may link to: the files under docs/ and every generated page."""
    from .edition import SiteInfo
    from .render.pages import page_plan  # (render.pages reads quiz pages from this module)

    known = {_LANG_SUFFIX.sub(".md", rel.removeprefix("docs/")) for rel in chapter_paths}
    known.update(src for src, *_ in page_plan(handbook, SiteInfo()))
    return known


def link_problems(rel: str, text: str, known: set[str]) -> list[Problem]:
    """A link to a page that is neither a file under docs/ nor a generated page would pass here and
    fail the build's link check with a path in the built site: report it at its own line."""
    problems: list[Problem] = []
    here = posixpath.dirname(rel.removeprefix("docs/"))
    fenced = False
    for lineno, line in enumerate(text.split("\n"), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            continue
        for m in _LINK.finditer(line):
            target = m.group(1)
            if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) or target.startswith(("#", "/")):
                continue  # outside links (checked by `check-links --external`), anchors, site paths
            path = unquote(target.split("#", 1)[0].split("?", 1)[0])
            if not path.endswith(".md"):
                continue  # images and downloads: the built site's link check covers them
            page = posixpath.normpath(posixpath.join(here, path))
            if page in known:
                continue
            close = difflib.get_close_matches(page, sorted(known), n=1, cutoff=0.8)
            hint = (f"did you mean {posixpath.relpath(close[0], here or '.')}?" if close else
                    "link to a chapter under docs/ or to a generated page such as "
                    "../cases/case-012/index.md (check the id and the number of ../)")
            problems.append(Problem(rel, lineno, m.start(1) + 1, "(link)", f"the link '{target}' leads to no page",
                                    hint))
    return problems


# --- front matter -------------------------------------------------------------------------------

# MkDocs reads front matter only when it parses as a YAML mapping between two '---' lines; anything
# else is silently shown as page text. (The pattern is MkDocs' own, mkdocs/utils/meta.py.)
_FRONT = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def front_matter_problems(rel: str, text: str) -> list[Problem]:
    if not re.match(r"\A-{3}[ \t]*\n", text):
        return []
    match = _FRONT.match(text)
    if match is None:
        return [Problem(rel, 1, 1, "(front matter)", "the front matter opened by '---' is never closed",
                        "end it with a line holding only '---', or remove the first line")]
    body = match.group(1)
    if not body.strip():
        return []
    try:
        data = load_yaml(body)
    except YamlError as exc:
        return [Problem(rel, exc.line + 1, exc.col, "(front matter)", exc.message, exc.hint)]
    if not isinstance(data, dict):
        return [Problem(rel, 2, 1, "(front matter)", "front matter must be 'name: value' lines",
                        "write e.g. 'title: 第 2 章' on its own line between the two '---' lines")]
    return []


# What each macro accepts (the signatures in mkdocs_adapter/macros.py): positional ids, keyword names.
# A call outside these would fail inside the build (a TypeError or AttributeError in a macro, or an
# undefined name under on_undefined: strict), printed there with a traceback.
_SIGNATURES: dict[str, tuple[int, int, frozenset[str]]] = {  # name: (min, max positional, keywords)
    "case": (1, 1, frozenset({"ident"})), "sop": (1, 1, frozenset({"ident"})),
    "quiz": (1, 1, frozenset({"ident"})), "market_table": (1, 1, frozenset({"topic"})),
    "market_facts": (1, 1, frozenset({"code"})), "phrase": (1, 99, frozenset()),
    "cases": (0, 0, frozenset({"market", "stage", "category", "level"})),
    "benchmark": (0, 0, frozenset()), "scorecard": (0, 0, frozenset()),
}
_MACRO_HINT = "write a macro call as {{ case('case-012') }}; to show {{ as text, write {{ '{{' }}"


def macro_syntax(rel: str, text: str, markets: set[str] | None = None) -> list[Problem]:
    """Everything between {{ }} or {% %} in a chapter must be a handbook macro called with quoted
    ids: checked with Jinja's own parser, so what the build would reject is reported here."""
    import jinja2
    from jinja2 import nodes

    lines = re.split(r"\r\n|\r|\n", text)

    def at(lineno: int, message: str, hint: str = _MACRO_HINT, field: str = "") -> Problem:
        lineno = min(max(lineno, 1), len(lines))
        col = lines[lineno - 1].find("{")
        return Problem(rel, lineno, col + 1 if col >= 0 else 1, field, message, hint)

    try:
        tree = jinja2.Environment().parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return [at(exc.lineno or 1, f"a macro call or {{{{ … }}}} is not written correctly ({exc.message})")]
    problems = []
    for node in tree.body:
        if not isinstance(node, nodes.Output):
            problems.append(at(node.lineno, "only macro calls {{ … }} are used in chapters, not {% … %} tags",
                               "remove the tag; to show {% as text, write {{ '{%' }}"))
    for output in tree.find_all(nodes.Output):
        for expr in output.nodes:
            if isinstance(expr, nodes.TemplateData):
                continue
            if isinstance(expr, nodes.Const) and isinstance(expr.value, str):
                continue  # {{ '{{' }}: braces shown as text
            problem = _call_problem(expr, markets)
            if problem:
                name = expr.node.name if isinstance(expr, nodes.Call) and isinstance(expr.node, nodes.Name) else ""
                problems.append(at(expr.lineno, problem, field=name if name in _SIGNATURES else ""))
    return problems


def _call_problem(expr, markets: set[str] | None = None) -> str:
    from jinja2 import nodes

    if not (isinstance(expr, nodes.Call) and isinstance(expr.node, nodes.Name)):
        return "only handbook macros can be used between {{ and }}"
    name = expr.node.name
    if name not in _SIGNATURES:
        return f"unknown macro '{name}'; the macros are {', '.join(sorted(_SIGNATURES))}"
    low, high, keywords = _SIGNATURES[name]
    if expr.dyn_args is not None or expr.dyn_kwargs is not None:
        return f"{name}() takes quoted ids only"
    values = list(expr.args) + [kw.value for kw in expr.kwargs]
    if not all(isinstance(v, nodes.Const) and isinstance(v.value, str) for v in values):
        return f"{name}() takes ids in quotes, e.g. {name}('…')" if high else f"{name}() takes no arguments"
    unknown = sorted(kw.key for kw in expr.kwargs if kw.key not in keywords)
    if unknown:
        return f"{name}() has no option '{unknown[0]}'" + (
            f"; use {', '.join(sorted(keywords))}" if keywords else "")
    given = len(expr.args) + sum(kw.key in ("ident", "topic", "code") for kw in expr.kwargs)
    if not low <= given <= high:
        wanted = "no id" if high == 0 else "one id" if high == 1 else "one or more ids"
        return f"{name}() takes {wanted}, not {given}"
    # cases(category='culture') would select nothing and show an empty table without a word
    allowed = {"stage": STAGES, "category": CATEGORIES, "level": LEVELS,
               "market": tuple(sorted(markets)) + ("all",) if markets is not None else None}
    for kw in expr.kwargs:
        known = allowed.get(kw.key) if name == "cases" else None
        if known is not None and kw.value.value not in known:
            return f"{name}() has no {kw.key} '{kw.value.value}'; use one of {', '.join(known)}"
    return ""

