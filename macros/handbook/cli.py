"""The ``handbook`` command: validate the data, build the site."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

from . import LANGUAGES
from .checks import accept_translations, check_translations, unreadable_files
from .codeowners import write_codeowners
from .scaffold import ScaffoldError, create
from .schemas import write_schemas
from .settings import load_settings
from .validation import unexpected, validate
from .problems import Problem, report
from .repository import LoadError, load
from .yamlsafe import reading


def _find_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").exists():
            return folder
    return start


def _report_strategy(root: Path) -> None:
    """The test-wise strategy score of every level assessment (an error at 50 % when item checks run)."""
    from .itemcheck import iter_level_sets, strategy_score

    try:
        handbook = load(root)
    except LoadError:
        return
    for quiz in iter_level_sets(handbook):
        score = strategy_score(quiz.id, quiz.questions)
        print(f"test-wise strategy score: {quiz.id} {round(100 * score.score)} % ({score.describe()})"
              + (" — too high" if score.too_high else ""))


def cmd_validate(args: argparse.Namespace) -> int:
    """Exit status 0: valid; 1: problems in the content; 2: the tools failed (please report it)."""
    problems = validate(args.root, getattr(args, "strict_freshness", False), getattr(args, "allow_drafts", False))
    errors = [p for p in problems if p.severity == "error"]
    if problems:
        report(problems, sys.stderr)
    internal = [p for p in problems if p.internal]
    if internal:
        return _stopped(args, internal, "validate")
    _report_strategy(args.root)
    if errors:
        print(f"{len(errors)} problem(s) found"
              + (f", {len(problems) - len(errors)} warning(s)." if len(problems) > len(errors) else "."),
              file=sys.stderr)
        return 1
    print("handbook data: OK" + (f" ({len(problems)} warning(s))" if problems else ""))
    return 0


def _stopped(args: argparse.Namespace, internal: list[Problem], command: str) -> int:
    """Exit status 2 after an internal error: its traceback only with --debug."""
    if getattr(args, "debug", False):
        for problem in internal:
            print(problem.detail, file=sys.stderr, end="")
    print(f"handbook {command} stopped on an internal error (exit status 2)"
          + ("" if getattr(args, "debug", False) else "; run it again with --debug for the details"),
          file=sys.stderr)
    return 2


def _guarded(args: argparse.Namespace, handler: Callable[[argparse.Namespace], int]) -> int:
    """The last line of defence of every command: data that cannot be loaded gives its problem rows
    (exit 1); an unexpected exception gives one row naming the file being read (exit 2), never a
    bare traceback (--debug shows it)."""
    reading(None)
    try:
        return handler(args)
    except LoadError as exc:
        report(exc.problems, sys.stderr)
        print(f"handbook {args.command}: fix these first (`handbook validate` lists every problem)", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - deliberately everything: see the docstring
        problem = unexpected(args.root, exc, f"handbook {args.command}")
        report([problem], sys.stderr)
        return _stopped(args, [problem], args.command)


def cmd_i18n_status(args: argparse.Namespace) -> int:
    unreadable = unreadable_files(args.root)
    if unreadable:  # skipped by the comparison below; --accept would drop their records
        report(unreadable, sys.stderr)
        print(f"translations not checked or recorded: {len(unreadable)} file(s) cannot be read", file=sys.stderr)
        return 1
    if args.accept is not None:
        changed = accept_translations(args.root, args.accept or None)
        print(f"recorded the current Chinese as the translation source for {changed} file(s)")
        return 0
    problems = [p for p in check_translations(args.root)]
    if not problems:
        print("translations: every English text matches the Chinese it was translated from")
        return 0
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.path, []).append(problem)
    for path in sorted(by_file):
        print(path)
        for problem in by_file[path]:
            print(f"  line {problem.line}: {problem.field}: {problem.message}")
    missing = sum(p.severity == "error" for p in problems)
    print(f"{missing} missing, {len(problems) - missing} stale translation(s) in {len(by_file)} file(s)")
    return 1 if missing else 0


def cmd_schemas(args: argparse.Namespace) -> int:
    written = write_schemas(args.root)
    print(f"{len(written)} schema(s) updated in schemas/" if written else "schemas are up to date")
    return 0


def cmd_codeowners(args: argparse.Namespace) -> int:
    handbook = load(args.root)  # a LoadError is reported by _guarded
    changed = write_codeowners(args.root, handbook, load_settings(args.root))
    print(".github/CODEOWNERS updated" if changed else ".github/CODEOWNERS is up to date")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    try:
        handbook = load(args.root)
        path = create(args.root, handbook, args.kind, args.name, dt.date.today())
    except LoadError as exc:
        report(exc.problems, sys.stderr)
        print("fix these first: a new file is made from valid data", file=sys.stderr)
        return 1
    except ScaffoldError as exc:
        print(f"handbook new: {exc}", file=sys.stderr)
        return 1
    rel = path.relative_to(args.root)
    print(f"created {rel}\nreplace every ✎ prompt, then run `handbook validate` "
          "(while you work: `handbook validate --allow-drafts`)")
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
    status = cmd_validate(args)
    if status:
        return status
    root: Path = args.root
    site = (root / args.site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    for abandoned in site.parent.glob(".site-*"):  # left by an interrupted build
        shutil.rmtree(abandoned, ignore_errors=True)
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


def cmd_check_links(args: argparse.Namespace) -> int:
    """Internal links of the built site; with --external, every source URL in the data too."""
    from .linkcheck import check_site

    site = (args.root / args.site_dir).resolve()
    problems = 0
    if (site / "index.html").exists():
        broken = check_site(site)
        for item in broken:
            print(item.format(), file=sys.stderr)
        problems += len(broken)
        print(f"internal links: {len(broken)} broken")
    else:
        print(f"no built site in {site}: internal links not checked (run `handbook build`)")
    if args.external:
        from .external import check_sources

        handbook = load(args.root)
        failures = check_sources(handbook, timeout=args.timeout)
        for url, where, status in failures:
            print(f"{where}: {url}: {status}", file=sys.stderr)
        print(f"source URLs: {len(failures)} failing")
        problems += len(failures)
    return 1 if problems else 0


def cmd_bench(args: argparse.Namespace) -> int:
    from . import bench

    if args.pagefind_versions:  # the relevance set under other Pagefind releases, on the built site/
        import json

        from .search.measure import compare_pagefind_versions
        found = compare_pagefind_versions(args.root / "site", args.root, args.pagefind_versions.split(","),
                                          Path.home() / ".cache" / "handbook-bench")
        print(json.dumps({v: {k: r[k] for k in ("relevance", "timing")} for v, r in found.items()},
                         ensure_ascii=False, indent=1))
        return 0
    if args.fresh:  # a fresh set, measured once on the built site/ and recorded (README, "Search")
        import datetime as dt
        import json
        import subprocess

        from .search.measure import fresh
        site = args.root / "site"
        if not (site / "search" / "answers-zh.json").is_file():
            print("error: build the site first (handbook build --no-pdf)", file=sys.stderr)
            return 1
        result = fresh(site, args.root, Path(args.fresh))
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=args.root, capture_output=True,
                                text=True).stdout.strip()
        record = {"date": dt.date.today().isoformat(), "commit": commit, "set": Path(args.fresh).name, **result}
        target = args.root / "benchmarks" / "fresh" / f"{record['date']}-{Path(args.fresh).stem}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(json.dumps(record, ensure_ascii=False, indent=1)[:4000])
        print(f"written to {target}")
        return 0
    if args.search_only:  # relevance and timings of an already built site (./dev build first)
        import json

        from .search.measure import measure
        site = args.root / "site"
        if not (site / "pagefind").is_dir():
            print("error: build the site first (handbook build --no-pdf)", file=sys.stderr)
            return 1
        result = measure(site, args.root)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        rel = result.get("relevance", {})
        return 0 if all(r["top3"] >= bench.BUDGETS["search_top3"] and r["top1"] >= bench.BUDGETS["search_top1"]
                        for r in rel.values()) else 1
    sizes = tuple(int(s) for s in args.sizes.split(","))
    report = bench.run(args.root, sizes, with_lighthouse=not args.no_lighthouse, with_pdfs=not args.no_pdf,
                       log=lambda m: print(m, file=sys.stderr, flush=True))
    print(bench.table(report))
    if not args.no_save:
        print(f"written to {bench.save(report, args.root)}")
    return 0 if all(c["ok"] for c in report.checks.values()) else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbook", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="repository root (default: found from cwd)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="check every data file and print every problem")
    check.add_argument("--strict-freshness", action="store_true",
                       help="facts checked longer ago than freshness_days are errors, not warnings")
    check.add_argument("--allow-drafts", action="store_true", help="unfilled ✎ prompts are warnings")
    i18n = sub.add_parser("i18n-status", help="list missing and stale English translations")
    i18n.add_argument("--accept", nargs="*", metavar="FILE",
                      help="record that the English of these files (default: all) matches the current Chinese")
    links = sub.add_parser("check-links", help="check the built site's internal links (and, with --external, source URLs)")
    links.add_argument("--site-dir", default="site")
    links.add_argument("--external", action="store_true", help="also request every source URL (needs a network)")
    links.add_argument("--timeout", type=float, default=15.0)
    bench = sub.add_parser("bench", help="measure build speed, sizes, search and Lighthouse against the budgets")
    bench.add_argument("--sizes", default="100,1000", help="library sizes in cases (default 100,1000)")
    bench.add_argument("--no-lighthouse", action="store_true")
    bench.add_argument("--no-pdf", action="store_true")
    bench.add_argument("--no-save", action="store_true", help="do not write benchmarks/results.json")
    bench.add_argument("--pagefind-versions", metavar="V1,V2",
                       help="compare the relevance set under these Pagefind releases (e.g. 1.4.0,1.5.2) on the built site/")
    bench.add_argument("--fresh", metavar="SET.yaml",
                       help="measure a fresh question and message set once on the built site/ and record it "
                            "in benchmarks/fresh/ (before it joins the tuning set)")
    bench.add_argument("--search-only", action="store_true",
                       help="only search relevance (benchmarks/relevance.yaml) and timings, on the built site/")
    sub.add_parser("schemas", help="write the JSON Schemas in schemas/ from the models")
    sub.add_parser("codeowners", help="write .github/CODEOWNERS from the owners in the data")
    new = sub.add_parser("new", help="write a skeleton file with the next free id")
    new.add_argument("kind", choices=["market", "case", "sop", "phrase", "quiz"])
    new.add_argument("name", nargs="?", help="market code, or a short name for an SOP, phrase or quiz")
    build = sub.add_parser("build", help="validate, then build the site (and its PDFs) strictly into site/")
    build.add_argument("--site-dir", default="site")
    build.add_argument("--no-pdf", dest="pdf", action="store_false", help="skip the quick-reference PDFs")
    build.add_argument("--offline", action="store_true",
                       help="also write downloads/handbook-offline.zip, a copy that works opened from disk")
    pdf = sub.add_parser("pdf", help="print the quick-reference PDFs of a built site")
    pdf.add_argument("--site-dir", default="site")
    pdf.add_argument("--market", help="one market code, e.g. DE")
    pdf.add_argument("--lang", choices=LANGUAGES, help="one language")
    for command in sub.choices.values():
        command.add_argument("--debug", action="store_true", help="show the Python traceback of an internal error")
    args = parser.parse_args(argv)
    args.root = (args.root or _find_root(Path.cwd())).resolve()
    for stream in (sys.stdout, sys.stderr):  # a terminal that cannot show a character gets \uXXXX, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    handlers = {"validate": cmd_validate, "build": cmd_build, "pdf": cmd_pdf, "i18n-status": cmd_i18n_status,
                "schemas": cmd_schemas, "check-links": cmd_check_links, "bench": cmd_bench, "codeowners": cmd_codeowners, "new": cmd_new}
    return _guarded(args, handlers[args.command])


if __name__ == "__main__":
    sys.exit(main())
