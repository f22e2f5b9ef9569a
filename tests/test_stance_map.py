"""The stance map's scores: every source toward one target, as its dyad page scores it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import itertools
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from geostance import config
from geostance.app import Geostance
from geostance.errors import QuestionError
from geostance.measures import stance as st
from geostance.measures import stance_map as sm
from geostance.models import Document, Event, Sentence
from stance_helpers import ev

VOTES = Path(__file__).resolve().parent / "data" / "votes"


def frame(events: list[Event]) -> pd.DataFrame:
    """Events as ``Geostance.events_df`` returns them (one column per field)."""
    return pd.DataFrame([dataclasses.asdict(e) for e in events])


def rows_by_source(rows: tuple[sm.MapRow, ...]) -> dict[str, sm.MapRow]:
    return {r.source: r for r in rows}


# -- the pure measure ------------------------------------------------------------------------
def test_stance_map_scores_each_source_as_the_dyad_measure_does() -> None:
    events = [
        ev("praise", source="RUS"),
        ev("praise", source="RUS"),
        ev("condemn", source="RUS"),
        ev("statement", source="RUS"),
        ev("aid", source="RUS"),
        ev("condemn", source="USA"),
        ev("threaten", source="USA"),
        ev("sanction", source="USA"),
        ev("aid", source="CHN", modality="intended"),
    ]
    df = frame(events)
    for channel in ("words", "deeds"):
        rows = rows_by_source(sm.event_map(df, channel, min_evidence=3))
        assert sorted(rows) == ["CHN", "RUS", "USA"]
        for src, row in rows.items():
            expected = st.measure(
                [e for e in events if e.source == src], source=src, target="PSE"
            ).channel(channel)
            assert (row.score, row.low, row.high, row.n) == (
                expected.score,
                expected.low,
                expected.high,
                expected.n,
            ), (src, channel)
    words = rows_by_source(sm.event_map(df, "words", min_evidence=3))
    assert words["RUS"].n == 4 and not words["RUS"].thin
    assert words["USA"].score == -1.0 and words["USA"].n == 2 and words["USA"].thin
    # an announced aid is words, not a deed
    assert words["CHN"].n == 1
    deeds = rows_by_source(sm.event_map(df, "deeds", min_evidence=3))
    assert deeds["CHN"].score is None and deeds["CHN"].n == 0


def test_stance_map_negated_and_demanded_acts_are_never_deeds() -> None:
    events = [
        ev("aid", source="EGY", negated=True),
        ev("aid", source="EGY", modality="demanded"),
        ev("attack", source="EGY", modality="hypothetical"),
        ev("attack", source="EGY", negated=True),
    ]
    df = frame(events)
    deeds = rows_by_source(sm.event_map(df, "deeds", min_evidence=1))["EGY"]
    assert (deeds.score, deeds.n, deeds.negated) == (None, 0, 2)
    assert not deeds.thin  # no score is "no evidence", drawn grey, not hatched
    words = rows_by_source(sm.event_map(df, "words", min_evidence=1))["EGY"]
    assert (words.score, words.n) == (None, 0)  # demanded / imagined acts weigh nothing


def test_stance_map_pools_predecessors_and_keeps_only_the_sources_asked() -> None:
    events = [
        ev("praise", source="SUN", date=dt.date(1980, 1, 1)),
        ev("praise", source="RUS"),
        ev("condemn", source="HAMAS"),
        ev("praise", source="PSE"),
    ]
    m = sm.stance_map(
        target="PSE",
        channel="words",
        min_evidence=2,
        events=frame(events),
        pool={"SUN": "RUS"},
        keep={"RUS", "PSE", "USA"},
        targets=("PSE", "PA"),
    )
    assert [r.source for r in m.rows] == ["RUS"]  # HAMAS is no state; PSE is the target
    assert m.row("RUS") is not None and m.row("RUS").n == 2  # type: ignore[union-attr]
    assert m.row("RUS").thin is False  # type: ignore[union-attr]
    d = m.to_dict()
    assert d["targets"] == ["PSE", "PA"] and d["channel"] == "words"
    assert d["rows"][0]["source"] == "RUS" and d["method"] == st.METHOD


def test_stance_map_vote_scores_follow_vote_score() -> None:
    combos = list(itertools.product(["yes", "no", "abstain", "absent", "Yes"], [1, -1, None]))
    rows = []
    countries = ("FRA", "USA", "BRA", "ARG")
    for i, (vote, sign) in enumerate(combos * 3):
        rows.append({"country": countries[i % 4], "vote": vote, "sign": sign})
    df = pd.DataFrame(rows)
    got = rows_by_source(sm.vote_map(df, min_evidence=5))
    assert all(got[c].n > 0 for c in countries)
    assert len({got[c].score for c in countries}) > 1
    for country in countries:
        mine = [r for r in rows if r["country"] == country]
        want = st.vote_score([{**r, "sign": 0 if r["sign"] is None else r["sign"]} for r in mine])
        row = got[country]
        assert (row.score, row.low, row.high, row.n) == (want.score, want.low, want.high, want.n)
        assert row.thin == (want.n < 5)


def test_stance_map_vote_direction() -> None:
    df = pd.DataFrame(
        [
            {"country": "USA", "vote": "no", "sign": 1},
            {"country": "USA", "vote": "yes", "sign": -1},
            {"country": "FRA", "vote": "yes", "sign": 1},
            {"country": "FRA", "vote": "no", "sign": -1},
            {"country": "DEU", "vote": "abstain", "sign": 1},
            {"country": "BEN", "vote": "absent", "sign": 1},
        ]
    )
    got = rows_by_source(sm.vote_map(df, min_evidence=1))
    assert got["USA"].score == -1.0 and got["FRA"].score == 1.0 and got["DEU"].score == 0.0
    assert got["BEN"].score is None and got["BEN"].n == 0


def test_stance_map_rejects_a_bad_channel_and_takes_empty_input() -> None:
    with pytest.raises(ValueError, match="words, deeds, votes"):
        sm.check_channel("tweets")
    with pytest.raises(ValueError, match="words, deeds, votes"):
        sm.stance_map(target="PSE", channel="tweets", min_evidence=5)
    assert sm.stance_map(target="PSE", channel="words", min_evidence=5).rows == ()
    assert sm.stance_map(target="PSE", channel="votes", min_evidence=5).rows == ()
    with pytest.raises(ValueError, match="lacks columns"):
        sm.event_map(pd.DataFrame({"source": ["RUS"]}), "words", min_evidence=1)


# -- the facade over a small real store ------------------------------------------------------
def add(g: Geostance, events: list[Event]) -> None:
    """Store each event in a document of its own (one sentence holding it)."""
    for e in events:
        text = e.sentence
        doc_id = hashlib.sha1(text.encode()).hexdigest()[:16]
        doc = Document(id=doc_id, text=text, origin=f"{doc_id}.txt", title=text[:20],
                       date=e.date, kind="text")  # fmt: skip
        sent = Sentence(doc_id, 0, 0, len(text), text)
        fixed = dataclasses.replace(
            e, doc_id=doc_id, sentence_start=0, sentence_end=len(text), doc=doc.origin
        )
        assert g.store.add_document(doc, [sent], [fixed])


@pytest.fixture
def g(tmp_path: Path) -> Iterator[Geostance]:
    settings = config.load(env={}, path=None, db=str(tmp_path / "map.duckdb"))
    with Geostance(settings=settings) as geo:
        add(
            geo,
            [
                ev("praise", source="RUS"),
                ev("condemn", source="RUS"),
                ev("praise", source="RUS", target="PA"),
                ev("praise", source="SUN", date=dt.date(1988, 11, 18)),
                ev("aid", source="CHN"),
                ev("condemn", source="USA", negated=True),
                ev("attack", source="ISR"),
                ev("praise", source="HAMAS"),
                ev("praise", source="RUS", target="ISR"),
            ],
        )
        geo.import_votes(VOTES)
        yield geo


def test_stance_map_facade_matches_the_dyad_pages(g: Geostance) -> None:
    words = g.stance_map("PSE")
    assert words.channel == "words" and words.target == "PSE"
    assert words.min_evidence == g.settings.map_min_evidence
    assert set(words.targets) >= {"PSE", "PA", "PLO"}
    assert any("Soviet Union (SUN) counted as Russia (RUS)" in n for n in words.notes)
    assert {r.source for r in words.rows} == {"RUS", "CHN", "USA", "ISR"}  # no HAMAS
    for channel in ("words", "deeds", "votes"):
        m = g.stance_map("Palestine", channel=channel)
        for row in m.rows:
            dyad = g.stance(row.source, "PSE", period="all").overall.channel(channel)
            assert (row.score, row.n) == (dyad.score, dyad.n), (row.source, channel)
    rus = words.row("RUS")
    assert rus is not None and rus.n == 4 and rus.thin  # 3 of RUS toward PSE/PA + 1 of SUN
    usa = words.row("USA")
    assert usa is not None and usa.score is None and usa.negated == 1


def test_stance_map_facade_votes_topics_and_windows(g: Geostance) -> None:
    votes = g.stance_map("PSE", channel="votes")
    usa, fra = votes.row("USA"), votes.row("FRA")
    assert usa is not None and fra is not None
    assert usa.score is not None and fra.score is not None and usa.score < 0 < fra.score
    gaza = g.stance_map("gaza", channel="votes")
    assert gaza.topic == "gaza" and gaza.target == "PSE"
    assert 0 < sum(r.n for r in gaza.rows) < sum(r.n for r in votes.rows)
    recent = g.stance_map("PSE", channel="votes", since="2020-01-01")
    assert sum(r.n for r in recent.rows) < sum(r.n for r in votes.rows)
    assert g.stance_map("PSE", channel="words", until="1990-01-01").row("RUS").n == 1  # type: ignore[union-attr]


def test_stance_map_facade_errors_say_what_to_give(g: Geostance) -> None:
    with pytest.raises(QuestionError, match="words, deeds, votes"):
        g.stance_map("PSE", channel="tweets")
    with pytest.raises(QuestionError, match="names no side"):
        g.stance_map("human rights", channel="votes")
    with pytest.raises(QuestionError):
        g.stance_map("Atlantis")
    with pytest.raises(QuestionError, match="no target"):
        g.stance_map("  ")
    with pytest.raises(QuestionError, match="YYYY-MM-DD"):
        g.stance_map("PSE", since="last year")
