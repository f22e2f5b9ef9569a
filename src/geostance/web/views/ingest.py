"""The upload API's response: one row per ingested item."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from geostance.web.views.common import _Model


class IngestItem(_Model):
    origin: str
    status: str
    doc_id: str | None
    reason: str | None
    events: int
    warnings: list[str]


class IngestResponse(_Model):
    results: list[IngestItem]


def ingest_results(results: Iterable[Any]) -> dict[str, Any]:
    items = [
        IngestItem(
            origin=r.origin,
            status=r.status,
            doc_id=r.doc_id,
            reason=r.reason,
            events=int(r.events),
            warnings=list(r.warnings),
        )
        for r in results
    ]
    return IngestResponse(results=items).model_dump()
