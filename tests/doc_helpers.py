"""Parsed sentences built by hand for the coder's unit tests (no model is loaded).

``parsed("Russia/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn Israel/PROPN/dobj/1 ./PUNCT/punct/1")``
builds a Doc from tokens written ``word/POS/dep/head[/lemma[/tag]]``; ``ents`` marks entity spans as
``(start, end, label)``. Lemmas default to the lower-cased word.
"""

from __future__ import annotations

import functools

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from geostance.nlp.actors import default_gazetteer
from geostance.nlp.mentions import ActorTable, build_matchers, find_mentions

__all__ = ["blank", "mentions_in", "parsed", "table"]


@functools.lru_cache(maxsize=1)
def blank() -> Language:
    return spacy.blank("en")


@functools.lru_cache(maxsize=1)
def table() -> ActorTable:
    return ActorTable(default_gazetteer())


@functools.lru_cache(maxsize=1)
def _matchers():  # type: ignore[no-untyped-def]
    return build_matchers(blank(), table())


def parsed(spec: str, ents: tuple[tuple[int, int, str], ...] = ()) -> Doc:
    words, pos, deps, heads, lemmas, tags = [], [], [], [], [], []
    for item in spec.split():
        parts = item.split("/")
        word, p, dep, head = parts[:4]
        words.append(word)
        pos.append(p)
        deps.append(dep)
        heads.append(int(head))
        lemmas.append(parts[4] if len(parts) > 4 and parts[4] else word.lower())
        tags.append(parts[5] if len(parts) > 5 else "")
    doc = Doc(blank().vocab, words=words, pos=pos, deps=deps, heads=heads, lemmas=lemmas, tags=tags)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def mentions_in(doc: Doc):  # type: ignore[no-untyped-def]
    """The mentions of a hand-built Doc, as (text, kind, keys) triples and the objects."""
    found = find_mentions(doc, _matchers(), table())
    return [(doc[m.start : m.end].text, m.kind, m.keys) for m in found], found
