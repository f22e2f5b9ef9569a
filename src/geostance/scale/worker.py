"""The worker side: code one partition on a Dask worker and write its files.

``code_partition`` is the task ``code_distributed`` submits (Dask ships it by its module
path, so it stays importable here). It loads the pipeline once per process (``pipeline``,
cached by the settings that shape it; ``warm_up`` preloads it), reads the partition's units
(files and URLs through ``sources``, JSON Lines byte ranges, Parquet row ranges), codes the
documents (one by one if a batch trips the coder) and writes them with ``write_partition``.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import resource
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geostance import config
from geostance.errors import GeostanceError, SourceError
from geostance.models import Document, Event
from geostance.scale.output import write_partition
from geostance.scale.partitions import Partition, Unit
from geostance.scale.results import PartitionResult

DOCUMENT_FIELDS = ("text", "title", "date", "url", "source")

_PIPELINES: dict[tuple[str, str], tuple[Any, Any]] = {}
_LOADS = {"count": 0}


def pipeline(settings: config.Settings) -> tuple[Any, Any]:
    """(nlp, gazetteer) for these settings, built once per process and cached."""
    key = (settings.model, settings.actors_file)
    if key not in _PIPELINES:
        from geostance.nlp.actors import Gazetteer, default_gazetteer
        from geostance.nlp.pipeline import make_nlp

        gazetteer = (
            Gazetteer.load(settings.actors_file) if settings.actors_file else default_gazetteer()
        )
        _PIPELINES[key] = (make_nlp(settings, gazetteer), gazetteer)
        _LOADS["count"] += 1
    return _PIPELINES[key]


def warm_up(settings: config.Settings) -> int:
    """Load the pipeline in this process (``client.run(warm_up, settings)``); return loads."""
    pipeline(settings)
    return _LOADS["count"]


def code_partition(partition: Partition, out_dir: str, settings: config.Settings) -> dict[str, Any]:
    """Code one partition and write its Parquet files atomically; runs on a worker.

    Returns the manifest record. The driver, not this task, appends it to the manifest, so a
    partition counts as finished only once its files are all in place.
    """
    began = time.perf_counter()
    nlp, gazetteer = pipeline(settings)
    cpu = time.process_time()  # coding only: a first load of the model is not counted
    failures: list[tuple[str, str]] = []
    warnings = 0
    seen: set[str] = set()
    inputs: list[Document] = []
    for item in _partition_items(partition, settings):
        if isinstance(item, Document):
            if item.id not in seen:  # the same text twice in one partition is coded once
                seen.add(item.id)
                inputs.append(item)
        elif isinstance(item, SourceError):
            failures.append((item.origin, item.reason))
        else:
            warnings += 1
    docs, events, coding_failures = _code(nlp, gazetteer, inputs, settings.batch_size)
    failures.extend(coding_failures)
    files = write_partition(Path(out_dir), partition.id, docs, events)
    return PartitionResult(
        partition=partition.id,
        index=partition.index,
        documents=len(docs),
        events=len(events),
        files=tuple(files),
        failures=tuple(failures),
        warnings=warnings,
        worker=_worker_name(),
        model_loads=_LOADS["count"],
        rss_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        seconds=time.perf_counter() - began,
        cpu_seconds=time.process_time() - cpu,
    ).to_record()


def _code(
    nlp: Any, gazetteer: Any, inputs: list[Document], batch_size: int
) -> tuple[list[Document], list[Event], list[tuple[str, str]]]:
    """Code the documents in batches; if the coder fails, code them one by one.

    One document that trips the coder then costs only itself (reported as a failure with
    its origin), not the whole partition, which would otherwise fail on every retry.
    """
    from geostance.nlp.coder import code_documents

    try:
        docs: list[Document] = []
        events: list[Event] = []
        for doc, _sentences, doc_events in code_documents(
            nlp, inputs, gazetteer=gazetteer, batch_size=batch_size, n_process=1
        ):
            docs.append(doc)
            events.extend(doc_events)
        return docs, events, []
    except Exception:  # noqa: BLE001 - isolate the failing document below
        pass
    docs, events, failures = [], [], []
    for one in inputs:
        try:
            for doc, _sentences, doc_events in code_documents(
                nlp, [one], gazetteer=gazetteer, batch_size=1, n_process=1
            ):
                docs.append(doc)
                events.extend(doc_events)
        except Exception as e:  # noqa: BLE001 - reported per document, the rest goes on
            failures.append((one.origin, f"the event coder failed ({type(e).__name__}: {e})"))
    return docs, events, failures


def _worker_name() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except (ImportError, ValueError):
        return f"pid-{os.getpid()}"


def _partition_items(partition: Partition, settings: config.Settings) -> Iterator[Any]:
    """Documents, SourceErrors and warnings of every unit, in order."""
    from geostance.sources import iter_documents

    for unit in partition.units:
        try:
            if unit.kind in ("file", "url"):
                yield from iter_documents([unit.path], settings=settings)
            elif unit.kind == "jsonl":
                yield from _jsonl_documents(unit)
            else:
                yield from _parquet_documents(unit)
        except GeostanceError as e:
            origin = getattr(e, "origin", unit.path)
            yield e if isinstance(e, SourceError) else SourceError(origin, str(e))
        except OSError as e:
            yield SourceError(unit.path, f"cannot read: {e}")


def _jsonl_documents(unit: Unit) -> Iterator[Any]:
    """The documents of the lines in a byte range, read as ``sources`` reads JSON Lines.

    Origins are ``path:line`` with the line number in the whole file, as a single-process
    read gives them.
    """
    from geostance.sources.base import SourceWarning
    from geostance.sources.jsonl import read_record

    with open(unit.path, "rb") as fh:
        fh.seek(unit.start)
        data = fh.read(unit.stop - unit.start)
    if unit.start == 0 and data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for offset, raw in enumerate(data.split(b"\n")):
        if not raw.strip():
            continue
        origin = f"{unit.path}:{unit.line + offset}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            line = raw.decode("utf-8", errors="replace")
            yield SourceWarning(origin, f"invalid UTF-8 at byte {e.start}; replaced")
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as e:
            yield SourceError(origin, f"not valid JSON ({e}); write one JSON object per line")
            continue
        yield from read_record(record, origin=origin)


def _parquet_documents(unit: Unit) -> Iterator[Any]:
    """The documents of rows ``[start, stop)`` of a Parquet file (text, title, date, url, source).

    Each row is read like a JSON Lines record (same checks, same date parsing); origins are
    ``path#row=N`` (rows counted from 0).
    """
    import pyarrow.parquet as pq

    from geostance.sources.jsonl import read_record

    pf = pq.ParquetFile(unit.path)
    columns = [c for c in DOCUMENT_FIELDS if c in pf.schema_arrow.names]
    if "text" not in columns:
        yield SourceError(unit.path, "no 'text' column; name the article text column 'text'")
        return
    row = 0
    for group in range(pf.num_row_groups):
        n = pf.metadata.row_group(group).num_rows
        lo, hi = max(unit.start, row), min(unit.stop, row + n)
        if lo < hi:
            table = pf.read_row_group(group, columns=columns).slice(lo - row, hi - lo)
            for i, rec in enumerate(table.to_pylist()):
                for item in read_record(rec, origin=f"{unit.path}#row={lo + i}"):
                    if isinstance(item, Document):
                        item = dataclasses.replace(item, kind="parquet")
                    yield item
        row += n
        if row >= unit.stop:
            break
