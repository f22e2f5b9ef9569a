"""Facade method ``ask`` (issue 11): parse, fetch what each kind of question needs, answer.

``answers.parse`` reads the question into typed queries; this mixin fetches for each the
evidence its kind needs (dyad events, events and stored sentences naming an act, vote rows,
roll calls with every state's vote, peers, a counterpart for the balance) and hands it to
``answers.render``. Several questions in one text get one answer each.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

import pandas as pd

from geostance import answers as ans
from geostance.app.dyads import EVENTS_FROM
from geostance.errors import GeostanceError
from geostance.measures import votes as mv
from geostance.measures.stance import Measure, measure_tallies
from geostance.models import Event
from geostance.store import EVENT_COLUMNS

if TYPE_CHECKING:
    from geostance.app.summaries import SummaryMixin
    from geostance.app.votes import VotesMixin

    class _Base(SummaryMixin, VotesMixin): ...
else:
    _Base = object

#: Stored sentences an act question reads (BM25), before keeping those that name the subject.
HIT_POOL = 40


class AskMixin(_Base):
    """``ask``: questions in words, cited answers out."""

    def ask(
        self,
        question: str,
        *,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        min_evidence: int = 3,
    ) -> ans.Answer:
        """Answer a question in words with its evidence (kinds: ``answers.KINDS``).

        ``since``/``until`` given here override a window read from the question. Several
        questions in one text ("..., and how did Taipei respond?") get an answer each.
        """
        from geostance.app.stance import _date

        d0, d1 = _date(since, "since"), _date(until, "until")
        qs = ans.parse_questions(question, self.gazetteer)
        if d0 or d1:
            qs = [dataclasses.replace(q, since=d0 or q.since, until=d1 or q.until) for q in qs]
        answers = [self._answer(q, min_evidence) for q in qs]
        if len(answers) == 1:
            return answers[0]
        whole = dataclasses.replace(qs[0], text=" ".join(question.split()), kind="multi")
        return ans.combine(whole, answers)

    def _answer(self, q: ans.Question, min_evidence: int) -> ans.Answer:
        if q.kind in ("vote_record", "who_voted"):
            return self._vote_answer(q)
        if q.kind == "search" or not q.subjects or (q.object is None and not q.act):
            return ans.search_answer(q, self.search(q.text))
        if q.kind in ("acts", "reaction", "issue") or q.object is None:
            return self._act_answer(q, min_evidence)
        assert q.object is not None
        from geostance.app.stance import COUNTERPARTS, _LazyDocs

        events: dict[str, list[Event]] = {}
        votes: dict[str, list[dict[str, Any]]] = {}
        notes: list[str] = []
        available = False
        peers: dict[str, Measure] = {}
        since, until = (None, None) if q.kind == "shift" else (q.since, q.until)
        if q.kind == "shift" and (q.since or q.until):
            notes.append("a change is read over the whole record, cut into periods by the data")
        for s in q.subjects:
            votes[s], avail = self._votes(s, q.object, since, until)
            available = available or avail
            if q.kind == "compare":  # counts from the store; a few strong events as evidence
                groups, n = self._dyad_tallies(s, q.object, since, until)
                peers[s] = measure_tallies(groups, votes[s], source=s, target=q.object)
                events[s], _ = self._dyad_events(s, q.object, since, until, strongest=50)
            else:
                events[s], n = self._dyad_events(s, q.object, since, until)
            notes += n
        if q.kind != "compare":
            peers = self._peer_measures(q.subjects[0], q.object, since, until)
        bal = None
        other = q.others[0] if q.others else COUNTERPARTS.get(q.object)
        if q.kind in ("stance", "balance") and other and other != q.subjects[0]:
            bal = self.balance(q.subjects[0], q.object, other, since=since, until=until)
        names = {a: self._name(a) for a in (*q.subjects, q.object, *peers, *q.others)}
        if other:
            names[other] = self._name(other)
        q = dataclasses.replace(q, names={**names, **q.names})
        hits: tuple[ans.Hit, ...] = ()
        if q.kind in ("stance", "relation", "deeds") and len(events[q.subjects[0]]) < min_evidence:
            assert q.object is not None
            hits = self._dyad_hits(q.subjects[0], q.object, q.since, q.until)
        return ans.build_answer(
            q,
            events,
            votes,
            _LazyDocs(self.store),
            peers=peers,
            votes_available=available,
            min_evidence=min_evidence,
            notes=tuple(dict.fromkeys(notes)),
            balance=bal,
            hits=hits,
        )

    def _dyad_hits(
        self, subject: str, target: str, since: dt.date | None, until: dt.date | None
    ) -> tuple[ans.Hit, ...]:
        """Stored sentences naming both actors: shown when the coder found too few events."""
        pool = self.search(f"{self._name(subject)} {self._name(target)}", limit=HIT_POOL)
        must = [self._surfaces(subject), self._surfaces(target)]
        return ans.cited_hits(pool, must=must, since=since, until=until, k=3)

    def _peer_measures(
        self, subject: str, target: str, since: dt.date | None, until: dt.date | None
    ) -> dict[str, Measure]:
        out = {}
        for p in ans.DEFAULT_PEERS:
            if p in (subject, target):
                continue
            groups, _ = self._dyad_tallies(p, target, since, until, counted=False)
            rows, _ = self._votes(p, target, since, until, check=False)
            out[p] = measure_tallies(groups, rows, source=p, target=target)
        return out

    # -- acts, reactions, issues -----------------------------------------------------------
    def _act_answer(self, q: ans.Question, min_evidence: int) -> ans.Answer:
        """Events of the subject that touch the act (toward the object or naming the act's
        words), and stored sentences naming the subject and the act: the coder may have
        missed what a sentence says, and the answer shows that sentence as such."""
        from geostance.app.stance import _LazyDocs

        subject = q.subjects[0]
        words = [w for w in (q.act or "").split() if len(w) > 2]
        evs: list[Event] = []
        notes: list[str] = []
        for target in (q.object, *q.others):
            if target:
                found, n = self._dyad_events(subject, target, q.since, q.until)
                evs += found
                notes += n
        if words:
            evs += self._events_naming(subject, words, q.since, q.until)
        evs = list({e.id: e for e in evs}.values())
        surfaces = self._surfaces(subject)
        query = " ".join(
            [self._name(subject), *(self._name(x) for x in (q.object, *q.others) if x), *words]
        )
        pool = self.search(query, limit=HIT_POOL)
        stems = [w[:5] for w in words]
        hits = ans.cited_hits(pool, must=[surfaces, stems], since=q.since, until=q.until)
        if not hits and stems:
            hits = ans.cited_hits(pool, must=[surfaces], since=q.since, until=q.until)
        names = {a: self._name(a) for a in (subject, *(x for x in (q.object, *q.others) if x))}
        q = dataclasses.replace(q, names={**names, **q.names})
        return ans.build_answer(
            q,
            {subject: evs},
            {},
            _LazyDocs(self.store),
            min_evidence=min_evidence,
            notes=tuple(dict.fromkeys(notes)),
            hits=hits,
        )

    def _events_naming(
        self, subject: str, words: list[str], since: dt.date | None, until: dt.date | None
    ) -> list[Event]:
        sources, _ = self._lineage(subject, since, until)
        likes = " OR ".join(
            ["lower(e.sentence) LIKE ?"] * len(words)
            + ["lower(coalesce(e.issue, '')) LIKE ?"] * len(words)
        )
        params: list[Any] = [list(sources), *(f"%{w[:5].lower()}%" for w in words),
                             *(f"%{w[:5].lower()}%" for w in words)]  # fmt: skip
        where = f"e.source IN (SELECT unnest(?)) AND ({likes})"
        if since:
            where += " AND coalesce(e.date, d.date) >= ?"
            params.append(since)
        if until:
            where += " AND coalesce(e.date, d.date) <= ?"
            params.append(until)
        cols = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
        rows = self.store.query(
            f"SELECT {cols} {EVENTS_FROM} WHERE {where} "
            "ORDER BY e.doc_id, e.sentence_start, e.trigger_start LIMIT 200",
            params,
        )
        return [Event(**dict(zip(EVENT_COLUMNS, r, strict=True))) for r in rows]

    def _surfaces(self, actor: str) -> list[str]:
        """The names a sentence may use for an actor (gazetteer forms, its name's stem)."""
        cache: dict[str, list[str]] = self.__dict__.setdefault("_surface_cache", {})
        if actor not in cache:
            forms = {s for s, key in self.gazetteer.surface_forms() if key == actor and len(s) > 2}
            name = self._name(actor)
            forms.add(name[:5] if len(name) > 5 else name)
            cache[actor] = sorted(forms)
        return cache[actor]

    # -- votes -----------------------------------------------------------------------------
    def _vote_answer(self, q: ans.Question) -> ans.Answer:
        try:
            rc = self._rollcalls()
        except GeostanceError:
            rc = pd.DataFrame()
        if rc.empty:
            return ans.vote_answer(
                q, [], ("no UN votes imported: run `geostance votes import PATH`",)
            )
        body = q.topic[0] if q.topic and q.topic[0] in ("GA", "SC") else None
        if q.symbols:  # each symbol's record from the best source
            records = (mv.find_symbol(rc, s) for s in q.symbols)
            found = [h.iloc[0].to_dict() for h in records if len(h)]
        else:
            found = ans.match_rollcalls(
                rc.to_dict("records"),
                words=(q.act or "").split(),
                body=body,
                since=q.since,
                until=q.until,
                limit=1,
            )
        out = []
        from geostance.app.votes import SEAT_OF

        asked = [(SEAT_OF.get(s, s), self._name(s)) for s in q.subjects]
        for r in found:
            rows = self.store.query(
                "SELECT country, vote FROM un_votes WHERE rollcall = ? ORDER BY country", [r["id"]]
            )
            votes = {str(c): str(v) for c, v in rows}
            group = q.vote_filter if q.kind == "who_voted" else None
            names = {c: self._name(c) for c in votes} if group else {}
            out.append(ans.rollcall(r, votes, asked, group=group, names=names))
        hits: tuple[ans.Hit, ...] = ()
        if not out:  # not in the imported votes: what do the stored texts say?
            words = [*(self._name(s) for s in q.subjects), *(q.act or "").split(), "vote"]
            pool = self.search(" ".join(words), limit=HIT_POOL)
            stems = [w[:5] for w in (q.act or "").split() if len(w) > 3]
            voted = ans.cited_hits(pool, must=[["vot", "resolution", "abstain", "veto"], stems],
                                   since=q.since, until=q.until)  # fmt: skip
            named = ans.cited_hits(pool, must=[stems], since=q.since, until=q.until)
            hits = tuple({h.sentence: h for h in (*voted, *named)}.values())[:4]
        return ans.vote_answer(q, out, hits=hits)


__all__ = ["AskMixin"]
