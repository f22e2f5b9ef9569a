"""Facade methods that bring the UN voting files into the store and read them back.

``VotesDataMixin`` is the base of ``VotesMixin``: ``import_votes`` (validate, then store each
file in one transaction; a ``VotesImportReport``), ``download_votes`` (the functions of
``votes_download.py``), and the cached reads every other votes method works on (every roll
call and vote, the roll calls alone, the vote-topic table), with ``SEAT_OF`` / ``_seat``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pandas as pd

from geostance.app.votes_download import (
    DEFAULT_FILES,
    DownloadResult,
    _download_library,
    _download_one,
    _fetch_sums,
)
from geostance.errors import VotesError
from geostance.measures import vote_topics as vt
from geostance.sources import unvotes as src

if TYPE_CHECKING:
    from geostance.config import Settings
    from geostance.store import Store

SEAT_OF: dict[str, str] = {"SUN": "RUS"}
"""Gazetteer actors whose UN seat the vote files store under another id (USSR -> RUS)."""


@dataclass
class VotesImportReport:
    """What ``import_votes`` did, per file: format, rows read, rows stored, warnings."""

    files: list[src.FileReport] = field(default_factory=list)
    stored: dict[str, int] = field(default_factory=dict)
    skipped_files: list[str] = field(default_factory=list)
    #: Files that could not be imported, with the error naming the line and the fix.
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def total_stored(self) -> int:
        return sum(self.stored.values())

    def as_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "path": f.path,
                    "format": f.format,
                    "rows": f.rows,
                    "stored": self.stored.get(f.path, 0),
                    "already_imported": f.path in self.skipped_files,
                    "warnings": len(f.warnings),
                }
                for f in self.files
            ]
            + [
                {
                    "path": p,
                    "format": "(not imported)",
                    "rows": 0,
                    "stored": 0,
                    "already_imported": False,
                    "warnings": 0,
                    "error": err,
                }
                for p, err in self.failed.items()
            ]  # fmt: skip
        )


class VotesDataMixin:
    """UN roll calls in the store: import, download, and the cached reads."""

    store: Store
    settings: Settings
    _votes_cache: dict[str, pd.DataFrame] | None = None

    # -- import / download -----------------------------------------------------------------
    def import_votes(self, *paths: str | Path) -> VotesImportReport:
        """Validate and store voting files; a directory means every CSV (or .csv.gz) in it.

        Each file is validated whole and then written in one transaction: a bad file stores
        nothing, its error goes into ``report.failed`` and the batch carries on with the next
        file. When every file fails, the first error is raised (``VotesError``). Re-importing
        the same bytes stores nothing.
        """
        files = _expand(paths)
        report = VotesImportReport()
        try:
            for path in files:
                try:
                    self._import_one(path, report)
                except VotesError as e:
                    report.failed[str(path)] = str(e)
        finally:
            self._votes_cache = None
            for key in ("_toward_cache", "_toward_rows_cache", "_rollcalls_cache"):
                self.__dict__.pop(key, None)
        if report.failed and len(report.failed) == len(files):
            raise VotesError(next(iter(report.failed.values())))
        return report

    def _import_one(self, path: Path, report: VotesImportReport) -> None:
        cap = int(getattr(self.settings, "max_file_bytes", 500_000_000)) * 5
        data = src.read_bytes(path, max_bytes=cap)
        if self.store.vote_import_seen(src.checksum(data)):
            report.files.append(src.FileReport(str(path), "(already imported)", src.checksum(data)))
            report.skipped_files.append(str(path))
            return
        parsed = src.parse_bytes(str(path), data)
        stored = self.store.add_vote_file(
            path=str(path),
            format=parsed.report.format,
            checksum=parsed.report.checksum,
            rows=parsed.report.rows,
            tables=parsed.tables,
        )
        report.files.append(parsed.report)
        report.stored[str(path)] = stored

    def download_votes(
        self,
        dest: str | Path,
        *,
        base_url: str | None = None,
        client: httpx.Client | None = None,
        names: Sequence[str] | None = None,
        progress: Callable[[str, int, int | None], None] | None = None,
    ) -> list[DownloadResult]:
        """Fetch voting files into ``dest``, resuming partial downloads.

        Without ``base_url``: the UN Digital Library's GA and SC voting data, the CSV files at
        the ``votes_ga_url`` and ``votes_sc_url`` settings. The library publishes no checksums,
        so the SHA-256 of each file fetched is recorded in ``dest/SHA256SUMS`` (``MANIFEST``) and
        a later download of the same file is checked against it.

        With ``base_url``: a mirror folder holding the CSV files and, ideally, ``SHA256SUMS`` in
        the ``sha256sum`` format; each file is checked against it. Either way a partial
        ``NAME.part`` is resumed with an HTTP Range request, ``names`` picks files by name, and
        ``progress(name, done, total)`` is called as bytes arrive.
        """
        own = client is None
        http = client or httpx.Client(
            timeout=float(getattr(self.settings, "fetch_timeout", 20.0)),
            headers={"User-Agent": str(getattr(self.settings, "user_agent", "geostance"))},
            follow_redirects=True,
        )
        out = Path(dest)
        try:
            if not base_url:
                keys = ("votes_ga_url", "votes_sc_url")
                urls = [str(getattr(self.settings, k, "") or "").strip() for k in keys]
                return _download_library(http, [u for u in urls if u], out, names, progress)
            base = base_url.rstrip("/") + "/"
            sums = _fetch_sums(http, base)
            wanted = list(names or (sums.keys() if sums else DEFAULT_FILES))
            out.mkdir(parents=True, exist_ok=True)
            results = []
            for n in wanted:
                r = _download_one(http, base + n, n, out, sums.get(n), progress)
                results.append(replace(r, check="SHA256SUMS" if r.verified else "none"))
            return results
        finally:
            if own:
                http.close()

    # -- data access -----------------------------------------------------------------------
    def _votes_data(self) -> dict[str, pd.DataFrame]:
        """Every roll call and every vote in memory: what the all-states measures (agreement
        matrices, ideal points, positions, vetoes) work on. Costly (~1.8M rows on the shared
        data), so the per-state paths (``votes_toward``, ``compare_votes``) do not use it."""
        cache = getattr(self, "_votes_cache", None)
        if cache is None:
            rc = self._rollcalls()
            if rc.empty:
                raise VotesError(
                    f"no UN roll calls in {self.store.path}; fix: run geostance votes import "
                    "PATH with the UN voting files you have (or fetch them with geostance votes "
                    "download)"
                )
            cache = {"rollcalls": rc, "votes": self.store.votes_df()}
            self._votes_cache = cache
        return cache

    def _rollcalls(self) -> pd.DataFrame:
        """All roll calls (dates as ``datetime.date``), cached for the life of the facade.

        Small (one row per resolution, ~16k on the shared data) and enough to choose and sign
        the roll calls about a target; an empty store is not cached, so a later import shows.
        """
        rc: pd.DataFrame | None = self.__dict__.get("_rollcalls_cache")
        if rc is None:
            rc = self.store.rollcalls_df()
            if rc.empty:
                return rc
            rc["date"] = pd.to_datetime(rc["date"]).dt.date
            self.__dict__["_rollcalls_cache"] = rc
        return rc

    def _topic_table(self) -> tuple[vt.TopicRule, ...]:
        """The packaged vote-topic table with the user's file (setting votes_topics_file)."""
        return vt.rules(str(getattr(self.settings, "votes_topics_file", "") or "") or None)


def _seat(state: str) -> str:
    s = state.strip().upper()
    return SEAT_OF.get(s, s)


def _expand(paths: Sequence[str | Path]) -> list[Path]:
    if not paths:
        raise VotesError("no files given; fix: geostance votes import PATH... (files or folders)")
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(x for x in p.iterdir() if x.name.endswith((".csv", ".csv.gz")))
            if not found:
                raise VotesError(f"{p}, line 0: no .csv or .csv.gz files in this folder")
            out.extend(found)
        else:
            out.append(p)
    return out
