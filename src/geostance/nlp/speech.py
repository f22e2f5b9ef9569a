"""Quotes and their speakers in a parsed chunk.

A third of the events in news reports sit in sentences with quotes. The rules here find each
quoted stretch of text and who says it, from the dependency parse:

* the speaker named after the quote ("“…,” the minister said", "“…,” said Lavrov") or before
  it ("Lavrov said: “…”"), by a pronoun ("“…,” she told reporters"), or through "according to";
* a quote with no reporting clause of its own continues the previous quote of the paragraph.

Inside a quote, "we", "our", "us", "I" and "my" stand for the speaker's side; the role model
sees the speaker as a candidate source of the acts the quote states. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from geostance.nlp.mentions import Mention

__all__ = ["SPEECH_VERBS", "Quote", "find_quotes", "quote_of"]

SPEECH_VERBS = frozenset(
    """say tell add insist warn declare state note stress argue reply respond tweet post write
    remark comment explain announce continue conclude told vow pledge promise claim assert
    charge complain urge ask affirm reiterate emphasise emphasize acknowledge admit concede
    maintain predict suggest recall describe call accuse deny""".split()
)
_QUOTES = re.compile(r"“[^”]{2,}”|\"[^\"\n]{2,}\"")


@dataclass(frozen=True, slots=True)
class Quote:
    """Tokens [start, end) of a quoted stretch and the index of its speaker's mention in the
    chunk's mention list (``-1`` when no known speaker)."""

    start: int
    end: int
    speaker: int = -1

    def pack(self) -> list[Any]:
        return [self.start, self.end, self.speaker]

    @classmethod
    def unpack(cls, row: Sequence[Any]) -> Quote:
        return cls(int(row[0]), int(row[1]), int(row[2]))


def find_quotes(doc: Doc, mentions: Sequence[Mention]) -> list[Quote]:
    """The quotes of a chunk in text order, each with its speaker when one can be found."""
    tok_at = {t.idx: t.i for t in doc}
    by_token = {i: k for k, m in enumerate(mentions) for i in range(m.start, m.end)}
    out: list[Quote] = []
    for match in _QUOTES.finditer(doc.text):
        start = _token_at(doc, tok_at, match.start())
        end = _token_at(doc, tok_at, match.end() - 1) + 1
        if start is None or end <= start:
            continue
        speaker = _speaker(doc, start, end, by_token)
        if speaker < 0 and out and _continues(doc, out[-1], start, mentions):
            speaker = out[-1].speaker
        out.append(Quote(start, end, speaker))
    return out


def quote_of(quotes: Sequence[Quote], token: int) -> Quote | None:
    """The quote a token lies in, if any."""
    for q in quotes:
        if q.start <= token < q.end:
            return q
    return None


def _token_at(doc: Doc, tok_at: dict[int, int], char: int) -> int:
    if char in tok_at:
        return tok_at[char]
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None and len(span) else 0


def _speaker(doc: Doc, start: int, end: int, by_token: dict[int, int]) -> int:
    """The mention index of whoever a reporting verb outside the quote, in the sentence of the
    quote's end (or start), names as its subject."""
    for anchor in (end - 1, start):
        sent = doc[anchor].sent
        verbs = [
            t for t in sent if not (start <= t.i < end) and t.pos_ in ("VERB", "AUX") and _speech(t)
        ]
        # the nearest reporting verb after the quote first, then before it
        verbs.sort(key=lambda t: (t.i < start, abs(t.i - end)))
        for verb in verbs:
            k = _subject_mention(verb, by_token)
            if k >= 0:
                return k
        for t in sent:
            if t.lower_ == "according" and not (start <= t.i < end):
                for c in t.children:
                    for p in c.children if c.lower_ == "to" else ():
                        k = by_token.get(p.i, -1)
                        if k >= 0:
                            return k
    return -1


def _speech(tok: Token) -> bool:
    return tok.lemma_.lower() in SPEECH_VERBS


def _subject_mention(verb: Token, by_token: dict[int, int]) -> int:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            k = by_token.get(c.i, -1)
            if k >= 0:
                return k
            for a in c.children:  # "a spokesman, Majed al-Ansari, said"
                if a.dep_ == "appos" and by_token.get(a.i, -1) >= 0:
                    return by_token[a.i]
    return -1


def _continues(doc: Doc, prev: Quote, start: int, mentions: Sequence[Mention]) -> bool:
    """A quote that follows the previous one with only its reporting clause or spaces between
    ("“…,” he said. “…”") carries on with the same speaker."""
    if prev.speaker < 0 or start - prev.end > 12:
        return False
    own = mentions[prev.speaker]
    between = [t for t in doc[prev.end : start] if not own.start <= t.i < own.end]
    return not any(t.pos_ == "PROPN" or t.lower_ in ('"', "“") for t in between)
