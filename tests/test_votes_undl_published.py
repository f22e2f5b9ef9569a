"""The UN Digital Library's own GA and SC voting files, imported through the facade into DuckDB.

The sample files in ``tests/data/votes`` follow the library's published columns (one row per
member state and resolution); the tests check that what is stored reproduces them.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from geostance.app import Geostance
from geostance.errors import VotesError
from geostance.measures import votes as mv
from geostance.sources import unvotes as src

DATA = Path(__file__).resolve().parent / "data" / "votes"
GA = DATA / "2025_7_23_ga_voting.csv"
SC = DATA / "2025_7_21_sc_voting.csv"
VOTE = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent", "": "absent"}


def _records(path: Path) -> dict[str, list[dict[str, str]]]:
    """The file's rows grouped by ``undl_id``, read with the csv module (not our reader)."""
    out: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out[row["undl_id"]].append(row)
    return out


def _text(value: Any) -> str:
    """A stored text cell; NULL (read back as NaN or None) -> ""."""
    return "" if pd.isna(value) else str(value)


@pytest.fixture()
def g(tmp_path: Path) -> Any:
    with Geostance(tmp_path / "votes.duckdb") as geo:
        yield geo


def test_formats_recognised_by_columns_and_report_what_they_lack(g: Geostance) -> None:
    report = g.import_votes(GA, SC)
    by_path = {f.path: f for f in report.files}
    ga, sc = by_path[str(GA)], by_path[str(SC)]
    assert (ga.format, sc.format) == ("undl_ga_voting", "undl_sc_voting")
    assert ga.tables == {"rollcalls": 3, "votes": 17} and sc.tables == {"rollcalls": 3, "votes": 15}
    assert any("amendments, paragraphs or rejected drafts" in w for w in ga.warnings)
    assert any("no failed or vetoed drafts" in w for w in sc.warnings)
    assert any("blank or NV vote" in w for w in ga.warnings)
    assert any("ES-10" in w for w in ga.warnings)
    assert any("adopted without a vote" in w for w in sc.warnings)
    assert report.total_stored == 3 + 17 + 3 + 15
    assert g.import_votes(GA, SC).total_stored == 0


@pytest.mark.parametrize(("path", "body"), [(GA, "GA"), (SC, "SC")])
def test_stored_records_reproduce_the_file(g: Geostance, path: Path, body: str) -> None:
    g.import_votes(path)
    rc = g.store.rollcalls_df(datasets=["undl_voting"]).set_index("id")
    records = _records(path)
    assert len(rc) == len(records)
    for uid, rows in records.items():
        r, first = rc.loc[f"undl_voting:{uid}"], rows[0]
        assert r["body"] == body
        assert r["symbol"] == src.normalise_symbol(first["resolution"])
        assert str(r["date"])[:10] == first["date"]
        tally = (r["total_yes"], r["total_no"], r["total_abstain"], r["total_absent"])
        published = tuple(
            int(float(first[c]))
            for c in ("total_yes", "total_no", "total_abstentions", "total_non_voting")
        )
        assert tally == published
        title = first["title"] if body == "GA" else first["description"]
        agenda = first["agenda_title"] if body == "GA" else first["agenda"]
        assert r["title"] == title
        assert _text(r["agenda"]) == agenda
        assert _text(r["subjects"]) == first["subjects"]
        assert r["url"] == first["undl_link"]
        assert _text(r["draft"]) == first["draft"]
        v = g.store.votes_df(rollcalls=[f"undl_voting:{uid}"])
        stored = dict(zip(v["country"], v["vote"], strict=True))
        expected = {}
        for row in rows:
            seat = "TWN" if row["ms_code"] == "CHN" and row["date"] <= "1971-10-25" else None
            expected[seat or row["ms_code"]] = VOTE[row["ms_vote"]]
        assert stored == expected
        counts = v["vote"].value_counts()
        assert tuple(int(counts.get(k, 0)) for k in ("yes", "no", "abstain", "absent")) == tally


def test_sessions_outcomes_and_seats(g: Geostance) -> None:
    g.import_votes(GA, SC)
    rc = g.store.rollcalls_df(datasets=["undl_voting"]).set_index("symbol")
    assert rc.loc["A/RES/67/19", "session"] == 67
    assert rc.loc["A/RES/ES-10/21", "session"] == 78  # emergency session during the 78th
    assert rc.loc["A/RES/2758(XXVI)", "session"] == 26
    assert rc.loc["S/RES/2334(2016)", "outcome"] == "Adopted"
    assert rc.loc["S/RES/2787(2025)", "outcome"] == "Adopted without a vote"
    assert pd.isna(rc.loc["S/RES/2334(2016)", "session"])
    votes = g.store.votes_df(rollcalls=[rc.loc["A/RES/2758(XXVI)", "id"]])
    assert "TWN" in set(votes["country"]) and "CHN" not in set(votes["country"])


def test_other_readers_leave_agenda_and_subjects_null(g: Geostance, tmp_path: Path) -> None:
    p = tmp_path / "pal.csv"
    p.write_text("resolution,date,iso3,vote\nA/RES/ES-10/21,2023-10-27,FRA,Y\n", encoding="utf-8")
    g.import_votes(p)
    rc = g.store.rollcalls_df(datasets=["ga_palestine"])
    assert rc["agenda"].isna().all() and rc["subjects"].isna().all()


def test_same_vote_from_another_source_is_not_double_counted(g: Geostance, tmp_path: Path) -> None:
    """The library's record wins over the older sources of the same resolution; Voeten's
    amendment votes, which the library does not have, are kept."""
    voeten = tmp_path / "voeten.csv"
    voeten.write_text(
        "rcid,session,date,unres,amend,short\n"
        "9001,26,1971-10-25,R/26/2758,0,China: restoration of rights\n"
        "9002,26,1971-10-25,R/26/2758,1,China: amendment\n"
        "9003,67,2012-11-29,R/67/19,0,Status of Palestine\n"
        "9004,67,2012-12-18,R/67/200,0,A vote the library file lacks\n",
        encoding="utf-8",
    )
    scraped = tmp_path / "undl_records.csv"
    scraped.write_text(
        "undl_id,council,date,resolution,title\n"
        "739031,GA,2012-11-29,A/RES/67/19,Status of Palestine\n"
        "853446,SC,2016-12-23,S/RES/2334(2016),Security Council resolution 2334 (2016)\n",
        encoding="utf-8",
    )
    palestine = tmp_path / "pal.csv"
    palestine.write_text(
        "resolution,date,iso3,vote\nA/RES/ES-10/21,2023-10-27,FRA,Y\n", encoding="utf-8"
    )
    sc_drafts = tmp_path / "unsc.csv"
    sc_drafts.write_text(
        "decision_id,date,resolution,draft,outcome,iso3,vote\n"
        "1,2016-12-23,2334 (2016),S/2016/1085,Adopted by majority,USA,Abstain\n"
        "2,2024-02-20,,S/2024/173,Not adopted - veto,USA,No\n",
        encoding="utf-8",
    )
    g.import_votes(voeten, scraped, palestine, sc_drafts, GA, SC)
    rc = g.store.rollcalls_df()
    ga = mv.canonical_rollcalls(rc, "GA")
    keys = ga["symbol"].map(mv._symbol_key)
    finals = ga[~ga["amend"].fillna(False).astype(bool)]
    assert not finals["symbol"].map(mv._symbol_key).duplicated().any()
    official = set(ga[ga["dataset"] == "undl_voting"]["symbol"])
    assert official == {"A/RES/ES-10/21", "A/RES/67/19", "A/RES/2758(XXVI)"}
    assert set(ga["id"]) == {
        "undl_voting:4025240",
        "undl_voting:739031",
        "undl_voting:192054",
        "voeten:9002",
        "voeten:9004",
    }
    assert keys.notna().all()
    sc = mv.canonical_rollcalls(rc, "SC")
    assert set(sc["id"]) == {
        "undl_voting:853446",
        "undl_voting:4043015",
        "undl_voting:4086001",
        "unsc:2",
    }


# -- bad input: a clear error naming the file and the line; nothing stored from that file --------
def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_empty_file(g: Geostance, tmp_path: Path) -> None:
    p = tmp_path / "empty.csv"
    p.write_bytes(b"")
    with pytest.raises(VotesError, match=r"empty\.csv, line 1: the file is empty"):
        g.import_votes(p)


def test_header_only_file(g: Geostance, tmp_path: Path) -> None:
    p = tmp_path / "header.csv"
    p.write_text(_lines(GA)[0], encoding="utf-8")
    with pytest.raises(VotesError, match=r"header\.csv, line 2: the file has a header but no"):
        g.import_votes(p)


def test_binary_file(g: Geostance, tmp_path: Path) -> None:
    p = tmp_path / "binary.csv"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(VotesError, match=r"binary\.csv, line 1: the file holds NUL bytes"):
        g.import_votes(p)


def test_missing_column_names_the_format(g: Geostance, tmp_path: Path) -> None:
    rows = list(csv.reader(GA.open(encoding="utf-8")))
    drop = rows[0].index("ms_vote")
    p = tmp_path / "no_vote.csv"
    with p.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([r[:drop] + r[drop + 1 :] for r in rows])
    with pytest.raises(VotesError) as e:
        g.import_votes(p)
    msg = str(e.value)
    assert "no_vote.csv, line 1:" in msg and "match no known UN voting format" in msg
    assert "undl_ga_voting: date, ms_code, ms_vote, resolution, title, undl_id" in msg


def test_bad_vote_code_names_the_line(g: Geostance, tmp_path: Path) -> None:
    lines = _lines(GA)
    lines[3] = lines[3].replace(",Y,", ",Q,", 1)
    p = tmp_path / "bad_vote.csv"
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(VotesError) as e:
        g.import_votes(p)
    msg = str(e.value)
    assert msg.startswith(f"{p}, line 4: vote 'Q' is not a known vote")
    assert "fix: use yes/no/abstain/absent or Y/N/A/X" in msg
    assert "nothing was imported from this file" in msg


def test_unknown_country_and_bad_total(g: Geostance, tmp_path: Path) -> None:
    lines = _lines(SC)
    lines[2] = lines[2].replace("FRA,FRANCE", "XXA,ATLANTIS", 1)
    lines[5] = lines[5].replace(",4,0,1,0,5,", ",four,0,1,0,5,", 1)
    p = tmp_path / "bad_rows.csv"
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(VotesError) as e:
        g.import_votes(p)
    msg = str(e.value)
    assert f"{p}, line 3:" in msg and "ATLANTIS" in msg
    assert "line 6: total_yes 'four' is not a whole number" in msg


def test_a_bad_file_is_reported_and_the_batch_carries_on(g: Geostance, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(_lines(GA)[0] + "1,FRA,FRANCE,Y,2023-13-45\n", encoding="utf-8")
    report = g.import_votes(GA, bad, SC)
    assert list(report.failed) == [str(bad)]
    assert "bad.csv, line 2: date '2023-13-45' is not a date" in report.failed[str(bad)]
    assert g.store.vote_counts()["rollcalls"] == 6  # the GA and SC files, not the bad one
    frame = report.as_frame().set_index("path")
    assert frame.loc[str(bad), "format"] == "(not imported)"
    with pytest.raises(VotesError, match=r"bad\.csv, line 2"):  # nothing else to import
        g.import_votes(bad)


def test_totals_that_do_not_add_up_are_kept_and_reported(tmp_path: Path) -> None:
    lines = _lines(SC)
    p = tmp_path / "sc.csv"
    p.write_text("".join(lines[:6]).replace(",4,0,1,0,5,", ",13,0,2,0,15,"), encoding="utf-8")
    parsed = src.parse_file(p)
    rc = parsed.tables["rollcalls"]
    assert (int(rc["total_yes"].iloc[0]), int(rc["total_abstain"].iloc[0])) == (13, 2)
    assert any("do not add up to the published totals" in w for w in parsed.report.warnings)


def test_minimal_columns_and_rows_that_disagree(tmp_path: Path) -> None:
    """Only the required columns: totals are counted from the member rows and the session
    comes from the date; rows of one record that disagree are reported, the first kept."""
    p = tmp_path / "minimal.csv"
    p.write_text(
        "undl_id,ms_code,ms_vote,date,resolution,title\n"
        "1,FRA,Y,2012-11-29,A/RES/67/19,Status of Palestine\n"
        "1,USA,N,2012-11-29,A/RES/67/19,Status of Palestine\n"
        "1,DEU,A,2012-11-30,A/RES/67/19,Status of Palestine\n",
        encoding="utf-8",
    )
    parsed = src.parse_file(p)
    rc = parsed.tables["rollcalls"].iloc[0]
    assert parsed.report.format == "undl_ga_voting"
    assert (rc["total_yes"], rc["total_no"], rc["total_abstain"], rc["total_absent"]) == (
        1,
        1,
        1,
        0,
    )
    assert rc["session"] == 67 and str(rc["date"]) == "2012-11-29"
    warnings = " | ".join(parsed.report.warnings)
    assert "no total_* columns" in warnings
    assert "1 record(s) whose rows disagree on date or resolution (first at line 4)" in warnings
    assert list(parsed.tables["votes"]["country_raw"]) == ["FRA", "USA", "DEU"]
