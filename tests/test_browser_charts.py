"""The interactive charts in headless Chromium: Plotly.js from the package draws them under
the strict CSP, hover reads out a value, brushing a period filters the evidence list, and no
request leaves the loopback host.

Reuses test_web_browser.py's approach (Debian's Chromium through Playwright, every request
kept on loopback, console errors fail the test) over the hand-built store of test_web.py,
four more Russia -> Israel events spread over 2019-2024 (so the timeline has a gap) and the
sample UN votes of tests/data/votes. No spaCy model is needed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import test_web_browser as wb
from geostance import config
from geostance.app import Geostance
from geostance.web.vendor import PLOTLY_PATH
from test_web import build_store, doc_of, event, sentences_of

VOTES = Path(__file__).resolve().parent / "data" / "votes"
pytestmark = [pytest.mark.browser]

# The browser and the watched page of test_web_browser.py (Chromium, loopback only).
browser = wb.browser
page = wb.page

#: Russia toward Israel before and after the two 2023 events of build_store: words in 2019,
#: deeds in 2020 and 2024, nothing in 2021-2022.
EARLIER = [
    ("Russia praised Israel for the talks.", "praised", "051", 1, 3.4, dt.date(2019, 5, 6)),
    ("Russia sent aid to Israel after the fires.", "sent", "073", 2, 7.4, dt.date(2020, 6, 2)),
    ("Russia expelled diplomats of Israel.", "expelled", "166", 4, -7.0, dt.date(2024, 3, 4)),
]  # fmt: skip


def add_earlier_events(g: Geostance) -> None:
    for i, (sentence, trigger, cameo, quad, goldstein, day) in enumerate(EARLIER):
        doc = doc_of(sentence, title=f"Note {i + 1}", date=day, origin=f"note{i}.txt")
        ev = event(doc, sentence, trigger, "RUS", "ISR", cameo, quad, goldstein)
        assert g.store.add_document(doc, sentences_of(doc), [ev])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server on a free loopback port over a small hand-built store with votes."""
    db = tmp_path_factory.mktemp("browser-charts") / "charts.duckdb"
    g = Geostance(settings=config.load(env={}, path=None, db=str(db)))
    build_store(g)
    add_earlier_events(g)
    g.import_votes(VOTES)
    with wb.serving(g) as base:
        yield base
    g.close()


#: Page coordinates of a date on a chart's x axis (Plotly's own axis conversion).
X_OF = """([id, day]) => {
  const gd = document.getElementById(id), xa = gd._fullLayout.xaxis;
  return gd.getBoundingClientRect().left + xa._offset + xa.l2p(xa.d2l(day));
}"""
#: The vertical middle of a chart's plot area, in page coordinates.
MID_Y = """id => {
  const gd = document.getElementById(id), ya = gd._fullLayout.yaxis;
  return gd.getBoundingClientRect().top + ya._offset + ya._length / 2;
}"""


def drawn(pg: Any, name: str) -> Any:
    """The chart once Plotly has drawn it."""
    pg.locator(f"#plot-{name}[data-drawn] .plot-container").wait_for()
    return pg.locator(f"#plot-{name}")


def hover_text(pg: Any, point: Any) -> str:
    box = point.bounding_box()
    assert box is not None
    pg.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    label = pg.locator(".hoverlayer .hovertext")
    label.first.wait_for()
    return str(label.first.text_content())


def visible_dates(pg: Any) -> list[str]:
    return list(
        pg.eval_on_selector_all(
            "#evidence table.evidence tbody tr[data-date]",
            "rows => rows.filter(r => !r.hidden).map(r => r.dataset.date)",
        )
    )


def test_browser_charts_the_dyad_timeline_renders_with_gaps_and_hover(
    server: str, page: tuple[Any, wb.Watch]
) -> None:
    pg, watch = page
    response = pg.goto(server + "/dyad/RUS/ISR")
    assert response is not None and response.status == 200
    stance = drawn(pg, "stance")
    assert stance.locator("svg.main-svg").count() >= 1
    for name in ("mix", "balance"):
        assert drawn(pg, name).locator(".plot-container").count() == 1
    # words: 2019, then a gap, then 2023; the line is two pieces, not one across 2020-2022
    words = pg.evaluate(
        "() => document.getElementById('plot-stance').data.find(t => t.name === 'words').y"
    )
    assert None in words
    text = hover_text(pg, stance.locator(".scatterlayer .trace .points path.point").first)
    assert "2019" in text and "+1.00" in text and "n=1" in text
    wb.shot(pg, "charts-dyad")
    assert any(urlsplit(u).path == PLOTLY_PATH for u in watch.urls)
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in watch.urls)


def test_browser_charts_brushing_a_period_filters_the_evidence(
    server: str, page: tuple[Any, wb.Watch]
) -> None:
    pg, _ = page
    pg.goto(server + "/dyad/RUS/ISR")
    drawn(pg, "stance")
    everything = visible_dates(pg)
    assert len(everything) == 5 and {d[:4] for d in everything} == {"2019", "2020", "2023", "2024"}
    assert pg.locator("#brush-status").count() == 0 or pg.locator("#brush-status").is_hidden()
    # drag across 2022-06 .. 2023-12 on the timeline: Plotly zooms, the list follows
    x0 = pg.evaluate(X_OF, ["plot-stance", "2022-06-01"])
    x1 = pg.evaluate(X_OF, ["plot-stance", "2023-12-31"])
    y = pg.evaluate(MID_Y, "plot-stance")
    pg.mouse.move(x0, y)
    pg.mouse.down()
    pg.mouse.move((x0 + x1) / 2, y, steps=5)
    pg.mouse.move(x1, y, steps=5)
    pg.mouse.up()
    status = pg.locator("#brush-status")
    status.wait_for(state="visible")
    assert visible_dates(pg) == [d for d in everything if d.startswith("2023")]
    line = status.inner_text()
    assert line.startswith("Showing 2 of 5 events on this page, from 2022-0")
    assert "clear" in line
    apply = pg.locator("#brush-apply").get_attribute("href") or ""
    assert (
        apply.startswith("/dyad/RUS/ISR?") and "since=2022-0" in apply and "until=2023-12" in apply
    )
    wb.shot(pg, "charts-brushed")
    # clear: every row again, the timeline zoomed out
    pg.click("#brush-clear")
    status.wait_for(state="hidden")
    assert visible_dates(pg) == everything
    autorange = pg.evaluate("() => document.getElementById('plot-stance').layout.xaxis.autorange")
    assert autorange is True


def test_browser_charts_box_select_on_the_event_mix_filters_too(
    server: str, page: tuple[Any, wb.Watch]
) -> None:
    pg, _ = page
    pg.goto(server + "/dyad/RUS/ISR")
    mix = drawn(pg, "mix")
    mix.hover()  # the mode bar shows on hover
    mix.locator('.modebar-btn[data-val="select"]').click()
    x0 = pg.evaluate(X_OF, ["plot-mix", "2019-01-10"])
    x1 = pg.evaluate(X_OF, ["plot-mix", "2021-03-01"])
    y = pg.evaluate(MID_Y, "plot-mix")
    pg.mouse.move(x0, y - 60)
    pg.mouse.down()
    pg.mouse.move(x1, y + 60, steps=8)
    pg.mouse.up()
    pg.locator("#brush-status").wait_for(state="visible")
    assert [d[:4] for d in visible_dates(pg)] == ["2019", "2020"]
    assert pg.locator("#brush-status").inner_text().startswith("Showing 2 of 5 events")
    pg.evaluate("() => Plotly.relayout('plot-mix', {'xaxis.autorange': true})")
    pg.locator("#brush-status").wait_for(state="hidden")
    assert len(visible_dates(pg)) == 5


def test_browser_charts_the_answer_page_draws_its_timeline(
    server: str, page: tuple[Any, wb.Watch]
) -> None:
    pg, _ = page
    response = pg.goto(server + "/ask?q=Does+Russia+support+Israel%3F")
    assert response is not None and response.status == 200
    stance = drawn(pg, "stance")
    text = hover_text(pg, stance.locator(".scatterlayer .trace .points path.point").first)
    assert "n=" in text and "95% interval" in text
    wb.shot(pg, "charts-answer")


def test_browser_charts_votes_heatmap_and_small_multiples(
    server: str, page: tuple[Any, wb.Watch]
) -> None:
    pg, _ = page
    response = pg.goto(server + "/votes?states=USA,FRA,RUS,CHN,GBR&on=palestine")
    assert response is not None and response.status == 200
    heat = drawn(pg, "heatmap")
    assert heat.locator(".heatmaplayer image").count() == 1
    positions = drawn(pg, "positions")
    panels = pg.evaluate(
        "() => document.getElementById('plot-positions').layout.annotations.map(a => a.text)"
    )
    assert len(panels) >= 2 and panels[0] == "USA"
    colors = pg.evaluate(
        "() => document.getElementById('plot-positions').data.map(t => t.line.color)"
    )
    assert len(set(colors)) == len(panels)  # a colour per state
    text = hover_text(pg, positions.locator(".scatterlayer .trace .points path.point").first)
    assert "USA" in text and "yes" in text
    wb.shot(pg, "charts-votes")


def test_browser_charts_without_javascript_show_the_static_svg(server: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server + "/dyad/RUS/ISR")
    assert pg.locator("#mix svg.chart-svg .mark").count() >= 1
    assert pg.locator("#stance svg.chart-svg .mark").count() >= 1
    assert pg.locator("table.channels").count() == 1  # and the numbers, as a table
    context.close()


def test_browser_charts_a_failed_plotly_load_falls_back_to_the_svg(
    server: str, browser: Any
) -> None:
    context = browser.new_context()
    pg = context.new_page()
    pg.route("**/static/vendor/plotly.min.js*", lambda route: route.abort())
    pg.goto(server + "/dyad/RUS/ISR")
    pg.locator("#mix svg.chart-svg").wait_for()
    assert pg.locator("#mix svg.chart-svg .mark").count() >= 1
    assert pg.locator("div.plot[data-plot='mix']").count() == 0
    context.close()
