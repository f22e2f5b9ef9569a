"""The map page in headless Chromium: it draws offline, hover reads out a country's score, and
a click on a country opens its dyad page.

Reuses test_web_browser.py's approach (Debian's Chromium through Playwright, every request
kept on loopback, console errors fail the test) over the hand-built store of test_web.py
with the sample UN votes of tests/data/votes, so no spaCy model is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

import test_web_browser as wb
from test_web_map import map_store

pytestmark = [pytest.mark.browser]

# The browser and the watched page of test_web_browser.py (Chromium, loopback only).
browser = wb.browser
page = wb.page


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A uvicorn server on a free loopback port over a small hand-built store."""
    g = map_store(tmp_path_factory.mktemp("browser-map") / "map.duckdb")
    with wb.serving(g) as base:
        yield base
    g.close()


#: A point of the page where the country is what the pointer hits (found on a grid over the
#: country's box: the centre of a country in several parts, like Russia, can be sea).
FIND_POINT = """iso => {
  const a = document.querySelector(`#world a.country[data-id="${iso}"]`);
  const box = a.getBoundingClientRect();
  for (let i = 1; i < 40; i++) for (let j = 1; j < 40; j++) {
    const x = box.left + box.width * ((i * 7) % 40) / 40, y = box.top + box.height * j / 40;
    const hit = document.elementFromPoint(x, y);
    if (hit && hit.closest(".country") === a) return [x, y];
  }
  return null;
}"""


def point_of(pg: Any, iso: str) -> tuple[float, float]:
    found = pg.evaluate(FIND_POINT, iso)
    assert found is not None, f"{iso} is nowhere under the pointer"
    return float(found[0]), float(found[1])


def test_browser_map_click_on_a_country_opens_its_dyad_page(
    server: str, page: tuple[Any, wb.Watch]
) -> None:
    pg, watch = page
    response = pg.goto(server + "/map?target=PSE&channel=words")
    assert response is not None and response.status == 200
    assert pg.locator("#world a.country").count() > 150
    box = pg.locator("#world").bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 250
    russia = pg.locator('#world a.country[data-id="RUS"]')
    assert russia.get_attribute("class") == "country thin"  # one event: hatched
    assert pg.locator('#world a.country[data-id="RUS"] path.hatch').count() == 1
    x, y = point_of(pg, "RUS")
    pg.mouse.move(x, y)
    assert pg.locator("#map-readout").inner_text().startswith("Russia: +1.00 (n=1)")
    wb.shot(pg, "map")
    pg.mouse.click(x, y)
    pg.wait_for_url("**/dyad/RUS/PSE")
    assert "Russia" in pg.locator("h1").inner_text()
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in watch.urls)
    assert any(u.endswith("/static/map.js") for u in watch.urls)


def test_browser_map_channel_switch_and_target_chooser(
    server: str, page: tuple[Any, wb.Watch]
) -> None:
    pg, _ = page
    pg.goto(server + "/map")
    pg.click('nav.channels a[data-channel="votes"]')
    pg.wait_for_url("**/map?target=PSE&channel=votes")
    assert "in votes" in pg.locator("h1").inner_text()
    usa = pg.locator('#world a.country[data-id="USA"]')
    assert "n=3" in (usa.locator("title").text_content() or "")
    pg.fill('input[name="target"]', "ISR")
    pg.press('input[name="target"]', "Enter")
    pg.wait_for_url("**/map?target=ISR&channel=votes*")
    assert "Israel" in pg.locator("h1").inner_text()
    pg.mouse.click(*point_of(pg, "FRA"))
    pg.wait_for_url("**/dyad/FRA/ISR")
