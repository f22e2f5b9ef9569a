"""Questions in, cited answers out (pure: the facade fetches, this package reads and weighs).

The steps, one module each:

- ``parse``: a question -> typed ``Question`` queries (kind, subjects, object, act or issue,
  window, UN symbols); ``names`` and ``when`` read actors and dates for it.
- ``retrieve``: what an answer cites: events ranked as evidence, vote rows, resolutions
  matched by symbol or description, search hits that name the subject and the act.
- ``measure``: the dyad's stance and periods, comparisons, eras.
- ``verdict``: per channel and across channels (consistent, mixed, thin), say-do volume.
- ``render``: the Answer, its facts in the first line.
- ``models``: the typed results.

Verdict thresholds and reasons: ``docs/method.md``.
"""

from geostance.answers.measure import ERAS, compare_measures, eras_of, stance_result
from geostance.answers.models import (
    KINDS,
    ActorIndex,
    Answer,
    ChannelVerdict,
    Comparison,
    EvidenceItem,
    Hit,
    Kind,
    Question,
    Report,
    RollCall,
    Volume,
    VoteItem,
)
from geostance.answers.names import (
    actor_spans,
    as_state,
    find_actors,
    resolve_object,
    resolve_slot,
    split_list,
)
from geostance.answers.parse import (
    DEFAULT_PEERS,
    PAST,
    RELATIONS,
    Relation,
    parse_question,
    parse_questions,
    split_questions,
)
from geostance.answers.render import build_answer, combine, day, search_answer, vote_answer
from geostance.answers.retrieve import (
    cited_hits,
    evidence_item,
    match_rollcalls,
    rank_evidence,
    rollcall,
    topic_votes,
    vote_items,
)
from geostance.answers.verdict import channel_verdict, label, reading, volume, volume_reading
from geostance.answers.when import MONTHS, NAMED_DAYS, parse_when, split_window

__all__ = [
    "DEFAULT_PEERS",
    "ERAS",
    "KINDS",
    "MONTHS",
    "NAMED_DAYS",
    "PAST",
    "RELATIONS",
    "ActorIndex",
    "Answer",
    "ChannelVerdict",
    "Comparison",
    "EvidenceItem",
    "Hit",
    "Kind",
    "Question",
    "Relation",
    "Report",
    "RollCall",
    "VoteItem",
    "Volume",
    "actor_spans",
    "as_state",
    "build_answer",
    "channel_verdict",
    "cited_hits",
    "combine",
    "compare_measures",
    "day",
    "eras_of",
    "evidence_item",
    "find_actors",
    "label",
    "match_rollcalls",
    "parse_question",
    "parse_questions",
    "parse_when",
    "rank_evidence",
    "reading",
    "resolve_object",
    "resolve_slot",
    "rollcall",
    "search_answer",
    "split_list",
    "split_questions",
    "split_window",
    "stance_result",
    "topic_votes",
    "vote_answer",
    "vote_items",
    "volume",
    "volume_reading",
]
