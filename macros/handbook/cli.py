"""The ``handbook`` command: validate the data, build the site."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import LANGUAGES
from .chapters import check_chapters
from .problems import Problem, report
from .repository import LoadError, load


def _find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").exists():
            return folder
    return start


def validate(root: Path) -> list[Problem]:
    try:
        handbook = load(root)
    except LoadError as exc:
        return exc.problems
    return check_chapters(handbook)


def cmd_validate(args: argparse.Namespace) -> int:
    problems = validate(args.root)
    if problems:
        report(problems, sys.stderr)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print("handbook data: OK")
    return 0


def _mkdocs_build(root: Path, site: Path, offline: bool = False) -> bool:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
               "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(site)]
    # Material prints a long end-of-life banner on every build; the team knows.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if offline:
        env.update(HANDBOOK_OFFLINE="true", HANDBOOK_DIRECTORY_URLS="false")
    return subprocess.run(command, cwd=root, env=env).returncode == 0


def _pdfs(root: Path, site: Path, markets: list[str] | None, languages: tuple[str, ...], booklet: bool) -> int:
    from .pdf import PdfError, jobs, render

    handbook = load(root)
    codes = markets or list(handbook.markets)
    unknown = [c for c in codes if c not in handbook.markets]
    if unknown:
        print(f"unknown market(s): {', '.join(unknown)}", file=sys.stderr)
        return 1
    try:
        written = render(site, jobs(codes, languages, booklet))
    except PdfError as exc:
        print(f"pdf: {exc}", file=sys.stderr)
        return 1
    print(f"{len(written)} PDF(s) written to {site / 'downloads'}")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    """Print quick-reference PDFs from an already built site."""
    site = (args.root / args.site_dir).resolve()
    if not (site / "index.html").exists():
        print(f"no built site in {site}: run `handbook build` first", file=sys.stderr)
        return 1
    languages = (args.lang,) if args.lang else LANGUAGES
    markets = [args.market.upper()] if args.market else None
    return _pdfs(args.root, site, markets, languages, booklet=not args.market)


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, build (and print the PDFs) into a temporary folder; only then replace the old site."""
    if cmd_validate(args):
        return 1
    root: Path = args.root
    site = (root / args.site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    try:
        if not _mkdocs_build(root, tmp):
            print("build failed; the previous site was left untouched.", file=sys.stderr)
            return 1
        if args.pdf and _pdfs(root, tmp, None, LANGUAGES, booklet=True):
            print("PDF printing failed; the previous site was left untouched.", file=sys.stderr)
            return 1
        if args.offline and not _offline_zip(root, tmp):
            print("offline build failed; the previous site was left untouched.", file=sys.stderr)
            return 1
        old = site.with_name(site.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if site.exists():
            os.replace(site, old)
        os.replace(tmp, site)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"site built in {site}")
    return 0


def _offline_zip(root: Path, site: Path) -> bool:
    """Build the offline variant (file:// friendly URLs, inlined search index) and zip it."""
    from .offline import zip_site

    with tempfile.TemporaryDirectory(prefix="handbook-offline-") as folder:
        offline = Path(folder) / "handbook"
        if not _mkdocs_build(root, offline, offline=True):
            return False
        if (site / "downloads").is_dir():
            shutil.copytree(site / "downloads", offline / "downloads", dirs_exist_ok=True)
        target = site / "downloads" / "handbook-offline.zip"
        zip_site(offline, target)
        print(f"offline copy written to {target}")
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbook", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="repository root (default: found from cwd)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every data file and print every problem")
    build = sub.add_parser("build", help="validate, then build the site (and its PDFs) strictly into site/")
    build.add_argument("--site-dir", default="site")
    build.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip the quick-reference PDFs")
    build.add_argument("--offline", action="store_true",
                       help="also write downloads/handbook-offline.zip, a copy that works opened from disk")
    pdf = sub.add_parser("pdf", help="print the quick-reference PDFs of a built site")
    pdf.add_argument("--site-dir", default="site")
    pdf.add_argument("--market", help="one market code, e.g. DE")
    pdf.add_argument("--lang", choices=LANGUAGES, help="one language")
    args = parser.parse_args(argv)
    args.root = (args.root or _find_root(Path.cwd())).resolve()
    handlers = {"validate": cmd_validate, "build": cmd_build, "pdf": cmd_pdf}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
