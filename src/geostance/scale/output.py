"""Writing a partition's Parquet files: schemas, the year/month layout, atomic renames.

``write_partition`` writes ``events/`` and ``documents/`` under ``year=YYYY/month=MM`` (undated
rows under ``UNDATED``), each file to a temporary name then renamed into place, after removing
stale files of an earlier attempt of the same partition. ``event_schema`` and
``document_schema`` are the Arrow schemas; ``_fault`` is the test hook that kills a worker.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geostance.models import Document, Event

if TYPE_CHECKING:
    import pyarrow as pa

#: Undated events and documents go under this partition value.
UNDATED = "unknown"
#: Environment variable naming a fault file, read by workers (tests only; see ``_fault``).
FAULT_ENV = "GEOSTANCE_SCALE_FAULT_FILE"


def _arrow_type(annotation: str, name: str) -> pa.DataType:
    import pyarrow as pa

    if name == "fingerprint":
        return pa.uint64()
    if "date" in annotation:
        return pa.date32()
    if annotation.startswith("bool"):
        return pa.bool_()
    if annotation.startswith("int"):
        return pa.int64()
    if annotation.startswith("float"):
        return pa.float64()
    return pa.string()


def event_schema() -> pa.Schema:
    """Arrow schema of the events files: ``id`` then every ``Event`` field."""
    import pyarrow as pa

    fields = [pa.field("id", pa.string())]
    fields += [
        pa.field(f.name, _arrow_type(str(f.type), f.name)) for f in dataclasses.fields(Event)
    ]
    return pa.schema(fields)


def document_schema() -> pa.Schema:
    """Arrow schema of the documents files: every ``Document`` field and ``ingested_at``."""
    import pyarrow as pa

    fields = [
        pa.field(f.name, _arrow_type(str(f.type), f.name)) for f in dataclasses.fields(Document)
    ]
    fields.append(pa.field("ingested_at", pa.timestamp("us")))
    return pa.schema(fields)


def _month_key(date: dt.date | None) -> tuple[str, str]:
    if date is None:
        return UNDATED, UNDATED
    return f"{date.year:04d}", f"{date.month:02d}"


def write_partition(
    out: Path, partition_id: str, documents: Sequence[Document], events: Sequence[Event]
) -> list[str]:
    """Write a partition's events and documents by month; return the relative file names.

    Stale files of this partition (from an attempt whose worker died) are removed first, so
    a redo never leaves two copies, whatever months the earlier attempt reached.
    """
    for kind in ("events", "documents"):
        for stale in out.glob(f"{kind}/year=*/month=*/part-{partition_id}.parquet"):
            stale.unlink(missing_ok=True)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    written: list[str] = []
    by_month: dict[tuple[str, str], list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for e in events:
        if e.id in seen:
            continue
        seen.add(e.id)
        rec = dataclasses.asdict(e)
        rec["id"] = e.id
        by_month.setdefault(_month_key(e.date), []).append(rec)
    written += _write_groups(out, "events", partition_id, by_month, event_schema())
    docs_by_month: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for d in documents:
        rec = dataclasses.asdict(d)
        rec["ingested_at"] = now
        docs_by_month.setdefault(_month_key(d.date), []).append(rec)
    written += _write_groups(out, "documents", partition_id, docs_by_month, document_schema())
    _fault(partition_id)
    return written


def _write_groups(
    out: Path,
    kind: str,
    partition_id: str,
    groups: dict[tuple[str, str], list[dict[str, Any]]],
    schema: pa.Schema,
) -> list[str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    written = []
    for (year, month), rows in sorted(groups.items()):
        folder = out / kind / f"year={year}" / f"month={month}"
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"part-{partition_id}.parquet"
        tmp = folder / f".part-{partition_id}.{uuid.uuid4().hex[:8]}.tmp"
        table = pa.Table.from_pylist(rows, schema=schema)
        try:
            pq.write_table(table, tmp)
            os.replace(tmp, final)
        finally:
            tmp.unlink(missing_ok=True)
        written.append(final.relative_to(out).as_posix())
        if kind == "events":
            _fault(partition_id, stage="events")
    return written


def _fault(partition_id: str, *, stage: str = "done") -> None:
    """Test hook: kill this worker process when the fault file names this partition.

    The file ``$GEOSTANCE_SCALE_FAULT_FILE`` holds ``<partition id> <times> [events]``; each
    crash lowers ``times``, so a test can kill the first attempt(s) of one partition after
    (``events``) some of its files are in place. Unset, this does nothing.
    """
    path = os.environ.get(FAULT_ENV)
    if not path or not os.path.isfile(path):
        return
    try:
        words = Path(path).read_text(encoding="utf-8").split()
    except OSError:
        return
    if len(words) < 2 or words[0] != partition_id or not words[1].isdigit():
        return
    if int(words[1]) < 1:
        return
    when = words[2] if len(words) > 2 else "done"
    if when != stage:
        return
    Path(path).write_text(f"{words[0]} {int(words[1]) - 1} {when}", encoding="utf-8")
    os._exit(17)
