"""`votes download` against loopback HTTP servers: a mirror serving copies of the shared files,
and the default source (the UN Digital Library's voting CSVs) pointed at loopback by its
settings, serving the sample files of ``tests/data/votes``. Nothing reaches the internet."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import socket
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
SAMPLES = Path(__file__).resolve().parent / "data" / "votes"
LIBRARY = {
    "2025_7_23_ga_voting.csv": "record/4060887/files",
    "2025_7_21_sc_voting.csv": "record/4055387/files",
}
"""The sample files and the folders the library serves such files from."""


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


def _serve(root: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), partial(RangeHandler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    RangeHandler.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture()
def mirror(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    if not SHARED.is_dir():
        pytest.skip(f"shared data missing: {SHARED}")
    root = tmp_path / "mirror"
    root.mkdir()
    lines = []
    for name in FILES:
        shutil.copy(SHARED / name, root / name)
        lines.append(f"{hashlib.sha256((root / name).read_bytes()).hexdigest()}  {name}")
    (root / "SHA256SUMS").write_text("\n".join(lines) + "\n")
    for url in _serve(root):
        yield url, root


@pytest.fixture()
def library(tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    """A loopback stand-in for digitallibrary.un.org: the settings that point the default
    source at it, and its root folder. It publishes no SHA256SUMS, as the library does not."""
    root = tmp_path / "library"
    for name, folder in LIBRARY.items():
        (root / folder).mkdir(parents=True)
        shutil.copy(SAMPLES / name, root / folder / name)
    for url in _serve(root):
        ga, sc = (f"{url}{folder}/{name}" for name, folder in LIBRARY.items())
        yield {"votes_ga_url": ga, "votes_sc_url": sc}, root


def _served(root: Path, name: str) -> Path:
    return root / LIBRARY[name] / name


def _free_port() -> int:
    """A loopback port with nothing listening on it (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


def test_missing_file_and_unreachable_mirror(mirror: tuple[str, Path], tmp_path: Path) -> None:
    url, _ = mirror
    with Geostance(":memory:") as g:
        with pytest.raises(VotesError, match="HTTP 404"):
            g.download_votes(tmp_path / "o", base_url=url, names=["nope.csv"])
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


# -- the default source: the UN Digital Library's voting CSVs ---------------------------------
def test_default_source_fetches_records_sums_and_imports(
    library: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    urls, root = library
    out = tmp_path / "unvotes"
    seen: list[tuple[str, int, int | None]] = []
    with Geostance(tmp_path / "v.duckdb", **urls) as g:
        res = g.download_votes(out, progress=lambda *a: seen.append(a))
        assert [r.name for r in res] == list(LIBRARY)
        assert all(r.check == "recorded" and not r.verified and not r.resumed for r in res)
        assert {r.url for r in res} == set(urls.values())
        manifest = (out / "SHA256SUMS").read_text()
        for name in LIBRARY:
            data = (out / name).read_bytes()
            assert data == _served(root, name).read_bytes()
            assert f"{hashlib.sha256(data).hexdigest()}  {name}\n" in manifest
        assert seen and seen[-1][1] == seen[-1][2]
        assert not list(out.glob("*.part"))
        report = g.import_votes(out)  # the manifest is not a CSV file: not read
        assert sorted(f.format for f in report.files) == ["undl_ga_voting", "undl_sc_voting"]
        assert g.store.vote_counts()["rollcalls"] == 6


def test_redownload_is_checked_against_the_manifest(
    library: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    urls, root = library
    out = tmp_path / "unvotes"
    ga = next(iter(LIBRARY))
    with Geostance(":memory:", **urls) as g:
        first = {r.name: r.sha256 for r in g.download_votes(out)}
        RangeHandler.requests = []
        again = g.download_votes(out)
        assert all(r.check == "manifest" and r.verified for r in again)
        assert RangeHandler.requests == []  # verified on disk, nothing fetched
        (out / ga).write_bytes(b"damaged")
        fixed = g.download_votes(out, names=[ga])
        assert fixed[0].verified and fixed[0].sha256 == first[ga]
        assert (out / ga).read_bytes() == _served(root, ga).read_bytes()
        _served(root, ga).write_bytes(_served(root, ga).read_bytes() + b"\n")  # a new release
        (out / ga).unlink()
        with pytest.raises(VotesError) as e:
            g.download_votes(out, names=[ga])
    msg = str(e.value)
    assert "checksum mismatch" in msg and "SHA256SUMS" in msg and f"delete the {ga} line" in msg
    assert not (out / ga).exists() and not (out / (ga + ".part")).exists()


def test_default_source_resumes_a_partial_file(
    library: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    urls, root = library
    out = tmp_path / "unvotes"
    out.mkdir()
    sc = list(LIBRARY)[1]
    full = _served(root, sc).read_bytes()
    (out / (sc + ".part")).write_bytes(full[:1000])
    with Geostance(":memory:", **urls) as g:
        res = g.download_votes(out, names=[sc])
    assert res[0].resumed and res[0].check == "recorded" and res[0].bytes == len(full)
    assert (out / sc).read_bytes() == full
    assert any(sc in r and "bytes=1000-" in r for r in RangeHandler.requests)
    assert hashlib.sha256(full).hexdigest() in (out / "SHA256SUMS").read_text()


def test_offline_says_what_to_do(tmp_path: Path) -> None:
    port = _free_port()
    dead = f"http://127.0.0.1:{port}/record/4060887/files/2025_7_23_ga_voting.csv"
    with Geostance(":memory:", votes_ga_url=dead, votes_sc_url="", fetch_timeout=5.0) as g:
        with pytest.raises(VotesError) as e:
            g.download_votes(tmp_path / "o")
    msg = str(e.value)
    assert msg.startswith(f"cannot reach 127.0.0.1:{port}: ")
    assert "--base-url MIRROR" in msg and "geostance votes import" in msg
    assert not (tmp_path / "o" / "SHA256SUMS").exists()


def test_default_source_names_and_settings(
    library: tuple[dict[str, str], Path], tmp_path: Path
) -> None:
    urls, _ = library
    with Geostance(":memory:", **urls) as g:
        with pytest.raises(VotesError, match="no file 'nope.csv' among the UN Digital Library"):
            g.download_votes(tmp_path / "o", names=["nope.csv"])
    with Geostance(":memory:", votes_ga_url="", votes_sc_url="") as g:
        with pytest.raises(VotesError, match="votes_ga_url and votes_sc_url settings are empty"):
            g.download_votes(tmp_path / "o")
    with Geostance(":memory:", votes_ga_url=urls["votes_ga_url"] + "x", votes_sc_url="") as g:
        with pytest.raises(VotesError, match="HTTP 404.*copy the current link"):
            g.download_votes(tmp_path / "o")


def test_cli_download_default_source(library: tuple[dict[str, str], Path], tmp_path: Path) -> None:
    urls, _ = library
    args = [arg for k, v in urls.items() for arg in ("-s", f"{k}={v}")]
    dest = str(tmp_path / "d")
    cmd = [*args, "votes", "download", "--dest", dest, "--db", ":memory:", "--format", "csv"]
    r = CliRunner().invoke(cli, cmd)
    assert r.exit_code == 0, r.output
    assert "recorded SHA-256 of 2025_7_23_ga_voting.csv" in r.output
    assert "recorded" in r.output and (tmp_path / "d" / "SHA256SUMS").exists()
    again = CliRunner().invoke(cli, cmd)
    assert again.exit_code == 0 and "checked 2025_7_21_sc_voting.csv against" in again.output
