"""The map page (/map) and its JSON twin over a small real store: hand-coded events (as in
test_web.py) and the sample UN Digital Library vote files of tests/data/votes."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geostance import config
from geostance.app import Geostance
from geostance.web import CSP, create_app
from geostance.web.views.map import NO_DATA, color, shapes
from test_web import build_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
VOTES = Path(__file__).resolve().parent / "data" / "votes"


def map_store(db: Path) -> Geostance:
    """A real store at ``db``: test_web.py's hand-coded events and the sample UN votes."""
    g = Geostance(settings=config.load(env={}, path=None, db=str(db)))
    build_store(g)
    g.import_votes(VOTES)
    return g


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    g = map_store(tmp_path_factory.mktemp("map") / "map.duckdb")
    with TestClient(create_app(g)) as c:
        yield c
    g.close()


def by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["id"]: c for c in data["countries"]}


def test_web_map_shapes_cover_the_world() -> None:
    world = shapes()
    ids = set(world["countries"])
    assert 170 <= len(ids) <= 180
    assert {"PSE", "ISR", "RUS", "USA", "CHN", "UKR", "FRA", "NOR", "XKX", "TWN"} <= ids
    assert all(re.fullmatch(r"[A-Z]{3}", i) for i in ids)
    assert all(
        c["path"].startswith("M") and c["path"].endswith("Z") for c in world["countries"].values()
    )
    assert "public domain" in world["source"]
    size = (Path(__file__).resolve().parents[1] / "src/geostance/data/world/countries.json").stat()
    assert size.st_size < 150_000


def test_web_map_page_and_its_json_twin(client: TestClient) -> None:
    html = client.get("/map")
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert html.headers["content-security-policy"] == CSP
    twin = client.get("/map.json")
    by_accept = client.get("/map", headers={"Accept": "application/json"})
    assert twin.status_code == by_accept.status_code == 200
    data = twin.json()
    assert data == by_accept.json()
    assert data["page"] == "map" and data["target"]["id"] == "PSE" and data["channel"] == "words"
    assert "green for, red against" in data["heading"]
    assert [c["channel"] for c in data["channels"]] == ["words", "deeds", "votes"]
    countries = by_id(data)
    rus = countries["RUS"]
    assert (rus["score"], rus["n"], rus["thin"]) == (1.0, 1, True)
    assert rus["link"] == "/dyad/RUS/PSE" and rus["color"] == color(1.0)
    assert countries["BRA"]["score"] is None and countries["BRA"]["color"] == NO_DATA
    assert data["scored"] == 1 and data["thin"] == 1
    text = html.text
    assert data["heading"] in text  # the title says what the colours mean
    assert '<pattern id="thin"' in text and 'fill="url(#thin)"' in text
    assert re.search(
        r'<a class="country thin" href="/dyad/RUS/PSE"[^>]*>\s*<title>Russia: \+1\.00', text
    )
    assert 'href="/dyad/BRA/PSE"' in text and f'fill="{NO_DATA}"' in text
    assert 'href="/map"' in text  # the nav link
    assert 'href="/map?target=PSE&amp;channel=votes"' in text
    assert 'src="/static/map.js"' in text and 'href="/static/map.css"' in text
    assert not re.search(r"<script(?![^>]*\bsrc=)", text)  # no inline script (CSP)
    assert "style=" not in text  # no inline style (CSP)
    for asset in ("/static/map.js", "/static/map.css"):
        assert client.get(asset).status_code == 200


def test_web_map_scores_are_the_dyad_pages_scores(client: TestClient) -> None:
    for channel in ("words", "deeds", "votes"):
        data = client.get(f"/map.json?target=PSE&channel={channel}").json()
        scored = [c for c in data["countries"] if c["n"]]
        assert scored, channel
        for c in scored:
            dyad = client.get(f"/dyad/{c['id']}/PSE.json").json()
            want = dyad["stance"]["overall"]["channels"][channel]
            assert (c["score"], c["n"]) == (want["score"], want["n"]), (c["id"], channel)


def test_web_map_channels_targets_and_windows(client: TestClient) -> None:
    deeds = by_id(client.get("/map.json?channel=deeds").json())
    assert deeds["ISR"]["score"] == -1.0 and deeds["RUS"]["score"] is None
    votes = client.get("/map.json?target=Palestine&channel=votes").json()
    v = by_id(votes)
    assert v["FRA"]["score"] > 0 > v["USA"]["score"]
    assert votes["target"]["id"] == "PSE" and votes["topic"] is None
    gaza = client.get("/map.json?target=gaza&channel=votes").json()
    assert gaza["topic"] == "gaza" and gaza["target"]["id"] == "PSE"
    assert "gaza" in gaza["heading"]
    assert sum(c["n"] for c in gaza["countries"]) < sum(c["n"] for c in votes["countries"])
    isr = client.get("/map.json?target=ISR").json()
    assert by_id(isr)["RUS"]["score"] == -1.0 and by_id(isr)["RUS"]["n"] == 2
    assert by_id(isr)["RUS"]["link"] == "/dyad/RUS/ISR"
    later = client.get("/map.json?target=ISR&since=2023-11-01").json()
    assert by_id(later)["RUS"]["n"] == 1 and later["since"] == "2023-11-01"


def test_web_map_bad_channel_is_a_400(client: TestClient) -> None:
    for path in ("/map?channel=tweets", "/map.json?channel=tweets"):
        r = client.get(path)
        assert r.status_code == 400, path
        assert "use one of words, deeds, votes" in r.text


def test_web_map_unknown_target_says_so(client: TestClient) -> None:
    r = client.get("/map?target=Atlantis")
    assert r.status_code == 400
    assert 'id="map-error"' in r.text and "no actor" in r.text and "Atlantis" in r.text
    assert 'name="target"' in r.text  # the chooser is there to try again
    j = client.get("/map.json?target=Atlantis")
    assert j.status_code == 400 and "Atlantis" in j.json()["error"]
    side = client.get("/map.json?target=nuclear&channel=votes")
    assert side.status_code == 400 and "names no side" in side.json()["error"]
    day = client.get("/map.json?since=yesterday")
    assert day.status_code == 400 and "YYYY-MM-DD" in day.json()["error"]
