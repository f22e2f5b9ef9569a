"""`votes download` against a loopback HTTP server serving copies of the shared files."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from geostance.app import Geostance
from geostance.cli import cli
from geostance.errors import VotesError

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "unvotes"
FILES = ("unsc_vetoes_1946_sept2022.csv", "unga_palestine_gaza_votes_2023_2025.csv")
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared data missing: {SHARED}")


class RangeHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with single-range support (``bytes=N-``), as mirrors serve them."""

    requests: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        rng = self.headers.get("Range")
        RangeHandler.requests.append(f"{self.path} {rng}")
        path = Path(self.translate_path(self.path))
        if not rng or not path.is_file():
            return super().send_head()
        start = int(rng.split("=")[1].split("-")[0])
        data = path.read_bytes()
        if start >= len(data):
            self.send_response(416)
            self.end_headers()
            return None
        self.send_response(206)
        self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        import io

        return io.BytesIO(data[start:])


@pytest.fixture()
def mirror(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    root = tmp_path / "mirror"
    root.mkdir()
    lines = []
    for name in FILES:
        shutil.copy(SHARED / name, root / name)
        lines.append(f"{hashlib.sha256((root / name).read_bytes()).hexdigest()}  {name}")
    (root / "SHA256SUMS").write_text("\n".join(lines) + "\n")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(RangeHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    RangeHandler.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/", root
    server.shutdown()
    server.server_close()


def test_download_checks_sums_and_reports_progress(
    mirror: tuple[str, Path], tmp_path: Path
) -> None:
    url, root = mirror
    seen: list[tuple[str, int, int | None]] = []
    with Geostance(":memory:") as g:
        res = g.download_votes(tmp_path / "out", base_url=url, progress=lambda *a: seen.append(a))
        assert {r.name for r in res} == set(FILES) and all(r.verified for r in res)
        for name in FILES:
            assert (tmp_path / "out" / name).read_bytes() == (root / name).read_bytes()
        assert seen and seen[-1][1] == seen[-1][2]
        report = g.import_votes(tmp_path / "out")
        assert report.total_stored > 2000


def test_resume_partial_download(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, root = mirror
    out = tmp_path / "out"
    out.mkdir()
    name = FILES[1]
    full = (root / name).read_bytes()
    (out / (name + ".part")).write_bytes(full[:5000])
    with Geostance(":memory:") as g:
        res = g.download_votes(out, base_url=url, names=[name])
    assert res[0].resumed and res[0].verified
    assert (out / name).read_bytes() == full
    assert any("bytes=5000-" in r for r in RangeHandler.requests)


def test_checksum_mismatch_removes_file(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, root = mirror
    (root / "SHA256SUMS").write_text(f"{'0' * 64}  {FILES[0]}\n")
    with Geostance(":memory:") as g, pytest.raises(VotesError, match="checksum mismatch"):
        g.download_votes(tmp_path / "o", base_url=url)
    assert not (tmp_path / "o" / FILES[0]).exists()


def test_missing_file_and_no_url(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = mirror
    with Geostance(":memory:") as g:
        with pytest.raises(VotesError, match="HTTP 404"):
            g.download_votes(tmp_path / "o", base_url=url, names=["nope.csv"])
        with pytest.raises(VotesError, match="base-url"):
            g.download_votes(tmp_path / "o")
        with pytest.raises(VotesError, match="cannot reach"):
            g.download_votes(
                tmp_path / "o", base_url="http://127.0.0.1:9/", client=httpx.Client(timeout=2)
            )


def test_cli_download(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = mirror
    r = CliRunner().invoke(
        cli,
        [
            "votes",
            "download",
            "--dest",
            str(tmp_path / "d"),
            "--base-url",
            url,
            "--db",
            ":memory:",
            "--format",
            "csv",
        ],
    )
    assert r.exit_code == 0, r.output
    assert FILES[0] in r.output and (tmp_path / "d" / FILES[0]).exists()
