"""Fetching the UN voting files: from a mirror (checked against its ``SHA256SUMS``) or from
the UN Digital Library (checked against the ``SHA256SUMS`` an earlier download recorded).

Plain functions over an ``httpx.Client``: a partial ``NAME.part`` is resumed with an HTTP
Range request, every file is hashed, and a mismatch removes the partial file. The facade
method ``download_votes`` (``votes_data.py``) calls them; each file fetched is a
``DownloadResult``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx

from geostance.errors import VotesError

DEFAULT_FILES: tuple[str, ...] = (
    "unga_roll_calls_1946_2019.csv",
    "unga_votes_1946_2019.csv.gz",
    "unga_roll_call_issues_1946_2019.csv",
    "undl_records_1946_2021.csv",
    "undl_votes_1946_2021.csv.gz",
    "unga_palestine_gaza_votes_2023_2025.csv",
    "unsc_votes_1994_2025.csv.gz",
    "unsc_vetoes_1946_sept2022.csv",
    "voeten_idealpoints_yearly_jul2025.csv",
    "voeten_idealpoints_session_apr2020_all.csv",
    "usstate_voting_coincidence_with_us_2018_2024.csv",
)
"""The files ``votes download`` fetches from a mirror when it publishes no SHA256SUMS."""

OFFICIAL_SOURCES = (
    "Voeten, UNGA votes: https://doi.org/10.7910/DVN/LEJUQZ (Harvard Dataverse); "
    "UN Digital Library voting data: https://digitallibrary.un.org/record/4060887 (GA) and "
    "https://digitallibrary.un.org/record/4055387 (SC)"
)

MANIFEST = "SHA256SUMS"
"""Written in ``dest`` by ``votes download`` from the UN Digital Library, which publishes no
checksums: the SHA-256 of each file fetched (``sha256sum`` format), checked on later downloads."""

UNREACHABLE_FIX = (
    "check the network connection; or fetch the files from a mirror with geostance votes "
    "download --base-url MIRROR; or import the files you have with geostance votes import PATH"
)


@dataclass(frozen=True)
class DownloadResult:
    """One file fetched: where it went, its SHA-256, and what the SHA-256 was checked against
    (``check``: ``SHA256SUMS`` of a mirror, ``manifest`` recorded at an earlier download,
    ``recorded`` when this download wrote the manifest line, ``none``)."""

    name: str
    path: str
    bytes: int
    sha256: str
    resumed: bool
    verified: bool
    url: str = ""
    check: str = ""


def _fetch_sums(http: httpx.Client, base: str) -> dict[str, str]:
    try:
        r = http.get(base + "SHA256SUMS")
    except httpx.HTTPError as e:
        raise VotesError(f"{base}: cannot reach the mirror ({e}); fix: check --base-url") from None
    if r.status_code != 200:
        return {}
    return _parse_sums(r.text)


def _parse_sums(text: str) -> dict[str, str]:
    """``sha256sum`` lines (``DIGEST  NAME``) -> {name: digest}; other lines are skipped."""
    sums = {}
    for line in text.splitlines():
        parts = line.split()
        if len(parts) == 2 and len(parts[0]) == 64:
            sums[parts[1].lstrip("*")] = parts[0].lower()
    return sums


def _download_library(
    http: httpx.Client,
    urls: Sequence[str],
    dest: Path,
    names: Sequence[str] | None,
    progress: Callable[[str, int, int | None], None] | None,
) -> list[DownloadResult]:
    """The UN Digital Library's files, checked against (or recorded in) ``dest/MANIFEST``."""
    if not urls:
        raise VotesError(
            "no --base-url given and the votes_ga_url and votes_sc_url settings are empty; fix: "
            "set them to the links of the UN Digital Library's voting CSV files ("
            + OFFICIAL_SOURCES
            + "), or pass --base-url MIRROR"
        )
    files = {_file_name(u): u for u in urls}
    wanted = list(names or files)
    unknown = [n for n in wanted if n not in files]
    if unknown:
        raise VotesError(
            f"no file {unknown[0]!r} among the UN Digital Library files ({', '.join(files)}); "
            "fix: pass one of these with --file, or --base-url for a mirror's files"
        )
    dest.mkdir(parents=True, exist_ok=True)
    manifest = dest / MANIFEST
    try:
        recorded = _parse_sums(manifest.read_text(encoding="utf-8")) if manifest.exists() else {}
    except (OSError, UnicodeDecodeError) as e:
        raise VotesError(f"{manifest}: cannot read it ({e}); fix: delete it") from None
    results = []
    for name in wanted:
        mismatch = (
            f"the file differs from the one recorded in {manifest} at an earlier download; if "
            f"the library replaced it, delete the {name} line there and download again"
        )
        r = _download_one(
            http, files[name], name, dest, recorded.get(name), progress, mismatch_fix=mismatch
        )
        if r.verified:
            results.append(replace(r, check="manifest"))
            continue
        recorded[name] = r.sha256
        tmp = manifest.with_name(MANIFEST + ".tmp")
        tmp.write_text("".join(f"{d}  {n}\n" for n, d in sorted(recorded.items())), "utf-8")
        tmp.replace(manifest)
        results.append(replace(r, check="recorded"))
    return results


def _file_name(url: str) -> str:
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    if not name or name.startswith("."):
        raise VotesError(
            f"{url}: no file name in this URL; fix: set votes_ga_url / votes_sc_url to the link "
            "of a CSV file"
        )
    return name


def _download_one(
    http: httpx.Client,
    url: str,
    name: str,
    dest: Path,
    expected: str | None,
    progress: Callable[[str, int, int | None], None] | None,
    *,
    mismatch_fix: str = "download again",
) -> DownloadResult:
    if "/" in name or name.startswith("."):
        raise VotesError(f"{url}: refusing file name {name!r}; fix the mirror list")
    final, part = dest / name, dest / (name + ".part")
    if final.exists() and expected and _sha256(final) == expected:
        size = final.stat().st_size
        return DownloadResult(name, str(final), size, expected, False, True, url)
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    try:
        with http.stream("GET", url, headers=headers) as r:
            if r.status_code == 416:
                resumed = True
            elif r.status_code not in (200, 206):
                raise VotesError(
                    f"{url}: HTTP {r.status_code}; fix: check the mirror or the setting and the "
                    "file name (the UN Digital Library renames its files at each release: copy "
                    "the current link from the record page)"
                )
            else:
                resumed = r.status_code == 206
                if not resumed:
                    have = 0
                total = _total(r, have)
                with part.open("ab" if resumed else "wb") as f:
                    done = have
                    for chunk in r.iter_bytes(1 << 16):
                        f.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(name, done, total)
    except (httpx.ConnectError, httpx.ConnectTimeout) as e:
        raise VotesError(
            f"cannot reach {urlsplit(url).netloc or url}: {e}; fix: {UNREACHABLE_FIX}"
        ) from None
    except httpx.HTTPError as e:
        raise VotesError(
            f"{url}: download interrupted ({e}); fix: run the same command again to resume"
        ) from None
    digest = _sha256(part)
    if expected and digest != expected:
        part.unlink()
        raise VotesError(
            f"{url}: checksum mismatch (got {digest[:12]}..., expected "
            f"{expected[:12]}...); the partial file was removed; fix: {mismatch_fix}"
        )
    part.replace(final)
    size = final.stat().st_size
    return DownloadResult(name, str(final), size, digest, resumed, bool(expected), url)


def _total(r: httpx.Response, have: int) -> int | None:
    if r.status_code == 206:
        rng = r.headers.get("content-range", "")
        if "/" in rng and rng.rsplit("/", 1)[1].isdigit():
            return int(rng.rsplit("/", 1)[1])
    length = r.headers.get("content-length")
    return int(length) + (have if r.status_code == 206 else 0) if length else None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
