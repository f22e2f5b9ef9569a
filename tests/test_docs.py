"""The docs cover every command and setting, and the generated references are current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from geostance import config

REPO = Path(__file__).resolve().parents[1]


def load_gen():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_settings_reference_is_current() -> None:
    gen = load_gen()
    assert (REPO / "docs" / "settings.md").read_text(encoding="utf-8") == gen.settings_md(), (
        "docs/settings.md is stale: run python scripts/gen_docs.py"
    )
    text = (REPO / "docs" / "settings.md").read_text(encoding="utf-8")
    for s in config.SETTINGS:
        assert f"`{s.name}`" in text


def test_docs_cli_reference_is_current() -> None:
    gen = load_gen()
    assert (REPO / "docs" / "cli.md").read_text(encoding="utf-8") == gen.cli_md(), (
        "docs/cli.md is stale: run python scripts/gen_docs.py"
    )


def test_readme_shows_the_setup_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme


def test_changelog_has_unreleased_section() -> None:
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("# Changelog")
    assert "## [Unreleased]" in text
