"""Acts a word's arguments decide: the verdict of a labelling verb says whether its act backs
or criticises (``nlp/verdicts.py``), and hosting troops is security cooperation
(``acts.hosts_forces``): hand-built parses, then the real model end to end."""

from __future__ import annotations

import pytest

from doc_helpers import parsed
from geostance.nlp.verdicts import verdict, verdict_label

# "Manama called the deal a historic step ."
CALLED_HISTORIC = (
    "Manama/PROPN/nsubj/1 called/VERB/ROOT/1/call the/DET/det/3 deal/NOUN/dobj/1 "
    "a/DET/det/6 historic/ADJ/amod/6 step/NOUN/oprd/1 ./PUNCT/punct/1"
)
# "Moscow described the vote as a sham ."
DESCRIBED_SHAM = (
    "Moscow/PROPN/nsubj/1 described/VERB/ROOT/1/describe the/DET/det/3 vote/NOUN/dobj/1 "
    "as/ADP/prep/1 a/DET/det/6 sham/NOUN/pobj/4 ./PUNCT/punct/1"
)


def test_an_approving_verdict_turns_a_criticism_into_support() -> None:
    doc = parsed(CALLED_HISTORIC)
    assert verdict_label(doc[1], "oppose/criticize") == "support"
    assert verdict_label(doc[1], "condemn") == "support"
    assert verdict_label(doc[1], "support") == "support"


def test_a_hostile_verdict_turns_support_or_a_statement_into_criticism() -> None:
    doc = parsed(DESCRIBED_SHAM)
    assert verdict_label(doc[1], "support") == "oppose/criticize"
    assert verdict_label(doc[1], "statement_neutral") == "oppose/criticize"
    assert verdict_label(doc[1], "accuse/blame") == "accuse/blame"  # already a criticism


def test_the_verdict_alone_says_which_side() -> None:
    assert verdict(parsed(CALLED_HISTORIC)[1]) == "support"
    assert verdict(parsed(DESCRIBED_SHAM)[1]) == "oppose/criticize"
    assert verdict(parsed(CALLED_HISTORIC)[3]) is None  # "deal" is no labelling verb


@pytest.mark.parametrize(
    ("subject", "neg", "predicate", "expected"),
    [
        (
            "the/DET/det/4 annexation/NOUN/nsubj/5",
            "",
            "a/DET/det/7 violation/NOUN/attr/5",
            "oppose/criticize",
        ),
        (
            "it/PRON/nsubj/5 really/ADV/advmod/5",
            "",
            "an/DET/det/7 achievement/NOUN/attr/5",
            "support",
        ),
        ("the/DET/det/4 annexation/NOUN/nsubj/5", "not/PART/neg/5", "illegal/ADJ/acomp/5", None),
        ("the/DET/det/4 weather/NOUN/nsubj/5", "", "a/DET/det/7 mistake/NOUN/attr/5", None),
    ],
)
def test_a_reported_clause_that_calls_a_move_something_is_a_verdict(
    subject: str, neg: str, predicate: str, expected: str | None
) -> None:
    # "Germany said that the annexation was a violation": the predicate passes the verdict
    spec = (
        f"Germany/PROPN/nsubj/1 said/VERB/ROOT/1/say that/SCONJ/mark/5 {subject} "
        f"was/AUX/ccomp/1/be {neg} {predicate} ./PUNCT/punct/1"
    )
    doc = parsed(" ".join(spec.split()))
    word = next(t for t in doc if t.dep_ in ("attr", "acomp"))
    assert verdict(word) == expected


def test_other_acts_and_other_verbs_keep_the_models_label() -> None:
    doc = parsed(CALLED_HISTORIC)
    assert verdict_label(doc[1], "meet/host") == "meet/host"  # not a stance the verdict decides
    assert verdict_label(doc[3], "oppose/criticize") == "oppose/criticize"  # "deal": no verb
    hailed = parsed(CALLED_HISTORIC.replace("called/VERB/ROOT/1/call", "hailed/VERB/ROOT/1/hail"))
    assert verdict_label(hailed[1], "oppose/criticize") == "oppose/criticize"


@pytest.mark.parametrize(
    "spec",
    [
        # "Egypt called for a ceasefire" (a call, not a verdict, even with a good word after)
        "Egypt/PROPN/nsubj/1 called/VERB/ROOT/1/call for/ADP/prep/1 a/DET/det/5 "
        "historic/ADJ/amod/5 truce/NOUN/pobj/2",
        # "Paris did not call the deal historic" (negated verb)
        "Paris/PROPN/nsubj/3 did/AUX/aux/3/do not/PART/neg/3 call/VERB/ROOT/3/call "
        "the/DET/det/5 deal/NOUN/dobj/3 historic/ADJ/oprd/3",
        # "Rome called the deal a historic mistake" (mixed verdict)
        "Rome/PROPN/nsubj/1 called/VERB/ROOT/1/call the/DET/det/3 deal/NOUN/dobj/1 "
        "a/DET/det/6 historic/ADJ/amod/6 mistake/NOUN/oprd/1",
        # "Oslo called the vote neither fair nor free" (negated verdict)
        "Oslo/PROPN/nsubj/1 called/VERB/ROOT/1/call the/DET/det/3 vote/NOUN/dobj/1 "
        "neither/CCONJ/preconj/5 fair/ADJ/oprd/1 nor/CCONJ/cc/5 free/ADJ/conj/5",
        # "Lima called the talks a step" (no evaluative word)
        "Lima/PROPN/nsubj/1 called/VERB/ROOT/1/call the/DET/det/3 talks/NOUN/dobj/1 "
        "a/DET/det/5 step/NOUN/oprd/1",
    ],
)
def test_calls_negations_and_mixed_or_empty_verdicts_decide_nothing(spec: str) -> None:
    doc = parsed(spec)
    verb = next(t for t in doc if t.lemma_ == "call")
    assert verdict_label(verb, "oppose/criticize") == "oppose/criticize"
    assert verdict_label(verb, "support") == "support"
    assert verdict(verb) is None


def test_the_coder_reads_the_verdict(nlp) -> None:  # type: ignore[no-untyped-def]
    """The shipped trigger model alone codes these "called" as criticism (its probability of
    an act stays); the verdict makes them support."""
    for text in (
        "Bahrain called the agreement a historic step for the region.",
        "Seoul called the summit a success.",
    ):
        doc = nlp(text)
        acts = {doc[i].text: label for i, label, _ in doc._.geostance_triggers}
        assert acts["called"] == "support", (text, acts)
    doc = nlp("Qatar described the summit as a farce.")
    acts = {doc[i].text: label for i, label, _ in doc._.geostance_triggers}
    assert acts["described"] == "oppose/criticize"


def test_a_verdict_makes_an_act_the_model_misses(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "what it called an illegitimate regime": the model's probability of an act on
    "called" is under its cut-off; the hostile verdict makes it one, with that probability."""
    doc = nlp("Ankara denounced what it called an illegitimate regime in Damascus.")
    found = {doc[i].text: (label, p) for i, label, p in doc._.geostance_triggers}
    label, p = found["called"]
    assert label == "oppose/criticize"
    assert p < nlp.get_pipe("geostance_triggers").cfg["threshold"]
    doc = nlp("Ankara denounced what it called a regime in Damascus.")  # no verdict word
    assert "called" not in {doc[i].text for i, _, _ in doc._.geostance_triggers}


def test_a_reported_verdict_is_an_act_unless_its_reporting_verb_is_one(nlp) -> None:  # type: ignore[no-untyped-def]
    """ "said the annexation was a violation": the predicate is the act; "argued that the
    occupation was unlawful", where the model already takes "argued" for the act, adds none."""
    doc = nlp("Germany said the annexation was a violation of international law.")
    found = {doc[i].text: label for i, label, _ in doc._.geostance_triggers}
    assert found.get("violation") == "oppose/criticize", found
    doc = nlp("Germany said the annexation was a matter of international law.")
    assert "matter" not in {doc[i].text for i, _, _ in doc._.geostance_triggers}
    doc = nlp("Indonesia argued before the court that the occupation was unlawful.")
    found = {doc[i].text: label for i, label, _ in doc._.geostance_triggers}
    assert "argued" in found and "unlawful" not in found, found


def test_hosting_troops_ships_or_drills_is_security_cooperation() -> None:
    """``acts.hosts_forces``: "Senegal hosted French troops" is no meeting; "hosted the
    summit" and "hosted Macron" are."""
    from geostance.nlp.acts import hosts_forces

    def hosted(obj: str, lemma: str) -> bool:
        doc = parsed(
            f"Senegal/PROPN/nsubj/1 hosted/VERB/ROOT/1/host French/ADJ/amod/3 "
            f"{obj}/NOUN/dobj/1/{lemma} ./PUNCT/punct/1"
        )
        return hosts_forces(doc[1])

    assert hosted("troops", "troop") and hosted("warships", "warship")
    assert hosted("exercises", "exercise")
    assert not hosted("summit", "summit") and not hosted("delegation", "delegation")
    visit = parsed("Senegal/PROPN/nsubj/1 visited/VERB/ROOT/1/visit troops/NOUN/dobj/1/troop")
    assert not hosts_forces(visit[1])  # only "host"


def test_the_trigger_model_codes_hosted_troops_as_security_cooperation(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Senegal has hosted French troops since independence.")
    acts = {doc[i].text: label for i, label, _ in doc._.geostance_triggers}
    assert acts["hosted"] == "security_coop"
    doc = nlp("Senegal hosted the summit of West African leaders.")
    acts = {doc[i].text: label for i, label, _ in doc._.geostance_triggers}
    assert acts.get("hosted") != "security_coop"


def test_a_word_of_approval_read_as_criticism_is_support() -> None:
    """``acts.approval_label``: "China appreciated Nauru's decision" and "expressed its
    satisfaction" are support whatever conflict act the model read; other labels and other
    words are left as they are."""
    from geostance.nlp.acts import approval_label

    doc = parsed(
        "China/PROPN/nsubj/1 appreciated/VERB/ROOT/1/appreciate Nauru/PROPN/poss/4 "
        "'s/PART/case/2 decision/NOUN/dobj/1/decision ./PUNCT/punct/1"
    )
    assert approval_label(doc[1], "oppose/criticize") == "support"
    assert approval_label(doc[1], "meet/host") == "meet/host"
    assert approval_label(doc[4], "oppose/criticize") == "oppose/criticize"


def test_a_backer_or_partner_named_by_what_it_gives_is_the_material_act() -> None:
    """``acts.tie_label``: "Lebanon's biggest financial backer" gives aid and "a close economic
    partner" trade (guide §6: material cooperation); a plain backer is left to the model."""
    from geostance.nlp.acts import tie_label

    backer = parsed(
        "Lebanon/PROPN/poss/4 's/PART/case/0 biggest/ADJ/amod/4/big "
        "financial/ADJ/amod/4/financial backer/NOUN/ROOT/4/backer ./PUNCT/punct/4"
    )
    assert tie_label(backer[4]) == "aid/give"
    partner = parsed(
        "a/DET/det/3 close/ADJ/amod/3/close economic/ADJ/amod/3/economic "
        "partner/NOUN/ROOT/3/partner ./PUNCT/punct/3"
    )
    assert tie_label(partner[3]) == "trade/economic_coop"
    plain = parsed("its/PRON/poss/2 main/ADJ/amod/2/main backer/NOUN/ROOT/2/backer ./PUNCT/punct/2")
    assert tie_label(plain[2]) is None


def test_an_offer_of_guards_troops_or_help_is_the_material_act() -> None:
    """``acts.material_label``: "offered to lend border guards" is a security act and
    "offered no military help" an act of aid (guide §6 codes a pledge as the aid), not an offer
    to negotiate; "offered talks" stays the model's."""
    from geostance.nlp.acts import material_label

    lend = parsed(
        "Estonia/PROPN/nsubj/1 offered/VERB/ROOT/1/offer to/PART/aux/3 lend/VERB/xcomp/1/lend "
        "border/NOUN/compound/5 guards/NOUN/dobj/3/guard ./PUNCT/punct/1"
    )
    assert material_label(lend[1]) == "military_aid"
    help_ = parsed(
        "Moscow/PROPN/nsubj/1 offered/VERB/ROOT/1/offer no/DET/det/4 "
        "military/ADJ/amod/4/military help/NOUN/dobj/1/help ./PUNCT/punct/1"
    )
    assert material_label(help_[1]) == "aid/give"
    talks = parsed(
        "Moscow/PROPN/nsubj/1 offered/VERB/ROOT/1/offer talks/NOUN/dobj/1/talk ./PUNCT/punct/1"
    )
    assert material_label(talks[1]) is None


def test_a_gift_of_weapons_or_aid_is_material_whatever_the_verb() -> None:
    """``acts.material_label``: "handed the navy an aircraft" is military aid and "agreed to
    extend a loan" aid, not a meeting or a negotiation; signing a pact stays a negotiation
    (guide §6), and a word that gives nothing is left to the model."""
    from geostance.nlp.acts import material_label

    handed = parsed(
        "India/PROPN/nsubj/1 handed/VERB/ROOT/1/hand the/DET/det/4 Sri/PROPN/compound/4 "
        "navy/NOUN/dative/1 a/DET/det/7 surveillance/NOUN/compound/7 "
        "aircraft/NOUN/dobj/1/aircraft ./PUNCT/punct/1"
    )
    assert material_label(handed[1]) == "military_aid"
    loan = parsed(
        "The/DET/det/1 G7/PROPN/nsubj/2 agreed/VERB/ROOT/2/agree to/PART/aux/4 "
        "extend/VERB/xcomp/2/extend a/DET/det/6 loan/NOUN/dobj/4/loan to/ADP/prep/4 "
        "Ukraine/PROPN/pobj/7 ./PUNCT/punct/2"
    )
    assert material_label(loan[2]) == "aid/give"
    pact = parsed(
        "Egypt/PROPN/nsubj/1 signed/VERB/ROOT/1/sign a/DET/det/4 defence/NOUN/compound/4 "
        "pact/NOUN/dobj/1/pact ./PUNCT/punct/1"
    )
    assert material_label(pact[1]) is None
    met = parsed(
        "India/PROPN/nsubj/1 met/VERB/ROOT/1/meet the/DET/det/3 "
        "delegation/NOUN/dobj/1/delegation ./PUNCT/punct/1"
    )
    assert material_label(met[1]) is None  # not a giving word
    talks = parsed(
        "India/PROPN/nsubj/1 offered/VERB/ROOT/1/offer talks/NOUN/dobj/1/talk ./PUNCT/punct/1"
    )
    assert material_label(talks[1]) is None  # gives nothing material


def test_a_message_sent_is_a_contact_not_a_gift() -> None:
    """``acts.message_label``: "sent Chile a letter" is a contact (guide §6: `meet/host`), not
    aid, and "a letter of protest" a protest; a gift of goods is left to the other rules."""
    from geostance.nlp.acts import message_label

    def sent(obj: str) -> str | None:
        return message_label(
            parsed(
                "Peru/PROPN/nsubj/1 sent/VERB/ROOT/1/send Chile/PROPN/dative/1 a/DET/det/4 "
                f"{obj} ./PUNCT/punct/1"
            )[1]
        )

    assert sent("letter/NOUN/dobj/1/letter") == "meet/host"
    assert sent("letter/NOUN/dobj/1/letter of/ADP/prep/4 protest/NOUN/pobj/5") == (
        "oppose/criticize"
    )
    assert sent("tents/NOUN/dobj/1/tent") is None


def test_an_offer_to_do_a_material_act_is_that_act() -> None:
    """``acts.offered_label``: "offered to send peacekeepers", read as a talk, takes the act
    of the verb it offers (guide §6: a pledge is the aid); an offer to talk stays a talk."""
    from geostance.nlp.acts import offered_label

    doc = parsed(
        "Peru/PROPN/nsubj/2 has/AUX/aux/2 offered/VERB/ROOT/2/offer to/PART/aux/4 "
        "send/VERB/xcomp/2/send peacekeepers/NOUN/dobj/4/peacekeeper ./PUNCT/punct/2"
    )
    sent = {2: "mediate/negotiate", 4: "security_coop"}
    assert offered_label(doc[2], "mediate/negotiate", sent) == "security_coop"
    talk = {2: "mediate/negotiate", 4: "meet/host"}
    assert offered_label(doc[2], "mediate/negotiate", talk) == "mediate/negotiate"
    assert offered_label(doc[4], "security_coop", sent) == "security_coop"  # not an offer


def test_verbs_of_news_copy_that_criticise_say_so_by_their_form() -> None:
    """``acts.criticises``: "slammed Manila's decision", "rebuked Sweden over …" criticise
    (guide §6: "blasts" is a cue of `oppose/criticize`); "slammed" with nothing it names is
    left to the model, as is any other verb."""
    from geostance.nlp.acts import criticises

    def said(spec: str) -> bool:
        return criticises(parsed(spec)[1])

    assert said("China/PROPN/nsubj/1 slammed/VERB/ROOT/1/slam Manila/PROPN/dobj/1 ./PUNCT/punct/1")
    assert said(
        "Turkey/PROPN/nsubj/1 rebuked/VERB/ROOT/1/rebuke Sweden/PROPN/dobj/1 "
        "over/ADP/prep/1 burnings/NOUN/pobj/3/burning ./PUNCT/punct/1"
    )
    assert not said("Doors/NOUN/nsubj/1 slammed/VERB/ROOT/1/slam ./PUNCT/punct/1")
    assert not said("China/PROPN/nsubj/1 met/VERB/ROOT/1/meet Manila/PROPN/dobj/1 ./PUNCT/punct/1")


def test_weapons_sent_at_someone_are_an_attack() -> None:
    """``acts.fired_at``: "sending drones toward Israel" and "fired dozens of missiles at
    Kyiv" are attacks; "sent missiles to Ukraine" is a delivery."""
    from geostance.nlp.acts import fired_at

    toward = parsed(
        "Iran/PROPN/nsubj/1 sent/VERB/ROOT/1/send drones/NOUN/dobj/1/drone "
        "toward/ADP/prep/2 Israel/PROPN/pobj/3 ./PUNCT/punct/1"
    )
    assert fired_at(toward[1])
    at = parsed(
        "Russia/PROPN/nsubj/1 fired/VERB/ROOT/1/fire dozens/NOUN/dobj/1/dozen of/ADP/prep/2 "
        "missiles/NOUN/pobj/3/missile at/ADP/prep/1 Kyiv/PROPN/pobj/5 ./PUNCT/punct/1"
    )
    assert fired_at(at[1])
    to = parsed(
        "Germany/PROPN/nsubj/1 sent/VERB/ROOT/1/send missiles/NOUN/dobj/1/missile "
        "to/ADP/prep/1 Ukraine/PROPN/pobj/3 ./PUNCT/punct/1"
    )
    assert not fired_at(to[1])
    aid = parsed(
        "Egypt/PROPN/nsubj/1 sent/VERB/ROOT/1/send food/NOUN/dobj/1 into/ADP/prep/1 "
        "Gaza/PROPN/pobj/3 ./PUNCT/punct/1"
    )
    assert not fired_at(aid[1])  # not a weapon


def test_a_diplomatic_sanction_is_stated_by_its_form() -> None:
    """``acts.states_sanction`` (guide §6, "Sanctions"): recalling, expelling or ordering out
    envoys, declaring one persona non grata, cutting or downgrading ties, freezing assets; it
    returns the words the sanction acts on, which carry no act of their own."""
    from geostance.nlp.acts import states_sanction

    def acted_on(spec: str, i: int, ents: tuple[tuple[int, int, str], ...] = ()) -> list[str]:
        doc = parsed(spec, ents)
        return [doc[j].text for j in states_sanction(doc[i])]

    israel = "Israel/PROPN/nsubj/1"
    assert acted_on(
        f"{israel} recalled/VERB/ROOT/1/recall its/PRON/poss/3 ambassador/NOUN/dobj/1", 1
    ) == ["ambassador"]
    assert (
        acted_on(f"{israel} recalled/VERB/ROOT/1/recall its/PRON/poss/3 past/NOUN/dobj/1", 1) == []
    )
    assert acted_on(
        f"{israel} cut/VERB/ROOT/1/cut diplomatic/ADJ/amod/3 ties/NOUN/dobj/1/tie", 1
    ) == ["ties"]
    assert acted_on(
        f"{israel} ordered/VERB/ROOT/1/order the/DET/det/3 envoys/NOUN/dobj/1/envoy "
        "to/PART/aux/5 leave/VERB/xcomp/1/leave",
        1,
    ) == ["envoys"]
    # told the envoy *that* someone would leave: no order to leave
    assert (
        acted_on(
            f"{israel} told/VERB/ROOT/1/tell the/DET/det/3 envoy/NOUN/dobj/1 that/SCONJ/mark/7 "
            "Paris/PROPN/nsubj/7 would/AUX/aux/7 leave/VERB/ccomp/1/leave",
            1,
        )
        == []
    )
    png = f"{israel} declared/VERB/ROOT/1/declare Lula/PROPN/dobj/1 persona/NOUN/oprd/1"
    assert acted_on(f"{png} non/ADJ/amod/5 grata/ADJ/amod/3", 1) == ["Lula"]
    leaving = (
        "Its/PRON/poss/1 ambassador/NOUN/nsubj/2 left/VERB/ROOT/2/leave Paris/PROPN/dobj/2 "
        "./PUNCT/punct/2"
    )
    assert acted_on(leaving, 2, ((3, 4, "GPE"),)) == ["Paris"]
    assert acted_on(leaving, 2) == []  # left a meeting, not a capital
    assert acted_on(
        "The/DET/det/1 Treasury/PROPN/nsubj/2 froze/VERB/ROOT/2/freeze the/DET/det/4 "
        "assets/NOUN/dobj/2/asset",
        2,
    ) == ["assets"]


def test_the_trigger_model_codes_a_recall_or_a_cut_in_ties_as_a_sanction(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Israel recalled its ambassador from Madrid on Tuesday.")
    acts = {doc[i].text: label for i, label, _ in doc._.geostance_triggers}
    assert acts["recalled"] == "sanction"
    doc = nlp("Bahrain cut diplomatic ties with Qatar in June.")
    acts = {doc[i].text: label for i, label, _ in doc._.geostance_triggers}
    assert acts["cut"] == "sanction" and "ties" not in acts


# "Kenya and Somalia restored diplomatic relations ." / "… restored calm ."
RESTORED_TIES = (
    "Kenya/PROPN/nsubj/3 and/CCONJ/cc/0 Somalia/PROPN/conj/0 restored/VERB/ROOT/3/restore "
    "diplomatic/ADJ/amod/5 relations/NOUN/dobj/3/relation ./PUNCT/punct/3"
)
RESTORED_CALM = (
    "Kenya/PROPN/nsubj/3 and/CCONJ/cc/0 Somalia/PROPN/conj/0 restored/VERB/ROOT/3/restore "
    "calm/NOUN/dobj/3 ./PUNCT/punct/3"
)
# "the restoration of ties"
RESTORATION_OF = "the/DET/det/1 restoration/NOUN/ROOT/1 of/ADP/prep/1 ties/NOUN/pobj/2/tie"


def test_ties_two_states_hold_with_each_other_are_mutual() -> None:
    """``acts.mutual_ties`` (guide §6, "Recognition"): restoring or establishing relations is
    done by both parties, so it needs no target of its own."""
    from geostance.nlp.acts import mutual_ties

    assert mutual_ties(parsed(RESTORED_TIES)[3])
    assert mutual_ties(parsed(RESTORED_TIES)[5])  # the trigger is the ties themselves
    assert mutual_ties(parsed(RESTORATION_OF)[1])
    assert not mutual_ties(parsed(RESTORED_CALM)[3])


def test_two_states_restoring_ties_give_one_recognition_each_way(nlp) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from geostance.nlp.actors import default_gazetteer
    from geostance.nlp.coder import code_text

    def coded(text: str) -> set[tuple[str, str | None, int]]:
        events = code_text(nlp, text, gazetteer=default_gazetteer(), doc_date=dt.date(2024, 5, 1))
        return {(e.source, e.target, e.quad_class) for e in events if e.cameo.startswith("05")}

    assert coded("Kenya and Somalia restored diplomatic relations in 2021.") == {
        ("KEN", "SOM", 1),
        ("SOM", "KEN", 1),
    }
    assert coded("Kenya and Somalia restored calm along the border in 2021.") == set()


def test_a_denial_is_a_statement_that_answers_someone() -> None:
    from geostance.nlp.acts import denies

    doc = parsed("Iran/PROPN/nsubj/1 denied/VERB/ROOT/1/deny the/DET/det/3 charge/NOUN/dobj/1")
    assert denies(doc[1], "statement_neutral")
    assert not denies(doc[1], "accuse/blame")  # only a statement: the other acts have rules
    assert not denies(doc[3], "statement_neutral")


def test_a_denial_answers_whoever_made_the_charge(nlp) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from geostance.nlp.actors import default_gazetteer
    from geostance.nlp.coder import code_text

    def coded(text: str) -> set[tuple[str, str | None]]:
        events = code_text(nlp, text, gazetteer=default_gazetteer(), doc_date=dt.date(2024, 5, 1))
        return {(e.source, e.target) for e in events if e.trigger == "denied"}

    text = "Israel accused Iran of arming the militia on Monday. Iran denied the charge."
    assert coded(text) == {("IRN", "ISR")}
    assert coded("Iran denied the charge.") == {("IRN", None)}  # no one to answer
