"""Extractive summaries and dyad briefs on hand-written texts."""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pytest

from geostance.models import Document, Sentence
from geostance.summarise import brief, lexrank, summarize, tfidf, tokens
from stance_helpers import ev

TEXT = (
    "The foreign ministry in Moscow issued a statement on the talks in Cairo. "
    "Russia condemned the strikes on Gaza and called for a ceasefire in Gaza. "
    "The weather in Cairo was mild during the talks. "
    "Egyptian mediators said the talks on a ceasefire in Gaza would continue. "
    "Russia sent humanitarian aid to Gaza through Egypt. "
    "A museum in the city reopened after repairs. "
    "Diplomats expect the ceasefire talks to resume next week in Cairo."
)


def split(text: str, doc_id: str = "d1") -> list[Sentence]:
    out = []
    for i, m in enumerate(re.finditer(r"[^.]+\.", text)):
        start = m.start() + (len(m.group()) - len(m.group().lstrip()))
        out.append(Sentence(doc_id, i, start, m.end(), text[start : m.end()]))
    return out


def doc(text: str = TEXT, doc_id: str = "d1") -> Document:
    return Document(doc_id, text, "memory:test", title="Talks", date=dt.date(2024, 1, 2))


def test_summary_is_in_document_order_with_true_offsets() -> None:
    d, sents = doc(), split(TEXT)
    s = summarize(d, sents, n=3)
    assert len(s.sentences) == 3 and s.total_sentences == 7
    idx = [x.index for x in s.sentences]
    assert idx == sorted(idx)
    for x in s.sentences:
        assert d.text[x.start : x.end] == x.text
    assert "weather" not in s.text and "museum" not in s.text


def test_summary_is_deterministic() -> None:
    d, sents = doc(), split(TEXT)
    assert summarize(d, sents, n=4) == summarize(d, sents, n=4)


def test_events_pull_their_sentences_into_the_summary() -> None:
    d, sents = doc(), split(TEXT)
    aid = sents[4]
    plain = summarize(d, sents, n=2)
    events = [ev("aid", doc_id="d1", sentence=aid.text, start=aid.start) for _ in range(6)]
    weighted = summarize(d, sents, events, n=2)
    assert 4 not in [x.index for x in plain.sentences]
    assert 4 in [x.index for x in weighted.sentences]
    assert weighted.events and weighted.events[0].sentence_index == 4
    assert any(x.events == 6 for x in weighted.sentences)


def test_key_events_show_negation() -> None:
    d, sents = doc(), split(TEXT)
    s1 = sents[1]
    events = [ev("condemn", negated=True, doc_id="d1", sentence=s1.text, start=s1.start)]
    s = summarize(d, sents, events, n=2)
    assert s.events[0].negated
    assert s.to_dict()["events"][0]["negated"] is True


def test_empty_and_degenerate_documents() -> None:
    empty = summarize(doc("", "e"), [], n=3)
    assert empty.sentences == () and empty.total_sentences == 0
    one = summarize(doc("Only one.", "o"), split("Only one.", "o"), n=5)
    assert [x.text for x in one.sentences] == ["Only one."]
    digits = "1234 5678. 99 00."
    assert len(summarize(doc(digits, "n"), split(digits, "n"), n=1).sentences) == 1
    with pytest.raises(ValueError):
        summarize(doc(), split(TEXT), n=0)


def test_hostile_text_is_kept_verbatim() -> None:
    text = "<script>alert(1)</script> Russia condemned Israel. Null \x00 byte here."
    s = summarize(doc(text, "h"), split(text, "h"), n=2)
    assert any("<script>" in x.text for x in s.sentences)


def test_large_document_stays_bounded() -> None:
    text = " ".join(
        f"Sentence number {i} mentions topic {i % 17} and place {i % 5}." for i in range(800)
    )
    s = summarize(doc(text, "big"), split(text, "big"), n=5)
    assert len(s.sentences) == 5


def test_tfidf_rows_are_unit_and_lexrank_sums_to_one() -> None:
    m = tfidf(["Russia condemned Israel", "Russia praised Egypt", "the and of"])
    norms = np.linalg.norm(m, axis=1)
    assert norms[:2] == pytest.approx([1, 1]) and norms[2] == 0
    r = lexrank(m)
    assert r.sum() == pytest.approx(1.0)
    assert tokens("The 2023 talks, and Russia's aid") == ["talks", "russia's", "aid"]


def test_brief_picks_non_redundant_cited_sentences_across_documents() -> None:
    docs = {}
    events = []
    texts = {
        "a": "Russia condemned the strikes on Gaza.",
        "b": "Russia condemned the strikes on Gaza again.",
        "c": "Russia sent medical aid to the Palestinians.",
        "d": "Russia hosted Palestinian leaders in Moscow for talks.",
    }
    for i, (doc_id, text) in enumerate(texts.items()):
        docs[doc_id] = Document(doc_id, text, f"file{doc_id}.txt", title=f"T{doc_id}")
        act = {"a": "condemn", "b": "condemn", "c": "aid", "d": "praise"}[doc_id]
        events.append(ev(act, doc_id=doc_id, sentence=text, start=0, date=dt.date(2024, 1, 1 + i)))
    b = brief(events, docs, source="RUS", target="PSE", n=3)
    assert len(b.sentences) == 3 and b.documents == 4 and b.candidates == 4
    chosen = {x.doc_id for x in b.sentences}
    assert not {"a", "b"} <= chosen  # the near-repeat is left out
    assert "c" in chosen
    for x in b.sentences:
        assert docs[x.doc_id].text[x.start : x.end] == x.text
        assert x.title == f"T{x.doc_id}"
    dates = [x.date for x in b.sentences]
    assert dates == sorted(dates)
    assert brief([], docs, source="RUS", target="PSE").sentences == ()


# -- end to end: stored documents and files coded on the fly ----------------------------------

from stance_helpers import STANCE_DATA, open_with, pro_db  # noqa: E402

FIXTURES = (pro_db,)  # a session fixture shared with the other stance tests

from geostance.errors import GeostanceError, QuestionError  # noqa: E402


def test_summarize_stored_document_and_file(pro_db, nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open_with(pro_db, nlp) as g:
        doc = next(d for d in g.documents() if d.title == "Moscow hosts Palestinian delegation")
        s = g.summarize(doc.id, sentences=2)
        assert s.stored and s.doc_id == doc.id and len(s.sentences) == 2
        for x in s.sentences:
            assert doc.text[x.start : x.end] == x.text
        assert s.events and any(e.target == "PSE" for e in s.events)
        assert g.summarize(doc.id[:10], sentences=1).doc_id == doc.id  # a unique prefix
        before = g.store.counts()
        f = g.summarize(str(STANCE_DATA / "con_1.txt"), sentences=2)
        assert not f.stored and len(f.sentences) == 2 and f.title == "A cooler tone from Moscow"
        assert g.store.counts() == before  # coded on the fly, not stored
        with pytest.raises(QuestionError, match="no document"):
            g.summarize("no-such-thing")
        with pytest.raises(QuestionError):
            g.summarize(doc.id, sentences=0)
        binary = tmp_path / "blob.txt"
        binary.write_bytes(b"\x00\xff\x00\xfe" * 100)
        try:
            junk = g.summarize(str(binary))
        except GeostanceError as e:
            assert "blob.txt" in str(e)
        else:  # read as text by the sources stage: nothing to report from it
            assert junk.events == () and not junk.stored
