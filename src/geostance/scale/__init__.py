"""Stage-level runners that scale the pure pipeline out: Dask partitions and feed watching.

``scale`` sits beside ``measures`` in the layer table: it may import ``sources``, ``nlp``,
``models``, ``config`` and ``errors`` (and dask, distributed, pyarrow, httpx), never ``store``:
the facade (``app/scale.py``) persists and attaches what these runners produce.

Heavy imports (dask, distributed, pyarrow) happen inside the functions that need them, so
importing this package stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from geostance.scale.dask import Partition, PartitionResult, ScaleReport, Unit
    from geostance.scale.watch import Alert, CycleLog, WatchReport

__all__ = [
    "Alert",
    "CycleLog",
    "Partition",
    "PartitionResult",
    "ScaleReport",
    "Unit",
    "WatchReport",
    "code_distributed",
    "plan_partitions",
    "run_watch",
]

_WHERE = {
    "Partition": "geostance.scale.dask",
    "PartitionResult": "geostance.scale.dask",
    "ScaleReport": "geostance.scale.dask",
    "Unit": "geostance.scale.dask",
    "code_distributed": "geostance.scale.dask",
    "plan_partitions": "geostance.scale.dask",
    "Alert": "geostance.scale.watch",
    "CycleLog": "geostance.scale.watch",
    "WatchReport": "geostance.scale.watch",
    "run_watch": "geostance.scale.watch",
}


def __getattr__(name: str) -> Any:
    """Import lazily, so that ``import geostance.scale`` does not pull in dask."""
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'geostance.scale' has no attribute {name!r}")
