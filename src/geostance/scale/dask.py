"""Code a large input on a dask.distributed cluster, partition by partition, resumably.

Why this shape:

* **The same pure pipeline everywhere.** Each worker runs ``sources`` -> ``nlp.coder``
  exactly as ``Geostance.code`` does; only the input is cut into partitions. So the events of
  a distributed run are those of the single-process run (same ids, codes and offsets).
* **Deterministic partitions.** The input is listed in a fixed order (sorted folder walks,
  JSON Lines cut at line boundaries, Parquet cut at row numbers) and cut every
  ``partition_size`` documents; a partition's id is its index plus a hash of what it holds.
  The same input always gives the same partitions, hence the same file names.
* **Atomic, idempotent output.** A partition writes
  ``OUT/events/year=YYYY/month=MM/part-<id>.parquet`` (and the same under ``documents/``) to a
  temporary name, then renames it into place. A redo of a partition (its worker died) writes
  the same names, so it overwrites instead of duplicating; stale files of an earlier attempt
  are removed first.
* **Resumable.** Only the driver appends to ``OUT/_manifest.jsonl``, one line per partition,
  after the worker has renamed that partition's files into place. A rerun skips every
  partition the manifest lists. ``OUT/_plan.json`` records the plan: a rerun on a different
  input (or model) into the same folder is refused rather than mixed.
* **The model loads once per worker**, from a module-level cache keyed by the settings that
  shape the pipeline, in the worker process.

Where each part lives (this module is the driver and re-exports the rest):
``scale/partitions.py`` (the plan), ``scale/results.py`` (``PartitionResult``,
``ScaleReport``), ``scale/manifest.py`` (``_manifest.jsonl``, ``_plan.json``),
``scale/worker.py`` (the task a worker runs, the pipeline cache) and ``scale/output.py``
(the Parquet files).
"""

from __future__ import annotations

import contextlib
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from geostance import config
from geostance.errors import ConfigError
from geostance.scale.manifest import (
    MANIFEST,
    PLAN,
    PLAN_VERSION,
    _check_plan,
    append_manifest,
    read_manifest,
)
from geostance.scale.output import (
    FAULT_ENV,
    UNDATED,
    document_schema,
    event_schema,
    write_partition,
)
from geostance.scale.partitions import (
    DEFAULT_PARTITION_SIZE,
    JSONL_SUFFIXES,
    PARQUET_SUFFIXES,
    Partition,
    Unit,
    UnitKind,
    plan_digest,
    plan_partitions,
)
from geostance.scale.results import PartitionResult, ScaleReport
from geostance.scale.worker import _PIPELINES as _PIPELINES
from geostance.scale.worker import DOCUMENT_FIELDS, code_partition, pipeline, warm_up

if TYPE_CHECKING:
    from distributed import Client

__all__ = [
    "DEFAULT_PARTITION_SIZE",
    "DOCUMENT_FIELDS",
    "FAULT_ENV",
    "JSONL_SUFFIXES",
    "MANIFEST",
    "PARQUET_SUFFIXES",
    "PLAN",
    "PLAN_VERSION",
    "UNDATED",
    "Partition",
    "PartitionResult",
    "ScaleReport",
    "Unit",
    "UnitKind",
    "append_manifest",
    "code_distributed",
    "code_partition",
    "document_schema",
    "event_schema",
    "pipeline",
    "plan_digest",
    "plan_partitions",
    "read_manifest",
    "warm_up",
    "write_partition",
]


# -- the driver ----------------------------------------------------------------------------------
def code_distributed(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    *,
    settings: config.Settings,
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    client: Client | None = None,
    on_partition: Callable[[PartitionResult], None] | None = None,
) -> ScaleReport:
    """Code ``inputs`` on a Dask cluster into Parquet under ``out_dir``; resumable.

    With neither ``scheduler`` (an address such as ``tcp://host:8786``) nor ``client``, a
    ``LocalCluster`` of ``workers`` single-threaded processes (default: the CPU count) is
    started and stopped. Workers read the inputs themselves, so with a remote scheduler the
    inputs and ``out_dir`` must be on a file system every worker sees.
    """
    if scheduler and workers:
        raise ConfigError("give either a scheduler address or a number of workers, not both")
    if workers is not None and workers < 1:
        raise ConfigError(f"workers {workers} is too few; give 1 or more")
    start = time.perf_counter()
    out = Path(out_dir)
    partitions = plan_partitions(
        inputs, partition_size=partition_size, include=include, exclude=exclude
    )
    _check_plan(out, partitions, settings, [str(i) for i in inputs], partition_size)
    finished = read_manifest(out)
    todo = [p for p in partitions if p.id not in finished]
    skipped = tuple(p.id for p in partitions if p.id in finished)
    done: list[PartitionResult] = []
    failed: list[tuple[str, str]] = []
    n_workers = 0
    if todo:
        with _client(scheduler, workers, client) as c:
            n_workers = len(c.scheduler_info().get("workers", {}))
            for result, error in _run(c, todo, out, settings):
                if error is not None:
                    failed.append(error)
                    continue
                assert result is not None
                append_manifest(out, result)
                done.append(result)
                if on_partition:
                    on_partition(result)
    return ScaleReport(
        out=str(out),
        partitions=len(partitions),
        done=tuple(sorted(done, key=lambda r: r.index)),
        skipped=skipped,
        failed=tuple(sorted(failed)),
        workers=n_workers,
        seconds=time.perf_counter() - start,
    )


@contextlib.contextmanager
def _client(scheduler: str | None, workers: int | None, client: Client | None) -> Iterator[Client]:
    if client is not None:
        yield client
        return
    import logging

    from distributed import Client, LocalCluster

    if scheduler:
        try:
            remote = Client(scheduler, timeout="20s")
        except (OSError, ValueError) as e:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {scheduler}: {e}; check the address "
                "(tcp://HOST:8786) or leave out --scheduler for a local cluster"
            ) from None
        with remote:
            yield remote
        return
    with (
        LocalCluster(
            n_workers=workers or os.cpu_count() or 1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as local,
    ):
        yield local


def _run(
    client: Client, todo: Sequence[Partition], out: Path, settings: config.Settings
) -> Iterator[tuple[PartitionResult | None, tuple[str, str] | None]]:
    """Submit one task per partition; yield each result (or its failure) as it finishes."""
    from distributed import as_completed

    futures = {
        client.submit(
            code_partition,
            p,
            str(out),
            settings,
            key=f"geostance-code-{p.id}-{uuid.uuid4().hex[:8]}",
            pure=False,
        ): p
        for p in todo
    }
    for future in as_completed(list(futures)):
        part = futures[future]
        try:
            rec = future.result()
        except Exception as e:  # a KilledWorker or an error raised inside the task
            yield None, (part.id, f"{type(e).__name__}: {e}")
        else:
            yield PartitionResult.from_record(rec), None
        finally:
            future.release()
