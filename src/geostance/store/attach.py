"""Store methods that attach Parquet output folders (from ``code --engine dask``) without copying.

``attach(folder)`` records the folder in the ``attachments`` table (migration
``0003_attachments``) and rebuilds two temporary views over the native tables and every
attached folder's files:

* ``all_events``    = ``events``    UNION ALL ``read_parquet('F/events/**/*.parquet', ...)``
* ``all_documents`` = ``documents`` UNION ALL ``read_parquet('F/documents/**/*.parquet', ...)``

Why temporary views: they live in the connection only, so a store opened read-only sees its
attachments too, and a folder that was moved away since does not break the file (the views
are rebuilt on every open and a missing folder is skipped, with a note in
``attach_notes``). Rows are deduplicated by id: a stored row wins over an attached one, and
among attached copies (the same text coded in two partitions or two runs) the first file
in name order wins. The glob is read at query time, so files a running job adds later are
seen by the next query.
"""

from __future__ import annotations

import dataclasses
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from geostance.errors import StoreError
from geostance.models import Document, Event

_EVENT_COLS: tuple[str, ...] = ("id", *(f.name for f in dataclasses.fields(Event)))
_DOC_COLS: tuple[str, ...] = (*(f.name for f in dataclasses.fields(Document)), "ingested_at")
_VIEWS = {"events": ("all_events", _EVENT_COLS), "documents": ("all_documents", _DOC_COLS)}


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_str(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _has_parquet(folder: Path, kind: str) -> bool:
    return any(True for _ in (folder / kind).glob("**/*.parquet"))


class AttachStoreMixin:
    """Mixed into ``Store``; uses ``self.con`` and ``self.transaction()``.

    ``Store.__init__`` calls ``refresh_views()`` after migrating, and the event queries read
    ``all_events`` / ``all_documents`` instead of the native tables.
    """

    con: Any
    path: str
    attach_notes: list[str]

    if TYPE_CHECKING:

        def transaction(self) -> AbstractContextManager[Any]: ...

    # -- public --------------------------------------------------------------------------------
    def attach(self, folder: str | Path) -> dict[str, int]:
        """Attach a folder of Parquet output; return its event and document counts.

        Raises ``StoreError`` naming the folder when it is missing, holds no Parquet files of
        ours, or its files do not have the columns of events and documents.
        """
        path = Path(folder).expanduser().resolve()
        if not path.is_dir():
            raise StoreError(f"cannot attach {folder}: no such folder; give the --out folder")
        if not (_has_parquet(path, "events") or _has_parquet(path, "documents")):
            raise StoreError(
                f"cannot attach {folder}: no events/**/*.parquet or documents/**/*.parquet "
                "under it; give the --out folder of `geostance code --engine dask`"
            )
        key = str(path)
        try:
            with self.transaction() as con:
                con.execute(
                    "INSERT INTO attachments (path) VALUES (?) ON CONFLICT DO NOTHING", [key]
                )
        except duckdb.Error as e:
            raise StoreError(f"cannot attach {folder} to {self.path}: {e}") from None
        try:
            self._build_views([key], check=True)
        except duckdb.Error as e:
            self.detach(key)
            raise StoreError(
                f"cannot attach {folder}: its Parquet files do not read as geostance events "
                f"and documents ({e}); was it written by `geostance code --engine dask`?"
            ) from None
        self.refresh_views()
        return self._attached_counts(key)

    def detach(self, folder: str | Path) -> bool:
        """Forget an attached folder (its files are left alone); True if it was attached."""
        key = str(Path(folder).expanduser().resolve())
        known = key in self.attachments() or str(folder) in self.attachments()
        try:
            with self.transaction() as con:
                con.execute("DELETE FROM attachments WHERE path IN (?, ?)", [key, str(folder)])
        except duckdb.Error as e:
            raise StoreError(f"cannot detach {folder} from {self.path}: {e}") from None
        self.refresh_views()
        return known

    def attachments(self) -> list[str]:
        """The attached folders, in the order they were attached."""
        try:
            rows = self.con.execute(
                "SELECT path FROM attachments ORDER BY attached_at, path"
            ).fetchall()
        except duckdb.Error:  # an old store opened read-only, before migration 0003
            return []
        return [r[0] for r in rows]

    def refresh_views(self) -> list[str]:
        """(Re)build ``all_events`` and ``all_documents``; return the folders skipped as missing."""
        present: list[str] = []
        missing: list[str] = []
        for key in self.attachments():
            (present if Path(key).is_dir() else missing).append(key)
        self.attach_notes = [
            f"attached folder {m} is missing; `geostance attach --detach {m}` to forget it"
            for m in missing
        ]
        try:
            self._build_views(present, check=False)
        except duckdb.Error as e:
            self.attach_notes.append(f"attached Parquet could not be read ({e}); native only")
            self._build_views([], check=False)
        return missing

    # -- helpers -------------------------------------------------------------------------------
    def _build_views(self, folders: list[str], *, check: bool) -> None:
        for kind, (view, cols) in _VIEWS.items():
            globs = [
                str(Path(f) / kind / "**" / "*.parquet")
                for f in folders
                if _has_parquet(Path(f), kind)
            ]
            sql = _view_sql(kind, cols, globs)
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {sql}")
            if check:
                self.con.execute(f"SELECT count(*) FROM {view}").fetchone()

    def _attached_counts(self, folder: str) -> dict[str, int]:
        out = {}
        for kind in ("events", "documents"):
            if not _has_parquet(Path(folder), kind):
                out[kind] = 0
                continue
            glob = _quote_str(str(Path(folder) / kind / "**" / "*.parquet"))
            row = self.con.execute(
                f"SELECT count(DISTINCT id) FROM read_parquet({glob}, hive_partitioning = true)"
            ).fetchone()
            out[kind] = int(row[0]) if row else 0
        return out


def _view_sql(table: str, cols: tuple[str, ...], globs: list[str]) -> str:
    """Native rows, then attached rows not stored natively, one row per id."""
    native_cols = [c for c in cols if c != "ingested_at"] if table == "events" else list(cols)
    select = ", ".join(_quote_ident(c) for c in native_cols)
    sql = f"SELECT {select} FROM {table}"
    if not globs:
        return sql
    files = "[" + ", ".join(_quote_str(g) for g in globs) + "]"
    return (
        f"{sql} UNION ALL SELECT {select} FROM ("
        f"SELECT {select}, row_number() OVER (PARTITION BY id ORDER BY filename) AS _rank "
        f"FROM read_parquet({files}, hive_partitioning = true, hive_types_autocast = false, "
        f"union_by_name = true, filename = true)) AS a "
        f"WHERE a._rank = 1 AND NOT EXISTS (SELECT 1 FROM {table} n WHERE n.id = a.id)"
    )
