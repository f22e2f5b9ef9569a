"""The per-state votes path (``votes_toward``, ``compare_votes``) against the full-load path.

``votes_toward`` used to load every roll call and every vote (~1.8M rows) into pandas and then
keep one state's; it now asks DuckDB for that state's votes only (``Store.votes_of``). These
tests rebuild the old computation here, from ``Store.votes_df()`` and the same pure functions,
and check that both paths give the same rows on the shared UN data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from geostance.app import Geostance
from geostance.app.votes import KEY_VOTES, TOWARD_COLUMNS
from geostance.measures import votes as mv
from geostance.store import Store

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "unvotes"
VOTE_FILES = (
    "unga_roll_calls_1946_2019.csv",
    "unga_votes_1946_2019.csv.gz",
    "unga_roll_call_issues_1946_2019.csv",
    "undl_records_1946_2021.csv",
    "undl_votes_1946_2021.csv.gz",
    "unga_palestine_gaza_votes_2023_2025.csv",
    "unsc_votes_1994_2025.csv.gz",
)
PAIRS = [(s, t) for s in ("RUS", "USA", "CHN") for t in ("PSE", "ISR")]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared UN voting data not found at {SHARED}"),
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The roll calls and votes of the shared data, imported once into a DuckDB file."""
    path = str(tmp_path_factory.mktemp("fastpath") / "votes.duckdb")
    with Geostance(path) as g:
        g.import_votes(*(SHARED / f for f in VOTE_FILES))
    return path


@pytest.fixture(scope="module")
def g(db: str) -> Iterator[Geostance]:
    with Geostance(db) as geo:
        yield geo


def full_load_toward(
    store: Store,
    source: str,
    target: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> pd.DataFrame:
    """The old ``votes_toward``: every vote in pandas, then one state's rows kept."""
    all_rc = store.rollcalls_df()
    all_rc["date"] = pd.to_datetime(all_rc["date"]).dt.date
    votes = store.votes_df()
    rc = pd.concat([mv.canonical_rollcalls(all_rc, b) for b in ("GA", "SC")], ignore_index=True)
    sign = mv.relation(rc, target)
    rc = rc.assign(sign=sign.to_numpy())[sign.notna().to_numpy()]
    links = all_rc[all_rc["url"].notna() & all_rc["symbol"].notna()]
    by_symbol = links.drop_duplicates("symbol").set_index("symbol")["url"]
    rc = rc.assign(url=rc["url"].fillna(rc["symbol"].map(by_symbol)))
    if since:
        rc = rc[(pd.to_datetime(rc["date"]) >= pd.Timestamp(since)).to_numpy()]
    if until:
        rc = rc[(pd.to_datetime(rc["date"]) <= pd.Timestamp(until)).to_numpy()]
    seat = {"SUN": "RUS"}.get(source, source)
    mine = votes[(votes["country"] == seat) & votes["rollcall"].isin(rc["id"])]
    if mine.empty:
        return pd.DataFrame(columns=TOWARD_COLUMNS)
    meta = rc.set_index("id")
    out = pd.DataFrame(
        {
            "date": mine["rollcall"].map(meta["date"]),
            "body": mine["rollcall"].map(meta["body"]),
            "symbol": mine["rollcall"].map(meta["symbol"].fillna(meta["draft"])),
            "title": mine["rollcall"].map(meta["title"]),
            "vote": mine["vote"],
            "sign": mine["rollcall"].map(meta["sign"]).astype(int),
            "url": mine["rollcall"].map(meta["url"]),
        }
    )
    out["url"] = out["url"].astype(object).where(out["url"].notna(), None)
    out["symbol"] = out["symbol"].astype(object).where(out["symbol"].notna(), None)
    return out


def canonical(df: pd.DataFrame) -> pd.DataFrame:
    """Rows in one total order and plain object columns, so two frames compare cell by cell.

    The old path's order among rows with the same date and symbol followed DuckDB's join
    output, which is not fixed; sorting on every column removes that freedom only.
    """
    plain = df.astype(object).where(df.notna(), None)
    key = plain.map(lambda v: "" if v is None else str(v))
    order = key.sort_values(list(key.columns)).index
    return plain.loc[order].reset_index(drop=True)


@pytest.mark.parametrize(("source", "target"), PAIRS)
def test_fast_path_matches_full_load(db: str, source: str, target: str) -> None:
    with Store(db) as store:
        old = full_load_toward(store, source, target)
    with Geostance(db) as fresh:
        new = fresh.votes_toward(source, target)
    assert list(new.columns) == TOWARD_COLUMNS
    assert len(new) == len(old) > 50
    pd.testing.assert_frame_equal(canonical(new), canonical(old))
    assert list(new["date"]) == sorted(new["date"])


def test_fast_path_matches_with_date_window_and_soviet_seat(db: str, g: Geostance) -> None:
    since, until = dt.date(1980, 1, 1), dt.date(2016, 12, 31)
    with Store(db) as store:
        old = full_load_toward(store, "RUS", "PSE", since, until)
        soviet = full_load_toward(store, "SUN", "PSE", until=dt.date(1990, 1, 1))
    whole = g.votes_toward("RUS", "PSE")  # fills the facade's cache with every RUS vote ...
    whole["vote"] = "tampered"  # ... and what a caller does to its copy stays with it
    new = g.votes_toward("RUS", "PSE", since=since, until=until)  # ... cut from the cache
    assert min(new["date"]) >= since and max(new["date"]) <= until
    assert "tampered" not in set(new["vote"]) and len(new) < len(whole)
    pd.testing.assert_frame_equal(canonical(new), canonical(old))
    new_soviet = g.votes_toward("SUN", "PSE", until=dt.date(1990, 1, 1))
    assert len(new_soviet) > 100
    pd.testing.assert_frame_equal(canonical(new_soviet), canonical(soviet))


def test_window_outside_every_vote_gives_the_empty_contract(g: Geostance) -> None:
    g.votes_toward("USA", "ISR")
    none = g.votes_toward("USA", "ISR", since=dt.date(2090, 1, 1))
    assert none.empty and list(none.columns) == TOWARD_COLUMNS
    upside_down = g.votes_toward("USA", "ISR", since=dt.date(2010, 1, 1), until=dt.date(2000, 1, 1))
    assert upside_down.empty
    assert g.votes_toward("ZZZ", "ISR").empty and g.votes_toward("USA", "ATLANTIS").empty


def test_fast_path_is_deterministic_and_never_loads_every_vote(db: str) -> None:
    runs = []
    for _ in range(2):
        with Geostance(db) as fresh:
            runs.append(fresh.votes_toward("CHN", "ISR"))
            fresh.votes_toward("USA", "PSE")
            assert fresh._votes_cache is None  # the 1.8M-row frame was never built
    pd.testing.assert_frame_equal(runs[0], runs[1])


def test_compare_votes_matches_full_load(g: Geostance, db: str) -> None:
    states = ("RUS", "USA", "CHN", "SUN")
    table = g.compare_votes(*states, on="palestine")
    with Store(db) as store:
        votes = store.votes_df()  # the old path: every state's votes
    rc = g._rollcalls()
    assert len(table) == len(KEY_VOTES["palestine"])
    for k, (_, row) in zip(KEY_VOTES["palestine"], table.iterrows(), strict=True):
        ids = list(mv.find_symbol(rc, k.ref, k.body)["id"])
        for state in states:
            old = mv.vote_on(votes, ids, {"SUN": "RUS"}.get(state, state)) if ids else None
            want = old if old else ("not recorded" if not ids else "not a member")
            assert row[state] == want, (k.ref, state)
    by = table.set_index("symbol")
    assert by.loc["A/RES/67/19", "RUS"] == "yes" and by.loc["A/RES/67/19", "USA"] == "no"
    assert by.loc["S/2024/312", "USA"] == "no"


def test_votes_of_bad_input(g: Geostance) -> None:
    store = g.store
    assert store.votes_of([]).empty
    assert list(store.votes_of(["RUS"], rollcalls=[]).columns) == ["rollcall", "country", "vote"]
    assert store.votes_of(["XXX", "RUS'; DROP TABLE un_votes; --"]).empty
    assert store.votes_of(["\x00\xff binary"], rollcalls=["\x00"]).empty
    assert store.vote_counts()["votes"] > 1_700_000  # the hostile name dropped nothing
    two = store.votes_of(["RUS", "USA"], rollcalls=[f"nope-{i}" for i in range(50_000)])
    assert two.empty
    rus = store.votes_of(["RUS"])
    assert set(rus["country"]) == {"RUS"} and len(rus) > 5000
    assert list(rus["rollcall"]) == sorted(rus["rollcall"])


def test_empty_store_then_import_is_seen(tmp_path: Path) -> None:
    with Geostance(str(tmp_path / "g.duckdb")) as geo:
        empty = geo.votes_toward("RUS", "PSE")
        assert empty.empty and list(empty.columns) == TOWARD_COLUMNS
        geo.import_votes(SHARED / "unga_palestine_gaza_votes_2023_2025.csv")
        after = geo.votes_toward("RUS", "PSE")
        assert len(after) >= 10 and (after["vote"] == "yes").all()
        assert geo.votes_toward("RUS", "FRA").empty
