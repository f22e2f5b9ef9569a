"""Putting events together (``geostance.nlp.assemble``): hand-parsed sentences with the trained
components' outputs set by hand, so the rules are tested without a model."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from doc_helpers import mentions_in, parsed, table
from geostance.nlp import components  # noqa: F401  (registers the Doc extensions)
from geostance.nlp.acts import _REFINE, ACTS, DEMAND_CODE, cameo_code, label_of
from geostance.nlp.assemble import Coded, Thresholds, chunk_events
from geostance.nlp.codes import all_codes
from geostance.nlp.discourse import Discourse

DAY = dt.date(2024, 5, 1)
RARE = Thresholds(null_rates=(("oppose/criticize", 0.04), ("call_for", 0.24)))


def code(
    spec: str,
    triggers: dict[int, str],
    roles: dict[int, dict[str, tuple[float, float]]],
    th: Thresholds = RARE,
    memory: Discourse | None = None,
    event_filter: object | None = None,
) -> list[Coded]:
    """Events of one hand-parsed sentence; ``roles`` maps a trigger to {mention text:
    (p_source, p_target)} (unlisted mentions score 0)."""
    doc = parsed(spec)
    _, found = mentions_in(doc)
    doc._.geostance_mentions = [m.pack() for m in found]
    doc._.geostance_quotes = []
    doc._.geostance_triggers = [[i, label, 0.9] for i, label in triggers.items()]
    rows = []
    for ti, scores in roles.items():
        for k, m in enumerate(found):
            ps, pt = scores.get(doc[m.start : m.end].text, (0.0, 0.0))
            rows.append([ti, k, ps, pt])
    doc._.geostance_roles = rows
    return chunk_events(doc, memory or Discourse(table()), DAY, th, event_filter)  # type: ignore[arg-type]


def dyads(events: list[Coded]) -> set[tuple[str, str | None, int, bool]]:
    return {(e.source, e.target, e.quad, e.negated) for e in events}


def test_assemble_one_event_per_actor_of_a_list() -> None:
    events = code(
        "Mexico/PROPN/nsubj/4 ,/PUNCT/punct/0 Brazil/PROPN/conj/0 and/CCONJ/cc/2 "
        "condemned/VERB/ROOT/4/condemn Israel/PROPN/dobj/4 ./PUNCT/punct/4",
        {4: "condemn"},
        {4: {"Mexico": (0.9, 0.0), "Brazil": (0.8, 0.0), "Israel": (0.0, 0.9)}},
    )
    assert dyads(events) == {("MEX", "ISR", 3, False), ("BRA", "ISR", 3, False)}


def test_assemble_the_source_s_own_envoys_are_not_its_target() -> None:
    # "Israel recalled Israel's ambassadors from Spain": at Spain, not at Israel's own envoys
    # (the role model's choice; the act was dropped as self-directed)
    recalled = code(
        "Israel/PROPN/nsubj/1 recalled/VERB/ROOT/1/recall Israel/PROPN/poss/4 's/PART/case/2 "
        "ambassadors/NOUN/dobj/1/ambassador from/ADP/prep/1 Spain/PROPN/pobj/5 ./PUNCT/punct/1",
        {1: "sanction"},
        {1: {"Israel": (0.9, 0.0), "Israel 's ambassadors": (0.0, 0.9), "Spain": (0.0, 0.6)}},
    )
    assert dyads(recalled) == {("ISR", "ESP", 4, False)}
    # another state's envoys stay the target: "Israel expelled Spain's ambassadors"
    expelled = code(
        "Israel/PROPN/nsubj/1 expelled/VERB/ROOT/1/expel Spain/PROPN/poss/4 's/PART/case/2 "
        "ambassadors/NOUN/dobj/1/ambassador ./PUNCT/punct/1",
        {1: "sanction"},
        {1: {"Israel": (0.9, 0.0), "Spain 's ambassadors": (0.0, 0.9)}},
    )
    assert dyads(expelled) == {("ISR", "ESP", 4, False)}


@pytest.mark.parametrize(
    ("kuwait", "expected"),
    [(0.8, {"EGY", "QAT", "KWT"}), (0.2, {"EGY"})],
)
def test_assemble_two_sources_of_a_subject_list_bring_the_rest(
    kuwait: float, expected: set[str]
) -> None:
    # "Egypt, Qatar and Kuwait condemned Israel": the role model scores each mention alone and
    # gives Qatar, between two sources, too little; when only Egypt passes, the list is no
    # evidence that the others act
    events = code(
        "Egypt/PROPN/nsubj/5 ,/PUNCT/punct/0 Qatar/PROPN/conj/0 and/CCONJ/cc/2 "
        "Kuwait/PROPN/conj/2 condemned/VERB/ROOT/5/condemn Israel/PROPN/dobj/5 ./PUNCT/punct/5",
        {5: "condemn"},
        {
            5: {
                "Egypt": (0.9, 0.0),
                "Qatar": (0.2, 0.0),
                "Kuwait": (kuwait, 0.0),
                "Israel": (0.0, 0.9),
            }
        },
    )
    assert {e.source for e in events} == expected
    assert {e.target for e in events} == {"ISR"}


@pytest.mark.parametrize(
    ("kuwait", "expected"),
    [(0.8, {"EGY", "QAT", "KWT"}), (0.2, {"EGY"})],
)
def test_assemble_two_targets_of_a_list_bring_the_rest(kuwait: float, expected: set[str]) -> None:
    # "Peru condemned Egypt, Qatar and Kuwait": Qatar, between two targets, scored too little;
    # when only Egypt passes, its list is no evidence that the act is aimed at the others
    events = code(
        "Peru/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn Egypt/PROPN/dobj/1 ,/PUNCT/punct/2 "
        "Qatar/PROPN/conj/2 and/CCONJ/cc/4 Kuwait/PROPN/conj/4 ./PUNCT/punct/1",
        {1: "condemn"},
        {
            1: {
                "Peru": (0.9, 0.0),
                "Egypt": (0.0, 0.9),
                "Qatar": (0.0, 0.1),
                "Kuwait": (0.0, kuwait),
            }
        },
    )
    assert {e.target for e in events} == expected
    assert {e.source for e in events} == {"PER"}


@pytest.mark.parametrize(("again", "expected"), [("to", {"CHL", "BOL"}), ("from", {"CHL"})])
def test_assemble_a_preposition_said_again_brings_the_same_role(
    again: str, expected: set[str]
) -> None:
    # "Peru's president travelled to Chile and then to Bolivia": the role model gives the
    # second "to" little; "and then from Bolivia" is another role
    events = code(
        "Peru/PROPN/nsubj/1 travelled/VERB/ROOT/1/travel to/ADP/prep/1 Chile/PROPN/pobj/2 "
        f"and/CCONJ/cc/1 then/ADV/advmod/6 {again}/ADP/conj/1 Bolivia/PROPN/pobj/6 "
        "./PUNCT/punct/1",
        {1: "visit"},
        {1: {"Peru": (0.9, 0.0), "Chile": (0.0, 0.9), "Bolivia": (0.0, 0.1)}},
    )
    assert {e.target for e in events} == expected
    assert {e.source for e in events} == {"PER"}


@pytest.mark.parametrize(
    ("halted", "quad"), [("talks/NOUN/dobj/1/talk", 3), ("ties/NOUN/dobj/1/tie", 4)]
)
def test_assemble_halted_talks_are_a_conflict_in_words_cut_ties_a_material_one(
    halted: str, quad: int
) -> None:
    # "Colombia suspended talks with Venezuela" halts a verbal act (guide §8); cutting ties is
    # a sanction, done materially (guide §6)
    events = code(
        f"Colombia/PROPN/nsubj/1 suspended/VERB/ROOT/1/suspend {halted} with/ADP/prep/2 "
        "Venezuela/PROPN/pobj/3 ./PUNCT/punct/1",
        {1: "sanction"},
        {1: {"Colombia": (0.9, 0.0), "Venezuela": (0.0, 0.9)}},
    )
    assert dyads(events) == {("COL", "VEN", quad, False)}


def test_assemble_the_place_a_where_clause_describes_does_not_act_in_it() -> None:
    # "Azerbaijan skipped a summit in Granada, Spain, where Azerbaijan was to talk with
    # Armenia": the role model takes Spain, the clause's antecedent, for a source too
    events = code(
        "Azerbaijan/PROPN/nsubj/1 skipped/VERB/ROOT/1/skip a/DET/det/3 summit/NOUN/dobj/1 "
        "in/ADP/prep/3 Granada/PROPN/pobj/4 ,/PUNCT/punct/5 Spain/PROPN/appos/5 "
        ",/PUNCT/punct/5 where/SCONJ/advmod/11 Azerbaijan/PROPN/nsubj/11 was/AUX/relcl/5/be "
        "to/PART/aux/13 talk/VERB/xcomp/11 with/ADP/prep/13 Armenia/PROPN/pobj/14 "
        "./PUNCT/punct/1",
        {13: "meet/host"},
        {13: {"Spain": (0.9, 0.0), "Azerbaijan": (0.9, 0.0), "Armenia": (0.0, 0.9)}},
    )
    assert {(e.source, e.target) for e in events} == {("AZE", "ARM")}


@pytest.mark.parametrize(("label", "target"), [("meet/host", None), ("visit", "PER")])
def test_assemble_the_venue_of_a_gathering_is_no_target_but_where_one_goes(
    label: str, target: str | None
) -> None:
    # "Chile boycotted a summit in Peru": Peru is where, not whom; a trip to a summit in Peru
    # is a visit to Peru
    events = code(
        "Chile/PROPN/nsubj/1 boycotted/VERB/ROOT/1/boycott a/DET/det/3 summit/NOUN/dobj/1 "
        "in/ADP/prep/3 Peru/PROPN/pobj/4 ./PUNCT/punct/1",
        {1: label},
        {1: {"Chile": (0.9, 0.0), "Peru": (0.0, 0.9)}},
    )
    assert {(e.source, e.target) for e in events} == {("CHL", target)}


def test_assemble_where_a_trip_goes_is_not_who_travels() -> None:
    # "a tour that took Peru's president to Chile and Bolivia": the role model gives Chile, a
    # destination, a source's probability
    events = code(
        "The/DET/det/1 tour/NOUN/nsubj/2 took/VERB/ROOT/2/take Peru/PROPN/dobj/2 "
        "to/ADP/prep/2 Chile/PROPN/pobj/4 and/CCONJ/cc/5 Bolivia/PROPN/conj/5 ./PUNCT/punct/2",
        {1: "visit"},
        {1: {"Peru": (0.9, 0.0), "Chile": (0.8, 0.3), "Bolivia": (0.0, 0.9)}},
    )
    assert {e.source for e in events} == {"PER"}
    assert "BOL" in {e.target for e in events}


def test_assemble_the_author_of_a_text_is_not_what_a_vote_on_it_is_about() -> None:
    # "Chile voted for the Peruvian-sponsored text": the role model takes Peru for the target
    events = code(
        "Chile/PROPN/nsubj/1 voted/VERB/ROOT/1/vote for/ADP/prep/1 the/DET/det/7 "
        "Peruvian/PROPN/npadvmod/6 -/PUNCT/punct/6 sponsored/VERB/amod/7/sponsor "
        "text/NOUN/pobj/2 ./PUNCT/punct/1",
        {1: "vote_for"},
        {1: {"Chile": (0.9, 0.0), "Peruvian": (0.0, 0.9)}},
    )
    assert {(e.source, e.target) for e in events} == {("CHL", None)}


def test_assemble_symmetric_act_with_two_sources_is_one_dyad() -> None:
    events = code(
        "Egypt/PROPN/nsubj/3 and/CCONJ/cc/0 Greece/PROPN/conj/0 held/VERB/ROOT/3/hold "
        "talks/NOUN/dobj/3/talk ./PUNCT/punct/3",
        {4: "meet/host"},
        {4: {"Egypt": (0.9, 0.1), "Greece": (0.8, 0.1)}},
    )
    assert dyads(events) == {("EGY", "GRC", 1, False)}


@pytest.mark.parametrize(
    ("co", "paired"), [("alongside/ADP/prep/3", False), ("with/ADP/prep/3", True)]
)
def test_assemble_those_who_act_alongside_a_source_are_not_its_pair(co: str, paired: bool) -> None:
    # "Ghana hosted the talks alongside Nigeria": co-hosts, not a meeting between them (with
    # no other target, a symmetric act was paired between its source and its co-agent); the
    # talks "with Nigeria" were between them
    events = code(
        f"Ghana/PROPN/nsubj/1 hosted/VERB/ROOT/1/host the/DET/det/3 talks/NOUN/dobj/1/talk "
        f"{co} Nigeria/PROPN/pobj/4 ./PUNCT/punct/1",
        {1: "meet/host"},
        {1: {"Ghana": (0.9, 0.1), "Nigeria": (0.1, 0.2 if not paired else 0.9)}},
    )
    assert (("GHA", "NGA") in {(e.source, e.target) for e in events}) is paired


HOSTED_WITH = "Kenya/PROPN/nsubj/1 hosted/VERB/ROOT/1/host talks/NOUN/dobj/1/talk ,/PUNCT/punct/1 "


@pytest.mark.parametrize(
    ("rest", "other", "there"),
    [
        # "with Turkish diplomats in the room", "with the UN observing": only there
        (
            "with/ADP/prep/1 Turkish/ADJ/amod/6 diplomats/NOUN/pobj/4/diplomat in/ADP/prep/6 "
            "the/DET/det/9 room/NOUN/pobj/7 ./PUNCT/punct/1",
            "Turkish diplomats",
            True,
        ),
        (
            "with/ADP/prep/1 the/DET/det/6 UN/PROPN/nsubj/7 observing/VERB/pcomp/4/observe "
            "./PUNCT/punct/1",
            "UN",
            True,
        ),
        # "with Turkish diplomats in Nairobi": whom the talks were with
        (
            "with/ADP/prep/1 Turkish/ADJ/amod/6 diplomats/NOUN/pobj/4/diplomat in/ADP/prep/6 "
            "Nairobi/PROPN/pobj/7 ./PUNCT/punct/1",
            "Turkish diplomats",
            False,
        ),
    ],
)
def test_assemble_those_a_with_phrase_says_were_only_there_are_no_target(
    rest: str, other: str, there: bool
) -> None:
    events = code(
        HOSTED_WITH + rest, {1: "meet/host"}, {1: {"Kenya": (0.9, 0.1), other: (0.1, 0.9)}}
    )
    targets = {e.target for e in events if e.source == "KEN"}
    assert bool(targets & {"TUR", "UN"}) is not there


@pytest.mark.parametrize(
    ("rest", "joined"),
    [
        ("voting/VERB/pcomp/3/vote against/ADP/prep/4 it/PRON/pobj/5", False),
        ("the/DET/det/5 talks/NOUN/pobj/3/talk ./PUNCT/punct/1", True),
    ],
)
def test_assemble_joining_someone_in_a_vote_is_the_vote_alone(rest: str, joined: bool) -> None:
    # "Cuba joined Laos in voting against it": the trigger model read "joined" as security
    # cooperation with Laos; Cuba voted, as Laos did. Joining Laos in talks is an act of its own.
    events = code(
        f"Cuba/PROPN/nsubj/1 joined/VERB/ROOT/1/join Laos/PROPN/dobj/1 in/ADP/prep/1 {rest}",
        {1: "security_coop"},
        {1: {"Cuba": (0.9, 0.0), "Laos": (0.0, 0.9)}},
    )
    assert (("CUB", "LAO") in {(e.source, e.target) for e in events}) is joined


def test_assemble_call_with_no_addressee_keeps_a_null_target_and_its_issue() -> None:
    events = code(
        "Chile/PROPN/nsubj/1 called/VERB/ROOT/1/call for/ADP/prep/1 a/DET/det/4 "
        "ceasefire/NOUN/pobj/2 ./PUNCT/punct/1",
        {1: "call_for"},
        {1: {"Chile": (0.9, 0.0)}},
    )
    assert len(events) == 1
    assert (events[0].source, events[0].target, events[0].issue) == ("CHL", None, "ceasefire")
    assert events[0].cameo == "0256"


def test_assemble_an_act_that_nearly_always_has_a_target_is_dropped_without_one() -> None:
    events = code(
        "Chile/PROPN/nsubj/1 criticised/VERB/ROOT/1/criticise ./PUNCT/punct/1",
        {1: "oppose/criticize"},
        {1: {"Chile": (0.9, 0.0)}},
    )
    assert events == []


def test_assemble_call_to_stop_is_conflict() -> None:
    events = code(
        "China/PROPN/nsubj/1 urged/VERB/ROOT/1/urge Israel/PROPN/dobj/1 to/PART/aux/4 "
        "halt/VERB/xcomp/1 the/DET/det/6 offensive/NOUN/dobj/4 ./PUNCT/punct/1",
        {1: "call_for"},
        {1: {"China": (0.9, 0.0), "Israel": (0.1, 0.9)}},
    )
    assert [(e.source, e.target, e.quad, e.cameo) for e in events] == [
        ("CHN", "ISR", 3, DEMAND_CODE)
    ]


def test_assemble_a_demand_made_of_an_actor_is_conflict_and_an_urging_is_not() -> None:
    spec = (
        "Chile/PROPN/nsubj/1 {verb}/VERB/ROOT/1/{lemma} that/SCONJ/mark/4 Peru/PROPN/nsubj/4 "
        "share/VERB/ccomp/1/share the/DET/det/6 data/NOUN/dobj/4 ./PUNCT/punct/1"
    )
    roles = {1: {"Chile": (0.9, 0.0), "Peru": (0.1, 0.9)}}
    demand = code(spec.format(verb="demanded", lemma="demand"), {1: "call_for"}, roles)
    order = code(spec.format(verb="ordered", lemma="order"), {1: "call_for"}, roles)
    urge = code(spec.format(verb="urged", lemma="urge"), {1: "call_for"}, roles)
    assert [(e.target, e.quad, e.cameo) for e in demand] == [("PER", 3, DEMAND_CODE)]
    assert [(e.target, e.quad, e.cameo) for e in order] == [("PER", 3, DEMAND_CODE)]
    assert [(e.target, e.quad, e.cameo) for e in urge] == [("PER", 1, "020")]


def test_assemble_halted_cooperation_is_negated_material_conflict() -> None:
    events = code(
        "Turkey/PROPN/nsubj/1 halted/VERB/ROOT/1/halt trade/NOUN/dobj/1 with/ADP/prep/2 "
        "Israel/PROPN/pobj/3 ./PUNCT/punct/1",
        {2: "trade/economic_coop"},
        {2: {"Turkey": (0.9, 0.0), "Israel": (0.0, 0.9)}},
    )
    assert dyads(events) == {("TUR", "ISR", 4, True)}


def test_assemble_vote_for_a_condemnation_is_conflict() -> None:
    events = code(
        "Ghana/PROPN/nsubj/1 voted/VERB/ROOT/1/vote for/ADP/prep/1 a/DET/det/4 "
        "text/NOUN/pobj/2 condemning/VERB/acl/4/condemn Myanmar/PROPN/dobj/5 ./PUNCT/punct/1",
        {1: "vote_for"},
        {1: {"Ghana": (0.9, 0.0), "Myanmar": (0.0, 0.9)}},
    )
    assert dyads(events) == {("GHA", "MMR", 3, False)}


def test_assemble_a_group_target_gives_one_event_per_member() -> None:
    memory = Discourse(table())
    first = parsed(
        "Kenya/PROPN/nsubj/3 and/CCONJ/cc/0 Somalia/PROPN/conj/0 met/VERB/ROOT/3/meet "
        "./PUNCT/punct/3"
    )
    _, found = mentions_in(first)
    memory.resolve(first, found, [], list(range(len(found))), DAY)
    memory.next_sentence()
    events = code(
        "Japan/PROPN/nsubj/1 thanked/VERB/ROOT/1/thank both/DET/det/3 sides/NOUN/dobj/1/side "
        "./PUNCT/punct/1",
        {1: "support"},
        {1: {"Japan": (0.9, 0.0), "both sides": (0.0, 0.9)}},
        memory=memory,
    )
    assert {(e.source, e.target) for e in events} == {("JPN", "KEN"), ("JPN", "SOM")}


@pytest.mark.parametrize("th", [Thresholds(), RARE])
def test_assemble_a_yes_no_question_asserts_nothing(th: Thresholds) -> None:
    events = code(
        "Will/AUX/aux/2/will/MD Moscow/PROPN/nsubj/2 condemn/VERB/ROOT/2 "
        "Iran/PROPN/dobj/2 ?/PUNCT/punct/2",
        {2: "condemn"},
        {2: {"Moscow": (0.9, 0.0), "Iran": (0.0, 0.9)}},
        th,
    )
    assert events == []


def test_acts_every_code_is_in_the_cameo_table() -> None:
    codes = all_codes()
    used = {a.code for a in ACTS.values()} | {DEMAND_CODE}
    used |= {c for table_ in _REFINE.values() for c in table_.values()}
    assert used <= set(codes), sorted(used - set(codes))
    assert cameo_code("attack/use_force", {"shell"}) == "194"
    assert label_of("oppose/criticize", True) == "sanction"
    assert label_of("refuse_to_condemn", False) == "condemn"
    assert isinstance(Doc, type)


def test_assemble_a_vote_targets_what_its_text_is_about_not_its_sponsor() -> None:
    # the role model's pick ("British", the sponsor) is overruled by the vote rules
    events = code(
        "Russia/PROPN/nsubj/1 vetoed/VERB/ROOT/1/veto a/DET/det/4 British/ADJ/amod/4 "
        "draft/NOUN/dobj/1 condemning/VERB/acl/4/condemn Iran/PROPN/dobj/5 ./PUNCT/punct/1",
        {1: "veto"},
        {1: {"Russia": (0.9, 0.0), "British": (0.0, 0.9), "Iran": (0.0, 0.3)}},
    )
    assert dyads(events) == {("RUS", "IRN", 3, False)}


def test_assemble_a_vote_on_it_takes_the_subject_of_the_text_described_before() -> None:
    memory = Discourse(table())
    described = code(
        "The/DET/det/1 OAS/PROPN/nsubj/2 adopted/VERB/ROOT/2/adopt a/DET/det/5 "
        "Brazilian/ADJ/amod/5 text/NOUN/dobj/2 condemning/VERB/acl/5/condemn "
        "Venezuela/PROPN/dobj/6 ./PUNCT/punct/2",
        {},
        {},
        memory=memory,
    )
    assert described == []
    assert memory.last_resolution == ("VEN", True)  # not the body (OAS), not the sponsor
    events = code(
        "Mexico/PROPN/nsubj/1 voted/VERB/ROOT/1/vote against/ADP/prep/1 it/PRON/pobj/2 "
        "./PUNCT/punct/1",
        {1: "vote_against"},
        {1: {"Mexico": (0.9, 0.0), "it": (0.0, 0.8)}},
        memory=memory,
    )
    assert dyads(events) == {("MEX", "VEN", 1, False)}  # against a condemnation: cooperation


class _Rejects:
    """A filter that finds every candidate unlikely (the assembler's rule is under test)."""

    def score(self, signals: list[object]) -> list[float]:
        return [0.0] * len(signals)


def test_assemble_the_filter_does_not_drop_a_vote_whose_target_the_rules_found() -> None:
    roles = {"Chile": (0.9, 0.0), "Myanmar": (0.0, 0.9)}
    events = code(
        "Chile/PROPN/nsubj/1 voted/VERB/ROOT/1/vote for/ADP/prep/1 a/DET/det/4 "
        "text/NOUN/pobj/2 condemning/VERB/acl/4/condemn Myanmar/PROPN/dobj/5 ./PUNCT/punct/1",
        {1: "vote_for", 5: "condemn"},
        {1: roles, 5: roles},
        Thresholds(event=0.5, event_negated=0.5),
        event_filter=_Rejects(),
    )
    assert [(e.label, e.source, e.target) for e in events] == [("vote_for", "CHL", "MMR")]


@pytest.mark.parametrize(
    ("spec", "kept"),
    [
        # "Finland joined NATO in April": joining a body is security cooperation with it
        (
            "Finland/PROPN/nsubj/1 joined/VERB/ROOT/1/join NATO/PROPN/dobj/1 in/ADP/prep/1 "
            "April/PROPN/pobj/3 ./PUNCT/punct/1",
            {("FIN", "NATO")},
        ),
        # "Finland joined NATO in condemning Iran": the act of the "in", done alongside NATO
        (
            "Finland/PROPN/nsubj/1 joined/VERB/ROOT/1/join NATO/PROPN/dobj/1 in/ADP/prep/1 "
            "condemning/VERB/pcomp/3/condemn Iran/PROPN/dobj/4 ./PUNCT/punct/1",
            set(),
        ),
        # "Finland joined Sweden": a state is no body one joins
        (
            "Finland/PROPN/nsubj/1 joined/VERB/ROOT/1/join Sweden/PROPN/dobj/1 ./PUNCT/punct/1",
            set(),
        ),
    ],
)
def test_assemble_the_filter_does_not_drop_a_body_joined(
    spec: str, kept: set[tuple[str, str]]
) -> None:
    """The event filter, trained on candidates where "joined" was mostly an echo ("joined
    Russia in voting"), finds accession unlikely; a body joined is kept whatever it says."""
    roles = {"Finland": (0.9, 0.0), "NATO": (0.0, 0.9), "Sweden": (0.0, 0.9)}
    events = code(
        spec,
        {1: "security_coop"},
        {1: roles},
        Thresholds(event=0.5, event_negated=0.5),
        event_filter=_Rejects(),
    )
    assert {(e.source, e.target) for e in events} == kept


def test_assemble_as_did_adds_a_source_and_is_no_act_of_its_own() -> None:
    # "Peru condemned Israel, as did Chile and Bolivia": the role model scores only Peru
    events = code(
        "Peru/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn Israel/PROPN/dobj/1 ,/PUNCT/punct/1 "
        "as/SCONJ/mark/5 did/AUX/advcl/1/do Chile/PROPN/nsubj/5 and/CCONJ/cc/6 "
        "Bolivia/PROPN/conj/6 ./PUNCT/punct/1",
        {1: "condemn", 5: "attack/use_force"},  # "did" mistaken for an act of its own
        {
            1: {"Peru": (0.9, 0.0), "Israel": (0.0, 0.9)},
            5: {"Chile": (0.9, 0.0), "Israel": (0.0, 0.9)},
        },
    )
    assert {e.label for e in events} == {"condemn"}
    assert {(e.source, e.target) for e in events} == {
        ("PER", "ISR"),
        ("CHL", "ISR"),
        ("BOL", "ISR"),
    }


def test_assemble_an_actor_inside_an_echo_is_never_the_target() -> None:
    # "Germany condemned Israel, as did Britain's Boris Johnson": the role model also scores
    # Britain (the echo subject's possessor) as a target; it does the act, it is no target
    spec = (
        "Germany/PROPN/nsubj/1 {verb} {obj},/PUNCT/punct/1 as/SCONJ/mark/{did} "
        "did/AUX/advcl/1/do Britain/PROPN/poss/{name} 's/PART/case/{brit} "
        "Boris/PROPN/compound/{name} Johnson/PROPN/nsubj/{did} ./PUNCT/punct/1"
    )
    events = code(
        spec.format(
            verb="condemned/VERB/ROOT/1/condemn", obj="Israel/PROPN/dobj/1 ", did=5, brit=6, name=9
        ),
        {1: "condemn"},
        {1: {"Germany": (0.9, 0.0), "Israel": (0.0, 0.9), "Britain": (0.0, 0.6)}},
    )
    assert {(e.source, e.target) for e in events} == {("DEU", "ISR"), ("GBR", "ISR")}
    # with no other target, the fallback does not take it either
    events = code(
        spec.format(verb="protested/VERB/ROOT/1/protest", obj="", did=4, brit=5, name=8),
        {1: "condemn"},
        {1: {"Germany": (0.9, 0.0), "Britain": (0.0, 0.3)}},
    )
    assert "GBR" not in {e.target for e in events}


def test_assemble_a_listed_source_after_a_preposition_brings_the_rest_of_its_list() -> None:
    # "The raid drew condemnation from Egypt, Kuwait and Qatar": the model scores Egypt only
    spec = (
        "The/DET/det/1 raid/NOUN/nsubj/2 drew/VERB/ROOT/2/draw condemnation/NOUN/dobj/2 "
        "{prep}/ADP/prep/3 Egypt/PROPN/pobj/4 ,/PUNCT/punct/5 Kuwait/PROPN/conj/5 "
        "and/CCONJ/cc/7 Qatar/PROPN/conj/7 ./PUNCT/punct/2"
    )
    roles = {3: {"Egypt": (0.9, 0.0), "Kuwait": (0.2, 0.0), "Qatar": (0.1, 0.0)}}
    events = code(spec.format(prep="from"), {3: "condemn"}, roles)
    assert {(e.source, e.target) for e in events} == {
        ("EGY", None),
        ("KWT", None),
        ("QAT", None),
    }
    # a list after "between" names the act's parties, not more sources
    events = code(spec.format(prep="between"), {3: "condemn"}, roles)
    assert {(e.source, e.target) for e in events} == {("EGY", None)}


@pytest.mark.parametrize(
    ("words", "partner"),
    [
        # "Turkey joined NATO alongside Greece" / "… together with Greece": Greece joined too
        ("alongside/ADP/prep/1 Greece/PROPN/pobj/3", ("GRC", "NATO")),
        ("together/ADV/advmod/4 with/ADP/prep/1 Greece/PROPN/pobj/4", ("GRC", "NATO")),
        # plain "with" makes Greece no source: a target, which loses to the more probable
        # object (one addressee per act; "held drills with Greece" would be Greece)
        ("with/ADP/prep/1 Greece/PROPN/pobj/3", ("TUR", "NATO")),
    ],
)
def test_assemble_an_actor_alongside_the_source_is_a_source_and_not_a_target(
    words: str, partner: tuple[str, str]
) -> None:
    events = code(
        f"Turkey/PROPN/nsubj/1 joined/VERB/ROOT/1/join NATO/PROPN/dobj/1 {words} ./PUNCT/punct/1",
        {1: "security_coop"},
        {1: {"Turkey": (0.9, 0.0), "NATO": (0.0, 0.9), "Greece": (0.1, 0.6)}},
    )
    assert {(e.source, e.target) for e in events} == {("TUR", "NATO"), partner}


def test_assemble_a_relative_pronoun_subject_makes_its_noun_the_source() -> None:
    # "Anger came from Chile, which accused Peru": the role model, reading the clause path
    # alone, scores Chile low as a source and high as a target
    spec = (
        "Anger/NOUN/nsubj/1 came/VERB/ROOT/1/come from/ADP/prep/1 Chile/PROPN/pobj/2 "
        ",/PUNCT/punct/3 which/PRON/{dep}/6 accused/VERB/relcl/3/accuse Peru/PROPN/{obj}/6 "
        "./PUNCT/punct/1"
    )
    roles = {6: {"Chile": (0.07, 0.77), "Peru": (0.01, 0.93)}}
    events = code(spec.format(dep="nsubj", obj="dobj"), {6: "accuse/blame"}, roles)
    assert dyads(events) == {("CHL", "PER", 3, False)}
    # "Chile, which Peru accused": the relative pronoun is the object; the model decides
    roles = {6: {"Chile": (0.1, 0.8), "Peru": (0.9, 0.1)}}
    events = code(spec.format(dep="dobj", obj="nsubj"), {6: "accuse/blame"}, roles)
    assert dyads(events) == {("PER", "CHL", 3, False)}


@pytest.mark.parametrize(
    ("verb", "subject", "expected"),
    [
        # the parser hung "Rwanda" on "border" and left "accused" with no subject: Rwanda's act
        ("accused/VERB/conj/1/accuse/VBD", "", {("RWA", "UGA", 3, False)}),
        # a participle with no subject may be meant so: the role model decides (no source)
        ("accusing/VERB/conj/1/accuse/VBG", "", set()),
        # the verb has its own subject: the role model decides
        ("accused/VERB/conj/1/accuse/VBD", "it/PRON/nsubj/8 ", set()),
    ],
)
def test_assemble_an_actor_hung_before_a_verb_left_without_subject_is_its_source(
    verb: str, subject: str, expected: set[tuple[str, str | None, int, bool]]
) -> None:
    # "Soldiers clashed at the border and Rwanda accused Uganda", misparsed
    spec = (
        "Soldiers/NOUN/nsubj/1 clashed/VERB/ROOT/1/clash at/ADP/prep/1 the/DET/det/4 "
        f"border/NOUN/pobj/2 and/CCONJ/cc/4 Rwanda/PROPN/conj/4 {subject}{verb} "
    )
    shift = 1 if subject else 0
    spec += f"Uganda/PROPN/dobj/{7 + shift} ./PUNCT/punct/1"
    ti = 7 + shift
    roles = {ti: {"Rwanda": (0.03, 0.01), "Uganda": (0.01, 0.95)}}
    assert dyads(code(spec, {ti: "accuse/blame"}, roles)) == expected


@pytest.mark.parametrize(
    ("verb", "expected"),
    [
        ("traded/VERB/ROOT/3/trade", {("RUS", "UKR"), ("UKR", "RUS")}),
        ("voiced/VERB/ROOT/3/voice", {("RUS", None)}),
    ],
)
def test_assemble_an_act_two_parties_trade_goes_each_way(
    verb: str, expected: set[tuple[str, str | None]]
) -> None:
    # "Russia and Ukraine traded blame": the role model takes Ukraine for the target, and
    # Ukraine blamed Russia as well; in "voiced blame" Ukraine, listed with the source as the
    # subject, blames with it and is not its target
    events = code(
        f"Russia/PROPN/nsubj/3 and/CCONJ/cc/0 Ukraine/PROPN/conj/0 {verb} "
        "blame/NOUN/dobj/3/blame ./PUNCT/punct/3",
        {4: "accuse/blame"},
        {4: {"Russia": (0.9, 0.1), "Ukraine": (0.2, 0.9)}},
    )
    assert {(e.source, e.target) for e in events} == expected


@pytest.mark.parametrize(
    ("verb", "label", "expected"),
    [
        ("condemned/VERB/ROOT/3/condemn", "condemn", {("EGY", "ISR", 3, False)}),
        ("met/VERB/ROOT/3/meet", "meet/host", {("EGY", "IRQ", 1, False)}),
    ],
)
def test_assemble_an_actor_listed_with_the_source_as_subject_is_not_its_target(
    verb: str, label: str, expected: set[tuple[str, str | None, int, bool]]
) -> None:
    # "Egypt and Iraq condemned Israel": the role model gives Iraq, a fellow subject, a higher
    # target probability than Israel; a symmetric act between the two subjects keeps the pair
    events = code(
        f"Egypt/PROPN/nsubj/3 and/CCONJ/cc/0 Iraq/PROPN/conj/0 {verb} Israel/PROPN/dobj/3 "
        "./PUNCT/punct/3",
        {3: label},
        {3: {"Egypt": (0.9, 0.1), "Iraq": (0.3, 0.8), "Israel": (0.0, 0.7)}},
    )
    assert dyads(events) == expected


QUARRELLED = (
    "France/PROPN/nsubj/3 and/CCONJ/cc/0 Britain/PROPN/conj/0 quarrelled/VERB/ROOT/3/quarrel "
    "over/ADP/prep/3 Iran/PROPN/pobj/4 ./PUNCT/punct/3"
)


def test_assemble_two_sides_that_quarrel_are_each_others_targets() -> None:
    # "France and Britain quarrelled over Iran": the role model takes Iran, what they quarrel
    # over, for the target; each side is the other's
    events = code(
        QUARRELLED,
        {3: "oppose/criticize"},
        {3: {"France": (0.9, 0.1), "Britain": (0.8, 0.2), "Iran": (0.0, 0.9)}},
    )
    assert dyads(events) == {("FRA", "GBR", 3, False), ("GBR", "FRA", 3, False)}


@pytest.mark.parametrize(
    ("label", "quad", "each_way"), [("attack/use_force", 4, True), ("oppose/criticize", 3, False)]
)
def test_assemble_a_fight_with_a_named_side_goes_each_way_a_war_of_words_does_not(
    label: str, quad: int, each_way: bool
) -> None:
    # "Eritrea clashed with Djibouti": troops fight each other; a leader who clashed with
    # another in words is the one who spoke
    events = code(
        "Eritrea/PROPN/nsubj/1 clashed/VERB/ROOT/1/clash with/ADP/prep/1 "
        "Djibouti/PROPN/pobj/2 ./PUNCT/punct/1",
        {1: label},
        {1: {"Eritrea": (0.9, 0.1), "Djibouti": (0.1, 0.9)}},
    )
    expected = {("ERI", "DJI", quad, False)} | (
        {("DJI", "ERI", quad, False)} if each_way else set()
    )
    assert dyads(events) == expected


def test_assemble_a_reaction_with_no_target_answers_whoever_acted_just_before() -> None:
    def story(gap: int, spec: str = REJECTED) -> list[Coded]:
        memory = Discourse(table())
        code(
            "Peru/PROPN/nsubj/1 hosted/VERB/ROOT/1/host talks/NOUN/dobj/1 ./PUNCT/punct/1",
            {1: "meet/host"},
            {1: {"Peru": (0.9, 0.0)}},
            memory=memory,
        )
        for _ in range(gap):
            memory.next_sentence()
        return code(
            spec,
            {1: "oppose/criticize"},
            {1: {"Chile": (0.9, 0.0), "the strikes": (0.0, 0.9)}},
            memory=memory,
        )

    assert dyads(story(0)) == {("CHL", "PER", 3, False)}
    assert dyads(story(1)) == {("CHL", "PER", 3, False)}
    assert story(2) == []  # three sentences on, the reaction answers no one we can name
    # "Chile criticised the strikes", and no strike was told before: the same, not dropped
    assert dyads(story(0, STRIKES)) == {("CHL", "PER", 3, False)}
    assert story(2, STRIKES) == []


def test_assemble_a_reaction_with_nothing_near_to_answer_answers_the_storys_other_party() -> None:
    def story(named: dict[str, int]) -> list[Coded]:
        memory = Discourse(table())
        for name, times in named.items():
            for _ in range(times):
                code(
                    f"{name}/PROPN/nsubj/1 hosted/VERB/ROOT/1/host talks/NOUN/dobj/1 "
                    "./PUNCT/punct/1",
                    {1: "meet/host"},
                    {1: {name: (0.9, 0.0)}},
                    memory=memory,
                )
        for _ in range(3):  # too far back for whoever acted last
            memory.next_sentence()
        return code(REJECTED, {1: "oppose/criticize"}, {1: {"Chile": (0.9, 0.0)}}, memory=memory)

    # Peru named in two sentences, Chile (the source itself) in three, Brazil in one
    assert dyads(story({"Peru": 2, "Chile": 3, "Brazil": 1})) == {("CHL", "PER", 3, False)}
    assert story({"Peru": 1, "Chile": 3}) == []  # named once: not yet the story's other party
    # named as often: the one named last
    assert dyads(story({"Peru": 2, "Brazil": 2, "Chile": 3})) == {("CHL", "BRA", 3, False)}


def clashes(times: int) -> Discourse:
    """A story that has told "Thailand and Cambodia clashed" ``times`` times."""
    memory = Discourse(table())
    for _ in range(times):
        code(
            "Thailand/PROPN/nsubj/3 and/CCONJ/cc/0 Cambodia/PROPN/conj/0 "
            "clashed/VERB/ROOT/3/clash ./PUNCT/punct/3",
            {3: "attack/use_force"},
            {3: {"Thailand": (0.9, 0.1), "Cambodia": (0.1, 0.9)}},
            memory=memory,
        )
    return memory


def test_assemble_a_mediation_with_no_parties_named_is_between_the_storys_two_actors() -> None:
    def story(times: int) -> list[Coded]:
        memory = clashes(times)
        # "Malaysia brokered the truce"
        return code(
            "Malaysia/PROPN/nsubj/1 brokered/VERB/ROOT/1/broker the/DET/det/3 "
            "truce/NOUN/dobj/1 ./PUNCT/punct/1",
            {1: "mediate/negotiate"},
            {1: {"Malaysia": (0.9, 0.0)}},
            memory=memory,
        )

    assert {(e.source, e.target) for e in story(2)} == {("MYS", "THA"), ("MYS", "KHM")}
    # named once, the pair is not yet the story's: no parties guessed (a null target here,
    # where the thresholds do not make mediation an act that nearly always has a target)
    assert {(e.source, e.target) for e in story(1)} == {("MYS", None)}


def test_assemble_an_offer_with_no_party_named_is_not_between_the_storys_two_actors() -> None:
    # "Malaysia offered talks": no word of mediation, so the story's pair is no guess for its
    # parties; with none named the act has no target
    events = code(
        "Malaysia/PROPN/nsubj/1 offered/VERB/ROOT/1/offer talks/NOUN/dobj/1/talk ./PUNCT/punct/1",
        {1: "mediate/negotiate"},
        {1: {"Malaysia": (0.9, 0.0)}},
        memory=clashes(2),
    )
    assert {(e.source, e.target) for e in events} == {("MYS", None)}


def test_assemble_the_it_of_it_was_the_first_such_act_is_no_actor() -> None:
    def second(spec: str, label: str, roles: dict[str, tuple[float, float]]) -> set[tuple]:
        memory = Discourse(table())
        code("India/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1", {}, {}, memory=memory)
        return {(e.source, e.target) for e in code(spec, {4: label}, {4: roles}, memory=memory)}

    # "It was the first such rebuke of Iran by Britain": "it" only introduces the act
    rebuke = second(
        "It/PRON/nsubj/1 was/AUX/ROOT/1/be the/DET/det/4 first/ADJ/amod/4 rebuke/NOUN/attr/1 "
        "of/ADP/prep/4 Iran/PROPN/pobj/5 by/ADP/prep/4 Britain/PROPN/pobj/7 ./PUNCT/punct/1",
        "oppose/criticize",
        {"It": (0.8, 0.0), "Iran": (0.0, 0.9), "Britain": (0.3, 0.0)},
    )
    assert rebuke == {("GBR", "IRN")}
    # "It was the biggest customer of Iran": "it" is who buys (India, named before)
    customer = second(
        "It/PRON/nsubj/1 was/AUX/ROOT/1/be the/DET/det/4 biggest/ADJ/amod/4 "
        "customer/NOUN/attr/1 of/ADP/prep/4 Iran/PROPN/pobj/5 ./PUNCT/punct/1",
        "trade/economic_coop",
        {"It": (0.8, 0.0), "Iran": (0.0, 0.9)},
    )
    assert customer == {("IND", "IRN")}


def test_assemble_a_counted_tally_is_cast_only_by_the_actors_it_names() -> None:
    """ "The council adopted the text with 58 abstentions": the body that held the vote did not
    abstain; "58 abstentions from Peru" names one who did."""
    spec = (
        "Chile/PROPN/nsubj/1 adopted/VERB/ROOT/1/adopt the/DET/det/3 text/NOUN/dobj/1 "
        "with/ADP/prep/1 58/NUM/nummod/6 abstentions/NOUN/pobj/4/abstention {rest}./PUNCT/punct/1"
    )
    roles = {6: {"Chile": (0.8, 0.0), "Peru": (0.9, 0.0)}}
    assert code(spec.format(rest=""), {6: "vote_abstain"}, roles) == []
    named = code(spec.format(rest="from/ADP/prep/6 Peru/PROPN/pobj/7 "), {6: "vote_abstain"}, roles)
    assert {e.source for e in named} == {"PER"}


def _china_and_russia_abstain(memory: Discourse) -> list[Coded]:
    """ "China and Russia abstained." coded with ``memory``."""
    return code(
        "China/PROPN/nsubj/3 and/CCONJ/cc/0 Russia/PROPN/conj/0 abstained/VERB/ROOT/3/abstain "
        "./PUNCT/punct/3",
        {3: "vote_abstain"},
        {3: {"China": (0.9, 0.0), "Russia": (0.9, 0.0)}},
        memory=memory,
    )


def test_assemble_an_abstention_on_a_text_not_named_is_about_the_storys_main_state() -> None:
    """ "China and Russia abstained", with no text named in the sentence or remembered: the
    abstention is about the state the document named most (at least twice), not the body that
    held the vote, however often named (guide §8: the target is whom the text is about)."""

    def story(myanmar: int) -> set[tuple[str, str | None]]:
        memory = Discourse(table())
        for _ in range(3):
            council = (
                "The/DET/det/2 Security/PROPN/compound/2 Council/PROPN/nsubj/3 met/VERB/ROOT/3"
            )
            code(f"{council}/meet ./PUNCT/punct/3", {}, {}, memory=memory)
        for _ in range(myanmar):
            code("Myanmar/PROPN/nsubj/1 suffered/VERB/ROOT/1/suffer ./PUNCT/punct/1", {}, {},
                 memory=memory)  # fmt: skip
        return {(e.source, e.target) for e in _china_and_russia_abstain(memory)}

    assert story(2) == {("CHN", "MMR"), ("RUS", "MMR")}
    # named once, Myanmar is not yet the story's, and the Council is no subject of a text
    assert story(1) == {("CHN", None), ("RUS", None)}


def test_assemble_a_state_that_voted_is_not_what_a_text_not_named_is_about() -> None:
    """ "Belarus voted no. China and Russia abstained.": Belarus, named as often as Myanmar
    and later, voted on the text; the abstentions are about the story's other state."""
    memory = _myanmar_story()
    code("Belarus/PROPN/nsubj/1 suffered/VERB/ROOT/1/suffer ./PUNCT/punct/1", {}, {},
         memory=memory)  # fmt: skip
    no = code(
        "Belarus/PROPN/nsubj/1 voted/VERB/ROOT/1/vote no/INTJ/advmod/1 ./PUNCT/punct/1",
        {1: "vote_against"},
        {1: {"Belarus": (0.9, 0.0)}},
        memory=memory,
    )
    assert {(e.source, e.target) for e in no} == {("BLR", "MMR")}
    events = _china_and_russia_abstain(memory)
    assert {(e.source, e.target) for e in events} == {("CHN", "MMR"), ("RUS", "MMR")}


def _myanmar_story() -> Discourse:
    memory = Discourse(table())
    for _ in range(2):
        code("Myanmar/PROPN/nsubj/1 suffered/VERB/ROOT/1/suffer ./PUNCT/punct/1", {}, {},
             memory=memory)  # fmt: skip
    return memory


@pytest.mark.parametrize(
    ("verb", "label"),
    [
        ("abstained/VERB/ROOT/3/abstain", "vote_abstain"),
        ("vetoed/VERB/ROOT/3/veto", "veto"),
        ("voted/VERB/ROOT/3/vote yes/INTJ/advmod/3", "vote_for"),
        ("voted/VERB/ROOT/3/vote no/INTJ/advmod/3", "vote_against"),
    ],
)
def test_assemble_a_vote_on_a_text_not_named_is_the_story_s_and_the_filter_judges_it(
    verb: str, label: str
) -> None:
    """ "China and Russia vetoed" ("voted yes") with no text named: a vote, as an abstention,
    is about the state the story is about; a target guessed so is not one the vote rules
    found, and the event filter decides on it as on any other event."""
    spec = f"China/PROPN/nsubj/3 and/CCONJ/cc/0 Russia/PROPN/conj/0 {verb} ./PUNCT/punct/3"
    roles = {3: {"China": (0.9, 0.0), "Russia": (0.9, 0.0)}}
    events = code(spec, {3: label}, roles, memory=_myanmar_story())
    assert {(e.label, e.source, e.target) for e in events} == {
        (label, "CHN", "MMR"), (label, "RUS", "MMR"),
    }  # fmt: skip
    strict = Thresholds(event=0.5, event_negated=0.5)
    judged = code(spec, {3: label}, roles, strict, _myanmar_story(), event_filter=_Rejects())
    assert judged == []


@pytest.mark.parametrize(
    ("spec", "trigger", "roles", "expected"),
    [
        # "Malaysia brokered, with Japan and China, the truce": three mediators, two parties
        (
            "Malaysia/PROPN/nsubj/1 brokered/VERB/ROOT/1/broker ,/PUNCT/punct/1 with/ADP/prep/1 "
            "Japan/PROPN/pobj/3 and/CCONJ/cc/4 China/PROPN/conj/4 ,/PUNCT/punct/1 the/DET/det/9 "
            "truce/NOUN/dobj/1 ./PUNCT/punct/1",
            1,
            {"Malaysia": (0.9, 0.0), "Japan": (0.1, 0.7), "China": (0.1, 0.6)},
            {(a, b) for a in ("MYS", "JPN", "CHN") for b in ("THA", "KHM")},
        ),
        # "Malaysia and Japan brokered the truce": fellow mediators are no pair of parties
        (
            "Malaysia/PROPN/nsubj/3 and/CCONJ/cc/0 Japan/PROPN/conj/0 brokered/VERB/ROOT/3/broker "
            "the/DET/det/5 truce/NOUN/dobj/3 ./PUNCT/punct/3",
            3,
            {"Malaysia": (0.9, 0.1), "Japan": (0.8, 0.6)},
            {(a, b) for a in ("MYS", "JPN") for b in ("THA", "KHM")},
        ),
        # "the mediation by Malaysia and Japan": the one listed is no party either
        (
            "the/DET/det/1 mediation/NOUN/ROOT/1 by/ADP/prep/1 Malaysia/PROPN/pobj/2 "
            "and/CCONJ/cc/3 Japan/PROPN/conj/3 ./PUNCT/punct/1",
            1,
            {"Malaysia": (0.9, 0.1), "Japan": (0.6, 0.8)},
            {(a, b) for a in ("MYS", "JPN") for b in ("THA", "KHM")},
        ),
        # "Malaysia brokered the truce with Japan": after the object, "with" names a party
        (
            "Malaysia/PROPN/nsubj/1 brokered/VERB/ROOT/1/broker the/DET/det/3 truce/NOUN/dobj/1 "
            "with/ADP/prep/1 Japan/PROPN/pobj/4 ./PUNCT/punct/1",
            1,
            {"Malaysia": (0.9, 0.0), "Japan": (0.1, 0.7)},
            {("MYS", "JPN")},
        ),
    ],
)
def test_assemble_fellow_mediators_are_sources_and_never_the_parties(
    spec: str, trigger: int, roles: dict[str, tuple[float, float]], expected: set[tuple[str, str]]
) -> None:
    events = code(spec, {trigger: "mediate/negotiate"}, {trigger: roles}, memory=clashes(2))
    assert {(e.source, e.target) for e in events} == expected


ATTENDANCE = (
    "Among/ADP/prep/4 those/PRON/pobj/0 in/ADP/prep/1 {word}/NOUN/pobj/2 were/AUX/ROOT/4/be "
    "Kenya/PROPN/nsubj/4 ,/PUNCT/punct/5 Ghana/PROPN/appos/5 and/CCONJ/cc/7 the/DET/det/10 "
    "leaders/NOUN/conj/7/leader of/ADP/prep/10 Peru/PROPN/pobj/11 ./PUNCT/punct/4"
)


@pytest.mark.parametrize(("word", "paired"), [("attendance", False), ("talks", True)])
def test_assemble_those_listed_as_attending_are_not_each_other_s_parties(
    word: str, paired: bool
) -> None:
    # "Among those in attendance were Kenya, Ghana and the leaders of Peru": the role model
    # takes Ghana for Kenya's target and the parser hangs the list by apposition; they came
    # to one gathering, and none negotiated with another. Those "in talks" did.
    events = code(
        ATTENDANCE.format(word=word),
        {3: "mediate/negotiate"},
        {3: {"Kenya": (0.9, 0.1), "Ghana": (0.1, 0.9), "Peru": (0.8, 0.2)}},
    )
    listed = {"KEN", "GHA", "PER"}
    pairs = {(e.source, e.target) for e in events if e.source in listed and e.target in listed}
    assert bool(pairs) is paired


# "Chile rejected the idea": no target named, and nothing was done to Chile
REJECTED = (
    "Chile/PROPN/nsubj/1 rejected/VERB/ROOT/1/reject the/DET/det/3 idea/NOUN/dobj/1 ./PUNCT/punct/1"
)
STRIKES = (
    "Chile/PROPN/nsubj/1 criticised/VERB/ROOT/1/criticise the/DET/det/3 strikes/NOUN/dobj/1/strike "
    "./PUNCT/punct/1"
)


QAT = ("QAT", "ISR", 3, False)
CONDEMNED = (
    "Egypt/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn Israel/PROPN/dobj/1 ,/PUNCT/punct/1 "
    "and/CCONJ/cc/1 Qatar/PROPN/nsubj/6 {verb} {rest}./PUNCT/punct/1"
)


@pytest.mark.parametrize(
    ("verb", "rest", "jordan"),
    [
        # "Egypt condemned Israel, and Qatar followed its lead": Qatar repeats the act, toward
        # the same target
        ("followed/VERB/conj/1/follow", "its/PRON/poss/8 lead/NOUN/dobj/6 ", QAT),
        ("followed/VERB/conj/1/follow", "suit/NOUN/dobj/6 ", QAT),
        ("followed/VERB/conj/1/follow", "", QAT),
        ("did/VERB/conj/1/do", "the/DET/det/8 same/ADJ/dobj/6 ", QAT),
        # "… and Qatar did not follow suit": the act, negated
        ("follow/VERB/conj/1/follow", "not/PART/neg/6 suit/NOUN/dobj/6 ", ("QAT", "ISR", 3, True)),
        # "… and Qatar followed the talks": an act of its own (none here), not an echo
        ("followed/VERB/conj/1/follow", "the/DET/det/8 talks/NOUN/dobj/6/talk ", None),
    ],
)
def test_assemble_an_echo_repeats_the_act_it_is_tied_to(
    verb: str, rest: str, jordan: tuple[str, str, int, bool] | None
) -> None:
    events = code(
        CONDEMNED.format(verb=verb, rest=rest),
        {1: "condemn"},
        {1: {"Egypt": (0.9, 0.0), "Israel": (0.0, 0.9), "Qatar": (0.1, 0.1)}},
    )
    expected = {("EGY", "ISR", 3, False)} | ({jordan} if jordan else set())
    assert dyads(events) == expected
    words = [w.split("/")[0] for w in CONDEMNED.format(verb=verb, rest=rest).split()]
    at = sum(len(w) + 1 for w in words[:6])  # the echo verb's offset: its act is Qatar's
    assert all(e.trigger_start == at for e in events if e.source == "QAT")


def test_assemble_an_echo_verb_has_no_act_of_its_own() -> None:
    """ "Egypt condemned Israel, and Qatar followed its lead", where the trigger model also
    read "followed" as an act (a recognition): Qatar repeats the condemnation, and the echo
    verb's own reading is dropped."""
    spec = CONDEMNED.format(
        verb="followed/VERB/conj/1/follow", rest="its/PRON/poss/8 lead/NOUN/dobj/6 "
    )
    events = code(
        spec,
        {1: "condemn", 6: "recognize"},
        {
            1: {"Egypt": (0.9, 0.0), "Israel": (0.0, 0.9), "Qatar": (0.1, 0.1)},
            6: {"Egypt": (0.0, 0.1), "Israel": (0.0, 0.9), "Qatar": (0.9, 0.0)},
        },
    )
    assert dyads(events) == {("EGY", "ISR", 3, False), QAT}
    assert {e.label for e in events} == {"condemn"}


def test_assemble_an_echo_of_a_text_signed_earlier_in_its_sentence() -> None:
    # "The accords that Egypt signed with Israel, followed by Qatar, hold": the parser makes
    # "accords" the subject of "followed" and "by Qatar" its agent
    events = code(
        "The/DET/det/1 accords/NOUN/nsubj/8/accord that/PRON/dobj/4 Egypt/PROPN/nsubj/4 "
        "signed/VERB/relcl/1/sign with/ADP/prep/4 Israel/PROPN/pobj/5 ,/PUNCT/punct/1 "
        "followed/VERB/ROOT/8/follow by/ADP/agent/8 Qatar/PROPN/pobj/9 ,/PUNCT/punct/8 "
        "hold/VERB/conj/8 ./PUNCT/punct/8",
        {4: "mediate/negotiate"},
        {4: {"Egypt": (0.9, 0.0), "Israel": (0.0, 0.9), "Qatar": (0.0, 0.1)}},
    )
    assert {(e.source, e.target) for e in events} == {("EGY", "ISR"), ("QAT", "ISR")}


def test_assemble_an_echo_not_tied_to_the_act_copies_nothing() -> None:
    # "Egypt condemned Israel after Qatar followed": "followed" hangs from the act as a
    # clause of its own, not a repeat of it
    events = code(
        "Egypt/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn Israel/PROPN/dobj/1 "
        "after/SCONJ/mark/5 Qatar/PROPN/nsubj/5 followed/VERB/advcl/1/follow ./PUNCT/punct/1",
        {1: "condemn"},
        {1: {"Egypt": (0.9, 0.0), "Israel": (0.0, 0.9), "Qatar": (0.1, 0.1)}},
    )
    assert dyads(events) == {("EGY", "ISR", 3, False)}


def test_assemble_one_target_per_act_or_one_list_of_them() -> None:
    # "Qatar paid for Gaza's fuel with Israel's approval": two mentions pass the target
    # threshold, each scored alone; the act has one addressee, the more probable one
    events = code(
        "Qatar/PROPN/nsubj/1 paid/VERB/ROOT/1/pay for/ADP/prep/1 Gaza/PROPN/poss/5 's/PART/case/3 "
        "fuel/NOUN/pobj/2 with/ADP/prep/1 Israel/PROPN/poss/9 's/PART/case/7 "
        "approval/NOUN/pobj/6 ./PUNCT/punct/1",
        {1: "aid/give"},
        {1: {"Qatar": (0.95, 0.0), "Gaza": (0.0, 0.9), "Israel": (0.0, 0.6)}},
    )
    assert {(e.source, e.target) for e in events} == {("QAT", "PSE")}
    # a list is one addressee: every member stays, whatever its own probability
    events = code(
        "Indonesia/PROPN/nsubj/1 urged/VERB/ROOT/1/urge Thailand/PROPN/dobj/1 and/CCONJ/cc/2 "
        "Cambodia/PROPN/conj/2 to/PART/aux/6 talk/VERB/xcomp/1 ./PUNCT/punct/1",
        {1: "call_for"},
        {1: {"Indonesia": (0.95, 0.0), "Thailand": (0.0, 0.9), "Cambodia": (0.0, 0.55)}},
    )
    assert {(e.source, e.target) for e in events} == {("IDN", "THA"), ("IDN", "KHM")}


def test_assemble_the_holders_of_a_list_of_states_are_one_addressee() -> None:
    # "met the presidents of Eritrea and Somalia": the parser hangs Somalia on Eritrea, and
    # the mention of Eritrea is the whole phrase headed by "presidents"; one list still
    spec = (
        "Egypt/PROPN/nsubj/1 met/VERB/ROOT/1/meet the/DET/det/3 presidents/NOUN/dobj/1/president "
        "of/ADP/prep/3 Eritrea/PROPN/pobj/4 and/CCONJ/cc/5 Somalia/PROPN/conj/5 ./PUNCT/punct/1"
    )
    texts = [t for t, _, _ in mentions_in(parsed(spec))[0]]
    eritrea = next(t for t in texts if t.endswith("Eritrea"))
    events = code(
        spec,
        {1: "meet/host"},
        {1: {"Egypt": (0.95, 0.0), eritrea: (0.0, 0.9), "Somalia": (0.0, 0.93)}},
    )
    assert {(e.source, e.target) for e in events} == {("EGY", "ERI"), ("EGY", "SOM")}


class _TrustsTheFirst:
    """A filter that trusts the first candidate it sees and none of the others."""

    def __init__(self, first: float) -> None:
        self.first = first

    def score(self, signals: list[object]) -> list[float]:
        return [self.first] + [0.1] * (len(signals) - 1)


@pytest.mark.parametrize(("first", "kept"), [(0.9, {"TUR", "ITA"}), (0.2, set())])
def test_assemble_the_members_of_a_listed_source_share_the_filter_s_decision(
    first: float, kept: set[str]
) -> None:
    # "Turkey and Italy condemned Israel": the filter scores Italy alone, low; the list did
    # one act, so Italy stays when Turkey does, and both go when the best of them is unsure
    events = code(
        "Turkey/PROPN/nsubj/3 and/CCONJ/cc/0 Italy/PROPN/conj/0 condemned/VERB/ROOT/3/condemn "
        "Israel/PROPN/dobj/3 ./PUNCT/punct/3",
        {3: "condemn"},
        {3: {"Turkey": (0.9, 0.0), "Italy": (0.8, 0.0), "Israel": (0.0, 0.9)}},
        Thresholds(event=0.5, event_negated=0.5),
        event_filter=_TrustsTheFirst(first),
    )
    assert {e.source for e in events} == kept
    assert all(e.target == "ISR" and e.confidence == first for e in events)


def test_assemble_a_clause_with_its_own_subject_is_not_the_act_of_another_clauses_subject() -> None:
    # "Brazil condemned Ecuador, and Nicaragua went further, breaking off ties in solidarity
    # with Mexico": the role model also scores Brazil as a source of "solidarity"
    tail = (
        "went/VERB/conj/1/go further/ADV/advmod/6 ,/PUNCT/punct/6 breaking/VERB/advcl/6/break "
        "off/ADP/prt/9 ties/NOUN/dobj/9/tie in/ADP/prep/9 solidarity/NOUN/pobj/12 "
        "with/ADP/prep/13 Mexico/PROPN/pobj/14 ./PUNCT/punct/1"
    )
    head = "Brazil/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn Ecuador/PROPN/dobj/1 ,/PUNCT/punct/1"
    scores = {13: {"Brazil": (0.8, 0.0), "Nicaragua": (0.9, 0.0), "Mexico": (0.0, 0.9)}}
    events = code(f"{head} and/CCONJ/cc/1 Nicaragua/PROPN/nsubj/6 {tail}", {13: "support"}, scores)
    assert {(e.source, e.target) for e in events} == {("NIC", "MEX")}
    # with no subject of its own the clause shares the first one's: Brazil went further
    events = code(f"{head} and/CCONJ/cc/1 then/ADV/advmod/6 {tail}", {13: "support"}, scores)
    assert {(e.source, e.target) for e in events} == {("BRA", "MEX")}


@pytest.mark.parametrize(
    ("noun", "lemma", "expected"), [("move", "move", {("JPN", "CHN")}), ("crowds", "crowd", set())]
)
def test_assemble_the_author_of_a_move_answered_is_the_target(
    noun: str, lemma: str, expected: set[tuple[str, str]]
) -> None:
    # "Japan was disappointed by the Chinese move": the role model takes "Chinese" for a
    # second source; a move's author is whom the reaction answers, not a crowd's country
    events = code(
        "Japan/PROPN/nsubj/1 was/AUX/ROOT/1/be disappointed/ADJ/acomp/1 by/ADP/agent/2 "
        f"the/DET/det/6 Chinese/ADJ/amod/6 {noun}/NOUN/pobj/3/{lemma} ./PUNCT/punct/1",
        {2: "oppose/criticize"},
        {2: {"Japan": (0.9, 0.0), "Chinese": (0.6, 0.05)}},
    )
    assert {(e.source, e.target) for e in events if e.target} == expected


def test_assemble_a_reaction_to_a_move_beside_a_clause_answers_that_clauses_subject() -> None:
    # "Egypt signed a pact with Somalia, a move Ethiopia condemned": the role model takes
    # Somalia, the last actor named, for the target
    scores = {"Ethiopia": (0.9, 0.0), "Somalia": (0.0, 0.7), "Egypt": (0.2, 0.3)}
    events = code(
        "Egypt/PROPN/nsubj/1 signed/VERB/ROOT/1/sign a/DET/det/3 pact/NOUN/dobj/1 "
        "with/ADP/prep/3 Somalia/PROPN/pobj/4 ,/PUNCT/punct/5 a/DET/det/8 "
        "move/NOUN/appos/5 Ethiopia/PROPN/nsubj/10 condemned/VERB/relcl/8/condemn "
        "./PUNCT/punct/1",
        {10: "condemn"},
        {10: scores},
    )
    assert {(e.source, e.target) for e in events} == {("ETH", "EGY")}
    # the same, parsed with the reaction as the root and the first clause its complement
    events = code(
        "Egypt/PROPN/nsubj/1 signed/VERB/ccomp/10/sign a/DET/det/3 pact/NOUN/dobj/1 "
        "with/ADP/prep/3 Somalia/PROPN/pobj/4 ,/PUNCT/punct/10 a/DET/det/8 "
        "move/NOUN/dobj/10 Ethiopia/PROPN/nsubj/10 condemned/VERB/ROOT/10/condemn "
        "./PUNCT/punct/10",
        {10: "condemn"},
        {10: scores},
    )
    assert {(e.source, e.target) for e in events} == {("ETH", "EGY")}


@pytest.mark.parametrize(
    ("verb", "lemma", "quad"), [("vetoed", "veto", 3), ("drafted", "draft", 1)]
)
def test_assemble_a_vote_for_a_text_its_target_vetoed_is_conflict(
    verb: str, lemma: str, quad: int
) -> None:
    # "Mexico voted for the draft that Russia vetoed": a vote against Russia's stand
    events = code(
        "Mexico/PROPN/nsubj/1 voted/VERB/ROOT/1/vote for/ADP/prep/1 the/DET/det/4 "
        f"draft/NOUN/pobj/2 that/PRON/dobj/7 Russia/PROPN/nsubj/7 {verb}/VERB/relcl/4/{lemma} "
        "./PUNCT/punct/1",
        {1: "vote_for"},
        {1: {"Mexico": (0.9, 0.0), "Russia": (0.0, 0.9)}},
    )
    assert dyads(events) == {("MEX", "RUS", quad, False)}


def test_assemble_an_unnamed_pair_beside_two_sources_of_a_symmetric_act_is_that_pair() -> None:
    # "Canada and Mexico agreed to talk, the leaders of the two countries said": the role
    # model takes "the two countries" (which names no one: its sentence's subjects are
    # excluded) for the target, and the act was dropped
    events = code(
        "Canada/PROPN/nsubj/3 and/CCONJ/cc/0 Mexico/PROPN/conj/0 agreed/VERB/ccomp/13/agree "
        "to/PART/aux/5 talk/VERB/xcomp/3 ,/PUNCT/punct/13 the/DET/det/8 "
        "leaders/NOUN/nsubj/13/leader of/ADP/prep/8 the/DET/det/12 two/NUM/nummod/12 "
        "countries/NOUN/pobj/9/country said/VERB/ROOT/13/say ./PUNCT/punct/13",
        {3: "mediate/negotiate"},
        {3: {"Canada": (0.9, 0.0), "Mexico": (0.8, 0.3), "the two countries": (0.0, 0.6)}},
    )
    assert dyads(events) == {("CAN", "MEX", 1, False)}


class _Doubts:
    """A filter that doubts every candidate."""

    def score(self, signals: list[object]) -> list[float]:
        return [0.1] * len(signals)


def doubted(
    spec: str, trigger: int, label: str, scores: dict[str, tuple[float, float]]
) -> set[tuple[str, str | None, int, bool]]:
    """The dyads of one trigger's events when the event filter doubts them all (0.1 against a
    threshold of 0.5): only what a rule keeps whatever the filter says is left."""
    events = code(
        spec,
        {trigger: label},
        {trigger: scores},
        Thresholds(event=0.5, event_negated=0.5),
        event_filter=_Doubts(),
    )
    return dyads(events)


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        ("called/VERB/ROOT/1/call for/ADP/prep/1 a/DET/det/4 ceasefire/NOUN/pobj/2", True),
        ("demanded/VERB/ROOT/1/demand an/DET/det/3 end/NOUN/dobj/1", True),
        ("called/VERB/ROOT/1/call for/ADP/prep/1 a/DET/det/4 review/NOUN/pobj/2", False),
    ],
)
def test_assemble_a_call_for_an_issue_is_kept_whatever_the_filter_says(
    words: str, kept: bool
) -> None:
    # "The AU called for a ceasefire" is AU -> null call_for (guide §6); the filter, which
    # sees no issue, dropped most of them
    found = doubted(
        f"Kenya/PROPN/nsubj/1 {words} ./PUNCT/punct/1",
        1,
        "call_for",
        {"Kenya": (0.9, 0.0)},
    )
    assert found == ({("KEN", None, 1, False)} if kept else set())


def test_assemble_a_text_s_call_for_an_issue_is_left_to_the_filter() -> None:
    # "Kenya drafted a text demanding a ceasefire": the text calls, not a voter or drafter
    assert (
        doubted(
            "Kenya/PROPN/nsubj/1 drafted/VERB/ROOT/1/draft a/DET/det/3 text/NOUN/dobj/1 "
            "demanding/VERB/acl/3/demand a/DET/det/6 ceasefire/NOUN/dobj/4 ./PUNCT/punct/1",
            4,
            "call_for",
            {"Kenya": (0.9, 0.0)},
        )
        == set()
    )


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        ("sided/VERB/ROOT/1/side with/ADP/prep/1 Kenya/PROPN/pobj/2 ./PUNCT/punct/1", True),
        ("stood/VERB/ROOT/1/stand by/ADP/prep/1 Kenya/PROPN/pobj/2 ./PUNCT/punct/1", True),
        ("praised/VERB/ROOT/1/praise Kenya/PROPN/dobj/1 ./PUNCT/punct/1", False),
    ],
)
def test_assemble_a_support_said_outright_is_kept_whatever_the_filter_says(
    words: str, kept: bool
) -> None:
    # "Japan sided with Kenya": the filter doubted these; a plain praise stays its to judge
    found = doubted(
        f"Japan/PROPN/nsubj/1 {words}",
        1,
        "support",
        {"Japan": (0.9, 0.0), "Kenya": (0.0, 0.9)},
    )
    assert found == ({("JPN", "KEN", 1, False)} if kept else set())


@pytest.mark.parametrize(("amod", "kept"), [("joint", True), ("naval", False)])
def test_assemble_a_security_cooperation_called_joint_is_kept_whatever_the_filter_says(
    amod: str, kept: bool
) -> None:
    # "Japan held joint exercises with Kenya": the filter doubted these
    found = doubted(
        "Japan/PROPN/nsubj/1 held/VERB/ROOT/1/hold "
        f"{amod}/ADJ/amod/3 exercises/NOUN/dobj/1/exercise with/ADP/prep/3 "
        "Kenya/PROPN/pobj/4 ./PUNCT/punct/1",
        3,
        "security_coop",
        {"Japan": (0.9, 0.0), "Kenya": (0.0, 0.9)},
    )
    assert found == ({("JPN", "KEN", 2, False)} if kept else set())


@pytest.mark.parametrize(
    ("verb", "kept"), [("insisted/VERB/ROOT/1/insist", True), ("said/VERB/ROOT/1/say", False)]
)
def test_assemble_an_insistence_with_no_target_is_kept_whatever_the_filter_says(
    verb: str, kept: bool
) -> None:
    # "Japan insisted the plan was lawful": a statement, a denial in all but name
    found = doubted(
        f"Japan/PROPN/nsubj/1 {verb} the/DET/det/3 plan/NOUN/nsubj/4/plan was/AUX/ccomp/1/be "
        "lawful/ADJ/acomp/4 ./PUNCT/punct/1",
        1,
        "statement_neutral",
        {"Japan": (0.9, 0.0)},
    )
    assert found == ({("JPN", None, 1, False)} if kept else set())


@pytest.mark.parametrize(
    ("words", "trigger", "kept"),
    [
        ("struck/VERB/ROOT/1/strike Kenya/PROPN/dobj/1 ./PUNCT/punct/1", 1, True),
        ("shelled/VERB/ROOT/1/shell Kenya/PROPN/dobj/1 ./PUNCT/punct/1", 1, True),
        # the noun, "the strikes on Kenya", is left to the filter
        (
            "condemned/VERB/ROOT/1/condemn the/DET/det/3 strikes/NOUN/dobj/1/strike "
            "on/ADP/prep/3 Kenya/PROPN/pobj/4 ./PUNCT/punct/1",
            3,
            False,
        ),
    ],
)
def test_assemble_a_force_verb_with_a_named_target_is_kept_whatever_the_filter_says(
    words: str, trigger: int, kept: bool
) -> None:
    # "Japanese jets struck Kenya": the filter doubted these
    found = doubted(
        f"Japan/PROPN/nsubj/1 {words}",
        trigger,
        "attack/use_force",
        {"Japan": (0.9, 0.0), "Kenya": (0.0, 0.9)},
    )
    assert found == ({("JPN", "KEN", 4, False)} if kept else set())


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        ("urged/VERB/ROOT/1/urge Kenya/PROPN/dobj/1 to/PART/aux/4 talk/VERB/xcomp/1", True),
        # "asked Kenya to …" is as often a request for goods: the filter's to judge
        ("asked/VERB/ROOT/1/ask Kenya/PROPN/dobj/1 to/PART/aux/4 talk/VERB/xcomp/1", False),
        ("urged/VERB/ROOT/1/urge Kenya/PROPN/dobj/1", False),
    ],
)
def test_assemble_a_call_with_the_clause_it_asks_for_is_kept_whatever_the_filter_says(
    words: str, kept: bool
) -> None:
    # "Japan urged Kenya to talk": the filter doubted these
    found = doubted(
        f"Japan/PROPN/nsubj/1 {words} ./PUNCT/punct/1",
        1,
        "call_for",
        {"Japan": (0.9, 0.0), "Kenya": (0.0, 0.9)},
    )
    assert {(s, t) for s, t, _, _ in found} == ({("JPN", "KEN")} if kept else set())


@pytest.mark.parametrize(("verb", "kept"), [("dismissed", True), ("criticised", False)])
def test_assemble_a_rejection_by_its_verb_is_kept_whatever_the_filter_says(
    verb: str, kept: bool
) -> None:
    # "Japan dismissed Kenya's plan": the filter doubted these
    lemma = {"dismissed": "dismiss", "criticised": "criticise"}[verb]
    found = doubted(
        f"Japan/PROPN/nsubj/1 {verb}/VERB/ROOT/1/{lemma} Kenya/PROPN/dobj/1 ./PUNCT/punct/1",
        1,
        "oppose/criticize",
        {"Japan": (0.9, 0.0), "Kenya": (0.0, 0.9)},
    )
    assert {(s, t) for s, t, _, _ in found} == ({("JPN", "KEN")} if kept else set())


@pytest.mark.parametrize(("verb", "kept"), [("mediated", True), ("watched", False)])
def test_assemble_a_mediation_by_its_verb_is_kept_whatever_the_filter_says(
    verb: str, kept: bool
) -> None:
    # "Japan mediated between Kenya and its neighbour": the filter doubted these
    lemma = {"mediated": "mediate", "watched": "watch"}[verb]
    found = doubted(
        f"Japan/PROPN/nsubj/1 {verb}/VERB/ROOT/1/{lemma} between/ADP/prep/1 "
        "Kenya/PROPN/pobj/2 ./PUNCT/punct/1",
        1,
        "mediate/negotiate",
        {"Japan": (0.9, 0.0), "Kenya": (0.0, 0.9)},
    )
    assert {(s, t) for s, t, _, _ in found} == ({("JPN", "KEN")} if kept else set())
