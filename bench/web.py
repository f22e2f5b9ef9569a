"""Benchmark: p95 latency of the dyad page and of ``ask`` under 8 concurrent clients.

Builds a synthetic store of 10,000 documents and 100,000 events (written straight into the
tables, no model needed), serves it with ``geostance serve`` in a subprocess on a free
loopback port, and drives it with 8 httpx clients in threads. Prints p50/p95/max per
endpoint against the 300 ms target.

    .venv/bin/python bench/web.py [--docs 10000] [--events 100000] [--requests 200]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
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
    g = Geostance(settings=config.load(env={}, path=None, db=str(path)))
    con = g.store.con
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


def serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("geostance")
    cmd = [str(exe), "--db", str(db), "serve", "--port", str(port)]
    env = {**os.environ, "GEOSTANCE_CONFIG": os.devnull}
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=200, help="per endpoint")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--budget", type=float, default=90.0, help="seconds per endpoint at most")
    ap.add_argument("--db", type=Path, default=None, help="keep (or reuse) the store at this path")
    args = ap.parse_args()
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
