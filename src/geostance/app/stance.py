"""Facade methods for stance, answers, reports and summaries (issue 5).

The facade fetches (events, vote rows, documents, search hits) and hands them to the pure
stages: ``measures.stance``/``measures.shifts`` score, ``answers`` reads questions and
weighs evidence, ``summarise`` extracts, ``reports`` renders. A source's predecessor states
are pooled with it (the Soviet Union with Russia), and the answer says so; the fetching and
pooling are in :mod:`geostance.app.dyads`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geostance import answers as ans
from geostance import reports
from geostance.app.dyads import MAX_QUERY, DyadMixin, _date, _LazyDocs
from geostance.errors import QuestionError
from geostance.measures.stance import (
    Balance,
    StanceResult,
    balance,
    check_period,
    measure_tallies,
    say_do_gap,
)
from geostance.models import Event

if TYPE_CHECKING:
    from geostance import config
    from geostance.store import Store

#: For a report's balance section: the counterpart a target is usually weighed against.
COUNTERPARTS: Mapping[str, str] = {
    "PSE": "ISR",
    "ISR": "PSE",
    "HAMAS": "ISR",
    "UKR": "RUS",
    "RUS": "UKR",
    "IND": "PAK",
    "PAK": "IND",
    "ARM": "AZE",
    "AZE": "ARM",
    "TWN": "CHN",
}


class StanceMixin(DyadMixin):
    """Stance per channel, ask, compare, report, summarise, brief, search."""

    store: Store
    settings: config.Settings
    gazetteer: Any
    nlp: Any

    # -- measures --------------------------------------------------------------------------
    def stance(
        self,
        source: str,
        target: str,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        period: str | Sequence[Any] = "year",
    ) -> StanceResult:
        """Stance of ``source`` toward ``target`` per channel, over time, with a period table.

        ``period`` is "year", "quarter", "month", "all", "eras" (named eras for Russia and
        the Soviet Union) or a sequence of ``Era``.
        """
        from geostance.measures.stance import RUSSIA_ERAS

        src, tgt = self._actor_id(source), self._actor_id(target)
        d0, d1 = _date(since, "since"), _date(until, "until")
        spec: Any = RUSSIA_ERAS if period == "eras" else period
        try:
            check_period(spec)
        except ValueError as e:
            raise QuestionError(str(e)) from None
        events, notes = self._dyad_events(src, tgt, d0, d1)
        rows, _available = self._votes(src, tgt, d0, d1)
        sources = self._lineage(src, d0, d1)[0]
        return ans.stance_result(
            events, rows, source=src, target=tgt, period=spec, sources=sources, notes=notes
        )

    def balance(
        self,
        source: str,
        a: str,
        b: str,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> Balance:
        """How ``source`` splits its cooperation and conflict between ``a`` and ``b``
        (e.g. ISR and PSE), and whether it cooperates materially with both."""
        src, ta, tb = self._actor_id(source), self._actor_id(a), self._actor_id(b)
        d0, d1 = _date(since, "since"), _date(until, "until")
        ev_a, _ = self._dyad_events(src, ta, d0, d1)
        ev_b, _ = self._dyad_events(src, tb, d0, d1)
        lines = {t: set(self._lineage(t, d0, d1)[0]) for t in (ta, tb)}
        pooled = [_as_dyad(e, src, lines) for e in [*ev_a, *ev_b]]
        return balance(pooled, source=src, a=ta, b=tb)

    def compare(
        self,
        *sources: str,
        on: str,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> ans.Comparison:
        """Several sources toward one target, side by side (default: the permanent five)."""
        target = self._actor_id(on)
        ids = [self._actor_id(s) for s in sources] or [p for p in ans.DEFAULT_PEERS if p != target]
        ids = list(dict.fromkeys(ids))
        d0, d1 = _date(since, "since"), _date(until, "until")
        notes: list[str] = []
        rows = []
        for s in ids:
            groups, n = self._dyad_tallies(s, target, d0, d1)
            votes, _ = self._votes(s, target, d0, d1, check=False)
            rows.append(measure_tallies(groups, votes, source=s, target=target))
            notes += n
        names = {i: self._name(i) for i in (*ids, target)}
        return ans.Comparison(
            target,
            tuple(rows),
            tuple(say_do_gap(m) for m in rows),
            names,
            tuple(dict.fromkeys(notes)),
        )

    # -- reports ---------------------------------------------------------------------------
    def build_report(
        self,
        source: str,
        target: str,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        versus: str | None = None,
    ) -> ans.Report:
        """The typed report of a dyad (what ``report`` renders)."""
        src, tgt = self._actor_id(source), self._actor_id(target)
        d0, d1 = _date(since, "since"), _date(until, "until")
        events, notes = self._dyad_events(src, tgt, d0, d1)
        rows, available = self._votes(src, tgt, d0, d1)
        sources = self._lineage(src, d0, d1)[0]
        st = ans.stance_result(
            events, rows, source=src, target=tgt, sources=sources, notes=notes
        )  # fmt: skip
        peers = self.compare(src, *(p for p in ans.DEFAULT_PEERS if p not in (src, tgt)),
                             on=tgt, since=d0, until=d1)  # fmt: skip
        other = versus or COUNTERPARTS.get(tgt)
        bal = None
        if other and other != src:
            other_id = self._actor_id(other)
            more, _ = self._dyad_events(src, other_id, d0, d1)
            lines = {t: set(self._lineage(t, d0, d1)[0]) for t in (tgt, other_id)}
            pooled = [_as_dyad(e, src, lines) for e in [*events, *more]]
            bal = balance(pooled, source=src, a=tgt, b=other_id)
        names = {**peers.names, src: self._name(src), tgt: self._name(tgt)}
        if other:
            names[other] = self._name(other)
        docs = _LazyDocs(self.store)
        qa = []
        for kind, rel, channel in (
            ("stance", "support", None),
            ("deeds", "support", "deeds"),
            ("votes", "vote", "votes"),
        ):
            q = ans.Question(
                f"{_QUESTIONS[kind].format(s=names[src], t=names[tgt])}",
                kind,  # type: ignore[arg-type]
                subjects=(src,),
                object=tgt,
                relation=rel,
                channel=channel,
                since=d0,
                until=d1,
                names=names,
            )
            qa.append(
                ans.build_answer(
                    q, {src: events}, {src: rows}, docs, votes_available=available, notes=notes
                )
            )
        evidence = _merge_evidence(
            [e for a in qa for e in a.evidence], ans.rank_evidence(events, docs, k=12)
        )
        return ans.Report(
            src,
            tgt,
            names,
            st,
            peers,
            bal,
            ans.vote_items(src, rows),
            evidence,
            tuple(qa),
            notes=tuple(dict.fromkeys(notes)),
        )

    def report(
        self,
        source: str,
        target: str,
        *,
        out: str | Path | None = None,
        format: str = "html",
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> str:
        """A self-contained report (html or md); written to ``out`` when given, and returned."""
        if format not in ("html", "md", "markdown"):
            raise QuestionError(f"report format {format!r}: use html or md")
        rep = self.build_report(source, target, since=since, until=until)
        text = reports.report_html(rep) if format == "html" else reports.report_markdown(rep)
        if out is not None:
            try:
                Path(out).parent.mkdir(parents=True, exist_ok=True)
                Path(out).write_text(text, encoding="utf-8")
            except OSError as e:
                raise QuestionError(f"cannot write report to {out}: {e.strerror}") from None
        return text


_QUESTIONS = {
    "stance": "Does {s} support {t}?",
    "deeds": "What does {s} do with {t}?",
    "votes": "How did {s} vote on {t}?",
}


def _merge_evidence(
    first: Sequence[ans.EvidenceItem], more: Sequence[ans.EvidenceItem]
) -> tuple[ans.EvidenceItem, ...]:
    seen: set[str] = set()
    out = []
    for e in (*first, *more):
        if e.anchor not in seen:
            seen.add(e.anchor)
            out.append(e)
    return tuple(out)


def _as_dyad(e: Event, source: str, lines: Mapping[str, set[str]]) -> Event:
    """Count a predecessor's event as the successor's (SUN as RUS), on both sides."""
    import dataclasses

    target = next((t for t, ids in lines.items() if e.target in ids), e.target)
    if e.source == source and e.target == target:
        return e
    return dataclasses.replace(e, source=source, target=target)


def _replace(q: ans.Question, **changes: Any) -> ans.Question:
    import dataclasses

    return dataclasses.replace(q, **changes)


# MAX_QUERY, _LazyDocs and _date live in app/dyads.py (the other facade modules import them here)
__all__ = ["COUNTERPARTS", "MAX_QUERY", "StanceMixin"]
