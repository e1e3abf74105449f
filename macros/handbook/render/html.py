"""Escaping and small HTML/Markdown helpers shared by every renderer.

Content from YAML is plain text. It is always HTML-escaped; inside Markdown it is also
entity-encoded so that Markdown, pymdownx and Jinja syntax in content stay literal text.
The only markup content may use is **bold** and `code` in long text fields (see CONTRIBUTING).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from dataclasses import dataclass
from typing import Any

from .. import DEFAULT_LANGUAGE
from ..edition import SiteInfo

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_CODE = re.compile(r"`([^`]+?)`")
# Characters that mean something to Markdown, its extensions or Jinja.
_MD_SPECIAL = set("\\`*_{}[]()#+-.!|<>:~^=%$&\"'")
RTL_LANGS = {"ar"}


_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_embed(data: Any, **kwargs: Any) -> str:
    """JSON to place inside HTML (a <script type="application/json">, an attribute, inline JS).

    ``<``, ``>`` and ``&`` become ``\\u003c`` …, so no text in the data can close the script element
    or open a comment (``<!--<script>`` would swallow the rest of the page); U+2028/U+2029 are
    escaped for JavaScript parsers that predate ES2019. JSON.parse reads it unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, **kwargs)
    return "".join(_JSON_ESCAPES.get(ch, ch) for ch in text)


def esc(text: str) -> str:
    """Escape for HTML text and attribute values; braces too, so no template engine sees them."""
    return html.escape(text, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def rich(text: str) -> str:
    """Escape, then allow the two inline marks content may use; line breaks become <br>."""
    out = esc(text)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    out = _CODE.sub(r"<code>\1</code>", out)
    return out.replace("\n", "<br>\n")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, an ellipsis marking the cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def md_text(text: str) -> str:
    """Plain text that is safe inside a Markdown line (a heading, a table cell)."""
    return "".join(f"&#{ord(ch)};" if ch in _MD_SPECIAL else ch for ch in text.replace("\n", " "))


def lang_attrs(lang: str) -> str:
    return f'lang="{lang}"' + (' dir="rtl"' if lang in RTL_LANGS else "")


@dataclass(frozen=True)
class Ctx:
    """What a renderer needs to know about the page it writes into."""

    lang: str
    page: str = "index.md"  # docs-relative source path of the page, language suffix removed
    site: SiteInfo = SiteInfo()

    @property
    def directory_urls(self) -> bool:
        return self.site.directory_urls

    def url_of(self, src: str) -> str:
        """The site URL (relative to the language root) of a docs source file."""
        stem = src[:-3] if src.endswith(".md") else src
        if stem == "index" or stem.endswith("/index"):
            folder = stem[: -len("index")]
            return folder if self.directory_urls else folder + "index.html"
        return stem + "/" if self.directory_urls else stem + ".html"

    def href_file(self, path: str) -> str:
        """A relative link to a file at the site root (e.g. downloads/…), from any language."""
        here = "/" + self.url_of(self.page)
        base = here if here.endswith("/") else posixpath.dirname(here)
        prefix = "" if self.lang == DEFAULT_LANGUAGE else "../"
        return esc(prefix + posixpath.relpath("/" + path, base))

    def href(self, src: str, anchor: str = "") -> str:
        """A relative link from this page to another docs source file (works from file:// too)."""
        here = "/" + self.url_of(self.page)
        base = here if here.endswith("/") else posixpath.dirname(here)
        target = "/" + self.url_of(src)
        rel = posixpath.relpath(target, base)
        rel = "./" if rel == "." else rel + ("/" if target.endswith("/") else "")
        return esc(rel + (f"#{anchor}" if anchor else ""))


def link_list(ctx: Ctx, items: list[tuple[str, str]]) -> str:
    """A bulleted list of links to docs source files ("path#anchor", label)."""
    lis = []
    for target, label in items:
        src, _, anchor = target.partition("#")
        lis.append(f'<li><a href="{ctx.href(src, anchor)}">{esc(label)}</a></li>')
    return f'<ul class="hb-links">{"".join(lis)}</ul>'


def badges(pairs: list[tuple[str, str]]) -> str:
    """Small labelled tags (stage, category, level): text, not colour, carries the meaning."""
    return '<p class="hb-badges">' + "".join(
        f'<span class="hb-badge hb-badge-{esc(kind)}">{esc(label)}</span>' for kind, label in pairs) + "</p>"


def table(cls: str, headers: list[str], rows: list[str], attrs: str = "") -> str:
    """A data table. The wrapper carries our class: Material styles only class-less tables."""
    head = "".join(f'<th scope="col">{esc(h)}</th>' for h in headers)
    return (f'<div class="hb-table {cls}"{attrs}>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(rows) + "\n</tbody>\n</table>\n</div>")


def translation_note(ctx: Ctx, rel: str) -> str:
    """A visible note on an English page whose Chinese source changed after it was translated."""
    from .strings import t

    fields = ctx.site.stale_fields(rel)
    if ctx.lang == DEFAULT_LANGUAGE or not fields:
        return ""
    return (f'<div class="admonition warning hb-stale-translation"><p class="admonition-title">'
            f'{esc(t(ctx.lang, "i18n.stale_title"))}</p><p>{esc(t(ctx.lang, "i18n.stale_text"))} '
            + ", ".join(f"<code>{esc(f)}</code>" for f in fields) + "</p></div>")


def review_badge(ctx: Ctx, checked: "dt.date") -> str:
    from .strings import t

    if not ctx.site.needs_review(checked):
        return ""
    return f' <span class="hb-badge hb-review">{esc(t(ctx.lang, "fact.needs_review"))}</span>'
