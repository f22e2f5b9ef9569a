"""Benchmark: p95 latency of the dashboard under concurrent clients.

Default (issue 6): builds a synthetic store of 10,000 documents and 100,000 events (written
straight into the tables, no model needed), serves it with ``geostance serve`` in a subprocess
on a free loopback port, and drives it with 8 httpx clients in threads. Prints p50/p95/max per
endpoint against the 300 ms target.

    .venv/bin/python bench/web.py [--docs 10000] [--events 100000] [--requests 200]

``--load`` (issue 13): serves a copy of the demo store (``make demo``) with writing on, visits
every page once (a dashboard in use), uploads a document (every cached page is now stale), then
sends a mix of every page, JSON twins and static files from 50 and then 200 clients, while a
probe fetches a static file every 0.2 s.
Prints p50/p95/max, the 5xx count, the probe's latency and the server's peak RSS, against
the targets: at 50 clients no 5xx and p95 <= 1 s; at 200 the server stays up and static
files answer in < 1 s; peak RSS <= 1 GB.

    .venv/bin/python bench/web.py --load [--demo demo-out/demo.duckdb] [--load-clients 50 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np
import pandas as pd

from geostance import config
from geostance.app import Geostance

TARGET_MS = 300.0
STATES = ["RUS", "PSE", "ISR", "USA", "CHN", "GBR", "FRA", "DEU", "IRN", "TUR", "EGY", "JOR",
          "SAU", "QAT", "IND", "BRA", "ZAF", "JPN", "UKR", "SYR"]  # fmt: skip
NAMES = {"RUS": "Russia", "PSE": "Palestine", "ISR": "Israel", "USA": "the United States",
         "CHN": "China"}  # fmt: skip
CODES = [  # (cameo, quad, goldstein, verb)
    ("043", 1, 2.8, "hosted"),
    ("057", 1, 8.0, "signed an agreement with"),
    ("070", 2, 7.0, "sent aid to"),
    ("111", 3, -2.0, "condemned"),
    ("130", 3, -4.4, "threatened"),
    ("190", 4, -10.0, "attacked"),
]


def build(path: Path, n_docs: int, n_events: int, seed: int = 7) -> None:
    """Write documents, sentences and events with offsets that point into each text."""
    rng = np.random.default_rng(seed)
    g = Geostance(settings=config.load(env={}, path=None, db=str(path)), read_only=False)
    con = g.store.con  # held for writing until close: a bulk load
    per_doc = max(1, n_events // n_docs)
    docs, sents, events = [], [], []
    start_day = dt.date(1995, 1, 1)
    for d in range(n_docs):
        day = start_day + dt.timedelta(days=int(rng.integers(0, 30 * 365)))
        parts, offsets, picks = [], [], []
        pos = 0
        for k in range(per_doc):
            # one event in twenty is RUS -> PSE (5,000 of 100,000): the busiest dyad by far
            if rng.random() < 0.05:
                src, tgt = "RUS", "PSE"
            else:
                src, tgt = rng.choice(STATES, size=2, replace=False)
            code = CODES[int(rng.integers(0, len(CODES)))]
            text = f"{NAMES.get(src, src)} {code[3]} {NAMES.get(tgt, tgt)} in report {d}-{k}."
            parts.append(text)
            offsets.append((pos, pos + len(text)))
            picks.append((str(src), str(tgt), code, text))
            pos += len(text) + 1
        body = " ".join(parts)
        doc_id = f"{d:016x}"
        docs.append((doc_id, f"bench/{d}.txt", "text", f"Bench report {d}", day, None, "bench",
                     body, d, None))  # fmt: skip
        for k, ((s, e), (src, tgt, code, text)) in enumerate(zip(offsets, picks, strict=True)):
            sents.append((doc_id, k, s, e, 0, text))
            verb_at = s + text.index(code[3])
            events.append({
                "id": f"{d:08x}{k:08x}", "doc_id": doc_id, "doc": f"bench/{d}.txt",
                "sentence": text, "sentence_start": s, "sentence_end": e, "source": src,
                "source_text": NAMES.get(src, src), "source_start": s,
                "source_end": s + len(NAMES.get(src, src)), "target": tgt,
                "target_text": NAMES.get(tgt, tgt), "target_start": None, "target_end": None,
                "trigger": code[3], "trigger_start": verb_at, "trigger_end": verb_at + len(code[3]),
                "cameo": code[0], "cameo_root": code[0][:2], "quad_class": code[1],
                "goldstein": code[2], "plover": "", "plover_mode": None,
                "negated": bool(rng.random() < 0.05), "modality": "asserted", "date": day,
                "date_end": None, "date_precision": "day", "date_method": "document",
                "confidence": 0.8, "coder": "bench", "attribution": None,
            })  # fmt: skip
    doc_cols = ["id", "origin", "kind", "title", "date", "url", "source", "text", "fingerprint",
                "duplicate_of"]  # fmt: skip
    doc_df = pd.DataFrame(docs, columns=doc_cols)
    con.register("doc_df", doc_df)
    con.execute(f"INSERT INTO documents ({', '.join(doc_cols)}) SELECT * FROM doc_df")
    sent_df = pd.DataFrame(sents, columns=["doc_id", "idx", "start", "end", "paragraph", "text"])
    con.register("sent_df", sent_df)
    con.execute(
        'INSERT INTO sentences (doc_id, idx, start, "end", paragraph, text) '
        'SELECT doc_id, idx, start, "end", paragraph, text FROM sent_df'
    )
    ev_df = pd.DataFrame(events)
    con.register("ev_df", ev_df)
    cols = ", ".join(ev_df.columns)
    con.execute(f"INSERT INTO events ({cols}) SELECT {cols} FROM ev_df")
    g.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path, port: int, token: str | None = None) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("geostance")
    cmd = [str(exe), "--db", str(db), "serve", "--port", str(port)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEOSTANCE_")}
    env["GEOSTANCE_CONFIG"] = os.devnull
    if token:
        env["GEOSTANCE_WRITE_TOKEN"] = token
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_up(base: str, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(base + "/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("server did not start in time")


def hammer(base: str, path: str, clients: int, total: int, budget: float) -> list[float]:
    """``total`` GETs of ``path`` spread over ``clients`` threads; latencies in ms."""
    times: list[float] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + budget
    per = max(1, total // clients)
    failures: list[str] = []

    def client() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            for _ in range(per):
                if time.monotonic() > stop_at:
                    return
                t0 = time.perf_counter()
                try:
                    r = c.get(path)
                except httpx.HTTPError as e:
                    failures.append(type(e).__name__)
                    continue
                ms = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    failures.append(f"{r.status_code}")
                with lock:
                    times.append(ms)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        print(f"  {len(failures)} non-200 answers for {path}: {sorted(set(failures))}")
    return times


def report(name: str, times: list[float]) -> bool:
    if not times:
        print(f"{name:<28} no answers in time")
        return False
    q = statistics.quantiles(times, n=100) if len(times) >= 2 else times * 99
    p50, p95 = statistics.median(times), q[94]
    ok = p95 <= TARGET_MS
    print(
        f"{name:<28} n={len(times):4d}  p50={p50:7.1f} ms  p95={p95:7.1f} ms  "
        f"max={max(times):7.1f} ms  target p95<={TARGET_MS:.0f} ms: {'ok' if ok else 'MISSED'}"
    )
    return ok


# -- issue 13: mixed load on the demo store after an upload ---------------------------------------
LOAD_P95_MS = 1000.0
STATIC_MS = 1000.0
PEAK_RSS_MB = 1024.0
UPLOAD = (
    "Geneva, 14 March 2025. Russia welcomed the ceasefire talks on Gaza and pledged aid to "
    "Palestine. China condemned the strikes on Rafah and called for a ceasefire.\n"
)
DYADS = ["RUS/PSE", "USA/ISR", "CHN/PSE", "RUS/ISR", "USA/PSE", "GBR/PSE", "FRA/PSE", "ISR/PSE",
         "RUS/USA", "CHN/USA"]  # fmt: skip
WORDS = ["ceasefire", "veto", "aid", "recognition", "settlements", "embassy", "resolution",
         "partition", "refugees", "sanctions"]  # fmt: skip


def mixed_paths(doc_id: str | None) -> list[str]:
    """One of every kind of page, JSON twin and static file, over a few arguments each."""
    paths = ["/", "/index.json", "/votes", "/votes.json", "/actor/RUS", "/actor/USA.json",
             "/static/style.css", "/static/app.js",
             "/ask?q=Does+Russia+support+Palestine%3F",
             "/ask.json?q=Does+China+support+Israel%3F"]  # fmt: skip
    for i, dyad in enumerate(DYADS):
        paths.append(f"/dyad/{dyad}" + (".json" if i % 2 else ""))
    for i, word in enumerate(WORDS):
        paths.append(f"/search{'.json' if i % 2 else ''}?q={word}")
    if doc_id:
        paths += [f"/document/{doc_id}", f"/document/{doc_id}.json"]
    return paths


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident memory (VmHWM), MB; None off Linux."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def mixed_load(base: str, paths: list[str], clients: int, total: int) -> dict[str, object]:
    """``total`` GETs spread over ``clients`` threads, each walking ``paths`` from its own
    offset; a probe fetches a static file every 0.2 s meanwhile."""
    times: list[float] = []
    by_path: dict[str, list[float]] = {}
    statuses: dict[str, int] = {}
    errors: list[str] = []
    probe: list[float] = []
    lock = threading.Lock()
    done = threading.Event()
    per = max(1, total // clients)
    start = threading.Barrier(clients + 1)

    def client(k: int) -> None:
        with httpx.Client(base_url=base, timeout=120) as c:
            start.wait()
            for i in range(per):
                path = paths[(k * 7 + i) % len(paths)]
                t0 = time.perf_counter()
                try:
                    r = c.get(path)
                except httpx.HTTPError as e:
                    with lock:
                        errors.append(type(e).__name__)
                    continue
                ms = (time.perf_counter() - t0) * 1000
                with lock:
                    times.append(ms)
                    by_path.setdefault(path, []).append(ms)
                    key = str(r.status_code)
                    statuses[key] = statuses.get(key, 0) + 1

    def prober() -> None:
        with httpx.Client(base_url=base, timeout=30) as c:
            while not done.is_set():
                t0 = time.perf_counter()
                try:
                    c.get("/static/style.css").raise_for_status()
                    probe.append((time.perf_counter() - t0) * 1000)
                except httpx.HTTPError as e:
                    errors.append(f"static probe: {type(e).__name__}")
                done.wait(0.2)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    probe_thread = threading.Thread(target=prober)
    t0 = time.perf_counter()
    start.wait()
    probe_thread.start()
    for t in threads:
        t.join()
    done.set()
    probe_thread.join()
    return {"times": times, "statuses": statuses, "errors": errors, "probe": probe,
            "seconds": time.perf_counter() - t0, "by_path": by_path}  # fmt: skip


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def pct(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def load_main(args: argparse.Namespace) -> bool:
    """Issue 13's load test; True when every target is met."""
    if not args.demo.exists():
        raise SystemExit(f"no demo store at {args.demo}; run `make demo` first")
    token = "bench-token"
    with tempfile.TemporaryDirectory(prefix="geostance-bench-load-") as tmp:
        db = Path(tmp) / "demo.duckdb"
        shutil.copy(args.demo, db)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = serve(db, port, token)
        ok = True
        try:
            wait_up(base, proc)
            if not args.cold:  # the dashboard in use before the upload: one visit each
                t0 = time.perf_counter()
                for path in mixed_paths(None):
                    httpx.get(base + path, timeout=300).raise_for_status()
                took = time.perf_counter() - t0
                print(f"first visit of every page, one at a time: {took:.1f} s")
            t0 = time.perf_counter()
            r = httpx.post(
                base + "/api/ingest",
                files={"file": ("geneva-talks.txt", UPLOAD.encode())},
                headers={"Authorization": f"Bearer {token}"},
                timeout=300,
            )
            r.raise_for_status()
            result = r.json()["results"][0]
            print(
                f"upload: {result['status']} {result.get('doc_id')} "
                f"({result.get('events')} events) in {time.perf_counter() - t0:.1f} s"
            )
            paths = mixed_paths(result.get("doc_id"))
            for clients in args.load_clients:
                total = max(args.load_requests, clients * 20)
                got = mixed_load(base, paths, clients, total)
                times = got["times"]
                probe = got["probe"]
                statuses = got["statuses"]
                errors = got["errors"]
                assert isinstance(times, list) and isinstance(probe, list)
                assert isinstance(statuses, dict) and isinstance(errors, list)
                five = sum(n for code, n in statuses.items() if code.startswith("5"))
                up = proc.poll() is None
                p95, probe_max = pct(times, 95), max(probe) if probe else float("nan")
                print(
                    f"{clients:>3} clients: {len(times)} answers in {got['seconds']:.1f} s, "
                    f"p50 {pct(times, 50):.0f} ms, p95 {p95:.0f} ms, max {max(times):.0f} ms; "
                    f"status {dict(sorted(statuses.items()))}; errors {len(errors)}"
                    f"{' ' + str(sorted(set(errors))) if errors else ''}; static probe "
                    f"p95 {pct(probe, 95):.0f} ms, max {probe_max:.0f} ms (n={len(probe)}); "
                    f"server up: {up}"
                )
                by_path = got["by_path"]
                assert isinstance(by_path, dict)
                slowest = sorted(by_path.items(), key=lambda kv: -max(kv[1]))[:4]
                print("    slowest: " + ", ".join(f"{p} {max(t):.0f} ms" for p, t in slowest))
                static = [t for p, ts in by_path.items() if p.startswith("/static/") for t in ts]
                print(
                    f"    static files among the clients' requests: n={len(static)}, "
                    f"p95 {pct(static, 95):.0f} ms, max {max(static, default=0):.0f} ms"
                )
                if clients <= 50:
                    met = five == 0 and not errors and p95 <= LOAD_P95_MS
                    print(f"    target no 5xx, p95 <= {LOAD_P95_MS:.0f} ms: {verdict(met)}")
                else:
                    met = up and probe_max < STATIC_MS
                    print(f"    target up, static < {STATIC_MS:.0f} ms: {verdict(met)}")
                ok = ok and met
            rss = peak_rss_mb(proc.pid)
            if rss is not None:
                met = rss <= PEAK_RSS_MB
                print(f"server peak RSS {rss:.0f} MB (target <= {PEAK_RSS_MB:.0f}): {verdict(met)}")
                ok = ok and met
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"all targets met: {ok}")
    return ok


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200, help="per endpoint")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--budget", type=float, default=90.0, help="seconds per endpoint at most")
    ap.add_argument("--db", type=Path, default=None, help="keep (or reuse) the store at this path")
    ap.add_argument("--load", action="store_true", help="issue 13: mixed load on the demo store")
    ap.add_argument("--demo", type=Path, default=Path("demo-out/demo.duckdb"))
    ap.add_argument("--load-clients", type=int, nargs="+", default=[50, 200])
    ap.add_argument("--load-requests", type=int, default=1000, help="per client count")
    ap.add_argument("--cold", action="store_true", help="no visit before the upload")
    args = ap.parse_args()
    if args.load:
        raise SystemExit(0 if load_main(args) else 1)
    with tempfile.TemporaryDirectory(prefix="geostance-bench-web-") as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        if not db.exists():
            t0 = time.perf_counter()
            build(db, args.docs, args.events)
            took = time.perf_counter() - t0
            print(f"store: {args.docs} documents, {args.events} events built in {took:.1f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = serve(db, port)
        try:
            wait_up(base, proc)
            endpoints = {
                "dyad page /dyad/RUS/PSE": "/dyad/RUS/PSE",
                "dyad JSON": "/dyad/RUS/PSE.json",
                "ask page": "/ask?q=Does+Russia+support+Palestine%3F",
                "ask JSON": "/ask.json?q=Does+Russia+support+Palestine%3F",
                "map page /map?target=PSE": "/map?target=PSE",
                "map JSON": "/map.json?target=PSE",
            }
            for name, path in endpoints.items():  # cold: first request builds the page dict
                t0 = time.perf_counter()
                httpx.get(base + path, timeout=120).raise_for_status()
                print(
                    f"{name:<28} cold (first request) {1000 * (time.perf_counter() - t0):7.1f} ms"
                )
            results = []
            for name, path in endpoints.items():
                times = hammer(base, path, args.clients, args.requests, args.budget)
                results.append(report(name, times))
            print(
                f"{args.clients} concurrent clients on loopback; all within target: {all(results)}"
            )
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


if __name__ == "__main__":
    main()
