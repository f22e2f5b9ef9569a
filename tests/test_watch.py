"""``watch`` against feeds served by a real loopback HTTP server.

The server speaks ETag/If-None-Match and Last-Modified, can be told to answer 500s or
garbage for a while, and records every request, so the tests see what went over the wire.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import httpx
import pytest

from geostance import config
from geostance.app import Geostance
from geostance.errors import ConfigError
from geostance.scale import watch as w

REPO = Path(__file__).resolve().parents[1]

Entry = tuple[str, str, str]  # title, text, RFC 822 date


class FeedServer:
    """Feeds by path; a queue of faults per path; a log of (path, If-None-Match, status)."""

    def __init__(self) -> None:
        self.feeds: dict[str, list[Entry]] = {}
        self.next_feeds: dict[str, list[list[Entry]]] = {}  # served after each full answer
        self.faults: dict[str, list[str]] = {}
        self.ignore_etag: set[str] = set()
        self.requests: list[tuple[str, str | None, int]] = []
        self.hooks: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                status, headers, body = server.answer(self.path, self.headers.get("If-None-Match"))
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                with server.lock:
                    server.hooks.append(json.loads(self.rfile.read(length)))
                self.send_response(204)
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def answer(self, path: str, etag_in: str | None) -> tuple[int, dict[str, str], bytes]:
        with self.lock:
            fault = self.faults.get(path, [None]).pop(0) if self.faults.get(path) else None
            if fault == "500":
                self.requests.append((path, etag_in, 500))
                return 500, {"Content-Type": "text/plain"}, b"server is sad"
            if fault == "garbage":
                self.requests.append((path, etag_in, 200))
                blob = bytes(range(256)) * 40
                return 200, {"Content-Type": "application/rss+xml"}, blob
            if path not in self.feeds:
                self.requests.append((path, etag_in, 404))
                return 404, {"Content-Type": "text/plain"}, b"no such feed"
            body = rss(self.feeds[path])
            etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
            if etag_in == etag and path not in self.ignore_etag:
                self.requests.append((path, etag_in, 304))
                return 304, {"ETag": etag}, b""
            self.requests.append((path, etag_in, 200))
            if self.next_feeds.get(path):
                self.feeds[path] = self.next_feeds[path].pop(0)
            headers = {
                "Content-Type": "application/rss+xml; charset=utf-8",
                "ETag": etag,
                "Last-Modified": formatdate(usegmt=True),
            }
            return 200, headers, body

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def rss(entries: list[Entry]) -> bytes:
    items = "".join(
        f"<item><title>{escape(t)}</title><link>https://example.org/{i}</link>"
        f"<guid>https://example.org/{i}</guid><pubDate>{d}</pubDate>"
        f"<description>{escape(x)}</description></item>"
        for i, (t, x, d) in enumerate(entries)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Loopback News</title><link>https://example.org/</link>{items}</channel></rss>"
    ).encode()


DAY = "Tue, 02 Apr 2024 09:00:00 GMT"
NEWS: list[Entry] = [
    ("Strikes condemned", "Russia condemned the Israeli strikes on Gaza.", DAY),
    ("Aid sent", "Egypt sent humanitarian aid to Gaza through the Rafah crossing.", DAY),
    ("Talks", "Qatar mediated between Israel and Hamas over the hostages.", DAY),
]


WARM: list[Entry] = [
    ("Praise", "Russia praised Palestine for its restraint.", DAY),
    ("Backing", "Russia supported Palestine in the talks.", DAY),
]
COLD: list[Entry] = [
    ("Blame", "Russia condemned Palestine over the delay.", DAY),
    ("Critique", "Russia criticised Palestine for the delay.", DAY),
    ("Charge", "Russia accused Palestine of breaking its promise.", DAY),
    ("Rebuke", "Russia denounced Palestine after the vote.", DAY),
]


@pytest.fixture
def server() -> Iterator[FeedServer]:
    s = FeedServer()
    yield s
    s.close()


@pytest.fixture
def geo(tmp_path: Path, nlp: Any) -> Iterator[Geostance]:
    g = Geostance(settings=config.load(env={}, path=None, db=str(tmp_path / "w.duckdb"),
                                       allow_private=True))  # fmt: skip
    g.__dict__["nlp"] = nlp
    yield g
    g.close()


# -- pure parts --------------------------------------------------------------------------------
def test_durations_dyads_and_backoff() -> None:
    assert w.parse_duration("15m") == 900
    assert w.parse_duration("2h") == 7200
    assert w.parse_duration("500ms") == 0.5
    assert w.parse_duration(30) == 30
    for bad in ("", "soon", "-5s", "0", "1y"):
        with pytest.raises(ConfigError):
            w.parse_duration(bad)
    assert w.parse_dyad("rus:pse") == ("RUS", "PSE")
    for bad in ("RUS", ":PSE", "RUS:", ""):
        with pytest.raises(ConfigError):
            w.parse_dyad(bad)
    delays = [w.backoff_delay(n, 10, 100) for n in range(6)]
    assert delays == [10, 20, 40, 80, 100, 100]
    assert w.backoff_delay(10_000, 1, 50) == 50


def test_alert_tracker_compares_with_recent_mean() -> None:
    t = w.AlertTracker([("RUS", "PSE")], 0.3, "m", history=3)
    dyad = ("RUS", "PSE")
    assert t.observe(dyad, None, 0) is None
    assert t.observe(dyad, 0.5, 1) is None  # baseline
    assert t.observe(dyad, 0.6, 2) is None
    alert = t.observe(dyad, 0.0, 3)
    assert alert is not None and alert.change == pytest.approx(-0.55)
    assert alert.to_record()["alert"] == "stance_move"
    with pytest.raises(ConfigError):
        w.AlertTracker([dyad], -1, "m", 3)


def test_webhook_private_address_refused_unless_allowed() -> None:
    strict = config.load(env={}, path=None)
    with pytest.raises(ConfigError, match="private"):
        w.check_webhook("http://127.0.0.1:9/hook", strict)
    for bad in ("ftp://example.org/x", "not a url", "http:///nohost"):
        with pytest.raises(ConfigError):
            w.check_webhook(bad, strict)
    assert w.check_webhook("http://127.0.0.1:9/hook", strict.replace(allow_private=True))


# -- against the loopback server ------------------------------------------------------------------
def test_new_entries_ingested_once_and_304_honoured(server: FeedServer, geo: Geostance) -> None:
    server.feeds["/news.xml"] = list(NEWS[:2])
    lines: list[str] = []

    def log(line: str) -> None:
        lines.append(line)
        if len(lines) == 1:  # after the first cycle, the feed gains an entry
            server.feeds["/news.xml"].append(NEWS[2])

    report = geo.watch([server.url("/news.xml")], every=0.05, cycles=4, log=log)
    assert report.stopped == "cycles" and report.cycles == 4
    assert [c.new for c in report.logs] == [2, 1, 0, 0]
    assert [c.not_modified for c in report.logs] == [0, 0, 1, 1]
    assert report.duplicate == 2  # the two old entries, seen again in cycle 2
    assert geo.store.counts()["documents"] == 3
    sent = [etag for path, etag, _ in server.requests if path == "/news.xml"]
    assert sent[0] is None and all(sent[1:])  # validators sent back after the first fetch
    assert [s for p, _, s in server.requests if p == "/news.xml"] == [200, 200, 304, 304]
    assert all(line.startswith(f"cycle {i + 1} ") for i, line in enumerate(lines))
    assert "not modified" in lines[-1]


def test_server_ignoring_etag_stores_nothing_twice(server: FeedServer, geo: Geostance) -> None:
    server.feeds["/same.xml"] = list(NEWS)
    server.ignore_etag.add("/same.xml")
    report = geo.watch([server.url("/same.xml")], every=0.02, cycles=3)
    assert [c.new for c in report.logs] == [3, 0, 0]
    assert report.duplicate == 6
    assert geo.store.counts()["documents"] == 3


def test_errors_and_garbage_back_off_then_recover(server: FeedServer, geo: Geostance) -> None:
    server.feeds["/flaky.xml"] = [NEWS[0]]
    server.faults["/flaky.xml"] = ["500", "500"]
    server.feeds["/junk.xml"] = [NEWS[1]]
    server.faults["/junk.xml"] = ["garbage"]
    urls = [server.url("/flaky.xml"), server.url("/junk.xml"), server.url("/gone.xml")]
    report = geo.watch(urls, every=0.02, cycles=12, backoff_cap=0.1)
    assert report.cycles == 12
    assert report.logs[0].failed == 3 and report.logs[0].waiting == 3
    assert report.new == 2
    assert geo.store.counts()["documents"] == 2
    flaky = [s for p, _, s in server.requests if p == "/flaky.xml"]
    assert flaky[:3] == [500, 500, 200]
    assert any(s == 304 for s in flaky[3:])  # and then it is polled conditionally again
    gone = [s for p, _, s in server.requests if p == "/gone.xml"]
    assert len(gone) < len(flaky)  # the feed that keeps failing is polled less often
    assert report.logs[-1].waiting == 1


def test_alert_fires_when_the_dyad_moves(server: FeedServer, geo: Geostance) -> None:
    server.feeds["/stance.xml"] = list(WARM)
    seen: list[w.Alert] = []

    def log(line: str) -> None:
        if line.startswith("cycle 1 "):
            server.feeds["/stance.xml"] += COLD

    report = geo.watch(
        [server.url("/stance.xml")],
        every=0.02,
        cycles=2,
        alerts=["RUS:PSE"],
        threshold=0.3,
        notify=seen.append,
        webhook=server.url("/hook"),
        log=log,
    )
    level = geo.watch_level("RUS", "PSE")
    assert level is not None and level < 0.3
    assert len(report.alerts) == 1 and seen == report.alerts
    alert = report.alerts[0]
    assert (alert.source, alert.target, alert.cycle) == ("RUS", "PSE", 2)
    assert alert.change < -0.3 and alert.level == pytest.approx(level)
    assert server.hooks == [json.loads(json.dumps(alert.to_record()))]


def test_no_alert_below_threshold(server: FeedServer, geo: Geostance) -> None:
    server.feeds["/calm.xml"] = [NEWS[0]]
    report = geo.watch(
        [server.url("/calm.xml")], every=0.02, cycles=2, alerts=["RUS:ISR"], threshold=0.3
    )
    assert report.alerts == []


def test_watch_bad_arguments(geo: Geostance) -> None:
    with pytest.raises(ConfigError, match="no feed"):
        geo.watch([], cycles=1)
    with pytest.raises(ConfigError, match="cycles"):
        geo.watch(["http://127.0.0.1:9/x"], cycles=0)
    with pytest.raises(ConfigError, match="dyad"):
        geo.watch(["http://127.0.0.1:9/x"], alerts=["RUSPSE"], cycles=1)


def test_watch_stops_when_stop_is_set(server: FeedServer, geo: Geostance) -> None:
    server.feeds["/s.xml"] = [NEWS[0]]
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    report = geo.watch([server.url("/s.xml")], every=3600, stop=stop)
    assert report.stopped == "stop" and report.cycles == 1


SCRIPT = """
import sys
from geostance.cli import cli
from geostance.cli import scale
if "watch" not in cli.commands:
    scale.register(cli)
cli(sys.argv[1:], obj={})
"""


def test_sigterm_stops_the_command_cleanly(server: FeedServer, tmp_path: Path) -> None:
    server.feeds["/t.xml"] = [NEWS[0]]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEOSTANCE_")}
    args = [
        sys.executable, "-c", SCRIPT, "--db", str(tmp_path / "t.duckdb"),
        "watch", server.url("/t.xml"), "--every", "300ms", "--allow-private",
    ]  # fmt: skip
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if sum(1 for p, _, _ in server.requests if p == "/t.xml") >= 2:
                break
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        assert proc.poll() is None, proc.communicate()[1]
        proc.send_signal(signal.SIGTERM)
        _out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "cycle 1 " in err and "stopped (stop)" in err
    with Geostance(settings=config.load(env={}, path=None, db=str(tmp_path / "t.duckdb"))) as g:
        assert g.store.counts()["documents"] == 1


def test_replay_transport_serves_fetched_body_once() -> None:
    inner = httpx.MockTransport(lambda r: httpx.Response(200, text="net", headers={"ETag": '"1"'}))
    t = w.WatchTransport(inner)
    t.replay["http://h.example/feed"] = ("application/rss+xml", b"cached")
    with httpx.Client(transport=t) as c:
        assert c.get("http://h.example/feed").content == b"cached"
        assert c.get("http://h.example/feed").content == b"net"
    assert t.validators["http://h.example/feed"] == ('"1"', None)


def test_cli_prints_alerts_as_json_lines(server: FeedServer, tmp_path: Path) -> None:
    import click
    from click.testing import CliRunner

    from geostance.cli import scale

    @click.group()
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        ctx.ensure_object(dict)
        ctx.obj["settings"] = config.load(env={}, path=None, db=str(tmp_path / "c.duckdb"))

    scale.register(cli)
    server.feeds["/cli.xml"] = list(WARM)
    server.next_feeds["/cli.xml"] = [WARM + COLD]
    url = server.url("/cli.xml")
    args = ["watch", url, "--every", "50ms", "--cycles", "2", "--alert", "RUS:PSE"]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 0 and "private/loopback" in refused.stderr
    result = CliRunner().invoke(cli, [*args, "--allow-private"])
    assert result.exit_code == 0, result.output
    alerts = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(a["source"], a["target"], a["cycle"]) for a in alerts] == [("RUS", "PSE", 2)]
    assert "cycle 1 " in result.stderr and "stopped (cycles)" in result.stderr
    bad = CliRunner().invoke(cli, ["watch", url, "--every", "soon"])
    assert bad.exit_code == 1 and "30s, 15m" in bad.output
