"""MkDocs plugin: validate all data before anything is built, add the generated pages,
index the finished site for search.

static-i18n runs the whole build again for each extra language, so every hook here runs
once per language; the data is loaded and rendered once per process and reused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import logging
import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .. import LANGUAGES
from ..checks import stale_translations
from ..edition import Contact, SiteInfo, source_edition
from ..linkcheck import check_site
from ..settings import load_settings
from ..models import Text
from ..render.glossary import abbreviations
from ..render.html import shorten
from ..render.pages import render_all
from ..render.strings import t
from ..repository import DATA_ROOTS, Handbook
from ..search.offline import write_offline_search
from ..search.answers import write_answer_index
from ..search.pagefind_index import SearchIndexError, build_search_index
from ..validation import check
from .config import HandbookConfig

log = logging.getLogger("mkdocs.plugins.handbook")

_CACHE: dict[str, Any] = {}
# `mkdocs serve`: indexing runs in the background, one job at a time (a newer build's job waits).
_SERVING = {"on": False}
_SEARCH_POOL = ThreadPoolExecutor(max_workers=1)


def load_handbook(root: Path) -> Handbook:
    """Run `handbook validate`; any error stops the build before anything is written."""
    handbook, problems = check(root)
    errors = sorted(p for p in problems if p.severity == "error")
    if handbook is None:
        lines = "\n".join(p.format() for p in errors)
        raise PluginError(f"the handbook data has {len(errors)} problem(s):\n{lines}")
    for warning in sorted(problems):  # stale facts or translations: reported, never blocking
        log.info(warning.format())
    return handbook


class HandbookPlugin(BasePlugin[HandbookConfig]):
    """Stages docs/ plus the generated pages into a build folder that MkDocs reads from.

    The generated pages must exist as files: static-i18n re-creates every File from disk to
    localise it, so in-memory generated files would be dropped. The staging folder lives under
    .cache/ (never under docs/, which ``mkdocs serve`` watches).
    """

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.handbook: Handbook | None = None
        self.site = SiteInfo()
        self.source_docs: Path | None = None
        self.root: Path | None = None
        self.staging: Path | None = None
        self._abbreviations: dict[str, str] = {}

    def on_config(self, config):
        # The header's search box strings, per language (the template picks the page's); they live
        # with the others in render/strings/.
        config.extra["hb_search_ui"] = {lang: {"label": t(lang, "search.label"),
                                               "placeholder": t(lang, "search.placeholder")} for lang in LANGUAGES}
        if self.handbook is not None:
            # static-i18n calls on_config again for each further language within the same build:
            # the data was validated and the pages staged the first time; only point MkDocs there.
            config.docs_dir = str(self.staging)
            self._offline_polyfill(config)
            return config
        self.source_docs = Path(config.docs_dir).resolve()
        self.root = (Path(config.config_file_path).parent / self.config.data_root).resolve()
        self.handbook = load_handbook(self.root)
        site = self.site = self.site_info(config)
        key = (self.handbook.fingerprint, site)
        if _CACHE.get("key") != key:
            _CACHE["key"] = key
            _CACHE["pages"] = render_all(self.handbook, LANGUAGES, site)
        site_key = hashlib.sha1(str(Path(config.site_dir).resolve()).encode()).hexdigest()[:10]
        staging = Path(config.config_file_path).parent / ".cache" / "handbook" / site_key / "docs"
        stage_docs(self.source_docs, _CACHE["pages"], staging)
        self.staging = staging
        config.docs_dir = str(staging)
        self._offline_polyfill(config)
        return config

    @staticmethod
    def _offline_polyfill(config) -> None:
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        if offline is not None and offline.config.enabled:
            # Material's offline plugin would add iframe-worker from unpkg; ours is vendored.
            config.extra["polyfills"] = ["assets/vendor/iframe-worker-shim.js"]

    def site_info(self, config) -> SiteInfo:
        assert self.root is not None
        date, commit = source_edition(self.root)
        # Reproducible output: MkDocs dates the sitemap with SOURCE_DATE_EPOCH when it is set.
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(dt.datetime.combine(
            date, dt.time(), tzinfo=dt.timezone.utc).timestamp())))
        contacts = tuple(Contact(Text(zh=c.role.zh, en=c.role.en), c.contact)
                         for c in self.config.escalation_contacts)
        stale = frozenset((s.rel, s.field) for s in stale_translations(self.root))
        return SiteInfo(directory_urls=config.use_directory_urls, build_date=date, commit=commit,
                        online_url=self.config.online_url or config.site_url or None, contacts=contacts,
                        freshness_days=load_settings(self.root).freshness_days, stale_translations=stale)

    def on_serve(self, server, config, builder):
        """Rebuild when chapters or data change (MkDocs itself now watches the staging copy)."""
        _SERVING["on"] = True  # module-level: MkDocs makes a new plugin instance for every rebuild
        assert self.root is not None and self.source_docs is not None
        server.watch(str(self.source_docs))
        for folder in DATA_ROOTS:
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server

    @event_priority(-50)  # after the macros plugin has rendered Jinja: appended text is never a template
    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        markdown, page.hb_stash = stash_html_blocks(markdown)
        if not self.config.abbreviations or page.meta.get("hb_generated") in ("case", "market", "sop"):
            return markdown
        assert self.handbook is not None
        lang = config.theme["language"]
        if lang not in self._abbreviations:  # once per language, not once per page
            self._abbreviations[lang] = abbreviations(self.handbook, lang)
        return markdown + "\n\n" + self._abbreviations[lang] + "\n"

    def on_page_content(self, html_text: str, page, config, files) -> str:
        """Put the stashed HTML back; theme templates print page titles unescaped, so a title
        from data is escaped to stay text."""
        stash = getattr(page, "hb_stash", None)
        if stash:
            html_text = restore_html_blocks(html_text, stash)
            # MkDocs validates links into this page against the ids it saw in raw HTML
            page.present_anchor_ids = set(getattr(page, "present_anchor_ids", None) or ()) | {
                i for block in stash.values() for i in _ID.findall(block)}
        if page.title:
            page.title = html.escape(html.unescape(page.title), quote=False)
        return html_text

    def on_page_context(self, context, page, config, nav):
        """"Edit this page" opens a generated page's YAML source, not the staged Markdown; every
        page gets its own meta description (its first paragraph), escaped: the theme prints it raw."""
        if not page.meta.get("description") and page.content:
            lead = page_description(page.content)
            if lead:
                page.meta["description"] = html.escape(lead, quote=True)
        source = page.meta.get("hb_source")
        if source and page.edit_url and config.repo_url and config.edit_uri:
            docs = Path(self.source_docs).relative_to(self.root).as_posix() if self.source_docs else "docs"
            base = page.edit_url[: page.edit_url.rfind("/" + docs + "/") + 1] if f"/{docs}/" in page.edit_url else None
            if base and source.endswith(".yaml"):
                page.edit_url = base + source
            elif base:  # an index generated from a whole folder: show the folder
                page.edit_url = base.replace("/edit/", "/tree/", 1) + source
        return context

    def on_post_page(self, output: str, page, config) -> str:
        if config.plugins.get("i18n") is None:
            return output
        # Material fetches "<alternate>/sitemap.xml" for every hreflang link in the head;
        # static-i18n's links are per page, so each fetch is a 404 in the console.
        return _HEAD_ALTERNATE.sub("", output)

    @event_priority(-200)  # after static-i18n (-100) has built every language
    def on_post_build(self, config) -> None:
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            return  # static-i18n's inner per-language builds: wait for the whole site
        languages = [lang.locale for lang in i18n.config.languages if lang.build] if i18n else [LANGUAGES[0]]
        site_root = _site_root(Path(config.site_dir), languages)
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        if self.config.search and self.handbook is not None:
            self._index_search(site_root, languages, config,
                               offline=offline is not None and bool(offline.config.enabled))
        for broken in check_site(site_root):
            log.warning(broken.format())  # --strict turns these into a failed build

    def _index_search(self, site_root: Path, languages: list[str], config, offline: bool) -> None:
        """Index the finished site once, after the last language: the answer index per language
        (what the ranker ranks), Pagefind over the pages online, page records offline."""
        assert self.handbook is not None
        built = tuple(lang for lang in LANGUAGES if lang in languages)
        write_answer_index(self.handbook, site_root, built, config.use_directory_urls, script=offline)
        if offline:
            write_offline_search(self.handbook, site_root, built, directory_urls=config.use_directory_urls)
            return

        def index() -> None:
            stats = build_search_index(site_root)
            log.info(f"search: {stats.pages} pages indexed in {stats.seconds:.1f} s")

        if _SERVING["on"]:
            # Preview: the edited page reloads at once; search catches up a few seconds later.
            _SEARCH_POOL.submit(_logged, index)
            return
        try:
            index()
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from exc


# Top-level HTML blocks of a page (the data renderers' output, macro output in chapters) are
# already HTML: Python-Markdown and MkDocs would each parse them again with html.parser (about
# half of the build). They are set aside as placeholders and put back after Markdown.
_STASH_TOKEN = "hbstash" + hashlib.sha1(b"handbook").hexdigest()[:10]
_STASHED = re.compile(rf"<p>({_STASH_TOKEN}-\d+)</p>")
_ID = re.compile(r'\sid="([^"]+)"')


def stash_html_blocks(markdown: str) -> tuple[str, dict[str, str]]:
    stash: dict[str, str] = {}
    chunks = markdown.split("\n\n")
    for i, chunk in enumerate(chunks):
        # a block that starts with a tag at the margin and holds no Markdown line break-out
        if chunk.startswith("<") and not chunk.startswith(("<!--", "<http")) and _balanced(chunk):
            key = f"{_STASH_TOKEN}-{len(stash)}"
            stash[key] = chunk
            chunks[i] = key
    return "\n\n".join(chunks), stash


def _balanced(chunk: str) -> bool:
    """Only blocks that close what they open: Markdown ends a raw block at its closing tag, so a
    block split by a blank line must stay with Markdown."""
    opened = re.match(r"<([a-zA-Z][a-zA-Z0-9-]*)", chunk)
    if not opened:
        return False
    tag = opened.group(1).lower()
    if tag in ("br", "hr", "img", "input", "meta", "link"):
        return True
    return chunk.rstrip().lower().endswith(f"</{tag}>") and chunk.lower().count(f"<{tag}") == chunk.lower().count(f"</{tag}>")


def restore_html_blocks(html_text: str, stash: dict[str, str]) -> str:
    return _STASHED.sub(lambda m: stash.get(m.group(1), m.group(0)), html_text)


_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def page_description(content: str, limit: int = 160) -> str:
    """The first real paragraph of a page as plain text, cut at ``limit`` characters."""
    for match in _PARAGRAPH.finditer(content):
        text = " ".join(html.unescape(_TAG.sub("", match.group(1))).split())
        if len(text) >= 20:
            return shorten(text, limit)
    return ""


def _logged(job) -> None:
    try:
        job()
    except Exception as exc:  # a background job has no caller to raise to
        log.warning(f"search index not updated: {exc}")


_HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def _site_root(site_dir: Path, languages: list[str]) -> Path:
    """static-i18n leaves config.site_dir pointing at the last language built (site/en)."""
    return site_dir.parent if site_dir.name in languages else site_dir


def stage_docs(source: Path, generated: dict[str, str], staging: Path) -> None:
    """Make ``staging`` hold docs/ plus the generated pages, touching only what changed."""
    wanted: dict[str, bytes] = {}
    for path in source.rglob("*"):
        if path.is_file():
            wanted[path.relative_to(source).as_posix()] = path.read_bytes()
    for rel, text in generated.items():
        if rel in wanted:
            raise PluginError(f"docs/{rel} is generated from data: remove the hand-written file")
        wanted[rel] = text.encode("utf-8")
    staging.mkdir(parents=True, exist_ok=True)
    for path in sorted(staging.rglob("*"), reverse=True):
        rel = path.relative_to(staging).as_posix()
        if path.is_file() and rel not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    for rel, data in wanted.items():
        target = staging / rel
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
