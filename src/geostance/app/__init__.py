"""The ``Geostance`` facade: the one object the CLI, the web app and notebooks use.

It opens the store, wires the pure stages (sources, nlp, measures, answers) and persists
their results. Its methods are grouped by channel in mixins: ``core`` (ingest, code,
events, actors, export), ``votes`` (UN roll calls) and ``stance`` (measures and answers).
"""

from __future__ import annotations

from geostance.app.ask import AskMixin
from geostance.app.core import CONTRACT_FIELDS, EXPORT_FORMATS, CoreMixin, write_events
from geostance.app.maps import MapMixin
from geostance.app.scale import ScaleMixin
from geostance.app.stance import StanceMixin
from geostance.app.summaries import SummaryMixin
from geostance.app.votes import VotesMixin


class Geostance(AskMixin, ScaleMixin, MapMixin, SummaryMixin, StanceMixin, VotesMixin, CoreMixin):
    """Everything geostance does, over one store.

    >>> with Geostance(":memory:") as g:          # doctest: +SKIP
    ...     g.ingest("examples/demo")
    ...     g.events(source="RUS", target="PSE")
    """


__all__ = ["CONTRACT_FIELDS", "EXPORT_FORMATS", "Geostance", "write_events"]
