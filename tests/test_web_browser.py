"""The dashboard in a real browser: headless Chromium (Debian's) driven by Playwright.

A uvicorn server on a free loopback port serves a store built from a few short texts of our
own, ingested through the facade with the real spaCy model. Every request the browser makes
is recorded, and anything not on loopback is aborted and fails the test. Screenshots go to
``tests/artefacts/`` (git-ignored).
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from geostance import config
from geostance.app import Geostance

CHROMIUM = Path("/usr/bin/chromium")
ARTEFACTS = Path(__file__).resolve().parent / "artefacts"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TEXTS = {
    "moscow.txt": (
        "Moscow reacts to the war\n\n"
        "On 9 October 2023 Russia condemned Israel over the air strikes on Gaza. "
        "Russia did not condemn Hamas for the attack on Israel. "
        "Russia also promised humanitarian aid to the Palestinians.\n\n"
        "The foreign ministry said that Russia would keep talking to both sides."
    ),
    "trade.txt": (
        "A trade deal in Beijing\n\n"
        "On 3 March 2022 China and Russia signed a trade agreement in Beijing. "
        "China praised Russia for its cooperation on energy."
    ),
    "hostile.txt": (
        "A note with markup in it\n\n"
        "Someone pasted this into the feed: <script>window.__pwned = 1</script> and then "
        '<img src="x" onerror="window.__pwned = 2">. '
        "On 2 November 2023 Russia criticised Israel again in a statement."
    ),
}

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def free_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """A store made from TEXTS and a uvicorn server over it, on a free loopback port."""
    root = Path(tmp_path_factory.mktemp("browser"))
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in TEXTS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    g = Geostance(settings=config.load(env={}, path=None, db=str(root / "b.duckdb")))
    results = g.ingest(str(corpus))
    assert [r.status for r in results] == ["kept"] * 3, results
    docs = {Path(d.origin).name: d.id for d in g.documents()}
    with serving(g) as base:
        yield {"base": base, "docs": docs, "g": g}
    g.close()


@contextlib.contextmanager
def serving(g: Geostance) -> Iterator[str]:
    """A uvicorn server over ``g`` on a free loopback port, for as long as the block runs."""
    import uvicorn

    from geostance.web import create_app

    sock = free_socket()
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(g), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


class Watch:
    """Console errors, page errors and every request URL of one page."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        self.urls: list[str] = []
        self.refused: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        self.urls.append(url)
        if urlsplit(url).hostname in ("127.0.0.1", "localhost") or url.startswith("data:"):
            route.continue_()
        else:
            self.refused.append(url)
            route.abort()


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, Watch]]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    pg = context.new_page()
    watch = Watch(pg)
    yield pg, watch
    context.close()
    assert watch.refused == [], f"requests left loopback: {watch.refused}"
    assert watch.errors == [], f"console errors: {watch.errors}"


def shot(pg: Any, name: str) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def marks(pg: Any, selector: str) -> int:
    return int(pg.locator(f"{selector} .mark").count())


def test_web_browser_every_page_loads(server: dict[str, Any], page: Any) -> None:
    pg, watch = page
    base, docs = server["base"], server["docs"]
    for name, path in [
        ("home", "/"),
        ("dyad", "/dyad/RUS/ISR"),
        ("actor", "/actor/RUS"),
        ("document", f"/document/{docs['moscow.txt']}"),
        ("votes", "/votes"),
        ("search", "/search?q=condemned"),
        ("answer", "/ask?q=Does+Russia+support+Palestine%3F"),
    ]:
        response = pg.goto(base + path)
        assert response is not None and response.status == 200, path
        assert pg.locator("header.top form.ask").count() == 1
        shot(pg, name)
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in watch.urls)
    assert any(u.endswith("/static/style.css") for u in watch.urls)


def test_web_browser_ask_through_the_form(server: dict[str, Any], page: Any) -> None:
    pg, _ = page
    pg.goto(server["base"] + "/")
    pg.fill("#ask-q", "Does Russia support Palestine?")
    pg.press("#ask-q", "Enter")
    pg.wait_for_url("**/ask?q=*")
    assert pg.locator("h1").inner_text() == "Does Russia support Palestine?"
    answered = pg.locator("#verdict").count() + pg.locator("#answer-error").count()
    assert answered == 1
    shot(pg, "ask-form")


def test_web_browser_evidence_link_lands_on_the_highlighted_sentence(
    server: dict[str, Any], page: Any
) -> None:
    pg, _ = page
    pg.goto(server["base"] + "/dyad/RUS/ISR")
    links = pg.locator("a.evidence-link")
    assert links.count() >= 1
    sentence = links.first.inner_text()
    links.first.click()
    pg.wait_for_url("**/document/*#ev-*")
    target = pg.locator(":target")
    assert target.count() == 1
    mark = pg.locator("mark.ev:target, mark.ev:has(> .ev-anchor:target)")
    assert mark.count() == 1
    assert mark.inner_text().strip() == sentence.strip()
    background = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background == "rgb(255, 224, 102)"  # the highlight colour of a targeted sentence
    assert mark.get_attribute("title").startswith("CAMEO ")  # hover shows code, actors, date
    shot(pg, "evidence-landing")


def test_web_browser_charts_render_with_marks(server: dict[str, Any], page: Any) -> None:
    pg, _ = page
    pg.goto(server["base"] + "/dyad/RUS/ISR")
    # the event mix is drawn by Plotly (tests/test_browser_charts.py); its SVG is the no-JS copy
    pg.locator("#plot-mix[data-drawn] .plot-container").wait_for()
    assert pg.locator("#plot-mix .barlayer path").count() >= 1
    box = pg.locator("#plot-mix .main-svg").first.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 50
    pg.goto(server["base"] + "/actor/RUS")
    assert marks(pg, "#graph svg.chart-svg") >= 2  # an edge and a node per partner
    pg.goto(server["base"] + "/document/" + server["docs"]["moscow.txt"])
    assert pg.locator("mark.ev").count() >= 1


def test_web_browser_hostile_text_does_not_run(server: dict[str, Any], page: Any) -> None:
    pg, _ = page
    pg.goto(server["base"] + "/document/" + server["docs"]["hostile.txt"])
    assert pg.evaluate("() => window.__pwned === undefined")
    scripts = pg.evaluate("() => Array.from(document.scripts).map(s => s.src)")
    assert scripts == [server["base"] + "/static/app.js"]
    assert pg.locator("article img").count() == 0
    assert "<script>window.__pwned = 1</script>" in pg.locator("#text").inner_text()
    shot(pg, "hostile")


def test_web_browser_summary_control(server: dict[str, Any], page: Any) -> None:
    pg, _ = page
    pg.goto(server["base"] + "/document/" + server["docs"]["moscow.txt"])
    pg.click("#get-summary")
    pg.wait_for_url("**summary=5*")
    assert pg.locator("#summary h2, #summary .unavailable").count() >= 1


@pytest.mark.parametrize("path", ["//evil.example/x", "/\\evil.example/x", "///evil.example/x"])
def test_a_404_for_an_off_site_looking_path_links_only_to_this_site(
    server: dict[str, Any], browser: Any, path: str
) -> None:
    """The path the client sent is not echoed into a link that leaves the site."""
    page = browser.new_page()
    watch = Watch(page)
    response = page.goto(server["base"] + path)
    assert response is not None and response.status == 404
    hosts = page.eval_on_selector_all("a[href]", "as => as.map(a => new URL(a.href).hostname)")
    assert hosts and set(hosts) == {"127.0.0.1"}, hosts
    assert page.locator("a.json-link").count() == 0  # an error page has no JSON twin link
    assert not watch.refused
    page.close()


def test_web_browser_every_page_links_its_json_twin(server: dict[str, Any], page: Any) -> None:
    """Clicking "this page as JSON" on each page opens that page's data, as JSON, in Chromium."""
    import json

    pg, _ = page
    base, docs = server["base"], server["docs"]
    for kind, path in [
        ("home", "/"),
        ("dyad", "/dyad/RUS/ISR?negated=exclude"),
        ("actor", "/actor/RUS"),
        ("document", f"/document/{docs['moscow.txt']}"),
        ("votes", "/votes"),
        ("search", "/search?q=condemned"),
        ("answer", "/ask?q=Does+Russia+support+Palestine%3F"),
        ("map", "/map?target=ISR&channel=words"),
    ]:
        assert pg.goto(base + path) is not None
        with pg.expect_response(lambda r: ".json" in r.url) as got:
            pg.locator("a.json-link").click()
        response = got.value
        assert response.status == 200, (path, response.url)
        assert response.headers["content-type"].startswith("application/json"), path
        data = json.loads(response.text())
        assert data.get("page") == kind, (path, data.get("page"))
        if "?" in path:  # the twin keeps the page's query
            assert urlsplit(response.url).query == urlsplit(path).query, response.url
