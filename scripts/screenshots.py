"""Screenshots of the dashboard on the demo store, for docs/img/ and the README.

Serves the demo store (``make demo`` builds it) read-only on a free loopback port and takes a
full-page (or first-screen) PNG of the answer, dyad, actor, votes and map pages in Debian's
headless Chromium, driven by Playwright. Nothing leaves the machine: requests to any other
host are aborted and reported.

    .venv/bin/python scripts/screenshots.py [--db demo-out/demo.duckdb] [--out docs/img]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
PAGES = {  # file name: (path, full page?)
    "answer": ("/ask?q=Does+Russia+support+Palestine%3F", False),
    "dyad": ("/dyad/RUS/PSE", False),
    "actor": ("/actor/RUS", False),
    "votes": ("/votes", False),
    "map": ("/map?target=PSE&channel=votes", False),
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=Path("demo-out/demo.duckdb"))
    ap.add_argument("--out", type=Path, default=Path("docs/img"))
    ap.add_argument("--width", type=int, default=1280)
    ap.add_argument("--height", type=int, default=900)
    args = ap.parse_args()
    if not args.db.exists():
        print(f"{args.db}: no such store; run `make demo` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "geostance", "--db", str(args.db), "serve", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    refused: list[str] = []
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/static/style.css", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    print("the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.3)
        args.out.mkdir(parents=True, exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})

            def route(r: object) -> None:
                url = r.request.url  # type: ignore[attr-defined]
                if urlsplit(url).hostname == "127.0.0.1" or url.startswith("data:"):
                    r.continue_()  # type: ignore[attr-defined]
                else:
                    refused.append(url)
                    r.abort()  # type: ignore[attr-defined]

            page.route("**/*", route)
            for name, (path, full) in PAGES.items():
                response = page.goto(base + path, wait_until="networkidle", timeout=120_000)
                status = response.status if response else "?"
                page.wait_for_timeout(800)  # let the charts finish drawing
                target = args.out / f"{name}.png"
                page.screenshot(path=str(target), full_page=full)
                print(f"{name:<7} {path:<45} {status}  -> {target}")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    if refused:
        print("requests to other hosts (aborted):", *refused, sep="\n  ", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
