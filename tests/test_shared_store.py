"""One store, many users (issue 13): the dashboard, the CLI and writers share one file.

DuckDB lets many processes read a file, or one process write it. These tests pin the design
written up in ``docs/schema.md``: readers never hold the write lock; a writer waits for
readers, and a server lets go of the file as soon as one waits; the full-text index is built
by the writer, atomically, and never by a reader; the server builds each page once however
many clients ask, keeps static files apart from database waits, and cuts off slow clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from geostance import config
from geostance.app import Geostance
from geostance.errors import StoreError
from geostance.models import Document, Sentence
from geostance.store import WRITE_LINGER, Store, write_intent_path
from geostance.store.search import FTS_STATE
from geostance.web import PageCache, create_app
from geostance.web.server import HeaderTimeoutH11

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

GEOSTANCE = Path(sys.executable).with_name("geostance")
SRC = str(Path(__file__).resolve().parents[1] / "src")


def doc_id(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()[:16]


def doc(name: str, text: str | None = None) -> tuple[Document, list[Sentence]]:
    body = text or f"Chile thanked Peru for the {name} accord."
    d = Document(id=doc_id(name), text=body, origin=f"{name}.txt", title=name)
    return d, [Sentence(d.id, 0, 0, len(body), body)]


def add(store: Store, name: str, text: str | None = None) -> str:
    d, sents = doc(name, text)
    assert store.add_document(d, sents, [])
    return d.id


def run_py(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Python in another process, with this checkout's sources."""
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


WRITER = """
import hashlib, sys, time
from geostance.store import Store
from geostance.models import Document, Sentence
path, name = sys.argv[1], sys.argv[2]
t0 = time.monotonic()
with Store(path, shared=True, lock_wait=float(sys.argv[3])) as s:
    text = f"Peru thanked Chile for the {name} accord."
    d = Document(id=hashlib.sha1(name.encode()).hexdigest()[:16], text=text,
                 origin=f"{name}.txt", title=name)
    s.add_document(d, [Sentence(d.id, 0, 0, len(text), text)], [])
print(round(time.monotonic() - t0, 3))
"""


def write_elsewhere(path: Path, name: str, *, wait: float = 30) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": SRC}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), name, str(wait)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


# -- the store ---------------------------------------------------------------------------------
def test_shared_store_reads_beside_other_readers_and_lets_writers_in(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    s = Store(path, shared=True)
    add(s, "first")
    assert s.counts()["documents"] == 1  # a read: the file is open read-only now
    other = run_py(
        "import sys; from geostance.store import Store\n"
        "with Store(sys.argv[1], shared=True) as r: print(r.counts()['documents'])",
        str(path),
    )
    assert other.returncode == 0, other.stderr
    assert other.stdout.strip() == "1"  # two readers at once
    writer = write_elsewhere(path, "second")
    deadline = time.monotonic() + 20
    while not s.write_wanted() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert s.write_wanted()  # the writer waits for our read connection, and says so
    s.release()
    out, err = writer.communicate(timeout=60)
    assert writer.returncode == 0, err
    assert not write_intent_path(path).exists()
    assert s.counts()["documents"] == 2  # reopened on use, sees the new document
    s.close()


def test_a_burst_of_writes_opens_the_file_once_then_lets_go(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "burst.duckdb"
    s = Store(path, shared=True)
    opened: list[bool] = []
    connect = Store._connect

    def counted(self: Store, *, write: bool) -> Any:
        opened.append(write)
        return connect(self, write=write)

    monkeypatch.setattr(Store, "_connect", counted)
    for i in range(5):  # the documents an ingest stores after coding a batch
        add(s, f"burst{i}")
    assert opened == [True]
    time.sleep(WRITE_LINGER + 0.5)
    assert s._con is None  # the burst is over: the file is free
    add(s, "late")
    reader = run_py(  # arrives while the writer lingers: it is let in at once
        "import sys; from geostance.store import Store\n"
        "with Store(sys.argv[1], shared=True, lock_wait=5) as r: print(r.counts()['documents'])",
        str(path),
    )
    assert reader.returncode == 0, reader.stderr
    assert reader.stdout.strip() == "6"
    s.close()


def test_a_store_held_for_writing_elsewhere_is_busy_with_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "held.duckdb"
    Store(path).close()
    env = {**os.environ, "PYTHONPATH": SRC}
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from geostance.store import Store\n"
         "s = Store(sys.argv[1]); print('held', flush=True); time.sleep(30)", str(path)],
        stdout=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        t0 = time.monotonic()
        with pytest.raises(
            StoreError, match=r"busy: another process \(or connection\) holds it.*waited 0.3 s"
        ):
            Store(path, shared=True, lock_wait=0.3)
        assert time.monotonic() - t0 < 5
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_write_intent_counts_only_while_fresh(tmp_path: Path) -> None:
    path = tmp_path / "i.duckdb"
    s = Store(path, shared=True)
    intent = write_intent_path(path)
    assert not s.write_wanted()
    intent.touch()
    assert s.write_wanted()
    old = time.time() - 60
    os.utime(intent, (old, old))  # a writer killed while waiting leaves it behind
    assert not s.write_wanted()
    s.close()


def test_search_index_is_built_by_the_writer_never_by_a_reader(tmp_path: Path) -> None:
    path = tmp_path / "fts.duckdb"
    w = Store(path, shared=True)
    add(w, "first")
    state = w.query(f"SELECT signature FROM {FTS_STATE}")
    assert state and state[0][0] == w._fts_signature()  # built right after the write
    add(w, "second", "Peru welcomed the ceasefire.")  # moments later: left for release()
    assert w._search_stale
    w._close_con()  # as if this writer had died before building it
    before = Store(path, read_only=True)
    version = before.version()
    hits = before.search_sentences("ceasefire", 5, words=["ceasefire"])
    assert [h[0] for h in hits] == [doc_id("second")]  # plain word match meanwhile
    assert before.query(f"SELECT signature FROM {FTS_STATE}") == state  # not rebuilt
    before.close()
    with Store(path, read_only=True) as again:
        assert again.version() == version  # the read wrote nothing
    w.release()  # the writer builds it
    after = Store(path, read_only=True)
    assert after._fts_state() == after._fts_signature()
    hits = after.search_sentences("ceasefire", 5, words=["ceasefire"])
    assert hits[0][0] == doc_id("second") and hits[0][5] != 1  # a BM25 score now
    after.close()
    w.close()


def test_search_index_rebuild_never_drops_it_under_readers() -> None:
    """Regression: each pooled connection rebuilt the index with overwrite while others
    queried it, and 45 of 200 concurrent searches failed with 'match_bm25 does not exist'."""
    owner = Store(":memory:")
    for i in range(40):
        add(owner, f"d{i:02d}", f"Report {i}: Chile thanked Peru for the ceasefire {i}.")
    assert owner.refresh_search_index()
    errors: list[str] = []
    stop = threading.Event()

    def reader() -> None:
        cur = owner.cursor()
        try:
            while not stop.is_set():
                try:
                    assert cur.search_sentences("ceasefire", 5, words=["ceasefire"])
                except Exception as e:  # pragma: no cover - reported below
                    errors.append(repr(e))
        finally:
            cur.close()

    threads = [threading.Thread(target=reader) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        for i in range(6):
            add(owner, f"new{i}", f"Peru thanked Chile for the ceasefire talks {i}.")
            assert owner.refresh_search_index()
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    owner.close()


def test_facade_opens_a_file_shared_and_memory_held(tmp_path: Path) -> None:
    settings = config.load(env={}, path=None, db=str(tmp_path / "f.duckdb"))
    with Geostance(settings=settings) as g:
        assert g.store.shared
    with Geostance(settings=settings, read_only=True) as g:
        assert not g.store.shared and g.store.read_only
    with Geostance(":memory:") as g:
        assert not g.store.shared


# -- the web app -------------------------------------------------------------------------------
def stored(tmp_path: Path, *names: str) -> config.Settings:
    db = tmp_path / "web.duckdb"
    with Store(db) as s:
        for name in names:
            add(s, name)
    return config.load(env={}, path=None, db=str(db))


def test_web_search_writes_nothing_even_with_a_stale_index(tmp_path: Path) -> None:
    """Regression: a plain GET /search rebuilt the full-text index, writing the file."""
    settings = stored(tmp_path, "first", "second")
    held = Store(settings.db)
    held.con.execute(f"UPDATE {FTS_STATE} SET signature = 'stale'")
    held.con.close()  # closed without rebuilding, as a killed writer would leave it
    with Store(settings.db, read_only=True) as r:
        version = r.version()
    with TestClient(create_app(settings)) as client:
        r1 = client.get("/search.json?q=thanked+accord")
        assert r1.status_code == 200
        assert {h["doc_id"] for h in r1.json()["hits"]} >= {doc_id("first")}
    with Store(settings.db, read_only=True) as r:
        assert r.version() == version
        assert r.query(f"SELECT signature FROM {FTS_STATE}") == [("stale",)]


@contextlib.contextmanager
def unwritable(path: Path) -> Iterator[None]:
    """The file made unwritable: by its mode, or for root (whom modes do not stop) immutable."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("cannot make a file unwritable here (root without chattr)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)


def test_web_serves_a_store_it_may_read_but_not_write(tmp_path: Path) -> None:
    settings = stored(tmp_path, "first")
    with unwritable(Path(settings.db)):
        with pytest.raises(StoreError):
            Store(settings.db).close()  # writing is refused ...
        with TestClient(create_app(settings)) as client:  # ... reading is served
            assert client.get("/index.json").json()["recent_documents"][0]["id"] == doc_id("first")
            hits = client.get("/search.json?q=thanked").json()["hits"]
            assert [h["doc_id"] for h in hits] == [doc_id("first")]
            with pytest.raises(StoreError):
                client.app.state.pool.main.store.add_document(*doc("second"))  # type: ignore[attr-defined]


def test_web_app_lets_another_process_write_and_shows_it(tmp_path: Path) -> None:
    settings = stored(tmp_path, "first")
    with TestClient(create_app(settings)) as client:
        assert len(client.get("/index.json").json()["recent_documents"]) == 1
        writer = write_elsewhere(Path(settings.db), "second", wait=20)
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        deadline = time.monotonic() + 5
        seen: list[str] = []
        while time.monotonic() < deadline:
            seen = [d["id"] for d in client.get("/index.json").json()["recent_documents"]]
            if len(seen) == 2:
                break
            time.sleep(0.1)
        assert doc_id("second") in seen


def test_web_pool_lets_a_writer_in_under_steady_load(tmp_path: Path) -> None:
    settings = stored(tmp_path, *(f"d{i}" for i in range(5)))
    app = create_app(settings, pool_size=4)
    pool = app.state.pool
    stop = threading.Event()
    errors: list[str] = []
    served = [0]

    def reader() -> None:
        while not stop.is_set():
            try:
                with pool.borrow() as v:
                    v.store.counts()
                    time.sleep(0.01)
                served[0] += 1
            except Exception as e:  # pragma: no cover - reported below
                errors.append(repr(e))

    threads = [threading.Thread(target=reader) for _ in range(6)]
    for t in threads:
        t.start()
    try:
        time.sleep(0.3)
        writer = write_elsewhere(Path(settings.db), "late", wait=20)
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        assert float(out.strip()) < 10  # let in within seconds, not starved
        time.sleep(0.3)
    finally:
        stop.set()
        for t in threads:
            t.join()
        pool.close()
    assert errors == []
    assert served[0] > 0 and 1 <= pool.peak <= 4


def test_web_reader_keeps_its_vote_tables_until_votes_change(tmp_path: Path) -> None:
    """Requests share one reading facade (the UN votes loaded once for all); another
    process's document leaves it be, another process's vote import makes it afresh."""
    settings = stored(tmp_path, "first")
    app = create_app(settings)
    pool = app.state.pool
    with pool.borrow() as first:
        first.__dict__["_probe"] = 1  # stands for the vote tables a page loads
    writer = write_elsewhere(Path(settings.db), "second", wait=20)
    assert writer.wait(timeout=60) == 0
    with pool.borrow() as again:
        assert again is first
    with Store(settings.db, shared=True) as w, w.transaction() as con:
        con.execute("INSERT INTO vote_imports VALUES ('sum', 'votes.csv', 'unvotes', 1, 1, now())")
    with pool.borrow() as fresh:
        assert fresh is not first and "_probe" not in fresh.__dict__
        assert fresh.store.votes_version() == 1
    pool.close()


def test_web_upload_writes_through_a_shared_store(tmp_path: Path) -> None:
    """The app's own write goes through the same path as any writer: the pool lets go."""
    settings = stored(tmp_path, "first").replace(write_token="s3cret")
    app = create_app(settings)
    pool = app.state.pool
    with TestClient(app) as client:
        assert client.get("/index.json").status_code == 200
        d, sents = doc("upload")

        def store_it(main: Any) -> None:
            assert main.store.add_document(d, sents, [])

        with pool.borrow():  # a request still running when the write starts
            t = threading.Thread(target=lambda: store_it(pool.main))
            t.start()
            time.sleep(0.2)
            assert pool.main.store.write_wanted()
        t.join(timeout=30)
        assert not t.is_alive()
        assert d.id in recent_ids(client, wanted=d.id)


def recent_ids(client: TestClient, *, wanted: str, within: float = 5) -> list[str]:
    """The home page's documents, asked again until ``wanted`` shows (a page cached before a
    write is served once more while it is rebuilt)."""
    deadline = time.monotonic() + within
    while True:
        ids = [x["id"] for x in client.get("/index.json").json()["recent_documents"]]
        if wanted in ids or time.monotonic() > deadline:
            return ids
        time.sleep(0.05)


# -- the page cache ----------------------------------------------------------------------------
def test_page_cache_builds_each_key_once_however_many_ask() -> None:
    cache = PageCache(8)
    builds: list[str] = []

    async def build(key: str) -> dict[str, Any]:
        builds.append(key)
        await asyncio.sleep(0.05)
        return {"page": key}

    async def main() -> None:
        got = await asyncio.gather(
            *(cache.get(k, 1, lambda k=k: build(k)) for k in ["a"] * 50 + ["b"] * 50)
        )
        assert [g["page"] for g in got] == ["a"] * 50 + ["b"] * 50
        assert sorted(builds) == ["a", "b"]
        await cache.get("a", 1, lambda: build("a"))
        assert len(builds) == 2  # a hit
        await cache.get("a", 2, lambda: build("a"))
        assert len(builds) == 3  # the store changed: built again

    asyncio.run(main())


def test_page_cache_shares_an_error_and_keeps_nothing() -> None:
    cache = PageCache(8)
    calls = [0]

    async def boom() -> dict[str, Any]:
        calls[0] += 1
        await asyncio.sleep(0.02)
        raise ValueError("no")

    async def main() -> None:
        results = await asyncio.gather(
            *(cache.get("k", 1, boom) for _ in range(10)), return_exceptions=True
        )
        assert all(isinstance(r, ValueError) for r in results) and calls[0] == 1
        assert len(cache) == 0

    asyncio.run(main())


def test_page_cache_is_bounded_in_bytes() -> None:
    cache = PageCache(100, max_bytes=1000, weigh=len)

    async def main() -> None:
        for i in range(20):
            await cache.get(i, None, lambda: _value(b"x" * 300))
        assert cache.bytes <= 1000 and len(cache) == 3
        await cache.get("big", None, lambda: _value(b"x" * 5000))
        assert "big" not in cache._data

    asyncio.run(main())


async def _value(v: bytes) -> bytes:
    return v


# -- a real server: slow clients and static files ----------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def live(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The app on uvicorn in a thread, with short header and body deadlines."""
    import uvicorn

    settings = stored(tmp_path, "first").replace(write_token="s3cret")
    app = create_app(settings, body_timeout=0.5)
    port = free_port()
    protocol = type("ShortH11", (HeaderTimeoutH11,), {"header_timeout": 0.5})
    srv = uvicorn.Server(
        uvicorn.Config(app, port=port, http=protocol, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield {"base": f"http://127.0.0.1:{port}", "port": port}
    srv.should_exit = True
    thread.join(timeout=30)


def _raw(port: int, data: bytes, *, wait: float = 5) -> tuple[bytes, float]:
    """Send ``data`` and read until the server closes; the answer and the seconds it took."""
    t0 = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as s:
        s.sendall(data)
        chunks = []
        while True:
            try:
                chunk = s.recv(4096)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks), time.monotonic() - t0


def test_server_cuts_off_late_headers_and_late_bodies(live: dict[str, Any]) -> None:
    answer, took = _raw(live["port"], b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
    assert answer.startswith(b"HTTP/1.1 408") and took < 3
    body = (
        b"POST /api/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer s3cret\r\n"
        b"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000\r\n\r\n--b\r\n"
    )
    answer, took = _raw(live["port"], body)
    assert answer.startswith(b"HTTP/1.1 408") and took < 3
    assert b"not received within" in answer
    ok = httpx.get(live["base"] + "/static/style.css", timeout=5)
    assert ok.status_code == 200  # the server is still there


def test_static_files_do_not_wait_for_the_database(live: dict[str, Any], tmp_path: Path) -> None:
    base = live["base"]
    httpx.get(base + "/index.json", timeout=30).raise_for_status()  # cached from now on
    intent = write_intent_path(tmp_path / "web.duckdb")
    stop = threading.Event()

    def writer_waits() -> None:  # while a writer waits, no database view is lent
        while not stop.is_set():
            intent.touch()
            time.sleep(0.2)

    keeper = threading.Thread(target=writer_waits)
    keeper.start()
    targets = ["USA", "CHN", "FRA", "GBR", "DEU", "IND", "BRA", "ZAF", "JPN", "TUR", "EGY", "IRN"]
    slow = [
        threading.Thread(target=lambda t=t: httpx.get(f"{base}/dyad/RUS/{t}.json", timeout=30))
        for t in targets
    ]
    try:
        for t in slow:
            t.start()
        time.sleep(0.3)  # every database thread now waits for the writer
        t0 = time.monotonic()
        r = httpx.get(base + "/static/style.css", timeout=5)
        assert r.status_code == 200 and time.monotonic() - t0 < 1
        t0 = time.monotonic()
        cached = httpx.get(base + "/index.json", timeout=5)  # the store has not changed
        assert cached.status_code == 200 and time.monotonic() - t0 < 1
    finally:
        stop.set()
        keeper.join()
        intent.unlink(missing_ok=True)
    for t in slow:
        t.join(timeout=30)
        assert not t.is_alive()  # and the waiting pages are served once the writer is gone


# -- the done-when of issue 13: serve, ask, events and ingest at once ------------------------------
ARTICLE = (
    "Moscow, 9 October 2024. Russia condemned Israel over the strikes on Gaza. "
    "Russia pledged humanitarian aid to Palestine."
)
NEW_ARTICLE = (
    "Beijing, 3 March 2025. China signed a trade agreement with Brazil in Beijing. "
    "Brazil praised China for the agreement."
)


def cli(*args: str, db: Path, cwd: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEOSTANCE_")}
    env["GEOSTANCE_CONFIG"] = os.devnull
    return subprocess.Popen(
        [str(GEOSTANCE), "--db", str(db), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=cwd,
    )


def finish(proc: subprocess.Popen[str], what: str, timeout: float = 300) -> str:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, f"{what} failed ({proc.returncode}): {err[-2000:]}"
    return out


@pytest.mark.slow
def test_serve_ask_events_and_ingest_share_one_store(tmp_path: Path) -> None:
    db = tmp_path / "shared.duckdb"
    (tmp_path / "first.txt").write_text(ARTICLE, encoding="utf-8")
    finish(cli("ingest", str(tmp_path / "first.txt"), db=db, cwd=tmp_path), "first ingest")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = cli("serve", "--port", str(port), db=db, cwd=tmp_path)
    failures: list[str] = []
    stop = threading.Event()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert server.poll() is None, server.communicate()[1]
            try:
                if httpx.get(base + "/index.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)

        def browse() -> None:  # the dashboard in use the whole time
            ask = "/ask.json?q=Does+Russia+support+Palestine%3F"
            paths = ["/", "/index.json", "/dyad/RUS/ISR.json", "/search.json?q=aid", ask,
                     "/static/style.css"]  # fmt: skip
            with httpx.Client(base_url=base, timeout=30) as c:
                i = 0
                while not stop.is_set():
                    path = paths[i % len(paths)]
                    i += 1
                    try:
                        r = c.get(path)
                    except httpx.HTTPError as e:
                        failures.append(f"{path}: {e!r}")
                        continue
                    if r.status_code != 200:
                        failures.append(f"{path}: {r.status_code} {r.text[:200]}")

        browsers = [threading.Thread(target=browse) for _ in range(4)]
        for t in browsers:
            t.start()
        (tmp_path / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
        ingest = cli("ingest", str(tmp_path / "new.txt"), db=db, cwd=tmp_path)
        ask = cli("ask", "Does Russia support Palestine?", db=db, cwd=tmp_path)
        events = cli("events", "--source", "RUS", "--format", "jsonl", db=db, cwd=tmp_path)
        answer = finish(ask, "ask")
        assert "Russia" in answer
        rows = [json.loads(line) for line in finish(events, "events").splitlines() if line]
        assert rows and all(r["source"] == "RUS" for r in rows)
        finish(ingest, "ingest")
        done = time.monotonic()
        origins: list[str] = []
        while time.monotonic() - done < 5:
            home = httpx.get(base + "/index.json", timeout=5).json()
            origins = [d["origin"] for d in home["recent_documents"]]
            if any(o.endswith("new.txt") for o in origins):
                break
            time.sleep(0.1)
        assert any(o.endswith("new.txt") for o in origins), origins
        seen_after = time.monotonic() - done
        assert seen_after < 5
        hits = httpx.get(base + "/search.json?q=Brazil", timeout=10).json()["hits"]
        assert hits  # the writer rebuilt the index (or plain match) – the new text is found
        stop.set()
        for t in browsers:
            t.join(timeout=60)
        assert server.poll() is None
    finally:
        stop.set()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    assert failures == []
