"""Keep watching feeds: poll, ingest what is new, back off on errors, alert on stance moves.

Why it is built this way:

* **Conditional requests.** Each feed's ``ETag`` and ``Last-Modified`` are sent back as
  ``If-None-Match`` / ``If-Modified-Since``; a ``304 Not Modified`` costs one request and no
  parsing. The fetch itself is ``sources.fetch`` (timeouts, size cap, private addresses
  refused unless allowed, every redirect checked); a small transport adds the validators.
* **One fetch, then the ordinary ingest.** A changed feed is handed to the facade's
  ``ingest`` through a client whose transport replays the body just fetched, so feed
  parsing, ``--follow`` and the store's duplicate check (a document id is a hash of its
  text) are exactly those of ``geostance ingest``: an entry seen twice is stored once.
* **Backoff.** A feed that fails (unreachable, HTTP 5xx, garbage) is retried after
  ``every * 2**failures`` seconds, capped at ``backoff_cap``; one success resets it.
* **A clean stop.** The loop sleeps on a ``threading.Event``; SIGTERM/SIGINT set it
  (``stop_on_signals``), so the current cycle finishes its document and the loop returns.
* **Alerts.** After a cycle that stored new documents, each watched dyad's level is
  measured (a callable from the facade) and compared with the mean of its last few levels;
  a move larger than ``threshold`` is an ``Alert`` (a JSON line, or a POST to a webhook).

This module does no storing: the facade passes ``ingest`` and ``level`` callables.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

import httpx

from geostance import config
from geostance.errors import ConfigError, FetchError, GeostanceError, SourceError
from geostance.models import IngestResult

IngestFn = Callable[[str, httpx.Client], Sequence[IngestResult]]
LevelFn = Callable[[str, str], "float | None"]
PollStatus = Literal["new", "not_modified", "failed"]

#: Default cap on the backoff of a failing feed, seconds (6 hours).
BACKOFF_CAP = 6 * 3600.0
#: Levels kept per dyad; the "recent level" is their mean.
HISTORY = 5
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$", re.IGNORECASE)
_UNIT = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_duration(text: str | float) -> float:
    """Seconds from ``"15m"``, ``"30s"``, ``"2h"``, ``"1d"``, ``"500ms"`` or a number of seconds."""
    if isinstance(text, int | float):
        seconds = float(text)
    else:
        m = _DURATION.match(text)
        if not m:
            raise ConfigError(f"duration {text!r} is not understood; write e.g. 30s, 15m, 2h or 1d")
        seconds = float(m.group(1)) * _UNIT[(m.group(2) or "s").lower()]
    if seconds <= 0:
        raise ConfigError(f"duration {text!r} must be more than zero")
    return seconds


def parse_dyad(text: str) -> tuple[str, str]:
    """``"RUS:PSE"`` -> ``("RUS", "PSE")``."""
    source, sep, target = text.partition(":")
    if not sep or not source.strip() or not target.strip():
        raise ConfigError(f"alert {text!r} is not a dyad; write SOURCE:TARGET such as RUS:PSE")
    return source.strip().upper(), target.strip().upper()


def backoff_delay(failures: int, every: float, cap: float) -> float:
    """Seconds to wait after ``failures`` failures in a row: ``every * 2**failures``, capped."""
    if failures <= 0:
        return every
    return min(cap, every * 2.0 ** min(failures, 32))


# -- state and results -------------------------------------------------------------------------
@dataclasses.dataclass
class FeedState:
    """What the watcher remembers of one feed between cycles."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    next_at: float = 0.0
    last: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Poll:
    """The outcome of polling one feed once."""

    url: str
    status: PollStatus
    kept: int = 0
    duplicate: int = 0
    failed: int = 0
    reason: str | None = None


@dataclasses.dataclass(frozen=True, slots=True)
class Alert:
    """A watched dyad's level moved by more than the threshold against its recent level."""

    source: str
    target: str
    level: float
    recent: float
    change: float
    threshold: float
    cycle: int
    at: str
    method: str

    def to_record(self) -> dict[str, Any]:
        rec: dict[str, Any] = {"alert": "stance_move"}
        rec.update(dataclasses.asdict(self))
        for k in ("level", "recent", "change"):
            rec[k] = round(rec[k], 4)
        return rec


@dataclasses.dataclass(frozen=True, slots=True)
class CycleLog:
    """One cycle, summarised; ``line()`` is the log line."""

    cycle: int
    at: str
    polled: int
    not_modified: int
    failed: int
    new: int
    duplicate: int
    alerts: int
    waiting: int
    next_in: float

    def line(self) -> str:
        return (
            f"cycle {self.cycle} at {self.at}: polled {self.polled} feed(s), "
            f"{self.not_modified} not modified, {self.failed} failed, {self.waiting} backing off; "
            f"{self.new} new document(s), {self.duplicate} duplicate; {self.alerts} alert(s); "
            f"next in {_seconds(self.next_in)}"
        )


@dataclasses.dataclass
class WatchReport:
    """Totals over a watch run, and why it stopped (``cycles`` done or ``signal``/``stop``)."""

    cycles: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    not_modified: int = 0
    alerts: list[Alert] = dataclasses.field(default_factory=list)
    logs: list[CycleLog] = dataclasses.field(default_factory=list)
    stopped: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "cycles": self.cycles,
            "new": self.new,
            "duplicate": self.duplicate,
            "failed": self.failed,
            "not_modified": self.not_modified,
            "alerts": [a.to_record() for a in self.alerts],
            "stopped": self.stopped,
        }


# -- the transport -------------------------------------------------------------------------------
def _key(url: httpx.URL, host: str | None = None) -> str:
    netloc = host or url.netloc.decode("ascii")
    return f"{url.scheme}://{netloc}{url.raw_path.decode('ascii')}"


class WatchTransport(httpx.BaseTransport):
    """Adds conditional headers to feed requests and replays a body fetched a moment ago.

    Requests are keyed by scheme, ``Host`` header and path, so the pinned requests of
    ``sources.fetch`` (which connect to a checked IP address) match the feed URL.
    """

    def __init__(self, inner: httpx.BaseTransport | None = None) -> None:
        self.inner = inner or httpx.HTTPTransport()
        self.conditional: dict[str, tuple[str | None, str | None]] = {}
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self.status: dict[str, int] = {}
        self.replay: dict[str, tuple[str, bytes]] = {}

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        key = _key(request.url, request.headers.get("host"))
        if key in self.replay:
            content_type, body = self.replay.pop(key)
            return httpx.Response(
                200, headers={"content-type": content_type}, content=body, request=request
            )
        etag, modified = self.conditional.get(key, (None, None))
        if etag:
            request.headers["If-None-Match"] = etag
        if modified:
            request.headers["If-Modified-Since"] = modified
        response = self.inner.handle_request(request)
        self.status[key] = response.status_code
        if response.status_code == 200:
            self.validators[key] = (
                response.headers.get("etag"),
                response.headers.get("last-modified"),
            )
        return response

    def close(self) -> None:
        self.inner.close()


def make_watch_client(
    settings: config.Settings, inner: httpx.BaseTransport | None = None
) -> tuple[httpx.Client, WatchTransport]:
    """A client like ``sources``' own (no redirects followed blindly, no proxy variables)."""
    transport = WatchTransport(inner)
    client = httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(settings.fetch_timeout),
        headers={"User-Agent": settings.user_agent},
        follow_redirects=False,
        trust_env=False,
    )
    return client, transport


# -- polling ------------------------------------------------------------------------------------
def poll_feed(
    state: FeedState,
    *,
    settings: config.Settings,
    client: httpx.Client,
    transport: WatchTransport,
    ingest: IngestFn,
) -> Poll:
    """Fetch one feed conditionally; ingest it when it changed. Never raises GeostanceError."""
    from geostance.sources import fetch

    key = _key(httpx.URL(state.url))
    transport.conditional[key] = (state.etag, state.last_modified)
    transport.status.pop(key, None)
    transport.validators.pop(key, None)
    try:
        page = fetch(state.url, settings=settings, client=client)
    except (GeostanceError, httpx.HTTPError, ValueError) as e:
        return Poll(state.url, "failed", reason=_reason(e))
    if transport.status.get(key) == 304:
        return Poll(state.url, "not_modified")
    etag, modified = transport.validators.get(key, (None, None))
    transport.replay[key] = (page.content_type or "application/octet-stream", page.content)
    try:
        results = ingest(state.url, client)
    except GeostanceError as e:
        return Poll(state.url, "failed", reason=_reason(e))
    finally:
        transport.replay.pop(key, None)
    kept = sum(r.status in ("kept", "linked") for r in results)
    dup = sum(r.status == "duplicate" for r in results)
    bad = [r for r in results if r.status in ("failed", "empty")]
    if bad and not kept and not dup:
        return Poll(state.url, "failed", failed=len(bad), reason=bad[0].reason)
    state.etag, state.last_modified = etag, modified
    return Poll(state.url, "new", kept=kept, duplicate=dup, failed=len(bad))


def _reason(e: BaseException) -> str:
    if isinstance(e, SourceError):
        return e.reason
    return str(e) or type(e).__name__


# -- alerts ------------------------------------------------------------------------------------
class AlertTracker:
    """Per dyad, the last ``HISTORY`` levels; a level that moves more than the threshold
    from their mean is an alert. The first level is the baseline and never alerts.
    """

    def __init__(
        self, dyads: Sequence[tuple[str, str]], threshold: float, method: str, history: int
    ) -> None:
        if threshold < 0:
            raise ConfigError(f"threshold {threshold} must be 0 or more (e.g. 0.3)")
        self.threshold = threshold
        self.method = method
        self.levels: dict[tuple[str, str], deque[float]] = {
            d: deque(maxlen=max(1, history)) for d in dyads
        }

    def observe(self, dyad: tuple[str, str], level: float | None, cycle: int) -> Alert | None:
        if level is None:
            return None
        seen = self.levels[dyad]
        alert = None
        if seen:
            recent = sum(seen) / len(seen)
            change = level - recent
            if abs(change) > self.threshold:
                alert = Alert(
                    dyad[0], dyad[1], level, recent, change, self.threshold, cycle, _now(),
                    self.method,
                )  # fmt: skip
        seen.append(level)
        return alert


def check_webhook(url: str, settings: config.Settings) -> str:
    """Refuse a webhook that is not http(s) or (unless allowed) points at a private address."""
    from geostance.sources.web import checked_address

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, ValueError, TypeError) as e:
        raise ConfigError(f"webhook {url!r} is not a URL ({e}); give http(s)://host/path") from None
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise ConfigError(f"webhook {url!r} must be an http(s) URL with a host")
    if not settings.allow_private:
        try:
            checked_address(parsed)
        except FetchError as e:
            raise ConfigError(f"webhook {url}: {e.reason}") from None
    return url


def webhook_notifier(
    url: str,
    settings: config.Settings,
    *,
    log: Callable[[str], None],
    transport: httpx.BaseTransport | None = None,
) -> Callable[[Alert], None]:
    """POST each alert as JSON to ``url``; a failed POST is logged, never fatal."""
    check_webhook(url, settings)

    def notify(alert: Alert) -> None:
        try:
            with httpx.Client(
                transport=transport,
                timeout=settings.fetch_timeout,
                follow_redirects=False,
                trust_env=False,
                headers={"User-Agent": settings.user_agent},
            ) as c:
                r = c.post(url, json=alert.to_record())
            if r.status_code >= 400:
                log(f"webhook {url} answered HTTP {r.status_code}; alert kept in the log")
        except httpx.HTTPError as e:
            log(f"webhook {url} failed ({e}); alert: {json.dumps(alert.to_record())}")

    return notify


# -- the loop ------------------------------------------------------------------------------------
def run_watch(
    feeds: Sequence[str],
    *,
    settings: config.Settings,
    ingest: IngestFn,
    every: float = 900.0,
    level: LevelFn | None = None,
    alerts: Sequence[tuple[str, str]] = (),
    threshold: float = 0.3,
    method: str = "",
    notify: Callable[[Alert], None] | None = None,
    log: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    cycles: int | None = None,
    backoff_cap: float = BACKOFF_CAP,
    history: int = HISTORY,
    transport: httpx.BaseTransport | None = None,
    idle: Callable[[], None] | None = None,
) -> WatchReport:
    """Poll ``feeds`` every ``every`` seconds until ``stop`` is set or ``cycles`` are done.

    ``ingest(url, client)`` stores a feed's documents (the facade's ``ingest``);
    ``level(source, target)`` measures a dyad for ``alerts``. ``transport`` replaces the
    network transport (tests may pass one; the loopback server needs ``allow_private``).
    ``idle()`` is called before each wait (the facade's ``store.release``: the store file is
    not held while the watcher sleeps, so the dashboard and the CLI can write it).
    """
    if not feeds:
        raise ConfigError("no feed given; name one or more feed URLs to watch")
    if cycles is not None and cycles < 1:
        raise ConfigError(f"cycles {cycles} must be 1 or more (or left out to run until stopped)")
    every = parse_duration(every)
    stop = stop or threading.Event()
    say = log or (lambda _line: None)
    states = [FeedState(url) for url in dict.fromkeys(feeds)]
    tracker = AlertTracker(list(dict.fromkeys(alerts)), threshold, method, history)
    report = WatchReport()
    client, watch_transport = make_watch_client(settings, transport)
    with client:
        if level is not None:
            for dyad in tracker.levels:
                tracker.observe(dyad, level(*dyad), 0)
        while not stop.is_set():
            report.cycles += 1
            log_line = _cycle(
                report, states, tracker, settings, client, watch_transport, ingest, level,
                notify, every, backoff_cap, say,
            )  # fmt: skip
            report.logs.append(log_line)
            say(log_line.line())
            if cycles is not None and report.cycles >= cycles:
                report.stopped = "cycles"
                break
            if idle is not None:
                with contextlib.suppress(GeostanceError):
                    idle()
            stop.wait(log_line.next_in)
        else:
            report.stopped = "stop"
    if stop.is_set() and report.stopped != "cycles":
        report.stopped = "stop"
    return report


def _cycle(
    report: WatchReport,
    states: list[FeedState],
    tracker: AlertTracker,
    settings: config.Settings,
    client: httpx.Client,
    transport: WatchTransport,
    ingest: IngestFn,
    level: LevelFn | None,
    notify: Callable[[Alert], None] | None,
    every: float,
    backoff_cap: float,
    say: Callable[[str], None],
) -> CycleLog:
    now = time.monotonic()
    due = [s for s in states if s.next_at <= now]
    counts = {"new": 0, "duplicate": 0, "failed": 0, "not_modified": 0}
    for state in due:
        poll = poll_feed(
            state, settings=settings, client=client, transport=transport, ingest=ingest
        )
        if poll.status == "failed":
            state.failures += 1
            state.etag = state.last_modified = None
            counts["failed"] += 1
        else:
            state.failures = 0
            counts["not_modified"] += poll.status == "not_modified"
        state.last = poll.reason or poll.status
        delay = backoff_delay(state.failures, every, backoff_cap)
        state.next_at = time.monotonic() + delay
        if poll.status == "failed":
            say(
                f"feed {state.url} failed ({state.failures} in a row; next try in "
                f"{_seconds(delay)}): {poll.reason}"
            )
        counts["new"] += poll.kept
        counts["duplicate"] += poll.duplicate
    fired = []
    if level is not None and counts["new"]:
        for dyad in tracker.levels:
            alert = tracker.observe(dyad, level(*dyad), report.cycles)
            if alert is not None:
                fired.append(alert)
                if notify:
                    notify(alert)
    report.new += counts["new"]
    report.duplicate += counts["duplicate"]
    report.failed += counts["failed"]
    report.not_modified += counts["not_modified"]
    report.alerts.extend(fired)
    wake = min(s.next_at for s in states)
    return CycleLog(
        cycle=report.cycles,
        at=_now(),
        polled=len(due),
        not_modified=counts["not_modified"],
        failed=counts["failed"],
        new=counts["new"],
        duplicate=counts["duplicate"],
        alerts=len(fired),
        waiting=sum(s.failures > 0 for s in states),
        next_in=max(0.0, wake - time.monotonic()),
    )


def _seconds(value: float) -> str:
    return f"{value:.0f}s" if value >= 10 else f"{value:.1f}s"


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@contextlib.contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[threading.Event]:
    """Set ``stop`` on SIGTERM or SIGINT while the block runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    previous = {}

    def handler(signum: int, _frame: Any) -> None:
        stop.set()

    for sig in (signal.SIGTERM, signal.SIGINT):
        previous[sig] = signal.signal(sig, handler)
    try:
        yield stop
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
