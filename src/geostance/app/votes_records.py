"""Facade methods that read one state's or one resolution's votes without the full load.

``VotesRecordsMixin`` sits between ``VotesDataMixin`` and ``VotesMixin``: ``votes_toward`` (a
state's votes on the roll calls about a target, signed, cached per pair), ``compare_votes``
(the analyst's table over ``KEY_VOTES`` or a topic's recorded final votes) and
``draft_votes`` / ``draft_record`` (one vote as the UN records it). They read only the roll
calls and the votes they need (``Store.votes_of``), never every vote.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geostance.app.votes_data import VotesDataMixin, _seat
from geostance.errors import VotesError
from geostance.measures import vote_topics as vt
from geostance.measures import votes as mv

TOWARD_COLUMNS = ["date", "body", "symbol", "title", "vote", "sign", "url"]
TOWARD_CACHE_SIZE = 64
"""(state, target) pairs whose vote rows a facade keeps (a few thousand rows each)."""


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


class VotesRecordsMixin(VotesDataMixin):
    """UN roll calls, per state and per record: votes toward a target, compare, drafts."""

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
