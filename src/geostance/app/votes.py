"""Facade methods for the UN votes channel (issue 4).

``VotesMixin`` is mixed into ``Geostance``, which provides ``self.store`` and ``self.settings``.
The methods read and write through the store and compute with the pure functions of
``geostance.measures.votes`` / ``idealpoints``; every result is a pandas DataFrame.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import httpx
import numpy as np
import pandas as pd

from geostance.errors import VotesError
from geostance.measures import idealpoints as ip
from geostance.measures import vote_topics as vt
from geostance.measures import votes as mv
from geostance.sources import unvotes as src

if TYPE_CHECKING:
    from geostance.config import Settings
    from geostance.store import Store

TOWARD_COLUMNS = ["date", "body", "symbol", "title", "vote", "sign", "url"]
TOWARD_CACHE_SIZE = 64
"""(state, target) pairs whose vote rows a facade keeps (a few thousand rows each)."""
SEAT_OF: dict[str, str] = {"SUN": "RUS"}
"""Gazetteer actors whose UN seat the vote files store under another id (USSR -> RUS)."""

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
class KeyVote:
    """One column of the analyst's comparison table."""

    label: str
    body: str
    ref: str


KEY_VOTES: dict[str, tuple[KeyVote, ...]] = {
    "palestine": (
        KeyVote("Status: observer State, GA Nov 2012", "GA", "A/RES/67/19"),
        KeyVote("Status: UN membership draft, SC Apr 2024", "SC", "S/2024/312"),
        KeyVote("Status: admission and added rights, GA May 2024", "GA", "A/RES/ES-10/23"),
        KeyVote("Settlements: SC resolution 2334, Dec 2016", "SC", "S/RES/2334(2016)"),
        KeyVote("Gaza: humanitarian truce, GA Oct 2023", "GA", "A/RES/ES-10/21"),
        KeyVote("Gaza: ceasefire draft, SC Oct 2023", "SC", "S/2023/773"),
        KeyVote("Gaza: ceasefire draft, SC Dec 2023", "SC", "S/2023/970"),
        KeyVote("Gaza: ceasefire demand, GA Dec 2023", "GA", "A/RES/ES-10/22"),
        KeyVote("Gaza: ceasefire draft, SC Feb 2024", "SC", "S/2024/173"),
        KeyVote("Gaza: Ramadan ceasefire, SC resolution 2728, Mar 2024", "SC", "S/RES/2728(2024)"),
        KeyVote("Gaza: ceasefire draft, SC Nov 2024", "SC", "S/2024/835"),
        KeyVote("Gaza: permanent ceasefire, GA Dec 2024", "GA", "A/RES/ES-10/26"),
    )
}
KEY_VOTES["gaza"] = tuple(k for k in KEY_VOTES["palestine"] if k.label.startswith("Gaza"))


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


class VotesMixin:
    """UN roll calls: import, agreement, positions, ideal points, vetoes."""

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

    # -- measures ----------------------------------------------------------------------------
    def agreement(
        self,
        a: str,
        b: str,
        *,
        by: str | None = "year",
        issue: str | None = None,
        convention: str = "voeten",
    ) -> pd.DataFrame:
        """Agreement of two states in the GA per year or session (``by=None``: overall)."""
        if convention not in mv.CONVENTIONS:
            raise VotesError(
                f"unknown convention {convention!r}; use one of {', '.join(mv.CONVENTIONS)}"
            )
        d = self._votes_data()
        rc = (
            mv.coincidence_rollcalls(d["rollcalls"])
            if convention == "statedept"
            else mv.canonical_rollcalls(d["rollcalls"], "GA")
        )
        return mv.agreement(
            d["votes"], rc, _seat(a), _seat(b), by=by, issue=issue, convention=convention,
            table=self._topic_table(),
        )  # fmt: skip

    def _topic_table(self) -> tuple[vt.TopicRule, ...]:
        """The packaged vote-topic table with the user's file (setting votes_topics_file)."""
        return vt.rules(str(getattr(self.settings, "votes_topics_file", "") or "") or None)

    def agreement_matrix(
        self,
        session: int | None = None,
        year: int | None = None,
        *,
        convention: str = "voeten",
        countries: Sequence[str] | None = None,
    ) -> pd.DataFrame:
        """All pairs of states at once for one session or year (or every GA vote)."""
        d = self._votes_data()
        rc = mv.canonical_rollcalls(d["rollcalls"], "GA")
        if session is not None:
            rc = rc[rc["session"] == session]
        if year is not None:
            rc = rc[rc["year"] == year]
        if rc.empty:
            raise VotesError(f"no GA roll calls for session={session} year={year}")
        votes = d["votes"][d["votes"]["rollcall"].isin(rc["id"])]
        m = mv.encode(votes, rollcalls=list(rc["id"]), countries=countries)
        half = convention == "statedept" and (year or 0) >= 2022
        return mv.agreement_matrix(m, convention, absent_as_half=half)

    def position(self, state: str, *, on: str) -> pd.DataFrame:
        """Per year: the state's votes on a topic (share yes, with the majority, in favour)."""
        d = self._votes_data()
        rc = pd.concat(
            [
                mv.canonical_rollcalls(d["rollcalls"], "GA"),
                mv.canonical_rollcalls(d["rollcalls"], "SC"),
            ]
        )
        table = self._topic_table()
        ga = mv.position(d["votes"], rc[rc["body"] == "GA"], _seat(state), on=on, table=table)
        ga.insert(0, "body", "GA")
        sc = mv.position(d["votes"], rc[rc["body"] == "SC"], _seat(state), on=on, table=table)
        sc.insert(0, "body", "SC")
        return (
            pd.concat([ga, sc], ignore_index=True)
            .sort_values(["year", "body"])
            .reset_index(drop=True)
        )

    def compare_votes(self, *states: str, on: str, limit: int = 60) -> pd.DataFrame:
        """The analyst's table: one row per vote of the topic, one column per state.

        Palestine and Gaza have a reviewed list of key votes; any other topic (the named
        topics of ``data/votes/topics.csv``, an issue code, or a word) lists every recorded
        final vote that matches it (one row per symbol, the newest ``limit``), with symbol,
        date and title. Cells are yes / no / abstain / absent, or "not a member" when the
        state had no seat (SC) or no record. ``.attrs["used"]`` says which roll calls.
        """
        if not states:
            raise VotesError("compare needs at least one state, e.g. RUS USA CHN")
        rc = self._rollcalls()
        if rc.empty:
            self._votes_data()  # raises the "no UN roll calls" error
        keys = KEY_VOTES.get(on.strip().lower())
        used = f"the reviewed key votes on {on}"
        if keys is None:
            keys, used = _topic_keys(rc, on, limit, self._topic_table())
        hits = {k: mv.find_symbol(rc, k.ref, k.body) for k in keys}
        ids = sorted({i for h in hits.values() for i in h["id"]})
        votes = self.store.votes_of([_seat(s) for s in states], rollcalls=ids)
        rows = []
        for k in keys:
            hit = hits[k]
            row: dict[str, Any] = {
                "vote_on": k.label,
                "body": k.body,
                "symbol": k.ref,
                "date": _day(hit.iloc[0]["date"]) if len(hit) else None,
            }
            for s in states:
                v = mv.vote_on(votes, list(hit["id"]), _seat(s)) if len(hit) else None
                row[s.upper()] = v if v else ("not recorded" if hit.empty else "not a member")
            rows.append(row)
        out = pd.DataFrame(rows)
        out.attrs["used"] = used
        return out

    def idealpoints(self, session: int | None = None) -> pd.DataFrame:
        """Our ideal points per session (GA, Voeten roll calls) beside the published ones."""
        d = self._votes_data()
        all_rc = d["rollcalls"]
        voeten = all_rc[(all_rc["body"] == "GA") & (all_rc["dataset"] == "voeten")]
        # Voeten's series as a whole (the published estimates use it), else the canonical one
        rc = voeten if len(voeten) else mv.canonical_rollcalls(all_rc, "GA")
        ours = ip.idealpoints(d["votes"], rc, session=session)
        pub = self.store.idealpoints_df(dataset="bsv_session", issue="all")
        if pub.empty:
            ours["published"] = np.nan
            return ours
        pub = pub.rename(columns={"period": "session", "idealpoint": "published"})
        pub = pub.groupby(["session", "country"], as_index=False)["published"].mean()
        return ours.merge(pub, on=["session", "country"], how="left")

    def idealpoint_validation(self) -> pd.DataFrame:
        """Per session: correlation of our ideal points with the published estimates."""
        ours = self.idealpoints()
        pub = self.store.idealpoints_df(dataset="bsv_session", issue="all")
        return ip.correlate(ours[["session", "country", "idealpoint"]], pub)

    def vetoes(self, by: str | None = None) -> pd.DataFrame:
        """Vetoes: counts per member (``by=None``), per year or topic (``by="year"``/
        ``"topic"``), or the list of one member's vetoes (``by="RUS"``)."""
        d = self._votes_data()
        rc = d["rollcalls"]
        sc = rc[(rc["body"] == "SC") & (rc["dataset"] == "unsc")]
        table = mv.vetoes_table(
            self.store.vetoes_df(), sc, d["votes"][d["votes"]["rollcall"].isin(sc["id"])]
        )
        if by is None:
            return mv.veto_counts(table, by="member")
        if by.lower() in ("year", "topic", "member"):
            return mv.veto_counts(table, by=by.lower())
        member = _seat(by)
        if member not in mv.P5 and member != "TWN":
            raise VotesError(
                f"{by!r} is not a permanent member; use one of {', '.join(mv.P5)}, or year / topic"
            )
        return table[table["member"] == member].reset_index(drop=True)

    def draft_votes(self, ref: str) -> pd.DataFrame:
        """Each member's vote on a draft or resolution; ``.attrs["record"]`` holds the
        record's facts (``draft_record``)."""
        record, votes = self.draft_record(ref)
        votes.attrs["record"] = record
        return votes

    def draft_record(self, ref: str) -> tuple[dict[str, Any], pd.DataFrame]:
        """A vote as the UN records it: symbol (and draft), date, body, title, tally,
        outcome (vetoed by whom), link; and the members' votes (country, name, vote).

        The record comes from the source that holds it most completely (the Security
        Council draft file, then the UN Digital Library, then Voeten); the tally is the
        record's, else counted from the votes. Raises VotesError for an unknown symbol.
        """
        rc = self._rollcalls()
        if rc.empty:
            self._votes_data()  # raises the "no UN roll calls" error
        hit = mv.find_symbol(rc, ref)
        if hit.empty:
            raise VotesError(
                f"no recorded vote on {ref!r}; give a symbol as the UN writes it, e.g. "
                "A/RES/ES-10/25, S/RES/2728(2024) or the draft S/2024/312"
            )
        r = hit.iloc[0]
        rows = self.store.query(
            "SELECT country, vote FROM un_votes WHERE rollcall = ? ORDER BY country", [r["id"]]
        )
        votes = pd.DataFrame(rows, columns=["country", "vote"])
        names = getattr(self, "_name", lambda x: x)
        votes.insert(1, "name", [names(c) for c in votes["country"]])
        facts = mv.vote_facts(r.to_dict(), {str(c): str(v) for c, v in rows})
        title = r.get("title")
        record = {
            "symbol": _text(r.get("symbol")) or None,
            "draft": _text(r.get("draft")) or None,
            "body": str(r["body"]),
            "date": _day(r.get("date")),
            "title": _text(title) or "title not in the data",
            "yes": facts.yes,
            "no": facts.no,
            "abstain": facts.abstain,
            "absent": facts.absent,
            "outcome": facts.outcome,
            "vetoed_by": list(facts.vetoed_by),
            "url": _text(r.get("url")) or None,
            # the document itself, by the UN's permanent symbol link
            "document": f"https://undocs.org/{_text(r.get('symbol')) or _text(r.get('draft'))}",
            "source": str(r["dataset"]),
        }
        return record, votes

    def votes_toward(
        self,
        source: str,
        target: str,
        *,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> pd.DataFrame:
        """Recorded votes of ``source`` on roll calls whose relation to ``target`` is known.

        One row per vote: date, body (GA/SC), symbol, title, vote, sign (+1 if a yes favours
        the target, -1 if it goes against it), url. The sign rule is ``measures.votes.relation``
        (docs/votes.md). Unknown targets give an empty frame with these columns.
        """
        empty = pd.DataFrame(columns=TOWARD_COLUMNS)
        if self._rollcalls().empty:
            return empty
        rows = self._toward_rows(_seat(source), target)
        if rows.empty:
            return empty
        dates = pd.to_datetime(rows["date"])
        keep = np.ones(len(rows), dtype=bool)
        if since:
            keep &= (dates >= pd.Timestamp(since)).to_numpy()
        if until:
            keep &= (dates <= pd.Timestamp(until)).to_numpy()
        if not keep.any():
            return empty
        return rows[keep].reset_index(drop=True)  # copy-on-write: the cache stays as it is

    def _toward_rows(self, seat: str, target: str) -> pd.DataFrame:
        """Every vote of ``seat`` on the roll calls about ``target``, sorted, undated ones last.

        Only this state's votes are read (``Store.votes_of``: DuckDB filters the ~1.8M rows),
        and the frame is kept for the ``TOWARD_CACHE_SIZE`` latest pairs, so an ``ask`` that
        compares five peers reads five small slices once; date windows are cut from it.
        """
        cache: OrderedDict[tuple[str, str], pd.DataFrame] = self.__dict__.setdefault(
            "_toward_rows_cache", OrderedDict()
        )
        key = (seat, target)
        hit = cache.get(key)
        if hit is not None:
            with contextlib.suppress(KeyError):  # web views may share the cache across threads
                cache.move_to_end(key)
            return hit
        rc = self._toward_rollcalls(target)
        mine = self.store.votes_of([seat], rollcalls=list(rc["id"])) if len(rc) else rc
        if mine.empty:
            out = pd.DataFrame(columns=TOWARD_COLUMNS)
        else:
            meta = rc.set_index("id")
            out = pd.DataFrame(
                {
                    "date": mine["rollcall"].map(meta["date"]),
                    "body": mine["rollcall"].map(meta["body"]),
                    "symbol": mine["rollcall"].map(meta["symbol"].fillna(meta["draft"])),
                    "title": mine["rollcall"].map(meta["title"]),
                    "vote": mine["vote"],
                    "sign": mine["rollcall"].map(meta["sign"]).astype(int),
                    "url": mine["rollcall"].map(meta["url"]),
                }
            )
            out["url"] = out["url"].astype(object).where(out["url"].notna(), None)
            out["symbol"] = out["symbol"].astype(object).where(out["symbol"].notna(), None)
            # ``mine`` comes ordered by roll-call id, so ties on (date, symbol) keep that order.
            out = out.sort_values(["date", "symbol"], na_position="last").reset_index(drop=True)
        cache[key] = out
        with contextlib.suppress(KeyError):
            while len(cache) > TOWARD_CACHE_SIZE:
                cache.popitem(last=False)
        return out

    def _toward_rollcalls(self, target: str) -> pd.DataFrame:
        """Canonical roll calls whose relation to ``target`` is known, with sign and link;
        cached per target for the life of the facade (``ask`` asks for several peers)."""
        cache: dict[str, pd.DataFrame] = self.__dict__.setdefault("_toward_cache", {})
        if target in cache:
            return cache[target]
        all_rc = self._rollcalls()
        rc = pd.concat([mv.canonical_rollcalls(all_rc, b) for b in ("GA", "SC")], ignore_index=True)
        sign = mv.relation(rc, target, self._topic_table())
        rc = rc.assign(sign=sign.to_numpy())[sign.notna().to_numpy()]
        # Voeten's roll calls carry no link: borrow the UN Digital Library record's by symbol.
        links = all_rc[all_rc["url"].notna() & all_rc["symbol"].notna()]
        by_symbol = links.drop_duplicates("symbol").set_index("symbol")["url"]
        rc = rc.assign(url=rc["url"].fillna(rc["symbol"].map(by_symbol)))
        cache[target] = rc
        return rc


# -- helpers -----------------------------------------------------------------------------------
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


def _text(v: Any) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _day(v: Any) -> str | None:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    return str(v)[:10]


def _topic_keys(
    rc: pd.DataFrame, on: str, limit: int, table: tuple[vt.TopicRule, ...]
) -> tuple[tuple[KeyVote, ...], str]:
    """Every final vote on a topic, one per symbol (GA and SC), newest ``limit``, by date."""
    hit = rc[mv.topic_mask(rc, on, table)]
    hit = hit[~hit["amend"].fillna(False).astype(bool) & ~hit["para"].fillna(False).astype(bool)]
    ref = hit["symbol"].where(hit["symbol"].notna(), hit["draft"])
    hit = hit.assign(_ref=ref)[ref.notna()]
    if hit.empty:
        raise VotesError(
            f"no recorded votes match topic {on!r}; try one of "
            f"{', '.join(vt.topics(table))}, an issue code (me, hr, nu, di, co, ec) or a word"
        )
    hit = hit.assign(_o=hit["dataset"].map(mv.DATASET_ORDER).fillna(3))
    hit = hit.sort_values(["_ref", "_o"])
    one = hit.drop_duplicates("_ref").sort_values(["date", "_ref"])
    total = len(one)
    one = one.tail(limit)
    keys = tuple(
        KeyVote(_text(r["title"])[:70] or "title not in the data", str(r["body"]), str(r["_ref"]))
        for _, r in one.iterrows()
    )
    years = f"{_day(one['date'].min()) or '?'}..{_day(one['date'].max()) or '?'}"
    shown = f"the newest {len(one)} of {total}" if total > len(one) else f"all {total}"
    return keys, f"{shown} recorded final votes matching topic {on!r} ({years})"


def _latest_keys(rc: pd.DataFrame, on: str) -> tuple[KeyVote, ...]:
    hit = rc[mv.topic_mask(rc, on)]
    hit = hit[hit["symbol"].notna() | hit["draft"].notna()].sort_values("date").tail(8)
    if hit.empty:
        raise VotesError(f"no recorded votes match topic {on!r}; try palestine, gaza, me, hr")
    return tuple(
        KeyVote(str(r["title"])[:60], str(r["body"]), str(r["symbol"] or r["draft"]))
        for _, r in hit.iterrows()
    )


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
