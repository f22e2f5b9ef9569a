"""Roll calls -> agreement, coincidence, topic positions, vetoes (pure, vectorised).

Votes are encoded once as a states x roll-calls matrix of small integers; pairwise counts for
all states at once are matrix products of one-hot indicator matrices (``Y @ Y.T`` counts the
roll calls where both voted yes), so a whole session's agreement matrix costs a few BLAS calls.

Conventions (see ``docs/votes.md``):

* ``voeten``: 1 for the same vote, 0.5 when one abstains and the other votes yes or no,
  0 for opposite votes; averaged over roll calls where both cast a vote (absences excluded).
* ``statedept``: the State Department's published "voting coincidence". Its reports for
  2018-2021 count an abstention against a yes/no as half: (same + partial/2) /
  (same + opposite + partial), absences excluded (this reproduces the published figures; the
  strict reading "identical / (identical + opposite)" does not). From 2022 an absence also counts
  as half and the denominator is every vote the first state cast.
* ``identical``: identical yes/no votes / (identical + opposite); abstentions and absences
  excluded - the definition printed in the older reports.

The code is split by concern, one module each: ``vote_matrix`` (the vote codes and the encoded
matrix), ``vote_agreement`` (agreement under the conventions above), ``vote_positions``
(topics, the sign of a vote toward a target, a state's position on a topic), ``rollcalls``
(choosing roll calls and reading one) and ``vetoes`` (Security Council vetoes). This module
re-exports their names, so ``geostance.measures.votes`` stays the one import.
"""

from __future__ import annotations

from geostance.measures.rollcalls import (
    DATASET_ORDER,
    PREFERRED_DATASETS,
    VoteFacts,
    canonical_rollcalls,
    coincidence_rollcalls,
    find_symbol,
    vote_facts,
    vote_on,
)
from geostance.measures.rollcalls import _symbol_key as _symbol_key
from geostance.measures.vetoes import P5, veto_counts, vetoes_table
from geostance.measures.vote_agreement import (
    CONVENTIONS,
    TOPICAL_DATASETS,
    agreement,
    agreement_from_counts,
    agreement_matrices,
    agreement_matrix,
    pair_counts,
)
from geostance.measures.vote_matrix import CODES, NAMES, VoteMatrix, encode
from geostance.measures.vote_positions import (
    ISRAEL_POLICY_RE,
    PALESTINE_RE,
    SIGN_OVERRIDES,
    position,
    relation,
    topic_actor,
    topic_mask,
)

__all__ = [
    "CODES",
    "CONVENTIONS",
    "DATASET_ORDER",
    "ISRAEL_POLICY_RE",
    "NAMES",
    "P5",
    "PALESTINE_RE",
    "PREFERRED_DATASETS",
    "SIGN_OVERRIDES",
    "TOPICAL_DATASETS",
    "VoteFacts",
    "VoteMatrix",
    "agreement",
    "agreement_from_counts",
    "agreement_matrices",
    "agreement_matrix",
    "canonical_rollcalls",
    "coincidence_rollcalls",
    "encode",
    "find_symbol",
    "pair_counts",
    "position",
    "relation",
    "topic_actor",
    "topic_mask",
    "veto_counts",
    "vetoes_table",
    "vote_facts",
    "vote_on",
]
