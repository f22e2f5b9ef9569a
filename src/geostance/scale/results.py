"""What a distributed run reports: ``PartitionResult`` per partition, ``ScaleReport`` per run.

A ``PartitionResult`` is what one partition task did (documents, events, files written,
sources that failed, worker, model loads, memory, time); it round-trips through the
manifest as a JSON record. ``ScaleReport`` is the outcome of ``code_distributed``: the
partitions done, skipped and failed, with totals and per-worker figures.
"""

from __future__ import annotations

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True, slots=True)
class PartitionResult:
    """What one partition task did, as recorded in the manifest."""

    partition: str
    index: int
    documents: int
    events: int
    files: tuple[str, ...]
    failures: tuple[tuple[str, str], ...] = ()
    warnings: int = 0
    worker: str = ""
    model_loads: int = 0
    rss_mb: float = 0.0
    seconds: float = 0.0
    cpu_seconds: float = 0.0

    def to_record(self) -> dict[str, Any]:
        rec = dataclasses.asdict(self)
        rec["files"] = list(self.files)
        rec["failures"] = [list(f) for f in self.failures]
        return rec

    @classmethod
    def from_record(cls, rec: dict[str, Any]) -> PartitionResult:
        names = {f.name for f in dataclasses.fields(cls)}
        clean = {k: v for k, v in rec.items() if k in names}
        clean["files"] = tuple(clean.get("files", ()))
        clean["failures"] = tuple(tuple(f) for f in clean.get("failures", ()))
        return cls(**clean)


@dataclasses.dataclass(frozen=True, slots=True)
class ScaleReport:
    """The outcome of ``code_distributed``.

    ``done`` are the partitions coded by this run, ``skipped`` those a previous run finished
    (from the manifest), ``failed`` the (partition id, reason) pairs this run could not finish:
    rerun the same call to finish them.
    """

    out: str
    partitions: int
    done: tuple[PartitionResult, ...]
    skipped: tuple[str, ...]
    failed: tuple[tuple[str, str], ...]
    workers: int
    seconds: float

    @property
    def documents(self) -> int:
        return sum(r.documents for r in self.done)

    @property
    def events(self) -> int:
        return sum(r.events for r in self.done)

    @property
    def failures(self) -> tuple[tuple[str, str], ...]:
        """Sources that could not be read (origin, reason), over the partitions done."""
        return tuple(f for r in self.done for f in r.failures)

    @property
    def docs_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    @property
    def complete(self) -> bool:
        return not self.failed

    def per_worker(self) -> dict[str, dict[str, float]]:
        """Per worker process: partitions, documents, model loads, peak RSS (MB), CPU seconds."""
        out: dict[str, dict[str, float]] = {}
        for r in self.done:
            w = out.setdefault(
                r.worker,
                {"partitions": 0, "documents": 0, "model_loads": 0, "rss_mb": 0.0, "cpu_s": 0.0},
            )
            w["partitions"] += 1
            w["documents"] += r.documents
            w["cpu_s"] += r.cpu_seconds
            w["model_loads"] = max(w["model_loads"], r.model_loads)
            w["rss_mb"] = max(w["rss_mb"], r.rss_mb)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            "partitions": self.partitions,
            "done": len(self.done),
            "skipped": len(self.skipped),
            "failed": [list(f) for f in self.failed],
            "documents": self.documents,
            "events": self.events,
            "source_failures": [list(f) for f in self.failures],
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "docs_per_second": round(self.docs_per_second, 2),
            "per_worker": self.per_worker(),
        }
