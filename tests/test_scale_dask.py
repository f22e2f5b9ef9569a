"""Distributed coding on a real two-worker Dask cluster, its Parquet output, and ``attach``.

One ``LocalCluster`` (2 single-threaded worker processes) serves the whole module. The
scheduler allows one worker death per task, so a partition killed once is redone within
the run, and one killed twice fails the run and is finished by the rerun.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from geostance import config
from geostance.app import Geostance
from geostance.errors import ConfigError, SourceError, StoreError
from geostance.models import Event
from geostance.scale import dask as sd

pytestmark = pytest.mark.slow

DATA = Path(__file__).resolve().parent / "data" / "scale"
ARTICLES = str((DATA / "articles").resolve())
JSONL = str((DATA / "docs.jsonl").resolve())


def _settings(**kw: Any) -> config.Settings:
    return config.load(env={}, path=None, **kw)


@pytest.fixture(scope="module")
def fault_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The fault file workers read (set in the environment before the workers start)."""
    path = tmp_path_factory.mktemp("fault") / "fault.txt"
    old = os.environ.get(sd.FAULT_ENV)
    os.environ[sd.FAULT_ENV] = str(path)
    yield path
    if old is None:
        os.environ.pop(sd.FAULT_ENV, None)
    else:
        os.environ[sd.FAULT_ENV] = old


@pytest.fixture(scope="module")
def scheduler(fault_file: Path) -> Iterator[str]:
    import logging

    import dask
    from distributed import LocalCluster

    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,
        ) as cluster,
    ):
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def reference(nlp: Any) -> list[Event]:
    """The single-process run: the facade's ``code`` over the same inputs."""
    g = Geostance(settings=_settings(db=":memory:"))
    g.__dict__["nlp"] = nlp
    try:
        return list(g.code(ARTICLES, JSONL))
    finally:
        g.close()


@pytest.fixture(scope="module")
def parquet_input(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The JSON Lines records as a Parquet file with several row groups."""
    rows = [json.loads(line) for line in Path(JSONL).read_text().splitlines() if line.strip()]
    table = pa.Table.from_pylist(
        [{k: r.get(k) for k in ("text", "title", "date", "url", "source")} for r in rows]
    )
    path = tmp_path_factory.mktemp("pq") / "docs.parquet"
    pq.write_table(table, path, row_group_size=3)
    return str(path)


def output_events(out: Path) -> list[dict[str, Any]]:
    files = sorted(out.glob("events/year=*/month=*/*.parquet"))
    rows: list[dict[str, Any]] = []
    for f in files:
        rows.extend(pq.read_table(f).to_pylist())
    return rows


def key(rec: dict[str, Any]) -> tuple[Any, ...]:
    """What must match between runs: id, codes and every offset."""
    return tuple(
        rec[k]
        for k in (
            "id",
            "doc_id",
            "cameo",
            "source",
            "target",
            "negated",
            "sentence_start",
            "sentence_end",
            "source_start",
            "source_end",
            "target_start",
            "target_end",
            "trigger_start",
            "trigger_end",
        )
    )


def ref_records(events: list[Event]) -> list[dict[str, Any]]:
    out = []
    for e in events:
        rec = dataclasses.asdict(e)
        rec["id"] = e.id
        out.append(rec)
    return out


# -- planning (no cluster) -------------------------------------------------------------------
def test_plan_is_deterministic_and_cut_to_size() -> None:
    a = sd.plan_partitions([ARTICLES, JSONL], partition_size=3)
    b = sd.plan_partitions([ARTICLES, JSONL], partition_size=3)
    assert [p.id for p in a] == [p.id for p in b]
    assert [p.documents for p in a] == [3, 3, 3, 3, 3, 1]
    assert len({p.id for p in a}) == len(a)
    other = sd.plan_partitions([ARTICLES, JSONL], partition_size=4)
    assert {p.id for p in other}.isdisjoint({p.id for p in a} - {a[0].id})


def test_plan_bad_inputs(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no such file"):
        sd.plan_partitions([str(tmp_path / "missing")])
    with pytest.raises(ConfigError, match="no input"):
        sd.plan_partitions([])
    with pytest.raises(ConfigError, match="too small"):
        sd.plan_partitions([ARTICLES], partition_size=0)
    fake = tmp_path / "broken.parquet"
    fake.write_bytes(b"PAR1 this is not parquet at all")
    with pytest.raises(SourceError, match="Parquet"):
        sd.plan_partitions([str(fake)])
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")
    assert sd.plan_partitions([str(empty)]) == []


def test_code_partition_in_process_reports_bad_records(nlp: Any, tmp_path: Path) -> None:
    """Bad lines, a binary file and a huge line are reported; the good records are coded."""
    from geostance.nlp.actors import default_gazetteer

    settings = _settings(db=":memory:")
    sd._PIPELINES[(settings.model, settings.actors_file)] = (nlp, default_gazetteer())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02" * 1000)
    (folder / "lines.jsonl").write_text(
        '{"text": "Russia condemned the Israeli strikes on Gaza.", "date": "2024-02-03"}\n'
        "{not json\n"
        '["a list"]\n'
        '{"title": "no text"}\n'
        '{"text": "' + "x" * 300_000 + '"}\n',
        encoding="utf-8",
    )
    (folder / ".hidden.txt").write_text("Russia condemned Israel.")
    parts = sd.plan_partitions([str(folder)], partition_size=100)
    assert len(parts) == 1
    rec = sd.code_partition(parts[0], str(tmp_path / "out"), settings)
    result = sd.PartitionResult.from_record(rec)
    failed = dict(result.failures)
    assert any(o.endswith("blob.txt") for o in failed)
    assert {o.rsplit(":", 1)[1] for o in failed if ".jsonl:" in o} == {"2", "3", "4"}
    assert result.documents == 2
    assert result.events >= 1
    rows = output_events(tmp_path / "out")
    assert len(rows) == result.events
    assert all(r["doc"].endswith(".jsonl:1") for r in rows if r["date"] is not None)
    assert not list((tmp_path / "out").glob("**/*.tmp"))


# -- the cluster ------------------------------------------------------------------------------
def test_two_workers_give_exactly_the_single_process_events(
    scheduler: str, reference: list[Event], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    report = sd.code_distributed(
        [ARTICLES, JSONL], out, settings=_settings(), scheduler=scheduler, partition_size=3
    )
    assert report.complete and report.partitions == 6 and len(report.done) == 6
    assert report.workers == 2
    assert len({r.worker for r in report.done}) == 2  # both workers took partitions
    assert all(r.model_loads == 1 for r in report.done)  # the model loads once per worker
    rows = output_events(out)
    assert report.events == len(rows) == len(reference) > 5
    assert Counter(map(key, rows)) == Counter(map(key, ref_records(reference)))
    assert sorted(rows, key=key) == sorted(ref_records(reference), key=key)  # every field
    # hive layout by event date; undated events under year=unknown
    for f in out.glob("events/year=*/month=*/*.parquet"):
        year, month = f.parent.parent.name[5:], f.parent.name[6:]
        dates = {r["date"] for r in pq.read_table(f).to_pylist()}
        if year == sd.UNDATED:
            assert dates == {None}
        else:
            assert {(d.year, d.month) for d in dates} == {(int(year), int(month))}
    manifest = sd.read_manifest(out)
    assert set(manifest) == {p.id for p in sd.plan_partitions([ARTICLES, JSONL], partition_size=3)}

    again = sd.code_distributed(
        [ARTICLES, JSONL], out, settings=_settings(), scheduler=scheduler, partition_size=3
    )
    assert again.done == () and len(again.skipped) == 6 and again.complete
    assert len(output_events(out)) == len(rows)
    with pytest.raises(ConfigError, match="another input"):
        sd.code_distributed([ARTICLES], out, settings=_settings(), scheduler=scheduler)


def test_scheduler_and_workers_conflict(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not both"):
        sd.code_distributed(
            [ARTICLES], tmp_path, settings=_settings(), scheduler="tcp://x:1", workers=2
        )
    with pytest.raises(ConfigError, match="too few"):
        sd.code_distributed([ARTICLES], tmp_path, settings=_settings(), workers=0)


# -- attach -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def coded(scheduler: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("coded") / "out"
    report = sd.code_distributed(
        [ARTICLES, JSONL], out, settings=_settings(), scheduler=scheduler, partition_size=5
    )
    assert report.complete
    return out


def test_attach_makes_events_see_the_parquet(
    coded: Path, reference: list[Event], tmp_path: Path, nlp: Any
) -> None:
    db = tmp_path / "store.duckdb"
    with Geostance(settings=_settings(db=str(db))) as g:
        assert g.events() == []
        counts = g.attach(coded)
        assert counts["events"] == len(reference)
        assert counts["documents"] == 16
        got = g.events()
        assert sorted(e.id for e in got) == sorted(e.id for e in reference)
        assert set(got) == set(reference)
        rus = g.events(source="RUS")
        assert {e.id for e in rus} == {e.id for e in reference if e.source == "RUS"}
        some = got[0]
        doc = g.document(some.doc_id)
        assert doc is not None
        assert doc.text[some.sentence_start : some.sentence_end] == some.sentence
        assert g.events_df()["id"].is_unique
        # a document ingested natively as well is counted once
        g.__dict__["nlp"] = nlp
        g.ingest(str(Path(ARTICLES) / "a03.txt"))
        assert len(g.events()) == len(reference)
        assert g.attachments() == [str(coded.resolve())]
    with Geostance(settings=_settings(db=str(db)), read_only=True) as g:  # re-attached on open
        assert len(g.events()) == len(reference)
    with Geostance(settings=_settings(db=str(db))) as g:
        assert g.detach(coded) is True
        assert {e.doc_id for e in g.events()} == {g.store.documents()[0].id}


def test_attach_refuses_bad_folders(tmp_path: Path) -> None:
    with Geostance(settings=_settings(db=":memory:")) as g:
        with pytest.raises(StoreError, match="no such folder"):
            g.attach(tmp_path / "nope")
        with pytest.raises(StoreError, match="no events"):
            g.attach(tmp_path)
        bad = tmp_path / "bad" / "events" / "year=2024" / "month=01"
        bad.mkdir(parents=True)
        pq.write_table(pa.table({"x": [1, 2]}), bad / "part-x.parquet")
        with pytest.raises(StoreError, match="do not read as geostance events"):
            g.attach(tmp_path / "bad")
        assert g.attachments() == []
        assert g.events() == []


def test_attached_folder_moved_away_is_skipped(coded: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(coded, copy)
    db = tmp_path / "store.duckdb"
    with Geostance(settings=_settings(db=str(db))) as g:
        g.attach(copy)
        assert g.events()
    shutil.rmtree(copy)
    with Geostance(settings=_settings(db=str(db))) as g:
        assert g.events() == []
        assert any("missing" in n for n in g.store.attach_notes)


# -- the command line ---------------------------------------------------------------------------
def _group(db: str) -> click.Group:
    from geostance.cli import scale

    @click.group()
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        ctx.ensure_object(dict)
        ctx.obj["settings"] = _settings(db=db)

    @cli.command("code")
    @click.argument("inputs", nargs=-1, required=True)
    @click.option("--scheduler")
    @click.option("--workers", type=int)
    @click.option("--out")
    @click.option("--partition-size", type=int)
    @click.pass_context
    def code(
        ctx: click.Context,
        inputs: tuple[str, ...],
        scheduler: str | None,
        workers: int | None,
        out: str | None,
        partition_size: int | None,
    ) -> None:
        scale.run_dask_code(
            ctx, inputs, "dask", scheduler, workers, out, partition_size=partition_size
        )

    scale.register(cli)
    return cli


def test_cli_code_then_attach(scheduler: str, reference: list[Event], tmp_path: Path) -> None:
    cli = _group(str(tmp_path / "db.duckdb"))
    runner = CliRunner()
    out = str(tmp_path / "out")
    args = ["code", ARTICLES, JSONL, "--scheduler", scheduler, "--out", out]
    r = runner.invoke(cli, [*args, "--partition-size", "8"])
    assert r.exit_code == 0, r.output
    assert f"2 partitions: 2 coded, 0 already done, 0 failed; 16 documents, {len(reference)}" in (
        r.stdout
    )
    r = runner.invoke(cli, ["code", ARTICLES, "--scheduler", scheduler])
    assert r.exit_code != 0 and "--out" in r.output
    r = runner.invoke(cli, ["attach", out])
    assert r.exit_code == 0 and f"{len(reference)} events" in r.stdout
    r = runner.invoke(cli, ["attach"])
    assert str(Path(out).resolve()) in r.stdout
    r = runner.invoke(cli, ["attach", str(tmp_path / "missing")])
    assert r.exit_code == 1 and "no such folder" in r.output


# -- worker deaths (last: the restarted workers reload the model) -----------------------------
def test_worker_killed_once_is_redone_without_duplicates(
    scheduler: str, reference: list[Event], parquet_input: str, fault_file: Path, tmp_path: Path
) -> None:
    """The worker dies after writing one events file; the redo overwrites it."""
    parts = sd.plan_partitions([ARTICLES, parquet_input], partition_size=3)
    victim = next(p for p in parts if any(u.kind == "parquet" for u in p.units))
    fault_file.write_text(f"{victim.id} 1 events")
    out = tmp_path / "out"
    report = sd.code_distributed(
        [ARTICLES, parquet_input], out, settings=_settings(), scheduler=scheduler, partition_size=3
    )
    assert fault_file.read_text().split()[1] == "0"  # the fault fired
    assert report.complete and len(report.done) == len(parts)
    rows = output_events(out)
    assert len({r["id"] for r in rows}) == len(rows)
    expected = {key(r)[:1] + key(r)[2:] for r in ref_records(reference)}
    assert {key(r)[:1] + key(r)[2:] for r in rows} == expected
    assert all(r["doc"].startswith(parquet_input + "#row=") for r in rows if ".txt" not in r["doc"])
    lines = (out / sd.MANIFEST).read_text().splitlines()
    assert len(lines) == len(parts)  # one manifest line per partition, none twice


def test_run_that_loses_a_partition_is_finished_by_the_rerun(
    scheduler: str, reference: list[Event], fault_file: Path, tmp_path: Path
) -> None:
    parts = sd.plan_partitions([ARTICLES, JSONL], partition_size=4)
    victim = parts[1]
    fault_file.write_text(f"{victim.id} 2 events")  # dies twice: more than allowed-failures
    out = tmp_path / "out"
    first = sd.code_distributed(
        [ARTICLES, JSONL], out, settings=_settings(), scheduler=scheduler, partition_size=4
    )
    assert victim.id in {pid for pid, _ in first.failed}
    assert victim.id not in sd.read_manifest(out)
    assert list(out.glob(f"events/*/*/part-{victim.id}.parquet"))  # a partial write was left
    second = sd.code_distributed(
        [ARTICLES, JSONL], out, settings=_settings(), scheduler=scheduler, partition_size=4
    )
    assert second.complete
    assert {r.partition for r in second.done} == {pid for pid, _ in first.failed}
    assert len(second.skipped) == len(parts) - len(first.failed)
    rows = output_events(out)
    assert Counter(map(key, rows)) == Counter(map(key, ref_records(reference)))
