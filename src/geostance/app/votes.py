"""Facade methods for the UN votes channel (issue 4).

``VotesMixin`` is mixed into ``Geostance``, which provides ``self.store`` and ``self.settings``.
The methods read and write through the store and compute with the pure functions of
``geostance.measures.votes`` / ``idealpoints``; every result is a pandas DataFrame.

``VotesMixin`` holds the all-states measures (agreement, positions, ideal points, vetoes);
it builds on ``VotesRecordsMixin`` (``votes_records.py``: per-state and per-record reads),
which builds on ``VotesDataMixin`` (``votes_data.py``: import, download, cached reads);
``votes_download.py`` fetches the files. The names those modules define are importable here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from geostance.app.votes_data import SEAT_OF, VotesDataMixin, VotesImportReport, _seat
from geostance.app.votes_download import (
    DEFAULT_FILES,
    MANIFEST,
    OFFICIAL_SOURCES,
    UNREACHABLE_FIX,
    DownloadResult,
)
from geostance.app.votes_records import (
    KEY_VOTES,
    TOWARD_CACHE_SIZE,
    TOWARD_COLUMNS,
    KeyVote,
    VotesRecordsMixin,
)
from geostance.errors import VotesError
from geostance.measures import idealpoints as ip
from geostance.measures import votes as mv

__all__ = [
    "DEFAULT_FILES",
    "KEY_VOTES",
    "MANIFEST",
    "OFFICIAL_SOURCES",
    "SEAT_OF",
    "TOWARD_CACHE_SIZE",
    "TOWARD_COLUMNS",
    "UNREACHABLE_FIX",
    "DownloadResult",
    "KeyVote",
    "VotesDataMixin",
    "VotesImportReport",
    "VotesMixin",
    "VotesRecordsMixin",
]


class VotesMixin(VotesRecordsMixin):
    """UN roll calls: import, agreement, positions, ideal points, vetoes."""

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
