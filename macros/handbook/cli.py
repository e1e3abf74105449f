"""The ``handbook`` command: validate the data, build the site."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

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


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, build into a temporary folder, and only then replace the old site."""
    if cmd_validate(args):
        return 1
    root: Path = args.root
    site = (root / args.site_dir).resolve()
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
                   "--config-file", str(root / "mkdocs.yml"), "--site-dir", str(tmp)]
        # Material prints a long end-of-life banner on every build; the team knows.
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run(command, cwd=root, env=env)
        if result.returncode != 0:
            print("build failed; the previous site was left untouched.", file=sys.stderr)
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="handbook", description=__doc__)
    parser.add_argument("--root", type=Path, default=None, help="repository root (default: found from cwd)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every data file and print every problem")
    build = sub.add_parser("build", help="validate, then build the site strictly into site/")
    build.add_argument("--site-dir", default="site")
    args = parser.parse_args(argv)
    args.root = (args.root or _find_root(Path.cwd())).resolve()
    handlers = {"validate": cmd_validate, "build": cmd_build}
    return handlers[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
