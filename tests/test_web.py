"""The web shell in process: every page and its JSON twin, and the security model.

The store is built by hand (documents and events with exact offsets), so these tests need
neither the spaCy model nor the network; only the ingest tests run the real pipeline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from geostance import config
from geostance.app import Geostance
from geostance.models import Document, Event, Sentence
from geostance.web import CSP, create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HOSTILE = (
    "An editor pasted markup into this note. "
    "<script>window.__pwned = 1</script> "
    'Russia condemned Israel <img src=x onerror="window.__pwned=2"> in a statement. '
    "Nothing here should ever run."
)
ARTICLE = (
    "Moscow, 9 October 2023. Russia condemned Israel over the strikes on Gaza. "
    "Russia did not condemn Hamas for the attack.\n\n"
    "Russia pledged humanitarian aid to Palestine. Israel struck targets in Gaza."
)
TRADE = "China and Russia signed a trade agreement in Beijing on 3 March 2022."


def doc_of(text: str, *, title: str, date: dt.date, origin: str) -> Document:
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return Document(id=digest, text=text, origin=origin, title=title, date=date, kind="text")


def event(
    doc: Document,
    sentence: str,
    trigger: str,
    source: str,
    target: str,
    cameo: str,
    quad: int,
    goldstein: float,
    *,
    negated: bool = False,
    date: dt.date | None = None,
) -> Event:
    """An event whose offsets point into the document text, as the coder's do."""
    s = doc.text.index(sentence)
    t = doc.text.index(trigger, s)
    src = doc.text.find(source_text(source), s)
    return Event(
        doc_id=doc.id,
        sentence=sentence,
        sentence_start=s,
        sentence_end=s + len(sentence),
        source=source,
        source_text=source_text(source),
        source_start=src,
        source_end=src + len(source_text(source)),
        trigger=trigger,
        trigger_start=t,
        trigger_end=t + len(trigger),
        cameo=cameo,
        cameo_root=cameo[:2],
        quad_class=quad,
        goldstein=goldstein,
        plover="",
        target=target,
        target_text=target,
        negated=negated,
        date=date or doc.date,
        date_precision="day",
        doc=doc.origin,
    )


def source_text(actor: str) -> str:
    return {"RUS": "Russia", "ISR": "Israel", "CHN": "China"}.get(actor, actor)


def sentences_of(doc: Document) -> list[Sentence]:
    out, pos = [], 0
    for i, part in enumerate(doc.text.replace("\n\n", " ").split(". ")):
        start = doc.text.index(part, pos)
        out.append(Sentence(doc.id, i, start, start + len(part), part))
        pos = start + len(part)
    return out


def build_store(g: Geostance) -> dict[str, Any]:
    """Three documents (one hostile) with hand-coded events; returns their ids."""
    art = doc_of(ARTICLE, title="Moscow reacts", date=dt.date(2023, 10, 9), origin="article.txt")
    trade = doc_of(TRADE, title="A trade deal", date=dt.date(2022, 3, 3), origin="trade.txt")
    bad = doc_of(
        HOSTILE, title="<script>alert('title')</script>", date=dt.date(2023, 11, 1), origin="x.txt"
    )
    events = {
        art.id: [
            event(art, "Russia condemned Israel over the strikes on Gaza.", "condemned",
                  "RUS", "ISR", "111", 3, -2.0),
            event(art, "Russia did not condemn Hamas for the attack.", "condemn",
                  "RUS", "HMS", "111", 3, -2.0, negated=True),
            event(art, "Russia pledged humanitarian aid to Palestine.", "pledged",
                  "RUS", "PSE", "033", 1, 5.2),
            event(art, "Israel struck targets in Gaza.", "struck", "ISR", "PSE", "195", 4, -10.0,
                  date=dt.date(2023, 10, 10)),
        ],
        trade.id: [
            event(trade, TRADE, "signed", "CHN", "RUS", "057", 1, 8.0),
            event(trade, TRADE, "signed", "RUS", "CHN", "057", 1, 8.0),
        ],
        bad.id: [
            event(bad, 'Russia condemned Israel <img src=x onerror="window.__pwned=2"> in a '
                  "statement.", "condemned", "RUS", "ISR", "111", 3, -2.0),
        ],
    }  # fmt: skip
    for doc in (art, trade, bad):
        assert g.store.add_document(doc, sentences_of(doc), events[doc.id])
    return {"article": art, "trade": trade, "hostile": bad, "events": events}


@pytest.fixture
def web(tmp_path: Path) -> Iterator[tuple[TestClient, dict[str, Any], Geostance]]:
    settings = config.load(env={}, path=None, db=str(tmp_path / "web.duckdb"))
    g = Geostance(settings=settings)
    built = build_store(g)
    app = create_app(g)
    with TestClient(app) as client:
        yield client, built, g
    g.close()


def client_with(tmp_path: Path, **overrides: Any) -> tuple[TestClient, Geostance]:
    settings = config.load(env={}, path=None, db=str(tmp_path / "w.duckdb"), **overrides)
    g = Geostance(settings=settings)
    return TestClient(create_app(g)), g


# -- pages and twins ---------------------------------------------------------------------------
def pages(built: dict[str, Any]) -> list[str]:
    doc = built["article"].id
    return [
        "/",
        "/ask?q=Does+Russia+support+Palestine%3F",
        "/dyad/RUS/ISR",
        "/actor/RUS",
        f"/document/{doc}",
        "/votes",
        "/search?q=condemned",
    ]


def twin_path(path: str) -> str:
    base, _, query = path.partition("?")
    base = "/index" if base == "/" else base
    return base + ".json" + ("?" + query if query else "")


def test_web_every_page_has_html_and_the_same_json_twin(web: Any) -> None:
    client, built, _ = web
    for path in pages(built):
        html = client.get(path)
        assert html.status_code == 200, (path, html.text[:300])
        assert html.headers["content-type"].startswith("text/html")
        assert html.headers["content-security-policy"] == CSP
        by_suffix = client.get(twin_path(path))
        by_accept = client.get(path, headers={"Accept": "application/json"})
        assert by_suffix.status_code == by_accept.status_code == 200, path
        assert by_suffix.headers["content-type"].startswith("application/json")
        assert by_suffix.json() == by_accept.json(), path
        assert by_suffix.json()["page"] in html.text or path == "/"


def test_web_home_ranks_dyads_and_lists_documents(web: Any) -> None:
    client, built, _ = web
    data = client.get("/index.json").json()
    top = data["active_dyads"][0]
    assert (top["source"], top["target"], top["events"]) == ("RUS", "ISR", 2)
    assert top["conflict"] == 2 and top["cooperation"] == 0
    ids = {d["id"] for d in data["recent_documents"]}
    assert {built["article"].id, built["trade"].id, built["hostile"].id} <= ids
    html = client.get("/").text
    assert 'href="/dyad/RUS/ISR"' in html and 'name="q"' in html


def test_web_dyad_evidence_filters_by_type_date_and_negation(web: Any) -> None:
    client, built, _ = web
    everything = client.get("/dyad/RUS/HMS.json").json()
    assert everything["evidence_total"] == 1 and everything["evidence"][0]["negated"] is True
    assert client.get("/dyad/RUS/HMS.json?negated=exclude").json()["evidence_total"] == 0
    assert client.get("/dyad/RUS/HMS.json?negated=only").json()["evidence_total"] == 1
    rus_isr = client.get("/dyad/RUS/ISR.json").json()
    assert rus_isr["evidence_total"] == 2
    assert client.get("/dyad/RUS/ISR.json?since=2023-10-31").json()["evidence_total"] == 1
    assert client.get("/dyad/RUS/ISR.json?until=2023-10-31").json()["evidence_total"] == 1
    assert client.get("/dyad/RUS/ISR.json?type=material-conflict").json()["evidence_total"] == 0
    assert client.get("/dyad/RUS/ISR.json?type=3").json()["evidence_total"] == 2
    assert client.get("/dyad/RUS/ISR.json?type=11").json()["evidence_total"] == 2
    assert client.get("/dyad/RUS/ISR.json?limit=1").json()["evidence"].__len__() == 1
    ev = rus_isr["evidence"][0]
    assert ev["link"] == f"/document/{ev['doc_id']}#ev-{ev['event_id']}"
    mix = {(m["period"], m["quad_class"]): m["events"] for m in rus_isr["event_mix"]}
    assert mix == {("2023", 3): 2}
    html = client.get("/dyad/RUS/ISR").text
    assert "<svg" in html and 'class="mark"' in html  # the event-mix chart has marks


def test_web_dyad_bad_filters_are_400_with_the_fix(web: Any) -> None:
    client, _, _ = web
    bad_date = client.get("/dyad/RUS/ISR.json?since=last-week")
    assert bad_date.status_code == 400 and "YYYY-MM-DD" in bad_date.json()["error"]
    bad_neg = client.get("/dyad/RUS/ISR.json?negated=maybe")
    assert bad_neg.status_code == 400 and "only" in bad_neg.json()["error"]
    html = client.get("/dyad/RUS/ISR?since=yesterday")
    assert html.status_code == 400 and "YYYY-MM-DD" in html.text
    assert client.get("/dyad/RUS/ISR.json?limit=100000").status_code == 422


def test_web_document_segments_cover_the_text_and_anchor_each_event(web: Any) -> None:
    client, built, _ = web
    art = built["article"]
    data = client.get(f"/document/{art.id}.json").json()
    assert "".join(s["text"] for s in data["segments"]) == art.text
    marked = [s for s in data["segments"] if s["event_ids"]]
    assert len(marked) == 4
    assert {e["event_id"] for e in data["events"]} == {e.id for e in built["events"][art.id]}
    html = client.get(f"/document/{art.id}").text
    for e in built["events"][art.id]:
        assert f'id="ev-{e.id}"' in html
    assert "CAMEO 111 (negated) · RUS → HMS · 2023-10-09" in html  # the hover of a mark
    assert '<b class="trigger">condemned</b>' in html
    assert "Get a summary" in html


def test_web_document_prefix_and_unknown_ids(web: Any) -> None:
    client, built, _ = web
    art = built["article"]
    assert client.get(f"/document/{art.id[:8]}.json").json()["document"]["id"] == art.id
    assert client.get("/document/0123456789abcdef.json").status_code == 404
    assert client.get("/document/0123456789abcdef").status_code == 404


def test_web_hostile_article_is_escaped(web: Any) -> None:
    client, built, _ = web
    bad = built["hostile"]
    html = client.get(f"/document/{bad.id}").text
    assert "<script>window" not in html and "<img src=x" not in html
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=" in html
    assert "<script>alert" not in html and "&lt;script&gt;alert(" in html
    for path in ("/", "/dyad/RUS/ISR", "/search?q=%3Cscript%3E", "/ask?q=%3Cscript%3Ealert(1)"):
        page = client.get(path).text
        assert "<script>" not in page.replace('<script src="/static/app.js" defer></script>', "")
        assert "onerror=" not in page.replace("&lt;img src=x onerror=", "")


def test_web_security_headers_on_every_kind_of_response(web: Any) -> None:
    client, _, _ = web
    for path in ("/", "/index.json", "/static/style.css", "/nowhere", "/openapi.json"):
        r = client.get(path)
        assert r.headers["content-security-policy"] == CSP, path
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in CSP and "unsafe-inline" not in CSP
    assert client.get("/docs").status_code == 404  # the CDN-backed Swagger UI is off


def raw_get(app: Any, raw_path: str) -> tuple[int, bytes]:
    """GET a path as given (no client-side dot-segment clean-up), decoded as uvicorn does."""
    import anyio

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw_path),
        "raw_path": raw_path.encode("latin-1"),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 5000),
    }
    status, body = 0, b""

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, body
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body += message.get("body", b"")

    anyio.run(app, scope, receive, send)
    return status, body


@pytest.mark.parametrize(
    "path",
    [
        "/document/../../etc/passwd",
        "/document/..%2F..%2Fetc%2Fpasswd",
        "/document/%2e%2e%2f%2e%2e%2fpyproject.toml",
        "/document/..",
        "/document/abc",
        "/document/ZZZZZZZZ",
        "/document/0123abcd%00",
        "/document/0123abcd%",
        "/document/0123abc_%25",
        "/static/../../pyproject.toml",
        "/static/..%2f..%2f__init__.py",
        "/static/%2e%2e/views.py",
        "/actor/..%2F..",
        "/actor/R",
        "/dyad/RUS/..%2Fetc",
        "/dyad/RUS/%00",
    ],
)
def test_web_path_tricks_are_404(web: Any, path: str) -> None:
    client, _, _ = web
    status, body = raw_get(client.app, path)
    assert status == 404, (path, status, body[:200])
    assert b"create_app" not in body and b"root:" not in body and b"[project]" not in body


def test_web_raw_client_sees_real_pages(web: Any) -> None:
    """The raw helper itself works: the same route with a good id is 200."""
    client, built, _ = web
    status, body = raw_get(client.app, f"/document/{built['article'].id}.json")
    assert status == 200 and built["article"].id.encode() in body


def test_web_unknown_actor_is_an_empty_page(web: Any) -> None:
    client, _, _ = web
    data = client.get("/actor/ZZZ.json").json()
    assert data["partners"] == [] and data["events_as_source"] == 0
    rus = client.get("/actor/rus.json").json()
    partners = {p["id"]: p for p in rus["partners"]}
    assert partners["ISR"]["conflict"] == 2 and partners["CHN"]["cooperation"] == 2
    assert "<svg" in client.get("/actor/RUS").text


def test_web_empty_question_and_search(web: Any) -> None:
    client, _, _ = web
    assert client.get("/ask.json?q=").json() == {
        "page": "answer",
        "q": "",
        "answer": None,
        "error": None,
        "names": {},
    }
    empty = client.get("/search.json?q=").json()
    assert empty["hits"] == [] and empty["error"] is None
    assert client.get("/ask.json?q=" + "x" * 600).status_code == 422


# -- writing -----------------------------------------------------------------------------------
def test_web_ingest_is_off_without_a_token(tmp_path: Path) -> None:
    client, g = client_with(tmp_path)
    with client:
        r = client.post("/api/ingest", files={"file": ("a.txt", b"Russia praised China.")})
        assert r.status_code == 403 and "--token" in r.json()["error"]
        assert g.documents() == []
    g.close()


def test_web_ingest_needs_the_right_token(tmp_path: Path) -> None:
    client, g = client_with(tmp_path, write_token="s3cret")
    with client:
        body = {"file": ("a.txt", b"Russia praised China.")}
        assert client.post("/api/ingest", files=body).status_code == 401
        wrong = {"Authorization": "Bearer nope"}
        assert client.post("/api/ingest", files=body, headers=wrong).status_code == 401
        basic = {"Authorization": "Basic s3cret"}
        assert client.post("/api/ingest", files=body, headers=basic).status_code == 401
        assert g.documents() == []
    g.close()


def test_web_url_ingest_refuses_non_http_and_private_hosts(tmp_path: Path) -> None:
    client, g = client_with(tmp_path, write_token="s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    with client:
        for url in (
            "file:///etc/passwd",
            "/etc/passwd",
            "http://127.0.0.1:1/x",
            "http://localhost/x",
            "http://10.0.0.7/x",
            "http://[::1]/x",
            "http://169.254.169.254/latest",
        ):
            r = client.post("/api/ingest", data={"url": url}, headers=auth)
            assert r.status_code == 400, url
            assert url in r.json()["error"] or "http(s)" in r.json()["error"]
        none = client.post("/api/ingest", data={}, headers=auth)
        assert none.status_code == 400 and "either" in none.json()["error"]
    assert g.documents() == []
    g.close()


def test_web_request_size_limit_is_413(tmp_path: Path) -> None:
    client, g = client_with(tmp_path, write_token="s3cret", max_upload_bytes=2000)
    auth = {"Authorization": "Bearer s3cret"}
    with client:
        big = {"file": ("big.txt", b"Russia praised China. " * 500)}
        r = client.post("/api/ingest", files=big, headers=auth)
        assert r.status_code == 413 and "max_upload_bytes" in r.json()["error"]

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
            for _ in range(100):
                yield b"x" * 100
            yield b"\r\n--b--\r\n"

        streamed = client.post(
            "/api/ingest",
            content=chunks(),
            headers={**auth, "Content-Type": "multipart/form-data; boundary=b"},
        )
        assert streamed.status_code == 413
        lying = client.post(
            "/api/ingest", content=b"a", headers={**auth, "Content-Length": "nonsense"}
        )
        assert lying.status_code in (400, 413)
        assert r.headers["content-security-policy"] == CSP
    assert g.documents() == []
    g.close()


@pytest.mark.slow
def test_web_ingest_with_the_token_stores_and_escapes(tmp_path: Path) -> None:
    client, g = client_with(tmp_path, write_token="s3cret")
    auth = {"Authorization": "Bearer s3cret"}
    with client:
        body = {"file": ("../../evil name.txt", HOSTILE.encode("utf-8"))}
        r = client.post("/api/ingest", files=body, headers=auth)
        assert r.status_code == 200, r.text
        (result,) = r.json()["results"]
        assert result["status"] == "kept" and result["doc_id"]
        assert "evil_name.txt" in result["origin"] and ".." not in result["origin"]
        # the origin is a file kept beside the store, not a deleted temporary path
        assert Path(result["origin"]).is_file()
        assert Path(result["origin"]).parent == tmp_path / "w.duckdb.uploads"
        again = client.post("/api/ingest", files=body, headers=auth).json()["results"][0]
        assert again["status"] == "duplicate"
        page = client.get(f"/document/{result['doc_id']}").text
        assert "&lt;script&gt;" in page and "<script>window" not in page
        assert "onerror=" not in page.replace("onerror=&#34;", "").replace("onerror=&quot;", "")
    g.close()


# -- concurrency -------------------------------------------------------------------------------
def test_web_eight_concurrent_clients_get_the_same_answers(web: Any) -> None:
    client, built, _ = web
    paths = ["/dyad/RUS/ISR.json", "/index.json", f"/document/{built['article'].id}.json"]
    expected = {p: client.get(p).json() for p in paths}
    errors: list[str] = []
    start = threading.Barrier(8)

    def worker() -> None:
        start.wait()
        for _ in range(5):
            for p in paths:
                r = client.get(p)
                if r.status_code != 200 or r.json() != expected[p]:
                    errors.append(f"{p}: {r.status_code}")

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    pool = client.app.state.pool  # type: ignore[attr-defined]
    assert 1 <= pool.peak <= pool.size  # most connections open at once (idle ones are closed)


def test_dyad_type_filter_is_checked(web: tuple[TestClient, dict[str, Any], Geostance]) -> None:
    """The docs promise 400 for a malformed filter; `type=bogus` used to answer 200."""
    client, _built, _g = web
    for bad in ("bogus", "5", "99"):
        r = client.get(f"/dyad/RUS/ISR?type={bad}")
        assert r.status_code == 400 and "QuadClass" in r.text, bad
    for good in ("2", "verbal-conflict", "11"):
        assert client.get(f"/dyad/RUS/ISR?type={good}").status_code == 200, good


def test_json_link_is_the_twin_on_this_site() -> None:
    from geostance.web.render import json_link

    assert json_link("/") == "/index.json"
    assert json_link("/dyad/RUS/PSE", "type=1") == "/dyad/RUS/PSE.json?type=1"
    assert json_link("//evil.example/x") == "/evil.example/x.json"
    assert json_link("/\\evil.example/x") == "/evil.example/x.json"
    assert json_link("/votes/") == "/votes.json"
    assert json_link("/nope", status=404) is None
