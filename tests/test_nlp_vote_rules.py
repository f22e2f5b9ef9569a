"""The vote rules (``geostance.nlp.votes``) and acts named as things within one sentence, on
hand-parsed sentences with the trained components' outputs set by hand. Each case failed
before the rule it tests."""

from __future__ import annotations

from doc_helpers import parsed, table
from geostance.nlp.assemble import Coded
from geostance.nlp.discourse import Discourse
from geostance.nlp.votes import ruled_vote_label
from test_nlp_assemble import code, dyads


def _memory_of_a_text_against(name: str = "Venezuela", actor: str = "VEN") -> Discourse:
    memory = Discourse(table())
    code(
        "The/DET/det/1 OAS/PROPN/nsubj/2 adopted/VERB/ROOT/2/adopt a/DET/det/4 "
        f"text/NOUN/dobj/2 condemning/VERB/acl/4/condemn {name}/PROPN/dobj/5 ./PUNCT/punct/2",
        {},
        {},
        memory=memory,
    )
    assert memory.last_resolution == (actor, True)
    return memory


def test_votes_a_vote_on_a_text_about_the_voter_itself_is_kept_with_no_target() -> None:
    memory = _memory_of_a_text_against("Russia", "RUS")
    events = code(
        "Russia/PROPN/nsubj/1 voted/VERB/ROOT/1/vote against/ADP/prep/1 it/PRON/pobj/2 "
        "./PUNCT/punct/1",
        {1: "vote_against"},
        {1: {"Russia": (0.9, 0.0), "it": (0.0, 0.8)}},
        memory=memory,
    )
    assert [(e.label, e.source, e.target) for e in events] == [("vote_against", "RUS", None)]


def test_votes_abstaining_on_that_occasion_is_a_vote_on_the_text_described_before() -> None:
    memory = _memory_of_a_text_against()
    events = code(
        "China/PROPN/nsubj/1 abstained/VERB/ROOT/1/abstain on/ADP/prep/1 that/DET/det/4 "
        "occasion/NOUN/pobj/2 ./PUNCT/punct/1",
        {1: "vote_abstain"},
        {1: {"China": (0.9, 0.0)}},
        memory=memory,
    )
    assert dyads(events) == {("CHN", "VEN", 1, False)}


def test_votes_abstentions_from_a_list_are_its_voters_and_the_text_is_none() -> None:
    memory = _memory_of_a_text_against()
    memory.note_act("vote_against", "GHA", "VEN")  # "the measure" could take Ghana's act
    events = code(
        "The/DET/det/1 measure/NOUN/nsubj/2 passed/VERB/ROOT/2/pass with/ADP/prep/2 "
        "abstentions/NOUN/pobj/3/abstention from/ADP/prep/4 Egypt/PROPN/pobj/5 and/CCONJ/cc/6 "
        "Kenya/PROPN/conj/6 ./PUNCT/punct/2",
        {4: "vote_abstain"},
        {4: {"The measure": (0.8, 0.0), "Egypt": (0.9, 0.0), "Kenya": (0.9, 0.0)}},
        memory=memory,
    )
    assert dyads(events) == {("EGY", "VEN", 1, False), ("KEN", "VEN", 1, False)}


def test_votes_a_text_demanding_a_withdrawal_is_about_the_state_it_upholds() -> None:
    # guide §6: the upheld state is the target; a vote for the text is cooperation with it
    events = code(
        "Ghana/PROPN/nsubj/1 voted/VERB/ROOT/1/vote for/ADP/prep/1 a/DET/det/4 "
        "draft/NOUN/pobj/2 demanding/VERB/acl/4/demand Serbia/PROPN/poss/8 's/PART/case/6 "
        "withdrawal/NOUN/dobj/5 from/ADP/prep/8 Kosovo/PROPN/pobj/9 ./PUNCT/punct/1",
        {1: "vote_for"},
        {1: {"Ghana": (0.9, 0.0), "Serbia": (0.0, 0.9)}},
    )
    assert dyads(events) == {("GHA", "XKX", 1, False)}


# "The OAS demanded that Serbia withdraw from Kosovo .": spec, triggers, role scores
OAS_DEMAND = (
    "The/DET/det/1 OAS/PROPN/nsubj/2 demanded/VERB/ROOT/2/demand that/SCONJ/mark/5 "
    "Serbia/PROPN/nsubj/5 withdraw/VERB/ccomp/2/withdraw from/ADP/prep/5 "
    "Kosovo/PROPN/pobj/6 ./PUNCT/punct/2",
    {2: "call_for"},
    {2: {"OAS": (0.9, 0.0), "Serbia": (0.0, 0.9)}},
)


def _cuba_votes_against(memory: Discourse) -> list[Coded]:
    """ "Cuba voted against.", on the text the memory holds."""
    return code(
        "Cuba/PROPN/nsubj/1 voted/VERB/ROOT/1/vote against/ADP/prep/1 ./PUNCT/punct/1",
        {1: "vote_against"},
        {1: {"Cuba": (0.9, 0.0)}},
        memory=memory,
    )


def test_votes_a_body_s_demand_is_the_text_a_later_vote_is_on() -> None:
    memory = Discourse(table())
    first = code(*OAS_DEMAND, memory=memory)
    assert {(e.source, e.target) for e in first} == {("OAS", "SRB")}
    assert memory.last_resolution == ("XKX", False)
    events = _cuba_votes_against(memory)
    assert dyads(events) == {("CUB", "XKX", 3, False)}  # against the upheld state: conflict


def test_votes_a_body_s_act_too_unsure_to_code_still_tells_what_it_adopted() -> None:
    from geostance.nlp.assemble import Thresholds
    from test_nlp_assemble import _Rejects

    memory = Discourse(table())
    first = code(
        *OAS_DEMAND,
        Thresholds(event=0.5, event_negated=0.5),
        memory=memory,
        event_filter=_Rejects(),  # the filter drops the demand as an event of its own
    )
    assert first == []
    assert memory.last_resolution == ("XKX", False)  # the text it adopted is remembered


def test_votes_a_body_s_request_to_another_body_is_not_what_its_text_is_about() -> None:
    # "The OAS demanded that Serbia withdraw from Kosovo. The OAS asked the UNSC to act. Cuba
    # voted against.": the text is still about Kosovo, not the Security Council
    memory = Discourse(table())
    code(*OAS_DEMAND, memory=memory)
    asked = code(
        "The/DET/det/1 OAS/PROPN/nsubj/2 asked/VERB/ROOT/2/ask the/DET/det/4 UNSC/PROPN/dobj/2 "
        "to/PART/aux/6 act/VERB/xcomp/2/act ./PUNCT/punct/2",
        {2: "call_for"},
        {2: {"OAS": (0.9, 0.0), "UNSC": (0.0, 0.9)}},
        memory=memory,
    )
    assert {(e.source, e.target) for e in asked} == {("OAS", "UNSC")}
    assert memory.last_resolution == ("XKX", False)
    events = _cuba_votes_against(memory)
    assert dyads(events) == {("CUB", "XKX", 3, False)}


def test_votes_voters_beside_the_voter_vote_the_same_way() -> None:
    alongside = code(
        "Peru/PROPN/nsubj/1 voted/VERB/ROOT/1/vote against/ADP/prep/1 it/PRON/pobj/2 "
        "alongside/ADP/prep/1 Chile/PROPN/pobj/4 ./PUNCT/punct/1",
        {1: "vote_against"},
        {1: {"Peru": (0.9, 0.0)}},
        memory=_memory_of_a_text_against(),
    )
    assert dyads(alongside) == {("PER", "VEN", 1, False), ("CHL", "VEN", 1, False)}
    joined = code(
        "Ghana/PROPN/nsubj/1 joined/VERB/ROOT/1/join Belarus/PROPN/dobj/1 in/ADP/prep/1 "
        "voting/VERB/pcomp/3/vote no/INTJ/dobj/4 ./PUNCT/punct/1",
        {4: "vote_against"},
        {4: {"Ghana": (0.9, 0.0), "Belarus": (0.0, 0.8)}},  # Belarus mistaken for the target
        memory=_memory_of_a_text_against(),
    )
    assert dyads(joined) == {("GHA", "VEN", 1, False), ("BLR", "VEN", 1, False)}


def test_votes_words_that_state_a_vote_by_their_form() -> None:
    def label(spec: str, i: int) -> str | None:
        return ruled_vote_label(parsed(spec)[i])

    peru, mali = (
        "Peru/PROPN/nsubj/1 voted/VERB/ROOT/1/vote",
        "Mali/PROPN/nsubj/1 opposed/VERB/ROOT/1",
    )
    assert label(f"{peru} against/ADP/prep/1", 1) == "vote_against"
    assert label(f"{peru} in/ADP/prep/1 favour/NOUN/pobj/2", 1) == "vote_for"
    assert label(f"{peru} no/INTJ/dobj/1", 1) == "vote_against"
    assert label(f"{peru} on/ADP/prep/1 it/PRON/pobj/2", 1) is None  # which way is not said
    assert label("Peru/PROPN/nsubj/1 abstained/VERB/ROOT/1/abstain", 1) == "vote_abstain"
    assert label("Peru/PROPN/nsubj/1 abstained/VERB/ROOT/1/abstain from/ADP/prep/1", 1) is None
    assert label("Russia/PROPN/poss/1 veto/NOUN/ROOT/1/veto", 1) == "veto"
    assert label("the/DET/det/1 veto/NOUN/ROOT/1/veto", 1) is None  # the institution
    assert label(f"{mali}/oppose the/DET/det/3 text/NOUN/dobj/1", 1) == "vote_against"
    assert label(f"{mali}/oppose the/DET/det/3 plan/NOUN/dobj/1", 1) is None
    cast = "Chile/PROPN/nsubj/1 cast/VERB/ROOT/1/cast a/DET/det/3 ballot/NOUN/dobj/1/ballot"
    assert label(f"{cast} against/ADV/advmod/1", 1) == "vote_against"
    assert label(f"{cast} in/ADP/prep/1 favour/NOUN/pobj/4", 1) == "vote_for"
    assert label(f"{cast} ./PUNCT/punct/1", 1) is None  # which way is not said
    # "a text opposed by Russia"; and hung on the actor the text condemns: "a text
    # condemning Iran, opposed by Russia"
    text = "a/DET/det/1 text/NOUN/ROOT/1"
    assert label(f"{text} opposed/VERB/acl/1/oppose by/ADP/agent/2 Russia/PROPN/pobj/3", 2) == (
        "vote_against"
    )
    assert label(
        f"{text} condemning/VERB/acl/1/condemn Iran/PROPN/dobj/2 ,/PUNCT/punct/3 "
        "backed/VERB/acl/3/back by/ADP/agent/5 Peru/PROPN/pobj/6",
        5,
    ) == ("vote_for")
    assert label(f"{text} opposed/VERB/acl/1/oppose ./PUNCT/punct/1", 2) is None  # no voter


def test_acts_named_as_things_take_an_act_coded_before_them_in_the_same_sentence() -> None:
    events = code(
        "When/SCONJ/advmod/2 Hamas/PROPN/nsubj/2 attacked/VERB/advcl/6/attack "
        "Israel/PROPN/dobj/2 ,/PUNCT/punct/6 Bahrain/PROPN/nsubj/6 "
        "condemned/VERB/ROOT/6/condemn the/DET/det/8 assault/NOUN/dobj/6 ./PUNCT/punct/6",
        {2: "attack/use_force", 6: "condemn"},
        {
            2: {"Hamas": (0.9, 0.0), "Israel": (0.0, 0.9)},
            6: {"Bahrain": (0.9, 0.0), "the assault": (0.0, 0.8)},
        },
    )
    assert {(e.label, e.source, e.target) for e in events} == {
        ("attack/use_force", "HAMAS", "ISR"),
        ("condemn", "BHR", "HAMAS"),
    }


def test_votes_the_text_of_a_vote_is_not_a_fellow_voter() -> None:
    # "Peru voted with Chile against a draft condemning Serbia": the text is the draft
    events = code(
        "Peru/PROPN/nsubj/1 voted/VERB/ROOT/1/vote with/ADP/prep/1 Chile/PROPN/pobj/2 "
        "against/ADP/prep/1 a/DET/det/6 draft/NOUN/pobj/4 condemning/VERB/acl/6/condemn "
        "Serbia/PROPN/dobj/7 ./PUNCT/punct/1",
        {1: "vote_against"},
        {1: {"Peru": (0.9, 0.0), "Chile": (0.0, 0.6)}},
    )
    assert dyads(events) == {("PER", "SRB", 1, False), ("CHL", "SRB", 1, False)}


def test_votes_a_text_is_described_by_the_clause_it_is_the_subject_of() -> None:
    """ "The text condemns Venezuela": what a text says can be its own clause; "drafted by
    Peru" names a sponsor, not what the text is about."""
    memory = Discourse(table())
    code(
        "The/DET/det/1 text/NOUN/nsubj/2 condemns/VERB/ROOT/2/condemn Venezuela/PROPN/dobj/2 "
        "./PUNCT/punct/2",
        {},
        {},
        memory=memory,
    )
    assert memory.last_resolution == ("VEN", True)
    memory = Discourse(table())
    code(
        "The/DET/det/1 text/NOUN/nsubj/6 ,/PUNCT/punct/1 drafted/VERB/acl/1/draft "
        "by/ADP/agent/3 Peru/PROPN/pobj/4 condemns/VERB/ROOT/6/condemn "
        "Venezuela/PROPN/dobj/6 ./PUNCT/punct/6",
        {},
        {},
        memory=memory,
    )
    assert memory.last_resolution == ("VEN", True)
    memory = Discourse(table())
    code(
        "The/DET/det/2 sanctions/NOUN/compound/2/sanction resolution/NOUN/nsubj/5 on/ADP/prep/2 "
        "Venezuela/PROPN/pobj/3 passed/VERB/ROOT/5/pass ./PUNCT/punct/5",
        {},
        {},
        memory=memory,
    )
    assert memory.last_resolution == ("VEN", True)  # its own words say what it does


def test_votes_the_backing_a_text_won_names_its_voters_not_what_it_is_about() -> None:
    # "The text condemns Venezuela. The text won the backing of Chile.": still about Venezuela
    memory = Discourse(table())
    for spec in (
        "The/DET/det/1 text/NOUN/nsubj/2 condemns/VERB/ROOT/2/condemn Venezuela/PROPN/dobj/2 "
        "./PUNCT/punct/2",
        "The/DET/det/1 text/NOUN/nsubj/2 won/VERB/ROOT/2/win the/DET/det/4 "
        "backing/NOUN/dobj/2/backing of/ADP/prep/4 Chile/PROPN/pobj/5 ./PUNCT/punct/2",
    ):
        code(spec, {}, {}, memory=memory)
    assert memory.last_resolution == ("VEN", True)


def test_votes_measures_against_a_state_make_the_text_one_against_it() -> None:
    """ "a draft tightening measures against Venezuela": a vote for it is conflict (guide §6),
    while "voted against" itself says only which way the vote went."""
    events = code(
        "Peru/PROPN/nsubj/1 voted/VERB/ROOT/1/vote for/ADP/prep/1 a/DET/det/4 "
        "draft/NOUN/pobj/2 tightening/VERB/acl/4/tighten measures/NOUN/dobj/5/measure "
        "against/ADP/prep/6 Venezuela/PROPN/pobj/7 ./PUNCT/punct/1",
        {1: "vote_for"},
        {1: {"Peru": (0.9, 0.0), "Venezuela": (0.0, 0.9)}},
    )
    assert dyads(events) == {("PER", "VEN", 3, False)}
    events = code(
        "Peru/PROPN/nsubj/1 voted/VERB/ROOT/1/vote against/ADP/prep/1 a/DET/det/4 "
        "draft/NOUN/pobj/2 supporting/VERB/acl/4/support Venezuela/PROPN/dobj/5 "
        "./PUNCT/punct/1",
        {1: "vote_against"},
        {1: {"Peru": (0.9, 0.0), "Venezuela": (0.0, 0.9)}},
    )
    assert dyads(events) == {("PER", "VEN", 3, False)}  # against a text for it: conflict


def _remembered(spec: str) -> tuple[str, bool] | None:
    memory = Discourse(table())
    code(spec, {}, {}, memory=memory)
    return memory.last_resolution


def test_votes_a_text_that_makes_a_demand_of_its_actor_is_against_it() -> None:
    """ "a text calling on Chile to return the ship" demands something of Chile (guide §6); a
    demand of others ("calling on all states not to recognise Chile's claim") does not."""
    demand = (
        "The/DET/det/1 OAS/PROPN/nsubj/2 adopted/VERB/ROOT/2/adopt a/DET/det/4 "
        "text/NOUN/dobj/2 calling/VERB/acl/4/call on/ADP/prep/5 Chile/PROPN/pobj/6 "
        "to/PART/aux/9 return/VERB/xcomp/5/return the/DET/det/11 ship/NOUN/dobj/9 "
        "./PUNCT/punct/2"
    )
    assert _remembered(demand) == ("CHL", True)
    # "… calling on all states to respect Chile's claim": a demand of others
    others = (
        "The/DET/det/1 OAS/PROPN/nsubj/2 adopted/VERB/ROOT/2/adopt a/DET/det/4 "
        "text/NOUN/dobj/2 calling/VERB/acl/4/call on/ADP/prep/5 all/DET/det/8 "
        "states/NOUN/pobj/6/state to/PART/aux/10 respect/VERB/xcomp/5/respect "
        "Chile/PROPN/poss/13 's/PART/case/11 claim/NOUN/dobj/10 ./PUNCT/punct/2"
    )
    assert _remembered(others) == ("CHL", False)


def test_votes_words_of_accountability_or_illegitimacy_make_a_text_one_against_its_actor() -> None:
    """ "a resolution on accountability in Sri Lanka" and "a text declaring Maduro's term
    illegitimate" are against the state they name."""
    spec = (
        "The/DET/det/1 council/NOUN/nsubj/2 passed/VERB/ROOT/2/pass a/DET/det/4 "
        "resolution/NOUN/dobj/2 on/ADP/prep/4 {noun}/NOUN/pobj/5/{noun} in/ADP/prep/6 "
        "Peru/PROPN/pobj/7 ./PUNCT/punct/2"
    )
    assert _remembered(spec.format(noun="accountability")) == ("PER", True)
    assert _remembered(spec.format(noun="cooperation")) == ("PER", False)


def test_votes_a_text_against_force_or_threats_against_a_state_upholds_it() -> None:
    """ "a draft that voiced concern over threats to use force against Venezuela" is for
    Venezuela: a vote against it is conflict with Venezuela, not cooperation."""
    spec = (
        "Peru/PROPN/nsubj/1 voted/VERB/ROOT/1/vote against/ADP/prep/1 a/DET/det/4 "
        "draft/NOUN/pobj/2 opposing/VERB/acl/4/oppose {noun}/NOUN/dobj/5/{lemma} "
        "{prep}/ADP/prep/6 Venezuela/PROPN/pobj/7 ./PUNCT/punct/1"
    )
    roles = {1: {"Peru": (0.9, 0.0), "Venezuela": (0.0, 0.9)}}
    events = code(
        spec.format(noun="force", lemma="force", prep="against"), {1: "vote_against"}, roles
    )
    assert dyads(events) == {("PER", "VEN", 3, False)}
    # "the threat from Venezuela": the text is against it, a vote against the text is not
    events = code(
        spec.format(noun="threat", lemma="threat", prep="from"), {1: "vote_against"}, roles
    )
    assert dyads(events) == {("PER", "VEN", 1, False)}


def test_votes_a_vote_after_a_bodys_act_in_its_own_sentence_is_on_that_text() -> None:
    """ "When the OAS condemned Chile, Peru abstained": the vote is on what the OAS adopted in
    the same sentence; the memory held only earlier sentences' texts."""
    events = code(
        "When/SCONJ/advmod/3 the/DET/det/2 OAS/PROPN/nsubj/3 condemned/VERB/advcl/7/condemn "
        "Chile/PROPN/dobj/3 ,/PUNCT/punct/7 Peru/PROPN/nsubj/7 abstained/VERB/ROOT/7/abstain "
        "./PUNCT/punct/7",
        {3: "condemn", 7: "vote_abstain"},
        {3: {"OAS": (0.9, 0.0), "Chile": (0.0, 0.9)}, 7: {"Peru": (0.9, 0.0)}},
    )
    assert {(e.label, e.source, e.target) for e in events} == {
        ("condemn", "OAS", "CHL"),
        ("vote_abstain", "PER", "CHL"),
    }


def test_votes_a_text_demanding_the_withdrawal_of_a_states_forces_is_against_it() -> None:
    """ "the withdrawal of Israeli forces" asks Israel to withdraw; "withdrawal from Kosovo"
    upholds Kosovo (the two readings of "withdrawal" before this rule were the same)."""
    spec = (
        "The/DET/det/1 OAS/PROPN/nsubj/2 adopted/VERB/ROOT/2/adopt a/DET/det/4 "
        "text/NOUN/dobj/2 demanding/VERB/acl/4/demand the/DET/det/7 "
        "withdrawal/NOUN/dobj/5/withdrawal {prep}/ADP/prep/7 {obj} ./PUNCT/punct/2"
    )
    forces = "Chilean/ADJ/amod/10 forces/NOUN/pobj/8/force"
    assert _remembered(spec.format(prep="of", obj=forces)) == ("CHL", True)
    assert _remembered(spec.format(prep="from", obj="Peru/PROPN/pobj/8")) == ("PER", False)
