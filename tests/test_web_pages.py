"""Issue 14: pages that answer first, detail on demand, and counts that explain themselves.

The store is the hand-built one of ``test_web`` plus a document whose events belong to actors
pooled into a dyad's sides (the Soviet Union into Russia, the PLO into Palestine).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geostance import answers as ans
from geostance import config
from geostance.app import Geostance
from geostance.web import create_app
from test_web import build_store, doc_of, event, pages, sentences_of

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

POOLED = (
    "Moscow, 1 March 2024. The Soviet Union recognised Palestine in 1988. "
    "Russia praised the PLO for its restraint."
)


def add_pooled(g: Geostance) -> dict[str, Any]:
    """SUN -> PSE and RUS -> PLO: counted as RUS -> PSE by the measures and answers."""
    doc = doc_of(POOLED, title="Old ties", date=dt.date(2024, 3, 1), origin="ties.txt")
    sun = event(doc, "The Soviet Union recognised Palestine in 1988.", "recognised",
                "RUS", "PSE", "054", 1, 3.5, date=dt.date(1988, 11, 18))  # fmt: skip
    sun = dataclasses.replace(sun, source="SUN", source_text="Soviet Union")
    plo = event(doc, "Russia praised the PLO for its restraint.", "praised",
                "RUS", "PLO", "051", 1, 3.4)  # fmt: skip
    assert g.store.add_document(doc, sentences_of(doc), [sun, plo])
    return {"pooled": doc, "sun": sun, "plo": plo}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, Any], Geostance]]:
    g = Geostance(settings=config.load(env={}, path=None, db=str(tmp_path / "p.duckdb")))
    built = {**build_store(g), **add_pooled(g)}
    with TestClient(create_app(g)) as client:
        yield client, built, g
    g.close()


def outside_details(html: str) -> str:
    """The page as a reader sees it before opening any collapsed block."""
    return re.sub(r"<details(?![^>]*\bopen\b)[^>]*>.*?</details>", "", html, flags=re.S)


# -- 4: every page's "this page as JSON" link is its twin --------------------------------------
def test_web_every_pages_json_link_resolves_to_its_json(site: Any) -> None:
    client, built, _ = site
    for path in [*pages(built), f"/document/{built['article'].id}?summary=3", "/dyad/RUS/PSE"]:
        html = client.get(path).text
        links = re.findall(r'<a href="([^"]+)" class="json-link"', html)
        assert len(links) == 1, path
        link = links[0].replace("&amp;", "&")
        assert link != "/.json" and link.startswith("/"), (path, link)
        r = client.get(link)
        assert r.status_code == 200, (path, link, r.text[:200])
        assert r.headers["content-type"].startswith("application/json"), (path, link)
        assert r.json()["page"], (path, link)


# -- 5: a bad type filter is a 400 that names the allowed values -------------------------------
def test_web_dyad_bogus_type_is_400(site: Any) -> None:
    client, _, _ = site
    for path in ("/dyad/RUS/PSE?type=bogus", "/dyad/RUS/PSE.json?type=bogus"):
        r = client.get(path)
        assert r.status_code == 400 and "QuadClass" in r.text, path


# -- 6: recent documents newest first ----------------------------------------------------------
def test_web_home_lists_recent_documents_newest_first(site: Any) -> None:
    client, built, _ = site
    dates = [d["date"] for d in client.get("/index.json").json()["recent_documents"]]
    assert dates == sorted(dates, reverse=True)
    html = client.get("/").text
    titles = re.findall(r'class="doc-link" href="[^"]+">([^<]+)<', html)
    assert titles[0] == "Old ties" and titles[-1] == "A trade deal"  # 2024 ... 2022


# -- 7: the dyad page counts what the answer counts, and says which actors it pools -----------
def test_web_dyad_counts_pooled_actors_and_says_so(site: Any) -> None:
    client, built, _ = site
    data = client.get("/dyad/RUS/PSE.json").json()
    by_id = {p["id"]: p for p in data["pooled"]}
    assert by_id["SUN"]["events"] == 1 and by_id["SUN"]["side"] == "source"
    assert by_id["PLO"]["events"] == 1 and by_id["PLO"]["side"] == "target"
    assert data["events_as_coded"] == 1  # "Russia pledged humanitarian aid to Palestine."
    assert data["events_pooled"] == data["evidence_total"] == 3
    assert {(e["source"], e["target"]) for e in data["evidence"]} == {
        ("RUS", "PSE"), ("SUN", "PSE"), ("RUS", "PLO")}  # fmt: skip
    answer = client.get("/ask.json?q=Does+Russia+support+Palestine%3F").json()["answer"]
    words = next(c for c in answer["channels"] if c["channel"] == "words")
    assert words["score"]["n"] == data["evidence_total"]  # the same three events
    assert any("(SUN): 1 event" in n for n in answer["notes"])
    assert any("(PLO): 1 event" in n for n in answer["notes"])
    html = client.get("/dyad/RUS/PSE").text
    note = re.search(r'<p class="note" id="pooled-note">(.*?)</p>', html, re.S)
    assert note and "Soviet Union (SUN, 1 event)" in note.group(1)
    assert "pooled=false" in note.group(1)  # the view as coded, one click away
    coded = client.get("/dyad/RUS/PSE.json?pooled=false").json()
    assert coded["evidence_total"] == coded["events_as_coded"] == 1
    assert coded["filters"]["pooled"] is False
    assert "pooled=true" in client.get("/dyad/RUS/PSE?pooled=false").text


def test_web_dyad_without_pooled_actors_says_nothing_of_them(site: Any) -> None:
    client, _, _ = site
    data = client.get("/dyad/RUS/ISR.json").json()
    assert data["pooled"] == [] and data["evidence_total"] == data["events_as_coded"] == 2
    assert 'id="pooled-note"' not in client.get("/dyad/RUS/ISR").text


# -- 3: the summary's key events are sentences, not a key/value dump ---------------------------
def test_web_document_summary_key_events_are_readable(site: Any) -> None:
    client, built, _ = site
    art = built["article"]
    data = client.get(f"/document/{art.id}.json?summary=5").json()
    assert data["summary"] is not None, data["summary_error"]
    rows = data["key_events"]
    assert rows and all(r["link"] and r["link"].startswith("#ev-") for r in rows)
    ids = {e.id for e in built["events"][art.id]}
    assert {r["link"][4:] for r in rows} <= ids
    html = client.get(f"/document/{art.id}?summary=5").text
    summary = html[html.index('id="summary"') : html.index('id="text"')]
    for raw in ("sentence_index", "goldstein", "negated</dt>", "False", "quad_class"):
        assert raw not in summary, raw
    assert "Russia → Israel" in summary and "reported as not done" in summary
    assert re.search(r'<a class="evidence-link" href="#ev-[0-9a-f]+">Russia condemned', summary)


# -- 1: the answer page answers first; long lists wait behind a count -------------------------
def many_votes(n: int) -> list[dict[str, Any]]:
    return [
        {"date": dt.date(1950 + i % 70, 1 + i % 12, 1), "body": "GA", "symbol": f"A/RES/{i}",
         "title": f"Resolution {i}", "vote": ("yes", "no", "abstain")[i % 3], "sign": 1,
         "url": None}
        for i in range(n)
    ]  # fmt: skip


def test_web_answer_page_puts_the_verdict_first_and_collapses_votes(
    site: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, built, g = site
    events = g.pooled_events("RUS", "PSE")
    docs = {e.doc_id: g.document(e.doc_id) for e in events}
    q = ans.Question("Does Russia support Palestine?", "stance", ("RUS",), "PSE",
                     names={"RUS": "Russia", "PSE": "Palestine"})  # fmt: skip
    canned = ans.build_answer(q, {"RUS": events}, {"RUS": many_votes(250)}, docs)
    monkeypatch.setattr(Geostance, "ask", lambda self, question, **kw: canned)
    html = client.get("/ask?q=Does+Russia+support+Palestine%3F").text
    first = outside_details(html)
    assert 'id="verdict"' in first and "By channel" in first
    assert first.index('id="verdict"') < first.index("By channel")
    assert '<table class="votes">' not in first  # the 250 rows wait behind their summary
    summary = re.search(r'<details class="long" id="votes-list">\s*<summary>(.*?)</summary>',
                        html, re.S)  # fmt: skip
    assert summary and "250 recorded UN votes" in summary.group(1)
    assert "84 for the target, 83 against, 83 abstentions" in summary.group(1)
    assert html.count("<tr><td>") <= 100 + 40  # 100 votes at most, plus the small tables
    dates = re.findall(r"<tr><td>(\d{4}-\d\d-\d\d)</td><td>GA</td>", html)
    assert dates == sorted(dates, reverse=True)  # newest first
    assert 'href="/dyad/RUS/PSE"' in first[: first.index("By channel")]  # detail link on top


def test_web_compare_verdicts_name_their_state(site: Any) -> None:
    client, _, _ = site
    data = client.get("/ask.json?q=Compare+Russia%2C+the+US+and+China+on+Palestine").json()
    rows = data["answer"]["channels"]
    assert [r["source"] for r in rows] == ["RUS", "USA", "CHN"]
    html = client.get("/ask?q=Compare+Russia%2C+the+US+and+China+on+Palestine").text
    table = html[html.index('<table class="verdicts">') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<tr[^>]*><td>(.*?)</td>", table, re.S)
    names = [re.sub(r"<[^>]+>", "", c).strip() for c in cells]
    assert names == [f"{n} ({r['channel']})" for n, r in
                     zip(["Russia", "United States", "China"], rows, strict=True)]  # fmt: skip


def test_web_answer_and_dyad_name_actors_not_ids(site: Any) -> None:
    """Peers and the balance read "Russia", "Israel", not RUS, ISR; the JSON carries the names."""
    client, _, _ = site
    data = client.get("/ask.json?q=Does+Russia+support+Palestine%3F").json()
    assert data["names"]["RUS"] == "Russia" and data["names"]["PSE"] == "Palestine"
    html = client.get("/ask?q=Does+Russia+support+Palestine%3F").text
    if data["answer"].get("peers"):
        peers = html[html.index('<table class="peers">') :]
        peers = peers[: peers.index("</table>")]
        shown = {re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", peers)}
        assert "Palestine" in shown and "PSE" not in shown
    dyad = client.get("/dyad/RUS/PSE.json").json()
    if dyad["balance"]:
        assert dyad["rival"] == {"id": "ISR", "name": "Israel"}
        page = client.get("/dyad/RUS/PSE").text
        assert "Balance between Palestine and Israel" in page
