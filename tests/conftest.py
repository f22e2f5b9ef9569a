"""Shared fixtures: settings, an in-memory store, the real spaCy pipeline (once per session)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geostance import config
from geostance.store import Store

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def settings(tmp_path: Path) -> config.Settings:
    """Defaults, with the store in a temporary folder and no config file or environment."""
    return config.load(env={}, path=None, db=str(tmp_path / "test.duckdb"))


@pytest.fixture
def store() -> Iterator[Store]:
    s = Store(":memory:")
    yield s
    s.close()


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    """The real pipeline (model + geostance components), loaded once per test session."""
    from geostance.nlp.actors import default_gazetteer
    from geostance.nlp.pipeline import make_nlp

    return make_nlp(config.load(env={}, path=None), default_gazetteer())


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"shared data not found at {SHARED}")
    return SHARED
