"""The run's bookkeeping in the output folder: ``_manifest.jsonl`` and ``_plan.json``.

Only the driver appends to the manifest, one line per finished partition, synced to disk;
a rerun skips every partition it lists (a torn last line is ignored). The plan file is
written on a first run; a rerun whose plan (input, partition size, model) differs is
refused rather than mixed into the same folder.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Sequence
from pathlib import Path

from geostance import config
from geostance.errors import ConfigError
from geostance.models import CODER_NAME
from geostance.scale.partitions import Partition, plan_digest
from geostance.scale.results import PartitionResult

MANIFEST = "_manifest.jsonl"
PLAN = "_plan.json"
PLAN_VERSION = 1


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
