"""The tools hold the style: ruff (lint and format), import-linter's layers and mypy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_lint_is_clean() -> None:
    result = run(str(BIN / "ruff"), "check", "src", "tests", "bench", "train")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = run(str(BIN / "ruff"), "format", "--check", "src", "tests", "bench", "train")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_layers_are_kept() -> None:
    result = run(str(BIN / "lint-imports"))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    result = run(str(BIN / "mypy"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_coder_module_is_over_500_lines() -> None:
    """Issue 10's layout: a newcomer finds each stage of the coder by its file name, and none
    of those files is longer than about 500 lines (`docs/coding.md` lists them)."""
    modules = sorted((REPO / "src" / "geostance" / "nlp").glob("*.py"))
    assert len(modules) > 15
    lengths = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in modules}
    assert {name: n for name, n in lengths.items() if n > 500} == {}


def test_no_module_is_far_over_500_lines() -> None:
    """The style's rule for the whole package: a module holds one concern, about 500 lines at
    most (the coder's, above, hold to 500 exactly); the few between 500 and 550 are one
    facade, shell or renderer each."""
    modules = sorted((REPO / "src" / "geostance").rglob("*.py"))
    assert len(modules) > 80
    lengths = {
        str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines()) for p in modules
    }
    assert {name: n for name, n in lengths.items() if n > 550} == {}
