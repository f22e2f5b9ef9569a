"""Reading UN voting files: formats recognised by columns, and bad input refused whole."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from geostance.errors import VotesError
from geostance.sources import unvotes as src
from geostance.store import Store

HEADER_VOTES = "rcid,country,country_code,iso3,vote\n"
HEADER_RC = "rcid,session,year,date,unres,importantvote,amend,para,me,nu,di,hr,co,ec,short,descr\n"


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return p


def _good_votes() -> str:
    return (
        HEADER_VOTES + "1,Russia,RU,RUS,yes\n1,United States,US,USA,no\n2,France,FR,FRA,abstain\n"
    )


def _assert_nothing_stored(path: Path) -> None:
    with Store(":memory:") as store:
        with pytest.raises(VotesError):
            parsed = src.parse_file(path)
            store.add_vote_file(
                path=str(path),
                format=parsed.report.format,
                checksum=parsed.report.checksum,
                rows=parsed.report.rows,
                tables=parsed.tables,
            )
        assert store.vote_counts()["votes"] == 0
        assert store.vote_imports().empty


def test_recognises_votes_and_maps_names(tmp_path: Path) -> None:
    p = _write(tmp_path, "v.csv", _good_votes())
    parsed = src.parse_file(p)
    assert parsed.report.format == "voeten_votes"
    votes = parsed.tables["votes"]
    assert list(votes["country"]) == ["RUS", "USA", "FRA"]
    assert list(votes["vote"]) == ["yes", "no", "abstain"]
    assert list(votes["rollcall"]) == ["voeten:1", "voeten:1", "voeten:2"]


def test_country_name_without_code_is_resolved(tmp_path: Path) -> None:
    text = HEADER_VOTES + "1,Soviet Union,,,yes\n1,Federal Republic of Germany,,,no\n"
    votes = src.parse_file(_write(tmp_path, "v.csv", text)).tables["votes"]
    assert list(votes["country"]) == ["RUS", "DEU"]


def test_china_seat_before_1971_is_taiwan(tmp_path: Path) -> None:
    text = "resolution,date,country,vote\nA/RES/1/1,1960-01-05,CHINA,Y\n"
    text += "A/RES/2/2,1980-01-05,CHINA,N\n"
    p = _write(tmp_path, "p.csv", text)
    votes = src.parse_file(p).tables["votes"]
    assert list(votes["country"]) == ["TWN", "CHN"]


def test_gzip_file_is_read(tmp_path: Path) -> None:
    p = _write(tmp_path, "v.csv.gz", gzip.compress(_good_votes().encode()))
    assert src.parse_file(p).report.tables == {"votes": 3}


def test_truncated_gzip_names_file_line_and_fix(tmp_path: Path) -> None:
    body = (HEADER_VOTES + "".join(f"{i},Russia,RU,RUS,yes\n" for i in range(5000))).encode()
    data = gzip.compress(body)
    p = _write(tmp_path, "cut.csv.gz", data[: len(data) // 2])
    with pytest.raises(VotesError) as e:
        src.parse_file(p)
    msg = str(e.value)
    assert "cut.csv.gz, line " in msg and "truncated" in msg and "download" in msg
    _assert_nothing_stored(p)


@pytest.mark.parametrize(
    ("name", "payload", "needle"),
    [
        ("utf16.csv", _good_votes().encode("utf-16"), "UTF-16"),
        ("latin1.csv", (HEADER_VOTES + "1,Côte d'Ivoire,CI,CIV,yes\n").encode("latin-1"), "line 2"),
    ],
)
def test_wrong_encoding(tmp_path: Path, name: str, payload: bytes, needle: str) -> None:
    p = _write(tmp_path, name, payload)
    with pytest.raises(VotesError) as e:
        src.parse_file(p)
    assert name in str(e.value) and needle in str(e.value) and "UTF-8" in str(e.value)
    _assert_nothing_stored(p)


def test_malformed_csv_names_line(tmp_path: Path) -> None:
    text = _good_votes() + '3,"Russia,RU,RUS,yes\n4,France,FR,FRA,no\n'
    p = _write(tmp_path, "bad.csv", text)
    with pytest.raises(VotesError) as e:
        src.parse_file(p)
    assert "bad.csv, line" in str(e.value) and "malformed CSV" in str(e.value)
    _assert_nothing_stored(p)


def test_too_many_fields_names_line(tmp_path: Path) -> None:
    p = _write(tmp_path, "wide.csv", _good_votes() + "3,France,FR,FRA,yes,extra\n")
    with pytest.raises(VotesError, match=r"wide\.csv, line 5"):
        src.parse_file(p)


def test_unknown_columns(tmp_path: Path) -> None:
    p = _write(tmp_path, "cols.csv", "rcid,country,iso3,vote,mood\n1,Russia,RUS,yes,happy\n")
    with pytest.raises(VotesError) as e:
        src.parse_file(p)
    assert "line 1" in str(e.value) and "mood" in str(e.value) and "fix:" in str(e.value)
    p2 = _write(tmp_path, "none.csv", "a,b\n1,2\n")
    with pytest.raises(VotesError, match="match no known UN voting format"):
        src.parse_file(p2)


def test_unknown_vote_value_counted(tmp_path: Path) -> None:
    text = _good_votes() + "3,Russia,RU,RUS,maybe\n4,Russia,RU,RUS,perhaps\n"
    p = _write(tmp_path, "vals.csv", text)
    with pytest.raises(VotesError) as e:
        src.parse_file(p)
    msg = str(e.value)
    assert "vals.csv, line 5" in msg and "'maybe'" in msg and "unknown vote values (2)" in msg
    _assert_nothing_stored(p)


def test_unknown_country_name(tmp_path: Path) -> None:
    p = _write(tmp_path, "c.csv", _good_votes() + "3,Atlantis,,,yes\n")
    with pytest.raises(VotesError) as e:
        src.parse_file(p)
    msg = str(e.value)
    assert "c.csv, line 5" in msg and "Atlantis" in msg and "iso3" in msg
    _assert_nothing_stored(p)


def test_duplicate_roll_calls(tmp_path: Path) -> None:
    row = "7,2,1947,1947-10-01,R/2/1,0,0,0,1,0,0,0,0,0,SHORT,A DESCRIPTION\n"
    p = _write(tmp_path, "rc.csv", HEADER_RC + row + row)
    with pytest.raises(VotesError) as e:
        src.parse_file(p)
    assert "rc.csv, line 3" in str(e.value) and "duplicate roll calls" in str(e.value)
    _assert_nothing_stored(p)


def test_duplicate_votes(tmp_path: Path) -> None:
    p = _write(tmp_path, "dv.csv", _good_votes() + "1,Russia,RU,RUS,no\n")
    with pytest.raises(VotesError, match=r"dv\.csv, line 5.*duplicate votes"):
        src.parse_file(p)


def test_bad_dates(tmp_path: Path) -> None:
    rows = "7,2,1947,1947-13-01,R/2/1,0,0,0,0,0,0,0,0,0,S,D\n"
    rows += "8,2,1947,1900-01-01,R/2/2,0,0,0,0,0,0,0,0,0,S,D\n"
    p = _write(tmp_path, "d.csv", HEADER_RC + rows)
    with pytest.raises(VotesError) as e:
        src.parse_file(p)
    assert "d.csv, line 2" in str(e.value) and "bad dates (2)" in str(e.value)


def test_empty_binary_and_header_only(tmp_path: Path) -> None:
    with pytest.raises(VotesError, match="empty"):
        src.parse_file(_write(tmp_path, "e.csv", ""))
    with pytest.raises(VotesError, match="header but no rows"):
        src.parse_file(_write(tmp_path, "h.csv", HEADER_VOTES))
    with pytest.raises(VotesError):
        src.parse_file(_write(tmp_path, "b.csv", bytes(range(256)) * 4))
    with pytest.raises(VotesError, match="cannot read"):
        src.parse_file(tmp_path / "missing.csv")


def test_huge_file_refused(tmp_path: Path) -> None:
    p = _write(tmp_path, "big.csv", _good_votes() * 50)
    with pytest.raises(VotesError, match="limit"):
        src.parse_file(p, max_bytes=100)


def test_hostile_cells_are_kept_as_text(tmp_path: Path) -> None:
    text = (
        HEADER_RC
        + "9,3,1948,1948-10-01,R/3/1,0,0,0,0,0,0,0,0,0,"
        + '"=cmd|\' /C calc\'!A0","<script>x</script>"\n'
    )
    rc = src.parse_file(_write(tmp_path, "h.csv", text)).tables["rollcalls"]
    assert rc["title"].iloc[0].startswith("=cmd") and rc["descr"].iloc[0] == "<script>x</script>"


def test_normalise_symbol() -> None:
    assert src.normalise_symbol("R/67/19") == "A/RES/67/19"
    assert src.normalise_symbol("893 (1994)") == "S/RES/893(1994)"
    assert src.normalise_symbol(" S/RES/2334 (2016) ") == "S/RES/2334(2016)"
    assert src.normalise_symbol("") == ""
