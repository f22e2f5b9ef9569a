"""The votes channel on the real shared data: import, published checks, API and CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from geostance.app import Geostance
from geostance.cli import cli
from geostance.errors import VotesError

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unvotes"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared UN voting data not found at {SHARED}"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Import every shared file once into a DuckDB file."""
    path = str(tmp_path_factory.mktemp("votes") / "votes.duckdb")
    with Geostance(path) as g:
        report = g.import_votes(SHARED)
        assert report.total_stored > 1_700_000
    yield path


@pytest.fixture(scope="module")
def g(db: str) -> Iterator[Geostance]:
    with Geostance(db) as geo:
        yield geo


def test_import_report_and_idempotence(g: Geostance, db: str) -> None:
    counts = g.store.vote_counts()
    assert counts["rollcalls"] == 6203 + 7855 + 12 + 1997
    assert counts["votes"] > 1_790_000
    again = g.import_votes(SHARED / "unga_votes_1946_2019.csv.gz")
    assert again.total_stored == 0 and again.skipped_files
    assert g.store.vote_counts() == counts
    assert len(g.store.vote_imports()) == 16


def test_observer_state_2012(g: Geostance) -> None:
    for ds in ("voeten", "undl"):
        rc = g.store.rollcalls_df(body="GA", datasets=[ds])
        rid = rc[rc["symbol"] == "A/RES/67/19"]["id"].iloc[0]
        v = g.store.votes_df(rollcalls=[rid])
        tally = v["vote"].value_counts()
        assert (tally.get("yes"), tally.get("no"), tally.get("abstain")) == (138, 9, 41)
        by = dict(zip(v["country"], v["vote"], strict=True))
        assert by["RUS"] == "yes" and by["USA"] == "no"


def test_statedept_coincidence_russia_2018_2020(g: Geostance) -> None:
    ours = g.agreement("USA", "RUS", by="year", convention="statedept").set_index("year")
    published = g.store.coincidence_df()
    pub = published[published["country"] == "RUS"].set_index("year")["published"]
    for year in (2018, 2019, 2020):
        assert abs(ours.loc[year, "agreement"] - pub.loc[year]) <= 0.01, year
    strict = g.agreement("USA", "RUS", by="year", convention="identical").set_index("year")
    assert abs(strict.loc[2018, "agreement"] - pub.loc[2018]) > 0.03


def test_idealpoints_correlate_with_published(g: Geostance) -> None:
    val = g.idealpoint_validation()
    assert len(val) >= 70
    assert val["r"].median() >= 0.95
    ours = g.idealpoints(session=67).set_index("country")["idealpoint"]
    assert ours["USA"] > 0 and ours["USA"] > ours["RUS"] and ours["ISR"] > ours["SYR"]


def test_agreement_by_session_and_issue(g: Geostance) -> None:
    allv = g.agreement("RUS", "USA", by="session")
    me = g.agreement("RUS", "USA", by="session", issue="me")
    assert set(me["session"]) <= set(allv["session"])
    assert me["agreement"].mean() < allv["agreement"].mean()
    m = g.agreement_matrix(session=67)
    assert m.loc["USA", "ISR"] > m.loc["USA", "RUS"]
    assert abs(m.loc["RUS", "USA"] - m.loc["USA", "RUS"]) < 1e-9
    with pytest.raises(VotesError, match="XXX"):
        g.agreement("XXX", "USA")


def test_compare_palestine_table(g: Geostance) -> None:
    t = g.compare_votes("RUS", "USA", "CHN", on="palestine").set_index("symbol")
    assert t.loc["A/RES/67/19", "RUS"] == "yes" and t.loc["A/RES/67/19", "USA"] == "no"
    assert t.loc["S/2024/312", "USA"] == "no" and t.loc["S/2024/312", "RUS"] == "yes"
    assert t.loc["A/RES/ES-10/23", "USA"] == "no"
    assert t.loc["S/RES/2334(2016)", "USA"] == "abstain"
    assert t.loc["A/RES/ES-10/22", "CHN"] == "yes"


def test_votes_toward_contract(g: Geostance) -> None:
    df = g.votes_toward("RUS", "PSE", since=dt.date(2010, 1, 1))
    assert list(df.columns) == ["date", "body", "symbol", "title", "vote", "sign", "url"]
    assert set(df["body"]) == {"GA", "SC"} and set(df["sign"]) <= {1, -1}
    assert all(isinstance(d, dt.date) for d in df["date"]) and min(df["date"]) >= dt.date(
        2010, 1, 1
    )
    assert (df["vote"] == "yes").mean() > 0.7
    row = df[df["symbol"] == "A/RES/67/19"]
    assert row["vote"].iloc[0] == "yes" and row["url"].iloc[0].startswith("https://")
    usa = g.votes_toward("USA", "ISR", since=dt.date(2015, 1, 1))
    assert set(usa["sign"]) == {-1} and (usa["vote"] == "no").mean() > 0.7
    assert g.votes_toward("SUN", "PSE", until=dt.date(1990, 1, 1)).shape[0] > 100
    empty = g.votes_toward("RUS", "FRA")
    assert empty.empty and list(empty.columns) == list(df.columns)


def test_vetoes(g: Geostance) -> None:
    counts = g.vetoes().set_index("member")["vetoes"]
    assert counts["RUS"] > counts["USA"] > counts["CHN"]
    rus = g.vetoes("RUS")
    assert "S/2022/720" in set(rus["draft"])  # after the veto list ends, from the SC votes
    assert g.vetoes("year")["year"].min() == 1946
    with pytest.raises(VotesError, match="permanent member"):
        g.vetoes("DEU")
    d = g.draft_votes("S/2024/312").set_index("country")["vote"]
    assert d["USA"] == "no" and len(d) == 15


def test_position(g: Geostance) -> None:
    pos = g.position("USA", on="palestine")
    ga = pos[(pos["body"] == "GA") & (pos["year"] >= 2000)]
    assert ga["in_favour"].mean() < 0.2 and ga["share_yes"].mean() < 0.2


@pytest.fixture(scope="module")
def cli_db(db: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    copy = tmp_path_factory.mktemp("cli") / "copy.duckdb"
    shutil.copy(db, copy)
    return str(copy)


def test_cli_commands(cli_db: str, tmp_path: Path) -> None:
    run = CliRunner().invoke
    r = run(cli, ["votes", "agreement", "RUS", "USA", "--db", cli_db, "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.output)
    scored = [x for x in rows if x["agreement"] is not None]
    assert rows[0]["year"] == 1946 and 0 <= scored[-1]["agreement"] <= 1
    # gaps are gaps: 2022 has no GA data here, 2023-2025 only the Gaza votes
    by_year = {x["year"]: x for x in rows}
    assert by_year[2022]["agreement"] is None and by_year[2022]["sources"] == "no data"
    assert by_year[2024]["agreement"] is None and "topic-limited" in by_year[2024]["sources"]
    r = run(
        cli,
        [
            "votes",
            "compare",
            "RUS",
            "USA",
            "CHN",
            "--on",
            "palestine",
            "--db",
            cli_db,
            "--format",
            "csv",
        ],
    )
    assert r.exit_code == 0 and "A/RES/67/19" in r.output
    svg = tmp_path / "p.svg"
    r = run(
        cli, ["votes", "position", "RUS", "--on", "palestine", "--db", cli_db, "--plot", str(svg)]
    )
    assert r.exit_code == 0, r.output
    assert svg.read_text().startswith("<svg") and "polyline" in svg.read_text()
    r = run(cli, ["votes", "vetoes", "--by", "RUS", "--db", cli_db])
    assert r.exit_code == 0 and "RUS" in r.output
    r = run(cli, ["votes", "idealpoints", "--session", "70", "--db", cli_db, "--format", "csv"])
    df = pd.read_csv(__import__("io").StringIO(r.output))
    assert r.exit_code == 0 and df.set_index("country").loc["USA", "idealpoint"] > 0
    r = run(cli, ["votes", "agreement", "RUS", "USA", "--db", cli_db, "--plot", "x.png"])
    assert r.exit_code != 0 and ".svg" in r.output


def test_cli_import_error_is_clean(cli_db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("rcid,country,iso3,vote\n1,Atlantis,,yes\n")
    r = CliRunner().invoke(cli, ["votes", "import", str(bad), "--db", cli_db])
    assert r.exit_code == 1 and "bad.csv, line 2" in r.output and "Traceback" not in r.output


def test_draft_record_states_the_facts(g: Geostance) -> None:
    rec, votes = g.draft_record("A/RES/ES-10/25")
    assert (rec["body"], rec["date"], rec["yes"], rec["no"], rec["abstain"]) == (
        "GA", "2024-12-11", 159, 9, 11,
    )  # fmt: skip
    assert "UNRWA" in rec["title"] and rec["outcome"].lower() == "adopted"
    assert votes.set_index("country").loc["BRA", "vote"] == "yes"
    assert rec["document"] == "https://undocs.org/A/RES/ES-10/25"
    sc, sc_votes = g.draft_record("S/2022/155")
    assert (sc["body"], sc["date"], sc["yes"], sc["no"], sc["abstain"]) == (
        "SC", "2022-02-25", 11, 1, 3,
    )  # fmt: skip
    assert "veto" in sc["outcome"].lower() and sc["vetoed_by"] == ["RUS"]
    votes_by = sc_votes.set_index("country")["vote"]
    assert (votes_by["RUS"], votes_by["USA"], votes_by["CHN"]) == ("no", "yes", "abstain")
    with pytest.raises(VotesError, match="no recorded vote on 'S/1999/99999'"):
        g.draft_record("S/1999/99999")


def test_compare_ukraine_lists_the_votes_with_symbols_and_dates(g: Geostance) -> None:
    df = g.compare_votes("RUS", "USA", "CHN", "IND", on="ukraine")
    assert "matching topic 'ukraine'" in df.attrs["used"]
    years = df["date"].str[:4].astype(int)
    mid = df[(years >= 2014) & (years <= 2021)]
    assert len(mid) >= 10 and mid["symbol"].notna().all() and mid["date"].notna().all()
    assert not (df.astype(str) == "nan").any().any()
    row = df.set_index("symbol").loc["A/RES/68/262"]
    assert (row["date"], row["RUS"], row["USA"], row["IND"]) == (
        "2014-03-27",
        "no",
        "yes",
        "abstain",
    )


def test_palestine_sign_leaves_out_peacekeeping_financing(g: Geostance) -> None:
    rows = g.votes_toward("RUS", "PSE")
    titles = rows["title"].fillna("").str.lower()
    assert not titles.str.contains("financing of the united nations").any()
    assert not titles.str.contains("interim force in lebanon").any()
    assert len(rows) > 500  # the Palestinian question itself is still there


def test_votes_topics_file_setting_reaches_the_votes_channel(db: str, tmp_path: Path) -> None:
    from geostance import config

    mine = tmp_path / "topics.csv"
    mine.write_text(
        "topic,actor,sign,pattern,exclude,note\nukraine,UKR,1,nothing-matches-this,,narrowed\n",
        encoding="utf-8",
    )
    with Geostance(str(db)) as plain:
        assert len(plain.votes_toward("USA", "UKR")) > 5
    settings = config.load(env={}, path=None, db=str(db), votes_topics_file=str(mine))
    with Geostance(settings=settings) as g2:
        assert len(g2.votes_toward("USA", "UKR")) == 0
