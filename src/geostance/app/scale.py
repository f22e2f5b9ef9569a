"""Facade methods for scaling out (issue 7): distributed coding, attaching its output, watching.

``code_distributed`` runs the pure pipeline on Dask and writes Parquet (no store involved);
``attach`` lets the store read that Parquet in place (views, no copy); ``watch`` keeps
ingesting feeds through ``ingest`` and measures watched dyads for alerts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geostance import config

if TYPE_CHECKING:
    import httpx

    from geostance.models import Event, IngestResult
    from geostance.scale.dask import PartitionResult, ScaleReport
    from geostance.scale.watch import Alert, WatchReport
    from geostance.store import Store

#: How the watch alert level is made (recorded in every alert).
LEVEL_METHOD = "geostance.watch-level.v1"
#: Events of a dyad that make its level (the most recent ones, by date).
LEVEL_EVENTS = 50


class ScaleMixin:
    """``code_distributed``, ``attach``, ``detach``, ``attachments`` and ``watch``."""

    settings: config.Settings
    store: Store

    if TYPE_CHECKING:

        def ingest(self, *sources: str, **kwargs: Any) -> list[IngestResult]: ...

        def events(self, **kwargs: Any) -> list[Event]: ...

    def code_distributed(
        self,
        *inputs: str | Path,
        out: str | Path,
        scheduler: str | None = None,
        workers: int | None = None,
        partition_size: int | None = None,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        on_partition: Callable[[PartitionResult], None] | None = None,
    ) -> ScaleReport:
        """Code folders, JSON Lines or Parquet on Dask into Parquet under ``out``; resumable.

        Rerunning the same call skips the partitions already finished. Nothing is stored:
        ``attach(out)`` makes the result queryable.
        """
        from geostance.scale.dask import DEFAULT_PARTITION_SIZE, code_distributed

        return code_distributed(
            inputs,
            out,
            settings=self.settings,
            scheduler=scheduler,
            workers=workers,
            partition_size=partition_size or DEFAULT_PARTITION_SIZE,
            include=include,
            exclude=exclude,
            on_partition=on_partition,
        )

    def attach(self, folder: str | Path) -> dict[str, int]:
        """Let the store query a folder of Parquet output in place; return its counts."""
        return self.store.attach(folder)

    def detach(self, folder: str | Path) -> bool:
        """Forget an attached folder (its files stay)."""
        return self.store.detach(folder)

    def attachments(self) -> list[str]:
        """The attached folders."""
        return self.store.attachments()

    def watch_level(self, source: str, target: str) -> float | None:
        """The level an alert compares: the stance of the dyad's recent events.

        The words and deeds scores (``measures.stance``) of the ``LEVEL_EVENTS`` most recent
        events, weighted by how many acts each channel scored; ``None`` without events.
        """
        from geostance.measures.stance import measure

        events = self.events(source=source, target=target)[-LEVEL_EVENTS:]
        if not events:
            return None
        m = measure(events, source=source, target=target)
        parts = [(c.score, c.n) for c in (m.words, m.deeds) if c.score is not None and c.n]
        if not parts:
            return None
        return sum(s * n for s, n in parts) / sum(n for _, n in parts)

    def watch(
        self,
        feeds: Sequence[str],
        *,
        every: float | str = 900.0,
        alerts: Sequence[str | tuple[str, str]] = (),
        threshold: float = 0.3,
        webhook: str | None = None,
        cycles: int | None = None,
        stop: threading.Event | None = None,
        follow: bool = False,
        notify: Callable[[Alert], None] | None = None,
        log: Callable[[str], None] | None = None,
        backoff_cap: float | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> WatchReport:
        """Poll feeds every ``every`` (seconds or ``"15m"``), ingesting new entries.

        Alerts (``"RUS:PSE"``) fire when a dyad's level moves more than ``threshold``
        against the mean of its recent levels; each goes to ``notify`` and, when a
        ``webhook`` URL is given, is POSTed there as JSON. Stops when ``stop`` is set or
        after ``cycles`` cycles.
        """
        from geostance.scale import watch as w

        dyads = [a if isinstance(a, tuple) else w.parse_dyad(a) for a in alerts]
        say = log or (lambda _line: None)
        sinks: list[Callable[[Alert], None]] = []
        if notify:
            sinks.append(notify)
        if webhook:
            sinks.append(w.webhook_notifier(webhook, self.settings, log=say))

        def send(alert: Alert) -> None:
            for sink in sinks:
                sink(alert)

        def ingest(url: str, client: httpx.Client) -> list[IngestResult]:
            return self.ingest(url, client=client, follow=follow)

        return w.run_watch(
            feeds,
            settings=self.settings,
            ingest=ingest,
            every=w.parse_duration(every),
            level=self.watch_level if dyads else None,
            alerts=dyads,
            threshold=threshold,
            method=LEVEL_METHOD,
            notify=send,
            log=say,
            idle=getattr(self.store, "release", None),
            stop=stop,
            cycles=cycles,
            backoff_cap=backoff_cap if backoff_cap is not None else w.BACKOFF_CAP,
            transport=transport,
        )
