"""Text normalisation, document ids and SimHash near-duplicate tests.

The id is a hash of the text with whitespace collapsed and case folded, so a story saved
twice with different line wrapping or capitals is stored once. The fingerprint is a 64-bit
SimHash of word 3-grams: syndicated copies of one story that differ in a few words
(a byline, a corrected figure) land within a few bits of each other, different stories
about 32 bits apart.

Everything here works on large texts without several full copies alive at once: each
regular-expression pass replaces the previous string, the id is hashed in chunks, and the
fingerprint reads at most ``MAX_SHINGLE_WORDS`` words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator

from geostance.errors import SourceError
from geostance.models import Document

#: Only this many leading words feed the fingerprint; news stories are far shorter, and it
#: bounds the cost for a book-sized file. Two long texts sharing their first 100k words
#: therefore count as near-duplicates.
MAX_SHINGLE_WORDS = 100_000
#: Characters hashed per step when computing the id.
ID_CHUNK = 1 << 20

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85\u2028]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ufeff\u200b]+")
_NEWLINE_CHARS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ASCII_CONTROLS = bytes([*range(9), *range(0x0E, 0x1C), 0x1F, 0x7F])
_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s")
_NON_WORD = re.compile(r"\W")


def normalise_text(text: str) -> str:
    """Text in one canonical form: NFC, ``\\n`` newlines, no trailing spaces, one blank line
    between paragraphs (the coder splits paragraphs on blank lines), no control characters,
    tabs as spaces, no leading or trailing blank lines.

    Each pass is skipped when a quick scan shows it would change nothing, which keeps a
    50 MB text to a few passes over memory.
    """
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if any(c in text for c in _NEWLINE_CHARS):
        text = _NEWLINES.sub("\n", text)
        text = text.replace("\u2029", "\n\n")
    if _has_controls(text):
        text = _CONTROLS.sub("", text)
    text = text.replace("\t", " ")
    if not text.isascii() or " \n" in text:
        text = _strip_line_ends(text)
    while "\n\n\n" in text:  # each pass shortens every run; few passes even for 1e7 newlines
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def _strip_line_ends(text: str) -> str:
    """Every line without trailing whitespace; works on slices cut after a newline so that
    a text of many short lines never becomes one huge list of lines.
    """
    parts: list[str] = []
    start, n = 0, len(text)
    while start < n:
        end = text.find("\n", min(start + ID_CHUNK, n))
        end = n if end < 0 else end + 1
        parts.append("\n".join([line.rstrip() for line in text[start:end].split("\n")]))
        start = end
    return "".join(parts)


def _has_controls(text: str) -> bool:
    """Whether ``_CONTROLS`` would match; for ASCII text a byte-level check, much faster."""
    if text.isascii():
        raw = text.encode("ascii")
        return len(raw.translate(None, _ASCII_CONTROLS)) != len(raw)
    return _CONTROLS.search(text) is not None


#: Longest title kept (characters); longer ones are cut with an ellipsis.
MAX_TITLE = 300
#: Longest URL kept (characters); a longer one is not a link anyone can follow.
MAX_URL = 2048


def normalise_title(title: str | None) -> str | None:
    """One-line title with collapsed whitespace, at most ``MAX_TITLE`` characters, or ``None``
    when there is nothing left."""
    if title is None:
        return None
    flat = _SPACES.sub(" ", normalise_text(title[: MAX_TITLE * 4])).strip()
    if len(flat) > MAX_TITLE:
        flat = flat[: MAX_TITLE - 1].rstrip() + "…"
    return flat or None


def _whitespace_chunks(text: str, size: int) -> Iterator[str]:
    """Slices of about ``size`` characters, cut only at whitespace (words stay whole)."""
    start, n = 0, len(text)
    while start < n:
        end = min(start + size, n)
        if end < n:
            found = _SPACE.search(text, end)
            end = found.start() if found else n
        yield text[start:end]
        start = end


def document_id(text: str) -> str:
    """First 16 hex digits of sha256 over the text with whitespace collapsed, case folded.

    Equal to ``sha256(" ".join(text.casefold().split()))`` but hashed chunk by chunk, so a
    50 MB text is not copied three times.
    """
    digest = hashlib.sha256()
    first = True
    for chunk in _whitespace_chunks(text, ID_CHUNK):
        words = chunk.casefold().split()
        if not words:
            continue
        if not first:
            digest.update(b" ")
        digest.update(" ".join(words).encode("utf-8"))
        first = False
    return digest.hexdigest()[:16]


def _leading_words(text: str, limit: int) -> list[str]:
    """The first ``limit`` words (``\\w+`` runs, case folded) without splitting all of text."""
    words: list[str] = []
    pos, n = 0, len(text)
    step = 64 * limit
    while pos < n and len(words) < limit:
        end = min(pos + step, n)
        if end < n:
            found = _NON_WORD.search(text, end)
            end = found.start() if found else n
        words.extend(_WORD.findall(text[pos:end].casefold()))
        pos = end
    return words[:limit]


def _shingle_hash(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def simhash(text: str, *, max_words: int = MAX_SHINGLE_WORDS) -> int:
    """64-bit SimHash of the word 3-grams of ``text``, an int in ``[0, 2**64)``.

    Words are ``\\w+`` runs, case folded, so punctuation and capitals do not matter. A text
    of one or two words is one shingle; an empty text is 0.
    """
    words = _leading_words(text, max_words)
    if not words:
        return 0
    if len(words) < 3:
        shingles = [" ".join(words)]
    else:
        shingles = [" ".join(words[i : i + 3]) for i in range(len(words) - 2)]
    # Bit counts without a Python loop over 64 bits per shingle: lay the hashes out as
    # one string of '0'/'1' rows and count each column with a strided slice.
    rows = "".join(format(_shingle_hash(s), "064b") for s in shingles)
    half = len(shingles) / 2
    fp = 0
    for col in range(64):
        if rows[col::64].count("1") > half:
            fp |= 1 << (63 - col)
    return fp


def hamming(a: int, b: int) -> int:
    """Number of bits in which two fingerprints differ."""
    return (a ^ b).bit_count()


def near_duplicate(a: int, b: int, bits: int) -> bool:
    """True when fingerprints ``a`` and ``b`` differ in at most ``bits`` bits."""
    return hamming(a, b) <= bits


def find_near_duplicate(fp: int, known: Iterable[tuple[str, int]], bits: int) -> str | None:
    """The id of the known document closest to ``fp`` within ``bits`` bits (the first one on a
    tie), or ``None``. A linear scan; ``NearDuplicateIndex`` answers the same in
    sub-linear time for large collections.
    """
    best: str | None = None
    best_distance = bits + 1
    for doc_id, other in known:
        distance = hamming(fp, other)
        if distance < best_distance:
            best, best_distance = doc_id, distance
            if distance == 0:
                break
    return best


class NearDuplicateIndex:
    """Fingerprints split into ``bits + 1`` bands: two fingerprints within ``bits`` bits agree
    exactly on at least one band (pigeonhole), so only documents sharing a band are compared.
    """

    def __init__(self, bits: int, known: Iterable[tuple[str, int]] = ()) -> None:
        if bits < 0:
            raise ValueError("bits must be 0 or more")
        self.bits = bits
        bands = min(bits + 1, 64)
        edges = [round(i * 64 / bands) for i in range(bands + 1)]
        self._bands = [(lo, hi - lo) for lo, hi in zip(edges, edges[1:], strict=False)]
        self._tables: list[dict[int, list[tuple[str, int]]]] = [{} for _ in self._bands]
        self._order: dict[str, int] = {}
        for doc_id, fp in known:
            self.add(doc_id, fp)

    def __len__(self) -> int:
        return len(self._order)

    def _keys(self, fp: int) -> Iterator[int]:
        for lo, width in self._bands:
            yield (fp >> lo) & ((1 << width) - 1)

    def add(self, doc_id: str, fp: int) -> None:
        """Remember a document's fingerprint (adding an id twice keeps the first)."""
        if doc_id in self._order:
            return
        self._order[doc_id] = len(self._order)
        for table, key in zip(self._tables, self._keys(fp), strict=True):
            table.setdefault(key, []).append((doc_id, fp))

    def find(self, fp: int) -> str | None:
        """Same answer as ``find_near_duplicate`` over the documents added, in added order."""
        best: tuple[int, int, str] | None = None
        for table, key in zip(self._tables, self._keys(fp), strict=True):
            for doc_id, other in table.get(key, ()):
                distance = hamming(fp, other)
                if distance <= self.bits:
                    cand = (distance, self._order[doc_id], doc_id)
                    if best is None or cand < best:
                        best = cand
        return best[2] if best else None


def make_document(
    text: str,
    *,
    origin: str,
    kind: str,
    title: str | None = None,
    date: dt.date | None = None,
    url: str | None = None,
    source: str | None = None,
) -> Document:
    """A ``Document`` from raw text: normalised text, its id and its SimHash fingerprint.

    Raises ``SourceError`` when nothing but whitespace is left, since an empty document
    cannot be coded and would give every empty input the same id.
    """
    clean = normalise_text(text)
    if not clean:
        raise SourceError(origin, "no text left after normalisation; give a source with text")
    return Document(
        id=document_id(clean),
        text=clean,
        origin=origin,
        kind=kind,
        title=normalise_title(title),
        date=date,
        url=url.strip() if url and url.strip() and len(url.strip()) <= MAX_URL else None,
        source=normalise_title(source),
        fingerprint=simhash(clean),
    )
