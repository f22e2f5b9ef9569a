"""The search page: full-text search over stored sentences."""

from __future__ import annotations

from typing import Any

from geostance.web.views.common import _channel, _Model, plain


class SearchPage(_Model):
    page: str
    q: str
    hits: list[dict[str, Any]]
    error: str | None


def search(g: Any, q: str, *, limit: int = 20) -> dict[str, Any]:
    """Full-text search over stored sentences (the facade's BM25 index)."""
    q = q.strip()
    hits: list[dict[str, Any]] = []
    error = None
    if q:
        found, error = _channel(g, "search", q, limit=max(1, min(limit, 100)))
        hits = [h for h in (plain(found) or []) if isinstance(h, dict)]
    return SearchPage(page="search", q=q, hits=hits, error=error).model_dump()
