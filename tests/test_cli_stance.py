"""The shells only: ask, compare, report, summarize, brief and search through click's runner."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from geostance.cli import cli
from stance_helpers import pro_db

FIXTURES = (pro_db,)  # a session fixture shared with the other stance tests


@pytest.fixture
def run(pro_db):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, db: bool = True):  # type: ignore[no-untyped-def]
        extra = ["--db", str(pro_db)] if db else []
        return runner.invoke(cli, [*args, *extra], obj={}, catch_exceptions=False)

    return invoke


def test_ask_text_markdown_json(run) -> None:  # type: ignore[no-untyped-def]
    text = run("ask", "Does Russia support Palestine?")
    assert text.exit_code == 0, text.output
    assert "Evidence:" in text.output and "news.example.org" in text.output
    md = run("ask", "Does Russia support Palestine?", "--format", "markdown")
    assert md.output.startswith("## Does Russia support Palestine?")
    js = json.loads(run("ask", "Does Russia support Palestine?", "--format", "json").output)
    assert js["kind"] == "stance" and js["question"]["subjects"] == ["RUS"]
    assert js["evidence"] and all(e["link"] for e in js["evidence"])


def test_ask_errors_become_click_errors(run) -> None:  # type: ignore[no-untyped-def]
    bad = run("ask", "Does Rusia support Palestine?")
    assert bad.exit_code == 1
    assert "no actor 'Rusia'; did you mean Russia (RUS)?" in bad.output
    empty = run("ask", "")
    assert empty.exit_code == 1 and "empty question" in empty.output
    date = run("ask", "Does Russia support Palestine?", "--since", "last week")
    assert date.exit_code == 1 and "YYYY-MM-DD" in date.output


def test_compare_and_brief(run) -> None:  # type: ignore[no-untyped-def]
    comp = run("compare", "RUS", "USA", "CHN", "--on", "PSE")
    assert comp.exit_code == 0, comp.output
    lines = comp.output.splitlines()
    assert lines[0].startswith("Toward Palestine")
    assert re.search(r"Russia\s+words", comp.output) and "China" in comp.output
    brief = run("brief", "RUS", "PSE", "--since", "2024-01-01")
    assert brief.exit_code == 0 and "Brief: RUS -> PSE since 2024-01-01" in brief.output
    assert "2023-11-02" not in brief.output


def test_report_writes_html_and_md(run, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "r.html"
    res = run("report", "RUS", "PSE", "--out", str(out))
    assert res.exit_code == 0 and f"wrote {out}" in res.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = tmp_path / "r.md"
    run("report", "RUS", "PSE", "--out", str(md))
    assert md.read_text(encoding="utf-8").startswith("# Russia and Palestine")


def test_summarize_and_search(run, pro_db) -> None:  # type: ignore[no-untyped-def]
    from geostance.app import Geostance

    with Geostance(pro_db) as g:  # a stored DOC_ID: no model needed (files: test_summarise)
        doc_id = next(d.id for d in g.documents() if d.title == "Grain convoy reaches Gaza")
    res = run("summarize", doc_id, "--sentences", "1")
    assert res.exit_code == 0, res.output
    assert "Grain convoy reaches Gaza" in res.output and "1 of 3 sentences" in res.output
    missing = run("summarize", "nope")
    assert missing.exit_code == 1 and "no document 'nope'" in missing.output
    hits = run("search", "humanitarian aid")
    assert hits.exit_code == 0 and "humanitarian aid" in hits.output
    js = json.loads(run("search", "humanitarian aid", "--format", "json").output)
    assert js and js[0]["doc_id"]


def test_group_db_option_is_used(pro_db) -> None:  # type: ignore[no-untyped-def]
    res = CliRunner().invoke(
        cli, ["--db", str(pro_db), "ask", "What does Russia do with Palestine?"], obj={}
    )
    assert res.exit_code == 0, res.output
    assert "material cooperation" in res.output
