"""What a trigger's phrase says about its act (``geostance.nlp.relabels``), sanctions kept
from happening (``modality``), and towns as the targets of force (the gazetteer's ``places``),
on sentences parsed by hand; the last tests run the shipped coder."""

from __future__ import annotations

import datetime as dt

from doc_helpers import mentions_in, parsed, table
from geostance.models import Document
from geostance.nlp.actors import default_gazetteer
from geostance.nlp.acts import NONE
from geostance.nlp.coder import code_documents
from geostance.nlp.discourse import Discourse
from geostance.nlp.modality import frame_of
from geostance.nlp.relabels import said_by_threat, struck_label, threat_verb, ties_label
from geostance.nlp.roles import ruled_roles

DAY = dt.date(2024, 5, 1)


def test_ties_named_by_their_kind_are_that_kind_of_cooperation() -> None:
    """Guide §6: `recognize` covers diplomatic ties; trade ties restored are trade, defence
    ties upgraded security cooperation, a market opened trade; plain ties stay a recognition."""
    trade = parsed(
        "Egypt/PROPN/nsubj/3 and/CCONJ/cc/0 Turkey/PROPN/conj/0 restored/VERB/ROOT/3/restore "
        "trade/NOUN/compound/5 ties/NOUN/dobj/3/tie ./PUNCT/punct/3"
    )
    assert ties_label(trade[3]) == "trade/economic_coop"
    defence = parsed(
        "Vietnam/PROPN/nsubj/1 upgraded/VERB/ROOT/1/upgrade its/PRON/poss/4 "
        "defence/NOUN/compound/4 ties/NOUN/dobj/1/tie ./PUNCT/punct/1"
    )
    assert ties_label(defence[1]) == "security_coop"
    market = parsed(
        "Brazil/PROPN/nsubj/1 opened/VERB/ROOT/1/open its/PRON/poss/3 market/NOUN/dobj/1 "
        "to/ADP/prep/1 Argentina/PROPN/pobj/4 ./PUNCT/punct/1"
    )
    assert ties_label(market[1]) == "trade/economic_coop"
    plain = parsed(
        "Kenya/PROPN/nsubj/1 restored/VERB/ROOT/1/restore diplomatic/ADJ/amod/3 "
        "ties/NOUN/dobj/1/tie ./PUNCT/punct/1"
    )
    assert ties_label(plain[1]) is None


def test_a_deal_struck_is_an_agreement_and_a_tone_struck_no_act() -> None:
    """ "Struck a deal" is `mediate/negotiate` (guide §6), "struck a defiant note" no act;
    a strike on targets, and words the model did not read as force, are left alone."""
    deal = parsed(
        "Israel/PROPN/nsubj/1 struck/VERB/ROOT/1/strike a/DET/det/3 deal/NOUN/dobj/1 "
        "./PUNCT/punct/1"
    )
    assert struck_label(deal[1], "attack/use_force") == "mediate/negotiate"
    assert struck_label(deal[1], "support") is None
    note = parsed(
        "Palau/PROPN/nsubj/1 struck/VERB/ROOT/1/strike a/DET/det/4 defiant/ADJ/amod/4 "
        "note/NOUN/dobj/1 ./PUNCT/punct/1"
    )
    assert struck_label(note[1], "attack/use_force") == NONE
    targets = parsed(
        "Israel/PROPN/nsubj/1 struck/VERB/ROOT/1/strike targets/NOUN/dobj/1/target "
        "in/ADP/prep/1 Lebanon/PROPN/pobj/3 ./PUNCT/punct/1"
    )
    assert struck_label(targets[1], "attack/use_force") is None


THREATENED_TARIFFS = (
    "Trump/PROPN/nsubj/1 threatened/VERB/ROOT/1/threaten 100/NUM/nummod/3 "
    "percent/NOUN/compound/4 tariffs/NOUN/dobj/1/tariff ./PUNCT/punct/1"
)
THREATENED_TO_IMPOSE = (
    "Kenya/PROPN/nsubj/1 threatened/VERB/ROOT/1/threaten to/PART/aux/3 "
    "impose/VERB/xcomp/1 tariffs/NOUN/dobj/3/tariff on/ADP/prep/3 Uganda/PROPN/pobj/5 "
    "./PUNCT/punct/1"
)
THREATENED_WITH = (
    "Chile/PROPN/nsubj/1 threatened/VERB/ROOT/1/threaten Argentina/PROPN/dobj/1 "
    "with/ADP/prep/1 an/DET/det/5 embargo/NOUN/pobj/3 ./PUNCT/punct/1"
)
IMPOSED = (
    "Kenya/PROPN/nsubj/1 imposed/VERB/ROOT/1/impose tariffs/NOUN/dobj/1/tariff "
    "on/ADP/prep/1 Uganda/PROPN/pobj/3 ./PUNCT/punct/1"
)


def test_a_threatened_sanction_is_the_threat() -> None:
    """Guide §6: "Threats are `oppose/criticize` too": the "threaten" up a sanction word's
    phrase (its object, the verb it threatens to do, what it threatens with) is found; a
    sanction imposed has none. A threatened word repeats the threat only when its verb is
    itself coded as one."""
    tariffs = parsed(THREATENED_TARIFFS)
    assert getattr(threat_verb(tariffs[4]), "i", None) == 1
    impose = parsed(THREATENED_TO_IMPOSE)
    assert getattr(threat_verb(impose[4]), "i", None) == 1
    embargo = parsed(THREATENED_WITH)
    assert getattr(threat_verb(embargo[5]), "i", None) == 1
    assert threat_verb(parsed(IMPOSED)[2]) is None
    assert said_by_threat(impose[4], "oppose/criticize", {1: "oppose/criticize"})
    assert not said_by_threat(impose[4], "oppose/criticize", {})
    assert not said_by_threat(impose[4], "sanction", {1: "oppose/criticize"})


def test_the_coder_codes_a_threatened_sanction_once_as_a_stated_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    """The shipped coder: "threatened to impose tariffs" is one threat (CAMEO 13), stated, not
    an intended sanction beside it; "imposed tariffs" stays the sanction."""
    docs = [
        Document(id="t", text="Kenya threatened to impose tariffs on Uganda.", origin="t"),
        Document(id="i", text="Kenya imposed tariffs on Uganda on Monday.", origin="i"),
    ]
    coded = {d.id: evs for d, _, evs in code_documents(nlp, docs, gazetteer=default_gazetteer())}
    threats = [(e.source, e.target, e.cameo[:2], e.modality) for e in coded["t"]]
    assert threats == [("KEN", "UGA", "13", "asserted")]
    assert [(e.source, e.target, e.quad_class) for e in coded["i"]] == [("KEN", "UGA", 4)]


def test_the_coder_reads_deals_struck_and_ties_by_kind(nlp) -> None:  # type: ignore[no-untyped-def]
    """The shipped coder: "struck a deal" is no attack and "struck a balance" no act;
    "established economic relations" is trade, not a recognition."""
    for text, want in (
        ("Turkey struck an agreement with Russia over grain exports.", {1}),
        ("Egypt struck a balance between Washington and Moscow.", set()),
        ("Kenya established economic relations with Somalia in 2019.", {2}),
    ):
        doc = nlp(text)
        quads = {
            e.quad_class
            for _, _, evs in code_documents(
                nlp, [Document(id="x", text=text, origin="x")], gazetteer=default_gazetteer()
            )
            for e in evs
        }
        assert quads == want, (text, quads, doc._.geostance_triggers)


def test_a_sanction_vetoed_or_blocked_did_not_happen() -> None:
    """ "Slovakia vetoed the sanctions against Moscow", "Hungary blocked a package of
    sanctions": no sanction was imposed, so it is no one's deed (hypothetical); a sanction
    imposed is asserted, and blocked aid stays a refused cooperation (guide §7)."""
    vetoed = parsed(
        "Slovakia/PROPN/nsubj/1 vetoed/VERB/ROOT/1/veto the/DET/det/3 "
        "sanctions/NOUN/dobj/1/sanction against/ADP/prep/3 Moscow/PROPN/pobj/4 ./PUNCT/punct/1"
    )
    assert frame_of(vetoed[3], False).modality == "hypothetical"
    package = parsed(
        "Hungary/PROPN/nsubj/1 blocked/VERB/ROOT/1/block a/DET/det/3 package/NOUN/dobj/1 "
        "of/ADP/prep/3 sanctions/NOUN/pobj/4/sanction ./PUNCT/punct/1"
    )
    assert frame_of(package[5], False).modality == "hypothetical"
    imposed = parsed(
        "Canada/PROPN/nsubj/1 imposed/VERB/ROOT/1/impose sanctions/NOUN/dobj/1/sanction "
        "./PUNCT/punct/1"
    )
    assert frame_of(imposed[2], False).modality == "asserted"
    aid = parsed("Egypt/PROPN/nsubj/1 blocked/VERB/ROOT/1/block aid/NOUN/dobj/1 ./PUNCT/punct/1")
    frame = frame_of(aid[2], True)
    assert (frame.modality, frame.negated, frame.how) == ("asserted", True, "refusal")


STRUCK_KHARKIV = (
    "Russian/ADJ/amod/1 drones/NOUN/nsubj/2/drone struck/VERB/ROOT/2/strike an/DET/det/5 "
    "apartment/NOUN/compound/5 block/NOUN/dobj/2 in/ADP/prep/5 Kharkiv/PROPN/pobj/6 "
    "./PUNCT/punct/2"
)


def test_a_town_the_gazetteer_places_is_a_mention_only_where_ner_names_a_place() -> None:
    """ "Kharkiv" is a place form of Ukraine: a mention when the entity recogniser marks it
    (GPE), none when it does not (a town's name can be a word: "a burst tyre")."""
    named = parsed(STRUCK_KHARKIV, ents=((7, 8, "GPE"),))
    _, found = mentions_in(named)
    place = [m for m in found if named[m.head].text == "Kharkiv"]
    assert [(m.kind, m.form, m.keys) for m in place] == [("actor", "place", ("UKR",))]
    _, bare = mentions_in(parsed(STRUCK_KHARKIV))
    assert all(parsed(STRUCK_KHARKIV)[m.head].text != "Kharkiv" for m in bare)
    found_as = default_gazetteer().resolve("Kharkiv")
    assert (found_as.actor, found_as.via) == ("UKR", "place")


def test_a_town_is_the_target_of_force_only_and_never_a_source() -> None:
    """Guide §5: an attack on a town is on its state; a town neither acts nor is what a
    meeting or a statement is aimed at."""
    doc = parsed(STRUCK_KHARKIV, ents=((7, 8, "GPE"),))
    _, found = mentions_in(doc)
    k = next(i for i, m in enumerate(found) if m.form == "place")
    scored = [(i, 0.6, 0.7) for i in range(len(found))]
    attack = dict(
        (i, (ps, pt)) for i, ps, pt in ruled_roles(doc[2], "attack/use_force", found, scored)
    )
    assert attack[k] == (0.0, 0.7)
    meeting = dict((i, (ps, pt)) for i, ps, pt in ruled_roles(doc[2], "meet/host", found, scored))
    assert meeting[k] == (0.0, 0.0)


def test_a_town_resolves_to_its_state_but_the_memory_does_not_keep_it() -> None:
    """The document memory resolves "Kharkiv" to Ukraine for the act that hits it, but does
    not count it among the actors the story names (no pronoun or main actor is a town)."""
    doc = parsed(STRUCK_KHARKIV, ents=((7, 8, "GPE"),))
    _, found = mentions_in(doc)
    memory = Discourse(table())
    got = memory.resolve(doc, found, [], list(range(len(found))), DAY)
    k = next(i for i, m in enumerate(found) if m.form == "place")
    assert got[k] == "UKR"
    assert "UKR" not in memory.naming
    assert "RUS" in memory.naming


def test_the_coder_codes_force_on_a_town_as_force_on_its_state(nlp) -> None:  # type: ignore[no-untyped-def]
    """The shipped coder: drones striking a block in Kharkiv is Russia's attack on Ukraine;
    Kharkiv's officials speaking do not make Ukraine a source."""
    text = (
        "KYIV, June 3 (Wire) - Russian drones struck an apartment block in Kharkiv "
        "overnight, killing four people.\n\nIsraeli jets struck Khan Younis on Sunday."
    )
    docs = [Document(id="k", text=text, origin="k")]
    events = [
        e for _, _, evs in code_documents(nlp, docs, gazetteer=default_gazetteer()) for e in evs
    ]
    dyads = {(e.source, e.target, e.quad_class) for e in events}
    assert ("RUS", "UKR", 4) in dyads
    assert ("ISR", "PSE", 4) in dyads
    assert all(e.source not in ("UKR", "PSE") for e in events)
