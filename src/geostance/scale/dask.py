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
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import datetime as dt
import fnmatch
import hashlib
import json
import os
import resource
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from geostance import config
from geostance.errors import ConfigError, GeostanceError, SourceError
from geostance.models import CODER_NAME, Document, Event

if TYPE_CHECKING:
    import pyarrow as pa
    from distributed import Client

UnitKind = Literal["file", "jsonl", "parquet", "url"]

#: Documents per partition unless told otherwise: big enough to amortise task overhead
#: and spaCy batching, small enough that a redo after a worker death is cheap.
DEFAULT_PARTITION_SIZE = 256
#: Undated events and documents go under this partition value.
UNDATED = "unknown"
#: Environment variable naming a fault file, read by workers (tests only; see ``_fault``).
FAULT_ENV = "GEOSTANCE_SCALE_FAULT_FILE"
MANIFEST = "_manifest.jsonl"
PLAN = "_plan.json"
PLAN_VERSION = 1
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")
DOCUMENT_FIELDS = ("text", "title", "date", "url", "source")


# -- the plan -------------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class Unit:
    """One piece of input a worker reads.

    ``file``: one local file given to ``sources.iter_documents``; ``url``: one http(s) origin;
    ``jsonl``: bytes ``[start, stop)`` of a JSON Lines file whose first line is ``line``;
    ``parquet``: rows ``[start, stop)`` of a Parquet file. ``size`` is the file's size, kept in
    the plan so that a changed input is noticed.
    """

    kind: UnitKind
    path: str
    start: int = 0
    stop: int = 0
    line: int = 1
    count: int = 1
    size: int = 0


@dataclasses.dataclass(frozen=True, slots=True)
class Partition:
    """A deterministic slice of the input: its index, a stable id, and its units."""

    index: int
    id: str
    units: tuple[Unit, ...]

    @property
    def documents(self) -> int:
        """Documents this partition is expected to hold (files count as one)."""
        return sum(u.count for u in self.units)


def plan_partitions(
    inputs: Iterable[str | Path],
    *,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
) -> list[Partition]:
    """Cut the inputs into partitions of about ``partition_size`` documents, deterministically.

    Folders are walked in sorted order (hidden entries skipped, ``include``/``exclude`` globs
    matched on the path relative to the folder); JSON Lines files are cut at line boundaries
    and Parquet files at row numbers, so one big file spreads over many partitions.
    """
    if partition_size < 1:
        raise ConfigError(f"partition size {partition_size} is too small; give 1 or more")
    origins = [str(i) for i in inputs]
    if not origins:
        raise ConfigError("no input given; name folders, JSON Lines or Parquet files")
    planner = _Planner(partition_size)
    for origin in origins:
        planner.add_origin(origin, include, exclude)
    return planner.partitions()


class _Planner:
    """Fills partitions in input order; JSON Lines and Parquet files are cut to fit."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.groups: list[list[Unit]] = []
        self.current: list[Unit] = []
        self.filled = 0

    @property
    def room(self) -> int:
        return self.size - self.filled

    def put(self, unit: Unit) -> None:
        if self.current and unit.count > self.room:
            self.close()
        self.current.append(unit)
        self.filled += unit.count
        if self.filled >= self.size:
            self.close()

    def close(self) -> None:
        if self.current:
            self.groups.append(self.current)
        self.current, self.filled = [], 0

    def partitions(self) -> list[Partition]:
        self.close()
        return [Partition(i, _partition_id(i, g), tuple(g)) for i, g in enumerate(self.groups)]

    def add_origin(self, origin: str, include: Sequence[str], exclude: Sequence[str]) -> None:
        if origin.startswith(("http://", "https://")):
            self.put(Unit("url", origin))
            return
        path = Path(origin)
        if not path.exists():
            raise SourceError(origin, "no such file or directory; check the path")
        files = _walk(path, include, exclude) if path.is_dir() else [path]
        for file in files:
            self.add_file(file)

    def add_file(self, path: Path) -> None:
        full = str(path.resolve())
        nbytes = path.stat().st_size
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            self.add_jsonl(full, nbytes)
        elif suffix in PARQUET_SUFFIXES:
            self.add_parquet(full, nbytes)
        else:
            self.put(Unit("file", full, size=nbytes))

    def add_jsonl(self, path: str, nbytes: int) -> None:
        """Byte ranges cut at line ends, each filling the room left in the partition."""
        start = pos = 0
        count = 0
        first_line = line = 1
        with open(path, "rb") as fh:
            for raw in fh:
                pos += len(raw)
                line += 1
                if raw.strip():
                    count += 1
                if count == self.room:
                    self.put(Unit("jsonl", path, start, pos, first_line, count, nbytes))
                    start, first_line, count = pos, line, 0
        if count:
            self.put(Unit("jsonl", path, start, pos, first_line, count, nbytes))

    def add_parquet(self, path: str, nbytes: int) -> None:
        import pyarrow.parquet as pq

        try:
            rows = pq.ParquetFile(path).metadata.num_rows
        except Exception as e:  # pyarrow raises several types for a bad file
            raise SourceError(
                path, f"not a readable Parquet file ({e}); give a Parquet file"
            ) from None
        start = 0
        while start < rows:
            stop = min(rows, start + self.room)
            self.put(Unit("parquet", path, start, stop, 1, stop - start, nbytes))
            start = stop


def _walk(folder: Path, include: Sequence[str], exclude: Sequence[str]) -> Iterator[Path]:
    """Files under ``folder`` in sorted order, skipping hidden entries, with glob filters."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = Path(root) / name
            rel = path.relative_to(folder).as_posix()
            if include and not any(fnmatch.fnmatch(rel, g) for g in include):
                continue
            if any(fnmatch.fnmatch(rel, g) for g in exclude):
                continue
            yield path


def _partition_id(index: int, units: Sequence[Unit]) -> str:
    digest = hashlib.sha1(
        json.dumps([dataclasses.astuple(u) for u in units]).encode("utf-8")
    ).hexdigest()
    return f"{index:06d}-{digest[:10]}"


def plan_digest(partitions: Sequence[Partition], settings: config.Settings) -> str:
    """A hash of the partition ids and of what shapes the events (model, actors, coder)."""
    key = json.dumps(
        {
            "ids": [p.id for p in partitions],
            "model": settings.model,
            "actors_file": settings.actors_file,
            "coder": CODER_NAME,
        }
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


# -- reports -----------------------------------------------------------------------------------
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


# -- manifest and plan -------------------------------------------------------------------------
def read_manifest(out: str | Path) -> dict[str, PartitionResult]:
    """Finished partitions by id. A torn last line (the driver died writing it) is ignored."""
    path = Path(out) / MANIFEST
    done: dict[str, PartitionResult] = {}
    if not path.is_file():
        return done
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
                result = PartitionResult.from_record(rec)
            except (ValueError, TypeError):
                continue
            done[result.partition] = result
    return done


def append_manifest(out: str | Path, result: PartitionResult) -> None:
    """Append one finished partition; flushed and synced so a crash keeps what was said."""
    path = Path(out) / MANIFEST
    line = json.dumps(result.to_record(), ensure_ascii=False) + "\n"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())


def _check_plan(
    out: Path,
    partitions: Sequence[Partition],
    settings: config.Settings,
    inputs: Sequence[str],
    partition_size: int,
) -> None:
    """Write the plan on a first run; refuse a rerun whose plan differs."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(
            f"cannot create output folder {out}: {e}; give a writable --out folder"
        ) from None
    digest = plan_digest(partitions, settings)
    path = out / PLAN
    if path.is_file():
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            known = {}
        if known.get("digest") != digest:
            raise ConfigError(
                f"{out} holds a run of another input, partition size or model "
                f"({known.get('inputs')}, partition size {known.get('partition_size')}); "
                "give a new --out folder, or delete this one to start over"
            )
        return
    plan = {
        "version": PLAN_VERSION,
        "digest": digest,
        "inputs": list(inputs),
        "partition_size": partition_size,
        "model": settings.model,
        "coder": CODER_NAME,
        "partitions": [p.id for p in partitions],
    }
    _atomic_write_bytes(path, json.dumps(plan, indent=1).encode("utf-8"))


def _atomic_write_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


# -- the worker side -----------------------------------------------------------------------------
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


# -- writing -----------------------------------------------------------------------------------
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
