"""The store's file on disk, seen from outside DuckDB: how long to wait for another process's
hold on it (``LOCK_WAIT``), the intent files a waiting writer or reader touches beside it
(``<store>.write-intent``, ``<store>.read-intent``) and when they count as fresh, DuckDB's
words for a file held elsewhere, what a file DuckDB cannot open is (by its first bytes), and
where the bundled DuckDB extensions are. Plain functions; the connection machinery that uses
them is in ``connection``.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

#: Seconds a store waits for another process's hold on the file before giving up.
LOCK_WAIT = 30.0
#: A waiting writer's intent file counts while it was touched this recently (seconds).
INTENT_FRESH = 2.0


def _file_kind(path: str) -> str | None:
    """What a file that DuckDB cannot open is, by its first bytes (None: unknown)."""
    try:
        with open(path, "rb") as f:
            head = f.read(16)
    except OSError:
        return None
    if head.startswith(b"SQLite format 3"):
        return "an SQLite database"
    if head.startswith(b"PAR1"):
        return "a Parquet file"
    if head[:2] == b"\x1f\x8b":
        return "a gzip file"
    if head.startswith(b"PK"):
        return "a zip file"
    return None


def _extension_dir() -> str | None:
    try:
        import duckdb_ext
    except ImportError:
        return None
    return os.path.join(list(duckdb_ext.__path__)[0], "extensions")


def _is_busy(error: Exception) -> bool:
    """The file is held by another process (a lock), or by this one in the other mode."""
    text = str(error)
    return (
        "Could not set lock" in text
        or "Conflicting lock" in text
        or "different configuration" in text
    )


#: DuckDB's words when this process already has the file open in the other mode.
_HERE = "different configuration"


def write_intent_path(path: str | Path) -> Path:
    """The file a waiting writer touches beside the store: ``<store>.write-intent``."""
    return Path(f"{path}.write-intent")


def read_intent_path(path: str | Path) -> Path:
    """The file a waiting reader touches beside the store: ``<store>.read-intent``."""
    return Path(f"{path}.read-intent")


def _fresh(intent: Path) -> bool:
    try:
        touched = intent.stat().st_mtime
    except OSError:
        return False
    return time.time() - touched < INTENT_FRESH
