"""Shared fixtures: a small self-contained handbook (tests/fixtures/mini) and built sites."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"

MINI_NAV = """
nav:
  - 首页: index.md
  - 培训章节:
      - 核心技能: chapters/02-core-skills.md
  - 市场手册:
      - 市场总览: markets/index.md
      - 近期政策变化: markets/changes/index.md
      - 速查卡合订本: markets/quick-reference/index.md
  - 案例库: cases/index.md
  - SOP 索引: sops/index.md
  - 话术库: phrases/index.md
  - 术语表: glossary/index.md
  - 测评与进度:
      - 等级测评: assessments/index.md
      - 我的进度: progress/index.md
      - 培训师答案册: trainer/answer-key/index.md
      - 培训师看板: trainer/index.md
"""


def mini_config() -> str:
    """The real mkdocs.yml with the mini handbook's nav, so tests exercise the real settings."""
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"\nnav:\n(?:  .*\n)+", MINI_NAV, config)
    return config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")


def make_mini(target: Path) -> Path:
    shutil.copytree(MINI, target)
    (target / "mkdocs.yml").write_text(mini_config(), encoding="utf-8")
    return target


def build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        cwd=root, capture_output=True, text=True, env=env)


def strict_build(root: Path, site: Path | None = None) -> Path:
    """Build ``root`` strictly (into a sibling ``site/`` unless given): no error, no warning."""
    site = site or root.parent / "site"
    result = build(root, site)
    assert result.returncode == 0, result.stderr[-5000:]
    assert not warnings_in(result.stderr), warnings_in(result.stderr)
    return site


def warnings_in(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith(("WARNING", "ERROR"))]


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh, valid copy of the mini handbook that a test may break."""
    return make_mini(tmp_path / "mini")


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return strict_build(make_mini(tmp_path_factory.mktemp("mini-build") / "mini"))


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped handbook, built strictly, once per test session."""
    return strict_build(REPO, tmp_path_factory.mktemp("real-build") / "site")


def run_handbook(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "handbook.cli", "--root", str(root), *args],
                          capture_output=True, text=True)
