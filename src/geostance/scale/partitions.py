"""The plan: cut the input into deterministic partitions of about ``partition_size`` documents.

``Unit`` (one file, URL, JSON Lines byte range or Parquet row range) and ``Partition`` (an
index, a stable id hashed from its units, and the units), ``plan_partitions`` which walks
folders in sorted order and cuts big JSON Lines and Parquet files to fit, and ``plan_digest``,
the hash a rerun's plan is checked against.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

from geostance import config
from geostance.errors import ConfigError, SourceError
from geostance.models import CODER_NAME

UnitKind = Literal["file", "jsonl", "parquet", "url"]

#: Documents per partition unless told otherwise: big enough to amortise task overhead
#: and spaCy batching, small enough that a redo after a worker death is cheap.
DEFAULT_PARTITION_SIZE = 256
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet", ".pq")


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
