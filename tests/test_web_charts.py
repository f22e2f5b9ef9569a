"""The chart data of the dashboard: the Plotly figures built from page dicts (gaps stay gaps,
one colour per channel, interval bands), the SVG fallback's colours, the vendored Plotly.js
served from memory, and the CSP hashes checked against the installed bundle."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import warnings
from typing import Any

import pytest

from geostance.web import CSP, create_app
from geostance.web.middleware import EMPTY_STYLE, MAPLIBRE_STYLE
from geostance.web.vendor import PLOTLY_PATH, plotly_src, vendor_files
from geostance.web.views import plots
from geostance.web.views.charts import CHANNEL_COLORS, SERIES_PALETTE, line_chart, series_colors

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def score(s: float | None, low: float | None = None, high: float | None = None, n: int = 1):  # type: ignore[no-untyped-def]
    return {"score": s, "low": low, "high": high, "n": n if s is not None else 0}


def year(y: int, **channels: Any) -> dict[str, Any]:
    """A series row of one year, as ``Measure.to_dict`` writes it."""
    empty = {c: score(None) for c in ("words", "deeds", "votes")}
    return {
        "period": str(y),
        "start": f"{y}-01-01",
        "end": f"{y}-12-31",
        "channels": empty | channels,
    }


SERIES = [
    year(2019, words=score(0.5, 0.1, 0.8, 4), votes=score(1.0, 0.6, 1.0, 9)),
    year(2020, words=score(0.2, -0.3, 0.6, 3)),
    # 2021 and 2022: no evidence at all, so the series skips them
    year(2023, words=score(-0.4, -0.9, 0.2, 2), deeds=score(-1.0, -1.0, 0.5, 1)),
    year(2024, deeds=score(-0.5, -0.9, 0.1, 3)),
]


def trace(fig: dict[str, Any], name: str) -> dict[str, Any]:
    return next(t for t in fig["data"] if t.get("name") == name)


# -- gaps ------------------------------------------------------------------------------------


def test_a_line_breaks_where_the_calendar_has_no_evidence() -> None:
    words = plots.channel_points(SERIES, "words")
    assert [p.label if p else None for p in words] == ["2019", "2020", None, "2023"]
    fig = plots.stance_figure(SERIES)
    assert fig is not None
    w = trace(fig, "words")
    assert w["x"] == ["2019-07-02", "2020-07-01", None, "2023-07-02"]
    assert w["y"] == [0.5, 0.2, None, -0.4]
    assert w["connectgaps"] is False


def test_a_line_breaks_where_its_channel_is_silent_in_between() -> None:
    """Votes in 2019 only, deeds in 2023 and 2024: a period of the series without a score for
    the channel is a gap for that channel, even when the calendar has no hole."""
    series = [
        year(2019, votes=score(1.0)),
        year(2020, words=score(0.1)),
        year(2021, votes=score(0.0)),
    ]
    assert [p.label if p else None for p in plots.channel_points(series, "votes")] == [
        "2019",
        None,
        "2021",
    ]
    deeds = plots.channel_points(SERIES, "deeds")
    assert [p.label if p else None for p in deeds] == ["2023", "2024"]


def test_years_that_do_not_follow_each_other_are_apart() -> None:
    xs, ys, extra = plots.year_runs([(1990, 0.5, "a"), (1991, None, "b"), (1992, 1.0, "c"),
                                     (1993, 0.0, "d"), (1993, 0.5, "e")])  # fmt: skip
    assert xs == [1990, None, 1992, 1993, 1993]
    assert ys == [0.5, None, 1.0, 0.0, 0.5]
    assert extra == ["a", None, "c", "d", "e"]


def test_positions_are_small_multiples_with_gaps_and_a_colour_per_state() -> None:
    states = ["USA", "RUS", "CHN", "GBR", "FRA", "IND", "BRA", "ZAF"]
    positions = [
        {"state": s, "period": str(y), "value": 0.5, "body": "GA", "votes": 2}
        for s in states
        for y in (1990, 1991, 1995)
    ] + [{"state": "USA", "period": "1991", "value": 0.0, "body": "SC", "votes": 1}]
    fig = plots.positions_figure(positions, states)
    assert fig is not None
    ga = trace(fig, "USA GA")
    assert ga["x"] == [1990, 1991, None, 1995] and ga["connectgaps"] is False
    assert ga["customdata"][0] == " of 2 votes"
    sc = trace(fig, "USA SC")
    assert sc["line"]["dash"] == "dot" and sc["xaxis"] == ga["xaxis"] == "x"
    colors = {t["name"].split()[0]: t["line"]["color"] for t in fig["data"]}
    assert len(set(colors.values())) == 8  # eight states, eight colours
    assert fig["layout"]["grid"]["rows"] == 2 and fig["layout"]["grid"]["columns"] == 4
    assert fig["layout"]["xaxis8"]["matches"] == "x"  # zoom one panel, zoom all
    assert [a["text"] for a in fig["layout"]["annotations"]] == states


# -- colours ---------------------------------------------------------------------------------


def test_a_channel_has_one_colour_on_every_chart() -> None:
    fig = plots.stance_figure(SERIES)
    assert fig is not None
    for ch in ("words", "deeds", "votes"):
        assert trace(fig, ch)["line"]["color"] == CHANNEL_COLORS[ch]
    saydo = plots.say_do_figure(plots.dyad_say_do_rows(stance_dict()))
    assert saydo is not None
    assert trace(saydo, "words")["marker"]["color"] == CHANNEL_COLORS["words"]
    assert trace(saydo, "deeds")["marker"]["color"] == CHANNEL_COLORS["deeds"]
    svg = line_chart({"votes": [("2019", 1.0)], "words": [("2019", 0.5)]})
    assert svg is not None
    assert {ln["name"]: ln["color"] for ln in svg["lines"]} == {
        "votes": CHANNEL_COLORS["votes"],
        "words": CHANNEL_COLORS["words"],
    }
    assert len(set(CHANNEL_COLORS.values())) == 3


def test_series_colours_are_distinct_and_do_not_depend_on_channels_beside_them() -> None:
    names = ["USA", "RUS", "CHN", "GBR", "FRA", "IND", "BRA", "ZAF"]
    colors = series_colors(names)
    assert len(set(colors.values())) == 8
    assert colors == series_colors(names)  # stable from call to call
    assert series_colors(["words", *names])["USA"] == SERIES_PALETTE[0]
    svg = line_chart({s: [("2000", 0.5)] for s in names})
    assert svg is not None and len({ln["color"] for ln in svg["lines"]}) == 8


# -- bands -----------------------------------------------------------------------------------


def test_the_interval_is_a_band_around_each_run_and_a_bar_on_a_lone_point() -> None:
    fig = plots.stance_figure(SERIES)
    assert fig is not None
    band = trace(fig, "words 95% interval")
    assert band["fill"] == "toself" and band["hoverinfo"] == "skip"
    # the run 2019-2020 is a closed polygon: highs forward, lows back; 2023 stands alone
    assert band["x"] == ["2019-07-02", "2020-07-01", "2020-07-01", "2019-07-02"]
    assert band["y"] == [0.8, 0.6, -0.3, 0.1]
    words = trace(fig, "words")
    assert words["error_y"]["array"] == [None, None, None, 0.6]
    assert words["error_y"]["arrayminus"] == [None, None, None, 0.5]
    # votes: one point, no band, an error bar
    assert not any(t.get("name") == "votes 95% interval" for t in fig["data"])
    assert trace(fig, "votes")["error_y"]["array"] == [0.0]
    assert trace(fig, "words")["customdata"][0] == ["2019", "[+0.10, +0.80]", 4]


def test_two_runs_make_two_polygons_apart() -> None:
    p = plots.Point
    points = [p("a", "2001", 0, -1, 1, 1), p("b", "2002", 0, -1, 1, 1), None,
              p("c", "2005", 0, -0.5, 0.5, 1), p("d", "2006", 0, -0.5, 0.5, 1)]  # fmt: skip
    band = plots.interval_band(points)
    assert band is not None
    xs, ys = band
    assert xs == ["2001", "2002", "2002", "2001", None, "2005", "2006", "2006", "2005"]
    assert ys[4] is None and ys[:4] == [1, 1, -1, -1]


# -- the figures of each page ------------------------------------------------------------------


def stance_dict() -> dict[str, Any]:
    return {
        "series": SERIES,
        "overall": {
            "channels": {"words": score(0.1, -0.2, 0.4, 9), "deeds": score(-0.7, -1, -0.1, 4)}
        },
        "gap": {"gap": 0.8, "low": -0.1, "high": 1.4},
        "periods": [
            {"label": "2019 to 2020", "channels": {"words": score(0.4), "deeds": score(None)}},
        ],
    }


def test_a_dyad_page_has_the_timeline_say_do_balance_and_mix_figures() -> None:
    page = {
        "page": "dyad",
        "stance": stance_dict(),
        "balance": {
            "source": "RUS",
            "a": {"target": "PSE", "counts": {"verbal cooperation": 3, "material cooperation": 1,
                                              "verbal conflict": 0, "material conflict": 0}},
            "b": {"target": "ISR", "counts": {"verbal cooperation": 2, "material cooperation": 0,
                                              "verbal conflict": 4, "material conflict": 1}},
        },
        "event_mix": [
            {"period": "2019", "quad_class": 1, "events": 2, "goldstein": 6.8},
            {"period": "undated", "quad_class": 3, "events": 1, "goldstein": -2.0},
        ],
    }  # fmt: skip
    figs = plots.plots(page)
    assert set(figs) == {"stance", "saydo", "balance", "mix"}
    assert figs["stance"]["brush"] == figs["mix"]["brush"] == plots.BRUSH_EVIDENCE
    saydo = figs["saydo"]
    assert trace(saydo, "words")["y"] == ["whole window", "2019 to 2020"]
    assert trace(saydo, "deeds")["y"] == ["whole window"]
    assert saydo["data"][0]["x"] == [0.1, -0.7, None]  # the join is the gap
    assert "+0.80 [-0.10, +1.40]" in trace(saydo, "words")["customdata"][0][2]
    balance = figs["balance"]
    assert trace(balance, "verbal conflict")["x"] == [0, -4]  # conflict to the left
    assert trace(balance, "verbal conflict")["customdata"] == [0, 4]
    mix = figs["mix"]
    assert trace(mix, "verbal cooperation")["x"] == ["2019-01-01"]
    assert mix["layout"]["annotations"][0]["text"] == "1 undated event not shown"
    json.dumps(figs, allow_nan=False)  # plain JSON, no NaN


def test_an_answer_page_draws_the_timeline_and_the_peers_say_do_gaps() -> None:
    answer = {
        "timeline": SERIES,
        "measure": {"source": "RUS", "channels": {"words": score(1.0, 0.5, 1.0, 13),
                                                  "deeds": score(0.5, -0.2, 0.9, 2)}},
        "peers": [{"source": "USA", "channels": {"words": score(-0.5), "deeds": score(None)}},
                  {"source": "FRA", "channels": {"words": score(None), "deeds": score(None)}}],
        "gaps": [{"source": "RUS", "gap": 0.5, "low": -0.4, "high": 1.2}],
        "balance": None,
    }  # fmt: skip
    figs = plots.plots({"page": "answer", "answer": answer})
    assert set(figs) == {"stance", "saydo"}
    assert "brush" not in figs["stance"]
    assert trace(figs["saydo"], "words")["y"] == ["RUS", "USA"]  # FRA: nothing to draw
    assert figs["saydo"]["layout"]["yaxis"]["categoryarray"] == ["RUS", "USA"]


def test_nothing_to_draw_is_no_figure() -> None:
    assert plots.plots({"page": "dyad", "stance": None, "balance": None, "event_mix": []}) == {}
    assert plots.plots({"page": "answer", "answer": None}) == {}
    assert plots.plots({"page": "document"}) == {}
    assert plots.say_do_figure([plots.SayDoRow("x", score(0.5), score(None))]) is None
    assert plots.heatmap_figure({"states": [], "values": []}) is None
    assert plots.mix_figure([{"period": "undated", "quad_class": 1, "events": 3}]) is None


def test_a_heatmap_keeps_gaps_between_cells_and_no_colour_bar() -> None:
    """Both keep Plotly from writing ``style`` attributes, which the CSP refuses."""
    fig = plots.heatmap_figure({"states": ["USA", "RUS"], "values": [[1.0, None], [None, 1.0]]})
    assert fig is not None
    cells = fig["data"][0]
    assert cells["xgap"] > 0 and cells["ygap"] > 0 and cells["showscale"] is False
    assert cells["z"] == [[1.0, None], [None, 1.0]]


def test_no_figure_text_carries_markup_that_becomes_a_style_attribute() -> None:
    page = {"page": "votes", "matrix": {"states": ["USA"], "values": [[1.0]]}, "states": ["USA"],
            "positions": [{"state": "USA", "period": "2000", "value": 1.0}]}  # fmt: skip
    figs = {**plots.plots(page), "stance": plots.stance_figure(SERIES)}
    text = json.dumps(figs)
    assert not re.search(r"<(b|i|em|strong|span|sup|sub)\b", text)


def test_count_ticks_are_round_and_symmetric() -> None:
    assert plots.count_ticks(13) == [-10, -5, 0, 5, 10]
    assert plots.count_ticks(1) == [-1, 0, 1]


# -- the vendored Plotly.js and the CSP ---------------------------------------------------------


@pytest.fixture
def client(tmp_path: Any) -> Any:
    from geostance import config
    from geostance.app import Geostance

    g = Geostance(settings=config.load(env={}, path=None, db=str(tmp_path / "c.duckdb")))
    with TestClient(create_app(g)) as c:
        yield c
    g.close()


def test_plotly_is_served_from_the_package_gzipped_cached_and_revalidated(client: Any) -> None:
    files = vendor_files()
    assert PLOTLY_PATH in files, "the plotly package is a dependency: pip install plotly"
    f = files[PLOTLY_PATH]
    assert f.body.startswith(b"/**\n* plotly.js v")
    assert vendor_files() is files  # read once per process
    src = plotly_src()
    assert src == f"{PLOTLY_PATH}?v={f.version}"
    r = client.get(src, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["content-type"].startswith("text/javascript")
    assert "immutable" in r.headers["cache-control"]
    assert r.headers["content-security-policy"] == CSP
    assert r.content == f.body  # the client unzipped it
    assert int(r.headers["content-length"]) == len(f.gzipped) < len(f.body) // 2
    assert gzip.decompress(f.gzipped) == f.body
    plain = client.get(PLOTLY_PATH, headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.content == f.body
    again = client.get(PLOTLY_PATH, headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_the_chart_pages_load_plotly_and_charts_js_and_others_do_not(client: Any) -> None:
    html = client.get("/").text
    assert "plotly" not in html and "charts.js" not in html
    assert client.get("/static/charts.js").status_code == 200


def b64_sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_csp_allows_exactly_the_styles_the_installed_plotly_inserts() -> None:
    """Plotly adds an empty <style> (filled through the CSSOM) and the map-tile stylesheet; if
    an upgrade changes them, update EMPTY_STYLE / MAPLIBRE_STYLE in web/middleware.py."""
    body = vendor_files()[PLOTLY_PATH].body.decode()
    assert b64_sha256("") == EMPTY_STYLE
    inserted = re.findall(r"\.textContent='((?:[^'\\]|\\.)*)'", body)
    assert [b64_sha256(css) for css in inserted if "{" in css] == [MAPLIBRE_STYLE]
    assert (
        'createElement("style"),n.setAttribute("id",i),n.appendChild(document.createTextNode(""))'
        in body
    )
    for part in ("script-src 'self';", EMPTY_STYLE, MAPLIBRE_STYLE):
        assert part in CSP
    for loose in ("unsafe-inline", "unsafe-eval", "unsafe-hashes", "http:", "https:", "*"):
        assert loose not in CSP
