"""The core of the ``Geostance`` facade: store, settings, ingest, code, events, actors, export.

Only the facade touches the store; the stages it wires (sources, nlp) are pure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from geostance import config
from geostance.errors import ConfigError, GeostanceError, SourceError
from geostance.models import Actor, Document, Event, IngestResult, Resolution
from geostance.store import Store

if TYPE_CHECKING:
    import httpx
    import pandas as pd
    from spacy.language import Language

    from geostance.nlp.actors import Gazetteer

#: The JSON-lines contract of ``geostance code`` and ``geostance events`` (issue 3), in order.
CONTRACT_FIELDS: tuple[str, ...] = (
    "doc",
    "doc_id",
    "sentence",
    "sentence_start",
    "sentence_end",
    "source",
    "source_text",
    "target",
    "target_text",
    "trigger",
    "cameo",
    "cameo_root",
    "quad_class",
    "goldstein",
    "plover",
    "negated",
    "modality",
    "date",
    "date_precision",
    "confidence",
    "coder",
)
#: Fields added after the contract ones: ids, offsets and provenance.
EXTRA_FIELDS: tuple[str, ...] = (
    "id",
    "source_start",
    "source_end",
    "target_start",
    "target_end",
    "trigger_start",
    "trigger_end",
    "plover_mode",
    "date_end",
    "date_method",
    "attribution",
    "issue",
)
GDELT_FIELDS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Code",
    "Actor1Name",
    "Actor2Code",
    "Actor2Name",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "SOURCEURL",
)
EXPORT_FORMATS = ("csv", "jsonl", "parquet", "gdelt")

Progress = Callable[[IngestResult], None]


def event_record(event: Event) -> dict[str, Any]:
    """One event as the contract's ordered dict (contract fields, then the extras)."""
    rec = event.to_record()
    return {k: rec[k] for k in (*CONTRACT_FIELDS, *EXTRA_FIELDS)}


def gdelt_row(event: Event, url: str | None) -> list[str]:
    """One event in GDELT's column form (negated events are not representable there)."""
    day = event.date.strftime("%Y%m%d") if event.date else ""
    return [
        event.id,
        day,
        event.source,
        event.source_text,
        event.target or "",
        event.target_text or "",
        "1",
        event.cameo,
        event.cameo[:3],
        event.cameo_root,
        str(event.quad_class),
        f"{event.goldstein:.1f}",
        url or event.doc,
    ]


class CoreMixin:
    """Opens the store and wires the stages. See ``Geostance``.

    By default (``read_only=None``) a store file is opened *shared*: it is held only while
    used (reads read-only, each write briefly read-write), so that the dashboard, the CLI and
    ``watch`` can use one file at once (see ``docs/schema.md``). ``read_only=True`` holds it
    read-only, ``read_only=False`` holds it for writing until ``close()`` (a bulk load that
    wants no other process in the meantime).
    """

    def __init__(
        self,
        db: str | Path | None = None,
        *,
        settings: config.Settings | None = None,
        read_only: bool | None = None,
        **overrides: Any,
    ) -> None:
        base = settings or config.load()
        if db is not None:
            overrides["db"] = str(db)
        self.settings: config.Settings = base.replace(**overrides) if overrides else base
        self.store: Store = Store(
            self.settings.db,
            read_only=bool(read_only),
            shared=read_only is None,
            memory_limit=self.settings.memory_limit,
        )

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Any:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- stages, built lazily ------------------------------------------------------------------
    @cached_property
    def gazetteer(self) -> Gazetteer:
        from geostance.nlp.actors import Gazetteer, default_gazetteer

        if self.settings.actors_file:
            return Gazetteer.load(self.settings.actors_file)
        return default_gazetteer()

    @cached_property
    def nlp(self) -> Language:
        from geostance.nlp.pipeline import make_nlp

        return make_nlp(self.settings, self.gazetteer)

    # -- actors --------------------------------------------------------------------------------
    def actors(self, kind: str | None = None) -> list[Actor]:
        """Every actor of the gazetteer (optionally of one kind: state, igo, group, person ...)."""
        return self.gazetteer.actors(kind)

    def find_actor(self, name: str, *, on: dt.date | None = None) -> Resolution:
        """How a name resolves to an actor id on a date, and why."""
        return self.gazetteer.resolve(name, on)

    # -- reading and coding ----------------------------------------------------------------
    def _documents(
        self,
        sources: Iterable[str],
        *,
        follow: bool,
        include: Sequence[str],
        exclude: Sequence[str],
        client: httpx.Client | None,
    ) -> Iterator[Any]:
        from geostance.sources import iter_documents

        yield from iter_documents(
            sources,
            settings=self.settings,
            client=client,
            follow=follow,
            include=include,
            exclude=exclude,
        )

    def code(
        self,
        *sources: str,
        follow: bool = False,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        client: httpx.Client | None = None,
        on_result: Progress | None = None,
    ) -> Iterator[Event]:
        """Code events from files, folders or URLs without storing anything.

        Events are yielded a chunk at a time as they are coded, so memory stays bounded
        whatever a document's length. Failures are reported through ``on_result`` (status
        ``failed``) and the batch goes on.
        """
        from geostance.nlp.coder import code_pieces

        def docs() -> Iterator[Document]:
            for item in self._documents(
                sources, follow=follow, include=include, exclude=exclude, client=client
            ):
                if isinstance(item, Document):
                    yield item
                else:
                    _report(on_result, item)

        count = 0
        for doc, _sentences, events, done in code_pieces(
            self.nlp,
            docs(),
            gazetteer=self.gazetteer,
            batch_size=self.settings.batch_size,
            n_process=self.settings.n_process,
        ):
            count += len(events)
            yield from events
            if done:
                if on_result:
                    on_result(IngestResult(doc.origin, "kept", doc.id, events=count))
                count = 0

    def ingest(
        self,
        *sources: str,
        follow: bool = False,
        include: Sequence[str] = (),
        exclude: Sequence[str] = (),
        client: httpx.Client | None = None,
        on_result: Progress | None = None,
    ) -> list[IngestResult]:
        """Read, code and store documents; one transaction per document.

        A document already stored (same normalised text) is a ``duplicate`` and stores
        nothing; a near-identical copy of a stored story is stored ``linked`` to it (its
        events are not counted twice). A result is reported only after its commit, with the
        number of events stored. A long document's sentences and events are staged on disk
        as they are coded (``insert_batch`` at a time), so memory does not grow with it.
        """
        from geostance.nlp.coder import code_pieces
        from geostance.sources import NearDuplicateIndex
        from geostance.store.writer import DocumentWriter

        results: list[IngestResult] = []

        def emit(result: IngestResult) -> None:
            results.append(result)
            if on_result:
                on_result(result)

        index = NearDuplicateIndex(self.settings.near_duplicate_bits, self.store.fingerprints())
        seen_ids: set[str] = set()
        pending_warnings: dict[str, list[str]] = {}

        def fresh() -> Iterator[Document]:
            for item in self._documents(
                sources, follow=follow, include=include, exclude=exclude, client=client
            ):
                if isinstance(item, SourceError):
                    emit(IngestResult(item.origin, "failed", reason=item.reason))
                    continue
                if not isinstance(item, Document):
                    pending_warnings.setdefault(item.origin, []).append(item.message)
                    continue
                doc = item
                if doc.id in seen_ids or self.store.has_document(doc.id):
                    warned = tuple(pending_warnings.pop(doc.origin, ()))
                    emit(
                        IngestResult(
                            doc.origin,
                            "duplicate",
                            doc.id,
                            reason="already stored",
                            warnings=warned,
                        )
                    )
                    continue
                seen_ids.add(doc.id)
                twin = index.find(doc.fingerprint)
                if twin is not None:
                    doc = _with(doc, duplicate_of=twin)
                else:
                    index.add(doc.id, doc.fingerprint)
                yield doc

        writer: DocumentWriter | None = None
        failed: Document | None = None  # the document whose staging failed: skip its pieces
        try:
            for doc, sentences, events, done in code_pieces(
                self.nlp,
                fresh(),
                gazetteer=self.gazetteer,
                batch_size=self.settings.batch_size,
                n_process=self.settings.n_process,
            ):
                if doc is failed:
                    continue
                if writer is None:
                    writer = self.store.writer(doc, batch=self.settings.insert_batch)
                try:
                    writer.add(sentences, events)
                    stored = writer.commit() if done else 0
                except GeostanceError as e:
                    writer.discard()
                    writer, failed = None, doc
                    pending_warnings.pop(doc.origin, None)
                    emit(IngestResult(doc.origin, "failed", doc.id, reason=str(e)))
                    continue
                if done:
                    writer = None
                    self._stored(doc, stored, pending_warnings, emit)
        finally:
            if writer is not None:  # coding failed mid-document: none of it is stored
                writer.discard()
        # Warnings about no document (files skipped for their extension, unreadable folders):
        # every skip is said, one result per file.
        for origin, messages in pending_warnings.items():
            skip = all(m.startswith(("skipped", "unreadable")) for m in messages)
            emit(IngestResult(origin, "skipped" if skip else "warning", reason="; ".join(messages)))
        return results

    @staticmethod
    def _stored(
        doc: Document,
        stored: int | None,
        pending_warnings: dict[str, list[str]],
        emit: Callable[[IngestResult], None],
    ) -> None:
        """Report a document after its commit (``stored``: events stored, None: already
        stored)."""
        warnings = tuple(pending_warnings.pop(doc.origin, ()))
        if stored is None:
            emit(IngestResult(doc.origin, "duplicate", doc.id, reason="already stored"))
        elif doc.duplicate_of:
            emit(
                IngestResult(
                    doc.origin,
                    "linked",
                    doc.id,
                    reason=f"near-identical copy of {doc.duplicate_of}",
                    events=stored,
                    warnings=warnings,
                )
            )
        else:
            emit(IngestResult(doc.origin, "kept", doc.id, events=stored, warnings=warnings))

    # -- reading the store -----------------------------------------------------------------
    def events(
        self,
        *,
        source: str | None = None,
        target: str | None = None,
        since: dt.date | str | None = None,
        until: dt.date | str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
        include_duplicates: bool = False,
    ) -> list[Event]:
        """Stored events, filtered; near-duplicate copies are counted once (their events are
        left out unless ``include_duplicates``)."""
        return self.store.events(
            source=source,
            target=target,
            since=_date(since, "since"),
            until=_date(until, "until"),
            doc_id=doc_id,
            limit=limit,
            include_duplicates=include_duplicates,
        )

    def events_df(self, **filters: Any) -> pd.DataFrame:
        """The same as ``events`` as a pandas DataFrame."""
        for key in ("since", "until"):
            if key in filters:
                filters[key] = _date(filters[key], key)
        return self.store.events_df(**filters)

    def dyads(self, *, min_events: int = 1) -> pd.DataFrame:
        """Event counts per dyad and QuadClass (negated events counted apart)."""
        return self.store.dyad_counts(min_events=min_events)

    def document(self, doc_id: str) -> Document | None:
        return self.store.document(doc_id)

    def documents(self, *, limit: int | None = None) -> list[Document]:
        return self.store.documents(limit=limit)

    def export(
        self,
        out: TextIO | str | Path,
        *,
        format: str = "csv",
        include_copies: bool = False,
        **filters: Any,
    ) -> int:
        """Write the stored events as csv, jsonl, parquet or gdelt; return the number written.

        Parquet needs a path. The GDELT form leaves out negated events, which GDELT cannot
        express (a negated "condemn" would read as a condemnation). Events of near-identical
        copies of a stored story are left out (counted once) unless ``include_copies``;
        ``export_left_out`` says how many of each were left out.
        """
        if format not in EXPORT_FORMATS:
            raise ConfigError(
                f"no export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}"
            )
        events = self.events(**filters, include_duplicates=include_copies)
        if format == "parquet":
            if not isinstance(out, str | Path):
                raise ConfigError("parquet export needs a file path: --out events.parquet")
            import pandas as pd

            pd.DataFrame([event_record(e) for e in events]).to_parquet(out, index=False)
            return len(events)
        if isinstance(out, str | Path):
            with open(out, "w", encoding="utf-8", newline="") as fh:
                return self.export(fh, format=format, include_copies=include_copies, **filters)
        return write_events(events, out, format=format, urls=self._urls(events))

    def export_left_out(
        self, *, format: str = "csv", include_copies: bool = False, **filters: Any
    ) -> dict[str, int]:
        """What ``export`` with the same arguments leaves out, so that its count can be told
        apart from ``ingest``'s: ``negated`` events (the GDELT form only), and ``copies``
        events in ``copy_documents`` near-identical copies of stored stories."""
        every = self.events(**filters, include_duplicates=True)
        chosen = every if include_copies else self.events(**filters)
        return {
            "negated": sum(e.negated for e in chosen) if format == "gdelt" else 0,
            "copies": len(every) - len(chosen),
            "copy_documents": len({e.doc_id for e in every} - {e.doc_id for e in chosen}),
        }

    def _urls(self, events: Sequence[Event]) -> dict[str, str | None]:
        ids = sorted({e.doc_id for e in events})
        urls: dict[str, str | None] = {}
        for doc_id in ids:
            doc = self.store.document(doc_id)
            urls[doc_id] = doc.url if doc else None
        return urls


def write_events(
    events: Iterable[Event],
    out: TextIO,
    *,
    format: str,
    urls: dict[str, str | None] | None = None,
) -> int:
    """Write events as jsonl, csv or gdelt (tab-separated with a header) to a text stream."""
    n = 0
    if format == "jsonl":
        for e in events:
            out.write(json.dumps(event_record(e), ensure_ascii=False) + "\n")
            n += 1
        return n
    if format == "gdelt":
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(GDELT_FIELDS)
        for e in events:
            if e.negated:
                continue
            writer.writerow(gdelt_row(e, (urls or {}).get(e.doc_id)))
            n += 1
        return n
    if format == "csv":
        table = csv.DictWriter(out, fieldnames=(*CONTRACT_FIELDS, *EXTRA_FIELDS))
        table.writeheader()
        for e in events:
            table.writerow(event_record(e))
            n += 1
        return n
    raise ConfigError(f"no event format {format!r}; use jsonl, csv or gdelt")


def events_csv(events: Iterable[Event]) -> str:
    buf = io.StringIO()
    write_events(events, buf, format="csv")
    return buf.getvalue()


def _report(on_result: Progress | None, item: Any) -> None:
    if on_result is None:
        return
    if isinstance(item, SourceError):
        on_result(IngestResult(item.origin, "failed", reason=item.reason))
    else:
        on_result(IngestResult(item.origin, "kept", warnings=(item.message,)))


def _with(doc: Document, **changes: Any) -> Document:
    import dataclasses

    return dataclasses.replace(doc, **changes)


def _date(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{name} {value!r} is not a date; write it as YYYY-MM-DD") from None
