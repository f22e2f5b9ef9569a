"""Normalisation, document ids and SimHash near-duplicates (geostance.sources.normalise)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geostance.errors import SourceError
from geostance.sources import normalise
from geostance.sources.normalise import (
    NearDuplicateIndex,
    document_id,
    find_near_duplicate,
    hamming,
    make_document,
    near_duplicate,
    normalise_text,
    simhash,
)

DATA = Path(__file__).parent / "data" / "sources"
#: Bits within which copies with a few changed words reliably land (measured: ~6 for these).
STORY_BITS = 10


def reference_id(text: str) -> str:
    """The id as the contract defines it, computed the plain way."""
    collapsed = " ".join(normalise_text(text).casefold().split())
    return hashlib.sha256(collapsed.encode("utf-8")).hexdigest()[:16]


# -- normalise_text ----------------------------------------------------------------------


def test_normalise_keeps_paragraphs_and_collapses_blank_runs() -> None:
    raw = "First line.   \r\nStill first paragraph.\r\n\r\n\r\n\r\nSecond paragraph.\t \n\n\n"
    assert normalise_text(raw) == "First line.\nStill first paragraph.\n\nSecond paragraph."


def test_normalise_applies_nfc_and_drops_controls() -> None:
    decomposed = "Cafe\u0301 talks\x07 ended\u200b.\ufeff"
    assert normalise_text(decomposed) == "Caf\u00e9 talks ended."


def test_normalise_unifies_unicode_line_and_paragraph_separators() -> None:
    text = "one\u2028two\u2029three\x0cfour\x85five"
    assert normalise_text(text) == "one\ntwo\n\nthree\nfour\nfive"


def test_normalise_strips_unicode_trailing_spaces() -> None:
    assert normalise_text("end of line\u00a0\u3000\nnext") == "end of line\nnext"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert "\n\n\n" not in once
    assert "\r" not in once
    assert once == once.strip()


# -- document_id -----------------------------------------------------------------------


def test_id_ignores_whitespace_and_case() -> None:
    a = "Russia  voted FOR the resolution.\n\nIt passed."
    b = "russia voted for the\nresolution. It   passed.  "
    assert document_id(normalise_text(a)) == document_id(normalise_text(b))
    assert document_id("Russia voted against.") != document_id("Russia voted for.")
    assert len(document_id("x")) == 16
    assert int(document_id("x"), 16) >= 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab \n\tC\u00e9\u00df\u2003."), max_size=120))
def test_chunked_id_equals_plain_hash(text: str) -> None:
    """The chunked hash agrees with the plain definition, wherever chunks are cut."""
    old = normalise.ID_CHUNK
    try:
        normalise.ID_CHUNK = 5
        chunked = document_id(normalise_text(text))
    finally:
        normalise.ID_CHUNK = old
    assert chunked == reference_id(text)


def test_make_document_sets_id_fingerprint_and_fields() -> None:
    doc = make_document(
        "  The  council met.\r\n\r\n\r\nIt adjourned. ",
        origin="memo.txt",
        kind="text",
        title="  Council\n meets ",
        date=dt.date(2023, 1, 5),
        url="  ",
        source="",
    )
    assert doc.text == "The  council met.\n\nIt adjourned."
    assert doc.id == reference_id(doc.text)
    assert doc.title == "Council meets"
    assert doc.url is None and doc.source is None
    assert doc.date == dt.date(2023, 1, 5)
    assert 0 < doc.fingerprint < 2**64
    assert doc.duplicate_of is None


@pytest.mark.parametrize("text", ["", "   \n\n\t ", "\x00\x01\u200b"])
def test_make_document_rejects_empty_text(text: str) -> None:
    with pytest.raises(SourceError) as info:
        make_document(text, origin="blank.txt", kind="text")
    assert info.value.origin == "blank.txt"
    assert "no text" in info.value.reason


# -- simhash ---------------------------------------------------------------------------


def read(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8")


def test_syndicated_copies_are_near_duplicates_and_other_stories_not() -> None:
    a, b, other = (
        simhash(read(n)) for n in ("syndicated_a.txt", "syndicated_b.txt", "other_story.txt")
    )
    assert a != b  # the copies differ in a few words and a credit line...
    assert near_duplicate(a, b, STORY_BITS)  # ...yet count as one story
    assert not near_duplicate(a, other, STORY_BITS)
    assert not near_duplicate(b, other, STORY_BITS)
    assert hamming(a, other) > 2 * STORY_BITS


def test_simhash_ignores_case_and_punctuation() -> None:
    assert simhash("The Minister, said: YES!") == simhash("the minister said yes")


def test_simhash_range_and_edge_cases() -> None:
    assert simhash("") == 0
    assert simhash("...!?") == 0
    assert simhash("one") == simhash("ONE") != 0
    assert 0 <= simhash("two words") < 2**64
    rng = random.Random(7)
    words = [f"w{rng.randrange(500)}" for _ in range(3000)]
    assert 0 <= simhash(" ".join(words)) < 2**64


def test_simhash_reads_only_leading_words() -> None:
    head = " ".join(f"word{i}" for i in range(50))
    assert simhash(head + " tail differs", max_words=50) == simhash(
        head + " other end", max_words=50
    )
    assert simhash(head + " tail differs") != simhash(head + " other end")


def test_near_duplicate_boundaries() -> None:
    assert near_duplicate(0b1011, 0b0000, 3)
    assert not near_duplicate(0b1011, 0b0000, 2)
    assert near_duplicate(2**64 - 1, 2**64 - 1, 0)


def test_find_near_duplicate_returns_closest_then_first() -> None:
    known = [("far", 0b1111), ("near", 0b0001), ("also-near", 0b0010), ("exact", 0b0000)]
    assert find_near_duplicate(0, known, 3) == "exact"
    assert find_near_duplicate(0, known[:3], 3) == "near"
    assert find_near_duplicate(0, known[:1], 3) is None
    assert find_near_duplicate(0, [], 3) is None


fingerprints = st.integers(min_value=0, max_value=2**64 - 1)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(fingerprints, max_size=30),
    st.lists(st.integers(0, 63), max_size=6),
    st.integers(0, 12),
)
def test_index_agrees_with_linear_scan(base: list[int], flips: list[int], bits: int) -> None:
    known = [(f"d{i}", fp) for i, fp in enumerate(base)]
    probe = base[0] if base else 0
    for bit in flips:
        probe ^= 1 << bit
    index = NearDuplicateIndex(bits, known)
    assert index.find(probe) == find_near_duplicate(probe, known, bits)


def test_index_ignores_repeated_ids_and_rejects_negative_bits() -> None:
    index = NearDuplicateIndex(3)
    index.add("a", 0)
    index.add("a", 2**64 - 1)  # same id again: ignored
    assert len(index) == 1
    assert index.find(0b111) == "a"
    assert index.find(2**64 - 1) is None
    with pytest.raises(ValueError):
        NearDuplicateIndex(-1)
