"""Facade methods for summaries (of a document, a file, a URL or a dyad) and full-text search.

The facade fetches the sentences and events; ``summarise`` picks and orders them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from geostance import answers as ans
from geostance import summarise
from geostance.app.stance import MAX_QUERY, StanceMixin, _date, _LazyDocs
from geostance.errors import QuestionError, SourceError
from geostance.models import Document


class SummaryMixin(StanceMixin):
    # -- summaries -------------------------------------------------------------------------
    def summarize(self, doc_or_path_or_url: str, *, sentences: int = 5) -> summarise.Summary:
        """Summarise a stored document (DOC_ID), or a file or URL coded on the fly (not stored)."""
        if sentences < 1:
            raise QuestionError(f"--sentences {sentences}: give 1 or more")
        ref = str(doc_or_path_or_url).strip()
        if not ref:
            raise QuestionError("nothing to summarise: give a DOC_ID, a file or a URL")
        is_url = ref.lower().startswith(("http://", "https://"))
        if not is_url and not Path(ref).exists():
            doc = self.store.document(ref) if len(ref) >= 6 else None
            if doc is None:
                raise QuestionError(
                    f"no document {ref!r} in the store and no such file; give a DOC_ID "
                    "(see `geostance documents`), a file path or an http(s) URL"
                )
            sents = self.store.sentences(doc.id)
            events = self.store.events(doc_id=doc.id, include_duplicates=True)
            return summarise.summarize(doc, sents, events, n=sentences)
        return self._summarize_fresh(ref, sentences)

    def _summarize_fresh(self, ref: str, n: int) -> summarise.Summary:
        from geostance.nlp.coder import code_documents

        docs: list[Document] = []
        for item in self._documents([ref], follow=False, include=(), exclude=(), client=None):  # type: ignore[attr-defined]
            if isinstance(item, SourceError):
                raise item
            if isinstance(item, Document):
                docs.append(item)
                break
        if not docs:
            raise SourceError(ref, "no readable text found; give a text, HTML or feed file")
        for doc, sents, events in code_documents(
            self.nlp, iter(docs), gazetteer=self.gazetteer, batch_size=1, n_process=1
        ):
            stored = self.store.has_document(doc.id)
            return summarise.summarize(doc, sents, events, n=n, stored=stored)
        raise SourceError(ref, "the document could not be parsed")

    def brief(
        self,
        source: str,
        target: str,
        *,
        since: dt.date | str | None = None,
        n: int = 8,
    ) -> summarise.Brief:
        """A multi-document brief of a dyad: informative, non-redundant, cited sentences."""
        if n < 1:
            raise QuestionError(f"brief of {n} sentences: give 1 or more")
        src, tgt = self._actor_id(source), self._actor_id(target)
        d0 = _date(since, "since")
        events, _ = self._dyad_events(src, tgt, d0, None)
        return summarise.brief(
            events, _LazyDocs(self.store), source=src, target=tgt, since=d0, n=n
        )  # fmt: skip

    # -- full-text search ------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 10) -> list[ans.Hit]:
        """The stored sentences most relevant to ``query`` (BM25 over sentence text and the
        events each holds: actor ids and act names), best first; near-duplicates left out."""
        q = " ".join((query or "").split())[:MAX_QUERY]
        if not q:
            raise QuestionError("empty search; give some words to look for")
        limit = max(1, min(int(limit), 200))
        rows = self.store.search_sentences(q, limit, words=summarise.tokens(q))
        return [_hit(r) for r in rows]


def _hit(r: Sequence[Any]) -> ans.Hit:
    return ans.Hit(
        doc_id=r[0],
        index=int(r[1]),
        start=int(r[2]),
        end=int(r[3]),
        sentence=r[4],
        score=float(r[5]),
        title=r[6],
        date=r[7],
        url=r[8],
        origin=r[9] or "",
        events=int(r[10] or 0),
    )
