"""End-to-end tests of the event coder with the real spaCy model and the shipped trained
components (loaded once per session). The sentences are our own, and none of them is in the
training corpus."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from geostance.config import Settings
from geostance.errors import ExtractionError
from geostance.models import CODER_NAME, Document, Event
from geostance.nlp.actors import default_gazetteer
from geostance.nlp.coder import code_documents, code_text, doc_id_for, thresholds_of
from geostance.nlp.pipeline import TRAINED, make_nlp

pytestmark = pytest.mark.slow

DAY = dt.date(2024, 5, 1)
DEEDS = ("aid", "military", "trade", "security", "attack")


def code(nlp, text: str, when: dt.date | None = DAY) -> list[Event]:  # type: ignore[no-untyped-def]
    events = code_text(nlp, text, gazetteer=default_gazetteer(), doc_date=when)
    for e in events:
        assert_offsets(text, e)
    return events


def assert_offsets(text: str, e: Event) -> None:
    assert text[e.source_start : e.source_end] == e.source_text
    assert text[e.trigger_start : e.trigger_end] == e.trigger
    assert text[e.sentence_start : e.sentence_end] == e.sentence
    if e.target_start is not None and e.target_end is not None:
        assert text[e.target_start : e.target_end] == e.target_text
    assert 0.0 <= e.confidence <= 1.0
    assert e.coder == CODER_NAME == "geostance.events.v2"
    assert e.quad_class in (1, 2, 3, 4)


def dyads(events: list[Event]) -> set[tuple[str, str | None]]:
    return {(e.source, e.target) for e in events}


def test_coder_pipeline_has_the_trained_components(nlp) -> None:  # type: ignore[no-untyped-def]
    for name in ("geostance_mentions", *TRAINED):
        assert name in nlp.pipe_names


def test_coder_readme_example_is_a_negated_condemnation(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "President Vladimir Putin did not condemn the Hamas attack on 7 October 2023. "
        "Moscow hosted a Hamas delegation three weeks later."
    )
    events = code(nlp, text, None)
    first = next(e for e in events if e.trigger == "condemn")
    assert (first.source, first.target, first.cameo_root, first.negated) == (
        "RUS", "HAMAS", "11", True,
    )  # fmt: skip
    assert first.modality == "asserted"
    assert first.date == dt.date(2023, 10, 7)
    assert ("RUS", "HAMAS") in {(e.source, e.target) for e in events if e.trigger == "hosted"}


def test_coder_plain_acts(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Kenya condemned Ethiopia's shelling of the border town on Monday.")
    assert ("KEN", "ETH") in dyads(events)
    e = next(e for e in events if (e.source, e.target) == ("KEN", "ETH"))
    assert e.quad_class == 3 and not e.negated


def test_coder_a_list_of_actors_gives_one_event_each(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Chile, Peru and Bolivia condemned Venezuela's decision on Tuesday.")
    assert {("CHL", "VEN"), ("PER", "VEN"), ("BOL", "VEN")} <= dyads(events)


def test_coder_null_target_keeps_the_issue(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Brazil called for an immediate ceasefire on Sunday.")
    calls = [e for e in events if e.target is None]
    assert {e.source for e in calls} == {"BRA"}
    assert all(e.issue and "ceasefire" in e.issue for e in calls)
    assert all(e.quad_class == 1 for e in calls)


def test_coder_votes_on_a_text_that_upholds_a_state(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The General Assembly on Monday adopted a resolution that demands that Serbia withdraw "
        "its forces from Kosovo. Only Belarus and Cuba opposed the text, and Ghana voted with "
        "Laos against it. China abstained on that occasion."
    )
    votes = {
        (e.source, e.target, e.cameo, e.quad_class)
        for e in code(nlp, text)
        if e.cameo in ("051", "120", "012")
    }
    assert votes == {
        ("BLR", "XKX", "120", 3),
        ("CUB", "XKX", "120", 3),
        ("GHA", "XKX", "120", 3),
        ("LAO", "XKX", "120", 3),
        ("CHN", "XKX", "012", 1),
    }


def unfiltered(nlp, text: str) -> list[Event]:  # type: ignore[no-untyped-def]
    """Every candidate event, the event filter's threshold set to 0 (tests of the rules)."""
    th = replace(thresholds_of(nlp), event=0.0, event_negated=0.0)
    doc = Document(id=doc_id_for(text), text=text, origin="t", date=DAY)
    out = []
    for _, _, evs in code_documents(nlp, [doc], gazetteer=default_gazetteer(), thresholds=th):
        out.extend(evs)
    return out


def test_coder_quote_speaker_named_after_by_pronoun(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Japan's defence minister spoke in Tokyo on Friday. "
        "“We will not send troops to Ukraine,” she told reporters."
    )
    events = unfiltered(nlp, text)
    quoted = [e for e in events if e.sentence.startswith("“We")]
    assert quoted, events
    assert {e.source for e in quoted} == {"JPN"}
    assert all(e.negated for e in quoted if e.target == "UKR")


def test_coder_a_counterpart_is_the_adjective_s_state(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Indonesia's foreign minister met her Jordanian counterpart in Amman.")
    assert ("IDN", "JOR") in dyads(events) or ("JOR", "IDN") in dyads(events)


@pytest.mark.parametrize(
    "text",
    [
        "Washington warned Beijing against sending weapons to Moscow.",
        "Congress passed a law that bars funding for UNRWA.",
        "The foreign ministers demanded that Russia withdraw its troops from Moldova.",
        "If Israel strikes Iranian oil sites, Iran could attack Saudi Arabia.",
        "Analysts argue that Turkey has quietly armed Azerbaijan.",
    ],
    ids=["warned-against", "prohibited", "demanded", "conditional", "hedged"],
)
def test_coder_acts_that_did_not_happen_are_never_asserted_deeds(nlp, text) -> None:  # type: ignore[no-untyped-def]
    for e in code(nlp, text):
        if e.quad_class in (2, 4) and e.modality == "asserted":
            assert e.negated, f"{e.source}->{e.target} {e.cameo} coded as a deed in {text!r}"


def test_coder_warning_against_is_coded_with_its_modality(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Washington warned Beijing against sending weapons to Moscow.")
    assert any(e.source == "USA" and e.target == "CHN" and e.modality == "asserted" for e in events)
    arms = [e for e in events if e.source == "CHN"]
    assert all(e.modality == "demanded" and e.negated for e in arms)


def test_coder_halted_cooperation_is_negated_conflict(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Belgium halted arms exports to Cameroon in March.")
    halts = [e for e in events if (e.source, e.target) == ("BEL", "CMR")]
    assert halts
    assert all(e.negated and e.quad_class == 4 for e in halts)


def test_coder_pronoun_and_name_across_paragraphs(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Kenyan Foreign Minister Amina Wekesa arrived in Kampala on Monday.\n\n"
        "Wekesa praised Uganda for its help with refugees."
    )
    events = code(nlp, text)
    assert ("KEN", "UGA") in dyads(events)


def test_coder_no_event_without_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    assert code(nlp, "The weather was mild and the markets closed early.") == []


def test_coder_streams_documents_with_sentences_and_paragraphs(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = [
        Document(id=doc_id_for(t), text=t, origin=f"d{k}", date=DAY)
        for k, t in enumerate(["Ghana praised Togo.\n\nTogo thanked Ghana.", "Peru met Chile."])
    ]
    out = list(code_documents(nlp, docs, gazetteer=default_gazetteer()))
    assert [d.origin for d, _, _ in out] == ["d0", "d1"]
    sentences = out[0][1]
    assert [s.paragraph for s in sentences] == [0, 1]
    assert all(docs[0].text[s.start : s.end] == s.text for s in sentences)


def test_coder_long_document_is_parsed_in_chunks(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from geostance.nlp import coder

    monkeypatch.setattr(coder, "MAX_CHUNK", 200)
    text = " ".join(["Ghana praised Togo for its help."] * 40)
    events = code(nlp, text)
    assert len({e.sentence_start for e in events}) > 5


@pytest.mark.parametrize(
    "text",
    ["", "\x00\x01\x02", "<script>alert(1)</script>", "“" * 500, "Russia " * 2000, "?" * 10000],
    ids=["empty", "control", "html", "quotes", "repeated", "punctuation"],
)
def test_coder_hostile_input_does_not_break_it(nlp, text) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, text)
    assert isinstance(events, list)


def test_coder_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ExtractionError, match="not installed"):
        make_nlp(Settings(model="no_such_model_xyz"))


def test_coder_event_filter_keeps_the_confident_candidates(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Kenya condemned Ethiopia's shelling of the border town on Monday. Officials said the "
        "talks might resume, and Uganda, which hosts refugees from both, urged calm. Somalia "
        "did not comment."
    )
    th = thresholds_of(nlp)
    kept = code(nlp, text)
    every = unfiltered(nlp, text)
    assert {e.id for e in kept} <= {e.id for e in every}
    assert all(e.confidence >= (th.event_negated if e.negated else th.event) for e in kept)
    assert th.event > 0.0
