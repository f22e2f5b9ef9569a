"""The topic table: which roll calls concern whom, and which way a yes vote points."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from geostance.errors import VotesError
from geostance.measures import vote_topics as vt
from geostance.measures import votes as mv


def frame(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """Roll calls from (date, title, issues)."""
    return pd.DataFrame(
        {
            "id": [f"r{i}" for i in range(len(rows))],
            "body": "GA",
            "date": [r[0] for r in rows],
            "title": [r[1] for r in rows],
            "descr": None,
            "issues": [r[2] for r in rows],
            "amend": False,
            "para": False,
            "draft": None,
            "symbol": [f"A/RES/{i}" for i in range(len(rows))],
            "submitted_by": None,
        }
    )


def test_packaged_table_is_valid_and_names_the_topics() -> None:
    table = vt.rules()
    names = vt.topics(table)
    for t in ("palestine", "ukraine", "iran", "dprk", "syria", "human rights", "nuclear"):
        assert t in names
    assert all(r.sign in (None, 1.0, -1.0) for r in table)


def test_signs_follow_the_table() -> None:
    rc = frame(
        ("2014-03-27", "Territorial integrity of Ukraine", ""),
        ("2019-12-18", "Situation of human rights in the Islamic Republic of Iran", "hr"),
        ("1946-12-01", "Session in Europe (Ukrainian draft)", ""),
        ("2020-12-10", "Financing of the United Nations Interim Force in Lebanon", "me"),
        ("2012-11-29", "Status of Palestine in the United Nations", "me"),
    )
    assert list(mv.relation(rc, "UKR").fillna(0)) == [1, 0, 0, 0, 0]
    assert list(mv.relation(rc, "RUS").fillna(0)) == [-1, 0, 0, 0, 0]
    assert list(mv.relation(rc, "IRN").fillna(0)) == [0, -1, 0, 0, 0]
    # peacekeeping financing is not a vote on Palestine, even with Voeten's "me" code
    assert list(mv.relation(rc, "PSE").fillna(0)) == [0, 0, 0, 0, 1]
    assert list(mv.topic_mask(rc, "palestine")) == [False, False, False, False, True]
    # the Ukrainian SSR's 1946 draft is not about Ukraine the state (rule from 1991-08-24)
    assert list(mv.topic_mask(rc, "ukraine")) == [True, False, False, False, False]
    # a word that is not a named topic is searched in the titles
    assert list(mv.topic_mask(rc, "europe")) == [False, False, True, False, False]


def test_a_user_file_replaces_and_adds_rules(tmp_path: Path) -> None:
    mine = tmp_path / "topics.csv"
    mine.write_text(
        "topic,actor,sign,pattern,exclude,note\n"
        "ukraine,UKR,1,nothing-matches-this,,narrowed\n"
        "lebanon,LBN,1,lebanon,,added\n",
        encoding="utf-8",
    )
    table = vt.rules(str(mine))
    ukr = [r for r in table if r.topic == "ukraine" and r.actor == "UKR"]
    assert len(ukr) == 1 and ukr[0].pattern == "nothing-matches-this"
    assert "lebanon" in vt.topics(table)
    rc = frame(("2014-03-27", "Territorial integrity of Ukraine", ""))
    assert mv.relation(rc, "UKR", table).isna().all()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("topic,actor,pattern\nx,,y\n", "no column sign"),
        ("topic,actor,sign,pattern\nx,UKR,2,y\n", "line 2: sign '2'"),
        ("topic,actor,sign,pattern\nx,UKR,1,(unclosed\n", "line 2: pattern is not a regular"),
        ("topic,actor,sign,pattern\n,UKR,1,y\n", "line 2: empty topic"),
        ("topic,actor,sign,pattern,exclude,note,since\nx,,,y,,,May 2020\n", "not YYYY-MM-DD"),
    ],
)
def test_bad_user_files_name_the_line_and_the_fix(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(VotesError, match=message):
        vt.rules(str(path))
    with pytest.raises(VotesError, match="cannot read votes topics file"):
        vt.rules(str(tmp_path / "missing.csv"))
