"""The public surface is deliberate: everything in __all__ exists and is exported sorted."""

from __future__ import annotations

import geostance


def test_public_api_all_sorted_and_importable() -> None:
    names = [n for n in geostance.__all__ if n != "__version__"]
    assert names == sorted(names)
    for name in geostance.__all__:
        assert hasattr(geostance, name), name


def test_public_api_exports_facade_and_errors() -> None:
    assert "Geostance" in geostance.__all__
    assert issubclass(geostance.SourceError, geostance.GeostanceError)
    assert issubclass(geostance.FetchError, geostance.SourceError)
