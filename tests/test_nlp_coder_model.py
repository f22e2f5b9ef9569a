"""End-to-end tests of the event coder with the real spaCy model (loaded once per session).

Every construction the issue lists gives the right source, target, code, negation, modality
and offsets; the sample sentences are our own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from geostance.config import Settings
from geostance.errors import ExtractionError
from geostance.models import Document, Event
from geostance.nlp import extract
from geostance.nlp.actors import default_gazetteer
from geostance.nlp.coder import code_documents, code_text, doc_id_for
from geostance.nlp.pipeline import make_nlp

pytestmark = pytest.mark.slow

DAY = dt.date(2024, 5, 1)


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return make_nlp(Settings(), default_gazetteer())


def code(nlp, text: str, when: dt.date | None = DAY) -> list[Event]:  # type: ignore[no-untyped-def]
    events = code_text(nlp, text, gazetteer=default_gazetteer(), doc_date=when)
    for e in events:
        assert_offsets(text, e)
    return events


def assert_offsets(text: str, e: Event) -> None:
    assert text[e.source_start : e.source_end] == e.source_text
    assert text[e.trigger_start : e.trigger_end] == e.trigger
    assert text[e.sentence_start : e.sentence_end] == e.sentence
    if e.target is not None:
        assert e.target_start is not None and e.target_end is not None
        assert text[e.target_start : e.target_end] == e.target_text
    assert 0.0 <= e.confidence <= 1.0
    assert e.coder == "geostance.events.v1"


def find(events: list[Event], source: str, target: str, cameo: str) -> Event:
    for e in events:
        if (e.source, e.target, e.cameo) == (source, target, cameo):
            return e
    got = [(e.source, e.target, e.cameo) for e in events]
    raise AssertionError(f"no {(source, target, cameo)} in {got}")


# (text, source, target, code, negated, modality)
CASES = [
    ("Russia condemned Israel on Tuesday.", "RUS", "ISR", "111", False, "asserted"),
    ("Israel was condemned by Russia.", "RUS", "ISR", "111", False, "asserted"),
    ("Putin did not condemn the Hamas attack.", "RUS", "HAMAS", "111", True, "asserted"),
    ("Russia refused to condemn Hamas.", "RUS", "HAMAS", "111", True, "asserted"),
    ("The United States agreed to supply arms to Israel.", "USA", "ISR", "033", False, "intended"),
    ("Moscow gave support to the Palestinian Authority.", "RUS", "PA", "051", False, "asserted"),
    ("Russia voiced support for Palestinian statehood.", "RUS", "PSE", "051", False, "asserted"),
    ("Lavrov expressed concern over Israeli settlements.", "RUS", "ISR", "012", False, "asserted"),
    (
        "Moscow's support for Palestinian statehood has not changed.",
        "RUS",
        "PSE",
        "051",
        False,
        "asserted",
    ),
    ("Russia's recognition of Palestine came early.", "RUS", "PSE", "054", False, "asserted"),
    (
        "The US veto of the resolution on Palestinian membership drew criticism.",
        "USA",
        "PSE",
        "129",
        False,
        "asserted",
    ),
    (
        "The United States vetoed a draft that would have admitted Palestine as a member.",
        "USA",
        "PSE",
        "129",
        False,
        "asserted",
    ),
    (
        "The Security Council adopted a resolution condemning Israeli settlements.",
        "UNSC",
        "ISR",
        "111",
        False,
        "asserted",
    ),
    (
        "Russia voted in favour of a resolution on Palestine.",
        "RUS",
        "PSE",
        "051",
        False,
        "asserted",
    ),
    ("Turkey suspended all trade with Israel.", "TUR", "ISR", "061", True, "asserted"),
    ("Washington suspended funding for UNRWA.", "USA", "UNRWA", "071", True, "asserted"),
    ("China called on Israel to halt its offensive.", "CHN", "ISR", "020", False, "asserted"),
    (
        "Russia will send humanitarian aid to the Palestinians.",
        "RUS",
        "PSE",
        "033",
        False,
        "intended",
    ),
    (
        "If Israel attacks Iran, Russia could supply weapons to Tehran.",
        "RUS",
        "IRN",
        "072",
        False,
        "hypothetical",
    ),
    ("Washington imposed sanctions on Iran.", "USA", "IRN", "163", False, "asserted"),
    ("Biden visited Israel.", "USA", "ISR", "042", False, "asserted"),
    ("Russia threatened to cut gas supplies to Ukraine.", "RUS", "UKR", "130", False, "asserted"),
    ("Israel halted its offensive against Hamas.", "ISR", "HAMAS", "087", False, "asserted"),
    ("The United States reduced military aid to Egypt.", "USA", "EGY", "162", False, "asserted"),
    ("Neither Russia nor China condemned Iran.", "CHN", "IRN", "111", True, "asserted"),
    ("Russia says Israel must end attacks on Syria.", "RUS", "ISR", "105", False, "asserted"),
    ("Jordan recalled its ambassador from Israel.", "JOR", "ISR", "161", False, "asserted"),
    (
        "The Kremlin's reluctance to criticise Hamas was noted.",
        "RUS",
        "HAMAS",
        "111",
        True,
        "asserted",
    ),
]


@pytest.mark.parametrize(("text", "source", "target", "cameo", "negated", "modality"), CASES)
def test_constructions(nlp, text, source, target, cameo, negated, modality) -> None:  # type: ignore[no-untyped-def]
    e = find(code(nlp, text), source, target, cameo)
    assert e.negated is negated
    assert e.modality == modality


def test_coordinated_actors_give_two_events(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russia and China voted for the resolution that upgraded Palestine's status, "
        "while the United States and Israel voted against it."
    )
    events = code(nlp, text)
    find(events, "RUS", "PSE", "051")
    find(events, "CHN", "PSE", "051")
    assert not find(events, "USA", "PSE", "120").negated
    find(events, "ISR", "PSE", "120")


def test_relative_clause_subject(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Egypt, which hosted Hamas leaders last year, criticised Israel.")
    find(events, "EGY", "HAMAS", "043")
    find(events, "EGY", "ISR", "111")


def test_demand_and_the_demanded_act(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Russia called on Israel to withdraw from Lebanon.")
    assert find(events, "RUS", "ISR", "025").modality == "asserted"
    assert find(events, "ISR", "LBN", "087").modality == "demanded"


def test_reported_speech_keeps_speaker_and_attribution(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Israel struck Hamas targets, TASS reported.")
    assert find(events, "ISR", "HAMAS", "190").attribution == "TASS"
    spoken = code(nlp, "Obama said he would not provide support to Israel.")
    e = find(spoken, "USA", "ISR", "032")
    assert e.negated and e.modality == "intended" and e.source_text == "he"
    according = code(nlp, "According to Reuters, Egypt hosted Hamas leaders.")
    assert find(according, "EGY", "HAMAS", "043").attribution == "Reuters"


def test_accusation_from_a_speaker(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Ukraine said Russia attacked Poland.")
    find(events, "UKR", "RUS", "112")


def test_coreference_in_the_paragraph_only(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Russia hosted a Hamas delegation. The country later criticised Israel."
    e = find(code(nlp, text), "RUS", "ISR", "111")
    assert e.source_text == "country" and e.confidence < 0.7
    apart = "Russia hosted a Hamas delegation.\n\nThe country later criticised Israel."
    assert all(ev.target != "ISR" for ev in code(nlp, apart))


def test_persons_speak_for_their_state_on_the_date(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Gorbachev met Reagan in Geneva.", when=dt.date(1985, 11, 20))
    find(events, "SUN", "USA", "040")


def test_event_dates_come_from_the_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    e = find(code(nlp, "Russia condemned Israel on 18 April 2024."), "RUS", "ISR", "111")
    assert e.date == dt.date(2024, 4, 18) and e.date_precision == "day"
    assert e.date_method == "sentence"
    e2 = find(code(nlp, "Russia condemned Israel."), "RUS", "ISR", "111")
    assert e2.date == DAY and e2.date_method == "document"


def test_relational_nouns_and_ethnic_groups_are_not_the_state(nlp) -> None:  # type: ignore[no-untyped-def]
    assert all(
        e.target != "ISR" for e in code(nlp, "Hezbollah killed a commander of Israel's ally.")
    )
    events = code(nlp, "Bosnian Serbs attacked Croatia.")
    assert [(e.source, e.target) for e in events] == [("BIH", "HRV")]


def test_no_event_without_known_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    assert code(nlp, "Officials condemned the decision of the committee.") == []
    assert code(nlp, "") == []
    assert code(nlp, "   \n\n  ") == []


def test_code_documents_streams_sentences_and_paragraphs(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = [
        "Russia condemned Israel. China praised Egypt.\n\nIran criticised Saudi Arabia.",
        "",
        "Nothing here at all.",
    ]
    docs = [
        Document(id=doc_id_for(t + str(i)), text=t, origin=f"d{i}") for i, t in enumerate(texts)
    ]
    out = list(code_documents(nlp, docs, gazetteer=default_gazetteer(), batch_size=2))
    assert [d.origin for d, _, _ in out] == ["d0", "d1", "d2"]
    doc0, sents0, events0 = out[0]
    assert [s.paragraph for s in sents0] == [0, 0, 1]
    assert [s.index for s in sents0] == [0, 1, 2]
    for s in sents0:
        assert doc0.text[s.start : s.end] == s.text
    assert {(e.source, e.target) for e in events0} == {
        ("RUS", "ISR"),
        ("CHN", "EGY"),
        ("IRN", "SAU"),
    }
    assert all(e.doc == "d0" and e.doc_id == doc0.id for e in events0)
    assert out[1][1] == [] and out[1][2] == []
    assert out[2][2] == [] and len(out[2][1]) == 1


def test_long_document_is_parsed_in_chunks(nlp, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(extract, "MAX_CHUNK", 2_000)
    filler = "The weather was mild and the markets were calm that week. " * 60
    text = filler + "Russia condemned Israel. " + filler + "China praised Egypt."
    assert len(text) > 6_000
    events = code(nlp, text)
    assert {(e.source, e.target) for e in events} == {("RUS", "ISR"), ("CHN", "EGY")}


def test_hostile_input_does_not_break_the_coder(nlp) -> None:  # type: ignore[no-untyped-def]
    junk = "\x00\x01\x02 \ufffd\ufffd " * 200
    weird = junk + "\n\nRussia condemned Israel.\n\n" + " <script>" * 50
    events = code(nlp, weird)
    assert [(e.source, e.target) for e in events] == [("RUS", "ISR")]
    code(nlp, junk + "Russia condemned Israel." + junk)  # no crash; offsets checked inside
    assert code(nlp, "x" * 150_000) == []  # one huge token, cut into chunks


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ExtractionError, match="spaCy model 'no_such_model_xyz' is not installed"):
        make_nlp(Settings(model="no_such_model_xyz"), default_gazetteer())


def test_two_worker_processes_give_the_same_events(nlp) -> None:  # type: ignore[no-untyped-def]
    texts = ["Russia condemned Israel.\n\nChina praised Egypt.", "Iran criticised Saudi Arabia."]
    docs = [Document(id=doc_id_for(t), text=t, origin=f"p{i}") for i, t in enumerate(texts)]
    gaz = default_gazetteer()
    one = [evs for _, _, evs in code_documents(nlp, docs, gazetteer=gaz)]
    two = [evs for _, _, evs in code_documents(nlp, docs, gazetteer=gaz, n_process=2)]
    assert one == two and sum(map(len, one)) == 3


# ---- analytical prose: hedges, questions, negating frames, votes across paragraphs
HEDGED = [
    "Analysts argue that Russia has armed Hamas through Iran.",
    "Moscow is widely seen as backing Hamas against Israel.",
    "Russia is believed to have supplied drones to Iran.",
    "It is often said that Moscow armed Hamas.",
    "Critics say the Kremlin backed Hamas to embarrass Washington.",
    "Many in the region suspect that Washington pressed Israel to delay its offensive.",
    "Iran appears to have warned Hezbollah against escalation.",
]


@pytest.mark.parametrize("text", HEDGED)
def test_hedged_acts_are_not_coded(nlp, text) -> None:  # type: ignore[no-untyped-def]
    assert code(nlp, text) == []


def test_a_named_actor_arguing_is_reported_speech(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Lavrov argued that Israel had attacked civilian targets in Lebanon.")
    find(events, "ISR", "LBN", "190")


def test_yes_no_questions_assert_nothing(nlp) -> None:  # type: ignore[no-untyped-def]
    assert code(nlp, "Will Moscow ever condemn Hamas outright?") == []
    assert code(nlp, "Does China really support the Palestinian cause?") == []
    why = "Why did Washington veto a resolution that would have admitted Palestine as a member?"
    find(code(nlp, why), "USA", "PSE", "129")
    after = code(nlp, "Will Moscow condemn Hamas? Russia condemned Israel.")
    assert [(e.source, e.target) for e in after] == [("RUS", "ISR")]


NEGATING = [
    ("Beijing has yet to condemn Hamas by name.", "CHN", "HAMAS", "111"),
    ("Moscow stopped short of condemning the attack on Israel.", "RUS", "ISR", "111"),
    ("Putin refrained from criticising Hamas in his remarks.", "RUS", "HAMAS", "111"),
    ("China avoided criticising Iran after the drone attack.", "CHN", "IRN", "111"),
    ("Russia no longer supplies advanced weapons to Syria.", "RUS", "SYR", "072"),
]


@pytest.mark.parametrize(("text", "source", "target", "cameo"), NEGATING)
def test_negating_frames_keep_the_code(nlp, text, source, target, cameo) -> None:  # type: ignore[no-untyped-def]
    e = find(code(nlp, text), source, target, cameo)
    assert e.negated and e.modality == "asserted"


def test_raising_passive_and_headline_infinitive_are_intended(nlp) -> None:  # type: ignore[no-untyped-def]
    e = find(
        code(nlp, "Saudi Arabia is expected to normalise relations with Israel."),
        "SAU",
        "ISR",
        "032",
    )
    assert e.modality == "intended" and not e.negated
    head = find(
        code(nlp, "China to host Palestinian factions for unity talks"), "CHN", "PSE", "036"
    )
    assert head.modality == "intended"


def test_passive_objects_that_belong_to_an_actor(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Palestinian statehood was recognised by Spain, Ireland and Norway.")
    assert {(e.source, e.target, e.cameo) for e in events} == {
        ("ESP", "PSE", "054"),
        ("IRL", "PSE", "054"),
        ("NOR", "PSE", "054"),
    }
    find(
        code(nlp, "Hamas leaders were received in Moscow by Russian diplomats."),
        "RUS",
        "HAMAS",
        "043",
    )
    assert code(nlp, "Iran received Russian weapons.") == []  # a thing is not its maker


def test_reactions_drawn_from_actors(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(
        nlp, "Israel's bombardment of Gaza has drawn condemnation from Moscow and Beijing."
    )
    find(events, "RUS", "ISR", "111")
    find(events, "CHN", "ISR", "111")
    find(events, "ISR", "PSE", "194")


def test_ellipsis_and_comparison_add_the_same_act(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Russia voted for the resolution on Palestine, as did France and Britain.")
    assert {e.source for e in events if e.target == "PSE"} == {"RUS", "FRA", "GBR"}
    like = code(nlp, "Like Moscow, Beijing voted for a resolution on Palestine.")
    assert {e.source for e in like} == {"CHN", "RUS"}
    unlike = code(nlp, "Unlike Russia, China condemned the attack on Israel.")
    assert {e.source for e in unlike} == {"CHN"}


def test_votes_on_drafts_bids_and_their_authors(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Russia and China vetoed a US draft on 22 March 2024.")
    for source in ("RUS", "CHN"):
        e = find(events, source, "USA", "129")
        assert e.date == dt.date(2024, 3, 22) and e.date_precision == "day"
    drafted = "The resolution, which was drafted by Algeria, was vetoed by the United States."
    assert all(e.target != "DZA" for e in code(nlp, drafted))
    bid = code(nlp, "Washington opposed Palestine's bid for full UN membership.")
    assert [(e.source, e.target, e.cameo) for e in bid] == [("USA", "PSE", "120")]
    critical = code(nlp, "Britain vetoed resolutions critical of Israel.")
    assert find(critical, "GBR", "ISR", "111").negated


def test_a_resolution_described_in_an_earlier_paragraph(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "In December 2016 the Security Council considered a resolution that condemned "
        "Israeli settlements in occupied territory.\n\n"
        "Russia and China voted for the resolution, while the United States abstained."
    )
    events = code(nlp, text)
    for source in ("RUS", "CHN"):
        e = find(events, source, "ISR", "111")
        assert not e.negated and e.target_text == "Israeli"
        assert e.date == dt.date(2016, 12, 1) and e.date_method == "paragraph"
    assert find(events, "USA", "ISR", "111").negated
    alone = "Russia and China voted for the resolution."
    assert code(nlp, alone) == []  # no resolution named anywhere: no target, no event


def test_ongoing_state_since_a_date_is_a_range(nlp) -> None:  # type: ignore[no-untyped-def]
    e = find(
        code(nlp, "Russia has recognised the State of Palestine since 1988."), "RUS", "PSE", "054"
    )
    assert e.date == dt.date(1988, 1, 1) and e.date_end == DAY
    assert e.date_precision == "range" and e.date_method == "sentence"


def test_apposition_gives_one_event(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Turkey's president, Recep Tayyip Erdogan, condemned Israel.")
    assert [(e.source, e.target, e.cameo) for e in events] == [("TUR", "ISR", "111")]
    mediators = code(
        nlp, "Egypt and Qatar, the two main mediators, hosted Israeli and Hamas negotiators."
    )
    find(mediators, "QAT", "HAMAS", "043")
    find(mediators, "EGY", "ISR", "043")


def test_nominal_acts_inside_other_acts(nlp) -> None:  # type: ignore[no-untyped-def]
    events = code(nlp, "Russia condemns Israeli strike on Iranian consulate in Damascus")
    find(events, "RUS", "ISR", "111")
    assert find(events, "ISR", "IRN", "190").confidence < 0.6
    group = code(nlp, "Lavrov met a Hamas delegation, weeks after the group's attack on Israel.")
    find(group, "HAMAS", "ISR", "190")
