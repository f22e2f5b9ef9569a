"""One builder per page: each calls the ``Geostance`` facade and returns one plain dict.

The same dict is served as JSON (the page's twin) and rendered as HTML, so what a script
reads and what an analyst sees cannot drift apart. Builders never import the web framework;
``geostance.web`` routes requests to them. A page's code is in the module of its name
(``views/dyad.py`` builds ``/dyad/...``); what pages share is in ``views/common.py`` and the
chart data in ``views/charts.py``.

Facade methods that other channels add later (stance, votes) are called through
``common._channel``, which turns a missing method or a ``GeostanceError`` into a short "not
available" note on that part of the page instead of failing the whole page.
"""

from __future__ import annotations

from geostance.web.views.actor import ActorPage, AlignmentPoint, Partner, actor
from geostance.web.views.answer import AnswerPage, ask
from geostance.web.views.charts import (
    charts,
    graph_chart,
    heatmap_chart,
    line_chart,
    mix_chart,
    stance_series,
)
from geostance.web.views.common import (
    ACTOR_ID,
    DOC_ID,
    NOT_YET,
    QUAD_COLORS,
    QUAD_NAMES,
    ActorRef,
    DocRef,
    ErrorBody,
    EvidenceRow,
    actor_ref,
    check_actor,
    doc_ref,
    evidence_row,
    parse_day,
    plain,
)
from geostance.web.views.document import DocumentPage, Segment, document, pieces, segments
from geostance.web.views.dyad import (
    NEGATION_CHOICES,
    RIVALS,
    DyadPage,
    EvidenceFilters,
    MixRow,
    PooledActor,
    _type_matches,
    dyad,
    event_mix,
)
from geostance.web.views.home import EXAMPLE_QUESTIONS, DyadRow, HomePage, active_dyads, home
from geostance.web.views.ingest import IngestItem, IngestResponse, ingest_results
from geostance.web.views.map import CHANNELS as MAP_CHANNELS
from geostance.web.views.map import MapPage, map, map_error
from geostance.web.views.search import SearchPage, search
from geostance.web.views.votes import (
    DEFAULT_VOTE_STATES,
    MatrixData,
    PositionPoint,
    VotesPage,
    votes,
)

__all__ = [
    "ACTOR_ID",
    "DEFAULT_VOTE_STATES",
    "DOC_ID",
    "EXAMPLE_QUESTIONS",
    "MAP_CHANNELS",
    "NEGATION_CHOICES",
    "NOT_YET",
    "QUAD_COLORS",
    "QUAD_NAMES",
    "RIVALS",
    "ActorPage",
    "ActorRef",
    "AlignmentPoint",
    "AnswerPage",
    "DocRef",
    "DocumentPage",
    "DyadPage",
    "DyadRow",
    "ErrorBody",
    "EvidenceFilters",
    "EvidenceRow",
    "HomePage",
    "IngestItem",
    "IngestResponse",
    "MapPage",
    "MatrixData",
    "MixRow",
    "Partner",
    "PooledActor",
    "PositionPoint",
    "SearchPage",
    "Segment",
    "VotesPage",
    "_type_matches",
    "active_dyads",
    "actor",
    "actor_ref",
    "ask",
    "charts",
    "check_actor",
    "doc_ref",
    "document",
    "dyad",
    "event_mix",
    "evidence_row",
    "graph_chart",
    "heatmap_chart",
    "home",
    "ingest_results",
    "line_chart",
    "map",
    "map_error",
    "mix_chart",
    "parse_day",
    "pieces",
    "plain",
    "search",
    "segments",
    "stance_series",
    "votes",
]
