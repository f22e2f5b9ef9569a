"""Facade methods for the world map (issue 14): every state's stance toward one target.

The facade fetches every state's events toward the target (or its votes on the target's roll
calls) and hands them to the pure ``measures.stance_map``, pooled as the dyad pages pool them.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from geostance.app.stance import StanceMixin, _date
from geostance.errors import QuestionError
from geostance.measures.stance_map import StanceMap


class MapMixin(StanceMixin):
    def stance_map(
        self,
        target: str,
        *,
        channel: str = "words",
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
    ) -> StanceMap:
        """Every state's stance toward ``target`` in one channel (words, deeds or votes).

        ``target`` is an actor (PSE, "Ukraine") or a named vote topic of
        ``data/votes/topics.csv`` that names a side (gaza, settlements, unrwa): a topic's
        events are those toward its actor and its votes the topic's roll calls, signed toward
        that actor (a topic named like its actor, "palestine", is the actor). Each row is the
        score the dyad page of that state shows (same pooling of predecessors and organs), with
        ``thin`` set below the ``map_min_evidence`` setting; only states get rows.
        """
        from geostance.measures import stance_map as sm

        try:
            ch = sm.check_channel(channel)
        except ValueError as e:
            raise QuestionError(str(e)) from None
        d0, d1 = _date(since, "since"), _date(until, "until")
        topic, tgt = self._map_target(target)
        targets, notes = self._lineage(tgt, d0, d1)
        states = {a.id for a in self.gazetteer.actors("state")}
        pool = {m.id: head for head, ms in self._members().items() if head in states for m in ms}
        if topic:
            notes = (f"topic {topic!r}: stance toward {self._name(tgt)} ({tgt})", *notes)
        events = votes = None
        if ch == "votes":
            votes = self._map_votes(tgt, topic, d0, d1)
            notes = notes[:1] if topic else ()  # pooled organs cast no UN votes
            if votes.empty and not self._any_votes():
                notes = (*notes, "no UN votes in this store: import them with "
                         "`geostance votes import`")  # fmt: skip
        else:
            frames = [self.events_df(target=t, since=d0, until=d1) for t in targets]  # type: ignore[attr-defined]
            frames = [f for f in frames if len(f)]
            events = pd.concat(frames, ignore_index=True) if frames else None
            pooled = sorted({s for s in (events["source"] if events is not None else ())
                             if s in pool})  # fmt: skip
            notes = (*notes, *(f"{self._name(s)} ({s}) counted as {self._name(pool[s])} "
                               f"({pool[s]})" for s in pooled))  # fmt: skip
        return sm.stance_map(
            target=tgt,
            channel=ch,
            min_evidence=int(self.settings.map_min_evidence),
            events=events,
            votes=votes,
            pool=pool,
            keep=states,
            since=d0,
            until=d1,
            topic=topic,
            targets=targets,
            notes=tuple(dict.fromkeys(notes)),
        )

    def _map_target(self, target: str) -> tuple[str | None, str]:
        """(topic, actor id) of a map's target: a named vote topic with a side, or an actor."""
        from geostance.measures import vote_topics as vt
        from geostance.measures import votes as mv

        key = " ".join((target or "").split()).lower()
        if not key:
            raise QuestionError("no target: give an actor id (PSE, UKR) or a vote topic")
        table = self._topic_table()  # type: ignore[attr-defined]
        if key in vt.topics(table):
            actor = mv.topic_actor(key, table)
            if actor is None:
                sided = sorted({r.topic for r in table if r.actor})
                raise QuestionError(
                    f"topic {key!r} names no side, so no vote on it is for or against anyone; "
                    f"give a topic with one ({', '.join(sided)}) or an actor id"
                )
            if key in (actor.lower(), self._name(actor).lower()):
                return None, actor  # "Palestine", "Ukraine": the actor itself
            return key, actor
        return None, self._actor_id(target)

    def _map_votes(
        self, target: str, topic: str | None, since: dt.date | None, until: dt.date | None
    ) -> pd.DataFrame:
        """Every state's votes (country, vote, sign) on the roll calls signed toward
        ``target`` (those of ``topic`` only, when given), inside the window."""
        from geostance.measures import votes as mv

        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in ("country", "vote", "sign")})
        if self._rollcalls().empty:  # type: ignore[attr-defined]
            return empty
        rc = self._toward_rollcalls(target)  # type: ignore[attr-defined]
        if topic and len(rc):
            rc = rc[mv.topic_mask(rc, topic, self._topic_table()).to_numpy()]  # type: ignore[attr-defined]
        days = pd.to_datetime(rc["date"], errors="coerce")
        if since:
            rc = rc[(days >= pd.Timestamp(since)).to_numpy()]
            days = pd.to_datetime(rc["date"], errors="coerce")
        if until:
            rc = rc[(days <= pd.Timestamp(until)).to_numpy()]
        if rc.empty:
            return empty
        rows = self.store.query(
            "SELECT rollcall, country, vote FROM un_votes "
            "WHERE rollcall IN (SELECT unnest(?::VARCHAR[])) ORDER BY rollcall, country",
            [[str(i) for i in rc["id"]]],
        )
        df = pd.DataFrame(rows, columns=["rollcall", "country", "vote"])
        df["sign"] = df["rollcall"].map(rc.set_index("id")["sign"])
        return df[["country", "vote", "sign"]]
