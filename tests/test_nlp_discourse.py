"""What mentions stand for across a document (``geostance.nlp.discourse``), on hand-parsed
sentences fed in order as the coder feeds them."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from doc_helpers import mentions_in, parsed, table
from geostance.nlp.discourse import Discourse

DAY = dt.date(2024, 5, 1)


def feed(memory: Discourse, doc: Doc) -> dict[str, str | None]:
    """Resolve every mention of a one-sentence Doc; text -> actor."""
    _, found = mentions_in(doc)
    got = memory.resolve(doc, found, [], list(range(len(found))), DAY)
    out = {doc[m.start : m.end].text: got[k] for k, m in enumerate(found)}
    for k, group in memory.expanded.items():
        out[doc[found[k].start : found[k].end].text + "*"] = ",".join(group)
    memory.next_sentence()
    return out


def after(first: str, then: str) -> dict[str, str | None]:
    """What the mentions of sentence ``then`` stand for once sentence ``first`` was read."""
    memory = Discourse(table())
    feed(memory, parsed(first))
    return feed(memory, parsed(then))


def acted(memory: Discourse, spec: str, label: str, source: str, target: str | None) -> None:
    """Feed a one-sentence Doc and remember the act coded in it."""
    feed(memory, parsed(spec))
    memory.note_act(label, source, target)


def test_discourse_a_name_learned_once_resolves_later_alone() -> None:
    memory = Discourse(table())
    first = parsed(
        "Kenyan/ADJ/amod/3 Foreign/PROPN/compound/2 Minister/PROPN/compound/3 "
        "Wekesa/PROPN/nsubj/4 spoke/VERB/ROOT/4/speak ./PUNCT/punct/4",
        ents=((3, 4, "PERSON"),),
    )
    assert feed(memory, first)["Kenyan Foreign Minister Wekesa"] == "KEN"
    later = parsed(
        "Wekesa/PROPN/nsubj/1 left/VERB/ROOT/1/leave ./PUNCT/punct/1", ents=((0, 1, "PERSON"),)
    )
    assert feed(memory, later)["Wekesa"] == "KEN"


def test_discourse_pronouns_take_the_latest_fitting_actor() -> None:
    memory = Discourse(table())
    feed(
        memory,
        parsed(
            "Canada/PROPN/poss/3 's/PART/case/0 prime/ADJ/amod/3 minister/NOUN/nsubj/4 "
            "visited/VERB/ROOT/4/visit Japan/PROPN/dobj/4 ./PUNCT/punct/4"
        ),
    )
    got = feed(
        memory,
        parsed("He/PRON/nsubj/1 said/VERB/ROOT/1/say it/PRON/dobj/1 ./PUNCT/punct/1"),
    )
    assert got["He"] == "CAN"
    assert got["it"] == "JPN"


def test_discourse_it_takes_the_subject_of_the_sentence_before_over_its_object() -> None:
    memory = Discourse(table())
    feed(
        memory,
        parsed(
            "South/PROPN/compound/1 Africa/PROPN/nsubj/2 hosted/VERB/ROOT/2/host "
            "Russia/PROPN/dobj/2 ./PUNCT/punct/2"
        ),
    )
    got = feed(
        memory,
        parsed("Its/PRON/poss/1 navy/NOUN/nsubj/2 sailed/VERB/ROOT/2/sail ./PUNCT/punct/2"),
    )
    assert got["Its"] == "ZAF"
    # one named earlier in its own sentence comes first
    got = feed(
        memory,
        parsed(
            "Egypt/PROPN/nsubj/1 said/VERB/ROOT/1/say it/PRON/nsubj/3 "
            "left/VERB/ccomp/1/leave ./PUNCT/punct/1"
        ),
    )
    assert got["it"] == "EGY"


def test_discourse_a_subject_pronoun_takes_the_subject_named_before_it_in_its_sentence() -> None:
    spec = (
        "Kenya/PROPN/nsubj/1 thanked/VERB/ROOT/1/thank Uganda/PROPN/dobj/1 and/CCONJ/cc/1 "
        "said/VERB/conj/1/say it/PRON/{dep}/7 would/AUX/aux/7 send/VERB/ccomp/4/send "
        "troops/NOUN/dobj/7/troop ./PUNCT/punct/1"
    )
    assert feed(Discourse(table()), parsed(spec.format(dep="nsubj")))["it"] == "KEN"
    # a pronoun that is no subject still takes the latest actor named
    assert feed(Discourse(table()), parsed(spec.format(dep="dobj")))["it"] == "UGA"
    # but not the actor its own clause names: the second "it" attacks Ghana, so it is Togo
    doc = parsed(
        "Ghana/PROPN/nsubj/1 warned/VERB/ROOT/1/warn Togo/PROPN/dobj/1 that/SCONJ/mark/6 "
        "it/PRON/nsubj/6 would/AUX/aux/6 reply/VERB/ccomp/1/reply if/SCONJ/mark/9 "
        "it/PRON/nsubj/9 attacked/VERB/advcl/6/attack Ghanaian/ADJ/amod/11 "
        "posts/NOUN/dobj/9/post ./PUNCT/punct/1"
    )
    _, found = mentions_in(doc)
    got = Discourse(table()).resolve(doc, found, [], list(range(len(found))), DAY)
    pronouns = [got[k] for k, m in enumerate(found) if doc[m.head].lower_ == "it"]
    assert pronouns == ["GHA", "TGO"]


def test_discourse_both_sides_as_an_object_are_not_the_subjects_of_its_sentence() -> None:
    memory = Discourse(table())
    feed(
        memory,
        parsed(
            "Kenya/PROPN/nsubj/3 and/CCONJ/cc/0 Somalia/PROPN/conj/0 met/VERB/ROOT/3/meet "
            "./PUNCT/punct/3"
        ),
    )
    got = feed(
        memory,
        parsed(
            "Japan/PROPN/nsubj/3 and/CCONJ/cc/0 Canada/PROPN/conj/0 urged/VERB/ROOT/3/urge "
            "both/DET/det/5 sides/NOUN/dobj/3/side ./PUNCT/punct/3"
        ),
    )
    assert got["both sides*"] == "KEN,SOM"
    # "each other" is the subjects themselves
    got = feed(
        memory,
        parsed(
            "Japan/PROPN/nsubj/3 and/CCONJ/cc/0 Canada/PROPN/conj/0 praised/VERB/ROOT/3/praise "
            "each/DET/det/5 other/ADJ/dobj/3 ./PUNCT/punct/3"
        ),
    )
    assert got["each other*"] == "JPN,CAN"


def test_discourse_groups_and_descriptions() -> None:
    memory = Discourse(table())
    feed(
        memory,
        parsed(
            "Kenya/PROPN/nsubj/3 and/CCONJ/cc/0 Somalia/PROPN/conj/0 "
            "restored/VERB/ROOT/3/restore ties/NOUN/dobj/3/tie ./PUNCT/punct/3"
        ),
    )
    got = feed(
        memory,
        parsed(
            "The/DET/det/2 two/NUM/nummod/2 countries/NOUN/nsubj/3/country "
            "signed/VERB/ROOT/3/sign ./PUNCT/punct/3"
        ),
    )
    assert got["The two countries*"] == "KEN,SOM"
    got = feed(
        memory,
        parsed("The/DET/det/1 country/NOUN/nsubj/2 agreed/VERB/ROOT/2/agree ./PUNCT/punct/2"),
    )
    assert got["The country"] in ("KEN", "SOM")


def test_discourse_an_act_named_as_a_thing_takes_its_actor() -> None:
    memory = Discourse(table())
    acted(
        memory,
        "Iran/PROPN/nsubj/1 fired/VERB/ROOT/1/fire ./PUNCT/punct/1",
        "attack/use_force",
        "IRN",
        "QAT",
    )
    got = feed(
        memory,
        parsed(
            "Qatar/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn the/DET/det/3 "
            "attack/NOUN/dobj/1 ./PUNCT/punct/1"
        ),
    )
    assert got["the attack"] == "IRN"
    assert memory.reacting_to("QAT") == "IRN"
    assert memory.reacting_to("IRN") is None


def test_discourse_memory_does_not_reach_far_back() -> None:
    memory = Discourse(table())
    feed(memory, parsed("Chile/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1"))
    for _ in range(8):
        feed(memory, parsed("Rain/NOUN/nsubj/1 fell/VERB/ROOT/1/fall ./PUNCT/punct/1"))
    got = feed(memory, parsed("It/PRON/nsubj/1 left/VERB/ROOT/1/leave ./PUNCT/punct/1"))
    assert got["It"] is None


def test_discourse_each_side_and_the_other_are_the_pair_named_before() -> None:
    memory = Discourse(table())
    feed(
        memory,
        parsed(
            "Thailand/PROPN/nsubj/3 and/CCONJ/cc/0 Cambodia/PROPN/conj/0 "
            "clashed/VERB/ROOT/3/clash ./PUNCT/punct/3"
        ),
    )
    got = feed(
        memory,
        parsed(
            "Each/DET/det/1 side/NOUN/nsubj/2 accused/VERB/ROOT/2/accuse the/DET/det/4 "
            "other/ADJ/dobj/2 ./PUNCT/punct/2"
        ),
    )
    assert got["Each side*"] == "THA,KHM"
    assert got["the other*"] == "THA,KHM"


def test_discourse_a_description_is_not_the_subject_of_its_own_clause() -> None:
    memory = Discourse(table())
    feed(
        memory,
        parsed("Fiji/PROPN/nsubj/1 held/VERB/ROOT/1/hold elections/NOUN/dobj/1 ./PUNCT/punct/1"),
    )
    # "Australia is the country's largest donor": the country is Fiji, not Australia
    got = feed(
        memory,
        parsed(
            "Australia/PROPN/nsubj/1 is/AUX/ROOT/1/be the/DET/det/3 country/NOUN/poss/6 "
            "'s/PART/case/3 largest/ADJ/amod/6 donor/NOUN/attr/1 ./PUNCT/punct/1"
        ),
    )
    assert got == {"Australia": "AUS", "the country": "FJI"}
    # as the subject of its own clause it takes the subject before, as it did
    got = feed(
        memory,
        parsed("The/DET/det/1 country/NOUN/nsubj/2 agreed/VERB/ROOT/2/agree ./PUNCT/punct/2"),
    )
    assert got == {"The country": "AUS"}


# "Oman condemned the strike on {victim}."
CONDEMNED_STRIKE_ON = (
    "Oman/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn the/DET/det/3 strike/NOUN/dobj/1 "
    "on/ADP/prep/3 {victim}/PROPN/pobj/4 ./PUNCT/punct/1"
)


def test_discourse_an_act_named_with_its_victim_takes_whoever_attacked_that_victim() -> None:
    memory = Discourse(table())
    memory.note_act("attack/use_force", "IRN", "QAT")  # as the assembler notes a coded act
    feed(memory, parsed("Iran/PROPN/nsubj/1 struck/VERB/ROOT/1/strike ./PUNCT/punct/1"))
    memory.note_act("attack/use_force", "ISR", "SYR")  # the latest attack, on someone else
    memory.next_sentence()
    spec = CONDEMNED_STRIKE_ON
    assert feed(memory, parsed(spec.format(victim="Qatar")))["the strike"] == "IRN"
    assert feed(memory, parsed(spec.format(victim="Syria")))["the strike"] == "ISR"
    # a victim no attack was remembered on: the latest attack, as before
    assert feed(memory, parsed(spec.format(victim="Peru")))["the strike"] == "ISR"


def test_discourse_an_attack_named_with_its_victim_is_the_latest_attack_after_it() -> None:
    """ "Egypt condemned the strikes on Lebanon" names Israel's attack (whoever attacked
    Lebanon); "Jordan condemned the bombardment" next answers it, not the attack the assembler
    coded last (Iran's on Israel, a sentence earlier)."""
    memory = Discourse(table())
    memory.note_act("attack/use_force", "ISR", "LBN")
    feed(memory, parsed("Israel/PROPN/nsubj/1 struck/VERB/ROOT/1/strike ./PUNCT/punct/1"))
    memory.note_act("attack/use_force", "IRN", "ISR")  # the latest coded attack
    memory.next_sentence()
    named = feed(memory, parsed(CONDEMNED_STRIKE_ON.format(victim="Lebanon")))
    assert named["the strike"] == "ISR"
    later = parsed(
        "Jordan/PROPN/nsubj/1 condemned/VERB/ROOT/1/condemn the/DET/det/3 "
        "bombardment/NOUN/dobj/1 ./PUNCT/punct/1"
    )
    assert feed(memory, later)["the bombardment"] == "ISR"


CLASH = (
    "Thailand/PROPN/nsubj/3 and/CCONJ/cc/0 Cambodia/PROPN/conj/0 "
    "clashed/VERB/ROOT/3/clash ./PUNCT/punct/3"
)


def _two_clashes() -> Discourse:
    """A memory that has read "Thailand and Cambodia clashed" twice."""
    memory = Discourse(table())
    feed(memory, parsed(CLASH))
    feed(memory, parsed(CLASH))
    return memory


def test_discourse_both_sides_not_named_in_its_sentence_are_the_storys_two_actors() -> None:
    memory = _two_clashes()
    feed(  # the latest pair named together, but named once
        memory,
        parsed(
            "Laos/PROPN/nsubj/3 and/CCONJ/cc/0 Vietnam/PROPN/conj/0 met/VERB/ROOT/3/meet "
            "./PUNCT/punct/3"
        ),
    )
    urged = (
        "Japan/PROPN/nsubj/1 urged/VERB/ROOT/1/urge both/DET/det/3 sides/NOUN/dobj/1/side "
        "./PUNCT/punct/1"
    )
    got = feed(memory, parsed(urged))
    assert set(got["both sides*"].split(",")) == {"THA", "KHM"}
    # a pair named in its own sentence still comes first
    got = feed(
        memory,
        parsed(
            "Talks/NOUN/nsubj/5/talk between/ADP/prep/0 Laos/PROPN/pobj/1 and/CCONJ/cc/2 "
            "Vietnam/PROPN/conj/2 resumed/VERB/ROOT/5/resume and/CCONJ/cc/5 "
            "Japan/PROPN/nsubj/8 urged/VERB/conj/5/urge both/DET/det/10 "
            "sides/NOUN/dobj/8/side ./PUNCT/punct/5"
        ),
    )
    assert set(got["both sides*"].split(",")) == {"LAO", "VNM"}


def test_discourse_both_sides_are_the_main_pair_the_story_names_together() -> None:
    """Named in as many sentences, the mediator is not one of "both sides": the two the story
    names together most often are; a qualified pair ("both Asian powers") is not that pair."""
    memory = _two_clashes()
    for _ in range(3):  # named in more sentences than either side
        feed(
            memory,
            parsed(
                "Malaysia/PROPN/nsubj/1 hosted/VERB/ROOT/1/host talks/NOUN/dobj/1 ./PUNCT/punct/1"
            ),
        )
    urged = (
        "Japan/PROPN/nsubj/1 urged/VERB/ROOT/1/urge both/DET/det/{n} {adj}sides/NOUN/dobj/1/side "
        "./PUNCT/punct/1"
    )
    got = feed(memory, parsed(urged.format(n=3, adj="")))
    assert set(got["both sides*"].split(",")) == {"THA", "KHM"}
    got = feed(memory, parsed(urged.format(n=4, adj="warring/ADJ/amod/4 ")))
    assert "MYS" in got["both warring sides*"].split(",")  # the story's most named, as before


def test_discourse_the_kingdom_is_a_state_whose_official_name_says_so() -> None:
    first = parsed(
        "Ukraine/PROPN/nsubj/1 thanked/VERB/ROOT/1/thank Jordan/PROPN/dobj/1 ./PUNCT/punct/1",
        ents=((0, 1, "GPE"), (2, 3, "GPE")),
    )
    spec = "The/DET/det/1 {noun}/NOUN/nsubj/2 agreed/VERB/ROOT/2/agree ./PUNCT/punct/2"
    got = {}
    for noun in ("country", "kingdom"):
        memory = Discourse(table())
        feed(memory, first)
        got[noun] = feed(memory, parsed(spec.format(noun=noun)))[f"The {noun}"]
    # "the country" is the subject before; "the kingdom" is the Hashemite Kingdom of Jordan
    assert got == {"country": "UKR", "kingdom": "JOR"}


def test_discourse_the_court_is_a_body_whose_name_says_so() -> None:
    # "The ICC charged Putin, and the UN met. China urged the court …": the court is the ICC,
    # the latest body whose official name holds the word, not the UN named after it
    memory = Discourse(table())
    feed(
        memory,
        parsed(
            "The/DET/det/1 ICC/PROPN/nsubj/2 charged/VERB/ROOT/2/charge Putin/PROPN/dobj/2 "
            "and/CCONJ/cc/2 the/DET/det/6 UN/PROPN/nsubj/7 met/VERB/conj/2/meet ./PUNCT/punct/2",
            ents=((1, 2, "ORG"), (3, 4, "PERSON"), (6, 7, "ORG")),
        ),
    )
    got = feed(
        memory,
        parsed(
            "China/PROPN/nsubj/1 urged/VERB/ROOT/1/urge the/DET/det/3 court/NOUN/dobj/1 "
            "and/CCONJ/cc/3 the/DET/det/6 council/NOUN/conj/3 ./PUNCT/punct/1"
        ),
    )
    assert got["the court"] == "ICC"
    assert got["the council"] is None  # no council named: none, rather than the UN


def test_discourse_the_council_named_long_ago_is_the_council_the_story_names_most() -> None:
    # "The Security Council met." … six sentences on Kenya … "Haiti thanked the council."
    memory = Discourse(table())
    feed(
        memory,
        parsed(
            "The/DET/det/2 Security/PROPN/compound/2 Council/PROPN/nsubj/3 met/VERB/ROOT/3/meet "
            "./PUNCT/punct/3",
            ents=((1, 3, "ORG"),),
        ),
    )
    for _ in range(6):
        feed(
            memory,
            parsed(
                "Kenya/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1",
                ents=((0, 1, "GPE"),),
            ),
        )
    got = feed(
        memory,
        parsed(
            "Haiti/PROPN/nsubj/1 thanked/VERB/ROOT/1/thank the/DET/det/3 council/NOUN/dobj/1 "
            "and/CCONJ/cc/3 the/DET/det/6 court/NOUN/conj/3 ./PUNCT/punct/1",
            ents=((0, 1, "GPE"),),
        ),
    )
    # beyond the sentences a description reaches back, the body whose name holds the word;
    # no court was ever named, so "the court" is still no one
    assert got["the council"] == "UNSC"
    assert got["the court"] is None


def test_discourse_he_or_she_is_never_a_plural_phrase() -> None:
    memory = Discourse(table())
    feed(
        memory,
        parsed(
            "Orbán/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1", ents=((0, 1, "PERSON"),)
        ),
    )
    got = feed(
        memory,
        parsed(
            "EU/PROPN/compound/1 leaders/NOUN/nsubj/2/leader/NNS met/VERB/ROOT/2/meet "
            "./PUNCT/punct/2",
            ents=((0, 1, "ORG"),),
        ),
    )
    assert got == {"EU leaders": "EU"}
    # "He then vetoed": Orbán, not the leaders who were the subject just before
    he = feed(memory, parsed("He/PRON/nsubj/1 vetoed/VERB/ROOT/1/veto ./PUNCT/punct/1"))
    assert he == {"He": "HUN"}


def test_discourse_a_ministry_named_alone_speaks_for_the_state_named_before() -> None:
    got = after(
        "Algeria/PROPN/nsubj/1 protested/VERB/ROOT/1/protest ./PUNCT/punct/1",
        "The/DET/det/2 foreign/ADJ/amod/2 ministry/NOUN/nsubj/3/ministry "
        "said/VERB/ROOT/3/say so/ADV/advmod/3 ./PUNCT/punct/3",
    )
    assert got.get("The foreign ministry") == "DZA"


def test_discourse_the_veto_is_whoever_vetoed_not_whoever_acted_last() -> None:
    memory = Discourse(table())
    acted(
        memory, "Russia/PROPN/nsubj/1 vetoed/VERB/ROOT/1/veto ./PUNCT/punct/1", "veto", "RUS", None
    )
    china = "China/PROPN/nsubj/1 objected/VERB/ROOT/1/object ./PUNCT/punct/1"
    acted(memory, china, "oppose/criticize", "CHN", "USA")
    got = feed(
        memory,
        parsed(
            "Britain/PROPN/nsubj/1 called/VERB/ROOT/1/call the/DET/det/3 veto/NOUN/dobj/1/veto "
            "shameful/ADJ/oprd/1 ./PUNCT/punct/1"
        ),
    )
    assert got.get("the veto") == "RUS"
    got = feed(
        memory,
        parsed(
            "France/PROPN/nsubj/1 deplored/VERB/ROOT/1/deplore the/DET/det/3 "
            "move/NOUN/dobj/1/move ./PUNCT/punct/1"
        ),
    )
    assert got["the move"] == "CHN"  # any act: the latest


def test_discourse_a_title_whose_holder_is_not_named_is_the_actor_named_before() -> None:
    got = after(
        "The/DET/det/2 G20/PROPN/compound/2 summit/NOUN/nsubj/3 opened/VERB/ROOT/3/open "
        "in/ADP/prep/3 Delhi/PROPN/pobj/4 ./PUNCT/punct/3",
        "The/DET/det/1 leaders/NOUN/nsubj/2/leader welcomed/VERB/ROOT/2/welcome "
        "Kenya/PROPN/dobj/2 ./PUNCT/punct/2",
    )
    assert got.get("The leaders") == "G20"


def test_discourse_a_sentence_opening_on_a_place_gives_its_state_to_a_description() -> None:
    got = after(
        "Poland/PROPN/nsubj/1 protested/VERB/ROOT/1/protest ./PUNCT/punct/1",
        "In/ADP/prep/6 Moscow/PROPN/pobj/0 ,/PUNCT/punct/6 the/DET/det/5 foreign/ADJ/amod/5 "
        "ministry/NOUN/nsubj/6/ministry regretted/VERB/ROOT/6/regret it/PRON/dobj/6 "
        "./PUNCT/punct/6",
    )
    assert got.get("the foreign ministry") == "RUS"  # not Poland, the subject named last


def test_discourse_a_name_two_actors_bore_that_day_is_the_one_the_story_named() -> None:
    """In 2013 "King Abdullah" may be the Saudi king or Jordan's: the one whose state the
    document has named."""
    day = dt.date(2013, 7, 4)

    def king_after(first: str, words: int) -> str | None:
        memory = Discourse(table())
        got: dict[int, str | None] = {}
        for doc in (
            parsed(first, ents=((0, words, "GPE"),)),
            parsed(
                "King/PROPN/compound/1 Abdullah/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak "
                "./PUNCT/punct/2",
                ents=((0, 2, "PERSON"),),
            ),
        ):
            _, found = mentions_in(doc)
            got = memory.resolve(doc, found, [], list(range(len(found))), day)
            memory.next_sentence()
        return got[0]

    jordan = "Jordan/PROPN/nsubj/1 protested/VERB/ROOT/1/protest ./PUNCT/punct/1"
    assert king_after(jordan, 1) == "JOR"
    saudi = (
        "Saudi/PROPN/compound/1 Arabia/PROPN/nsubj/2 protested/VERB/ROOT/2/protest ./PUNCT/punct/2"
    )
    assert king_after(saudi, 2) == "SAU"


def test_discourse_an_object_pronoun_is_never_a_subject_of_its_own_clause() -> None:
    # "Ecuador raided the embassy. Brazil and Chile condemned it.": not Chile, the latest named
    got = after(
        "Ecuador/PROPN/nsubj/1 raided/VERB/ROOT/1/raid the/DET/det/3 embassy/NOUN/dobj/1 "
        "./PUNCT/punct/1",
        "Brazil/PROPN/nsubj/3 and/CCONJ/cc/0 Chile/PROPN/conj/0 condemned/VERB/ROOT/3/condemn "
        "it/PRON/dobj/3 ./PUNCT/punct/3",
    )
    assert (got["Brazil"], got["Chile"], got["it"]) == ("BRA", "CHL", "ECU")
    # "Putin landed. Xi welcomed him.": not Xi, the only person of its sentence
    got = after(
        "Putin/PROPN/nsubj/1 landed/VERB/ROOT/1/land ./PUNCT/punct/1",
        "Xi/PROPN/nsubj/1 welcomed/VERB/ROOT/1/welcome him/PRON/dobj/1 ./PUNCT/punct/1",
    )
    assert (got["Xi"], got["him"]) == ("CHN", "RUS")
    # a possessive may be its subject: "Chile recalled its envoy"
    got = after(
        "Ecuador/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1",
        "Chile/PROPN/nsubj/1 recalled/VERB/ROOT/1/recall its/PRON/poss/3 envoy/NOUN/dobj/1 "
        "./PUNCT/punct/1",
    )
    assert got["its"] == "CHL"


def test_discourse_he_may_be_a_delegate_or_representative_named_before() -> None:
    # "Putin spoke. China's delegate objected, and he thanked Kenya.": the delegate, a person
    got = after(
        "Putin/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1",
        "China/PROPN/poss/2 's/PART/case/0 delegate/NOUN/nsubj/3 objected/VERB/ROOT/3/object "
        ",/PUNCT/punct/3 and/CCONJ/cc/3 he/PRON/nsubj/7 thanked/VERB/conj/3/thank "
        "Kenya/PROPN/dobj/7 ./PUNCT/punct/3",
    )
    assert (got["China 's delegate"], got["he"]) == ("CHN", "CHN")


def test_discourse_an_act_named_with_its_victim_is_never_the_victims_own() -> None:
    # "Iran fired at Al Udeid. Qatar's air defences intercepted (coded as an act of force).
    # Oman condemned the strike on Qatar.": Iran, not Qatar, the latest to use force
    memory = Discourse(table())
    memory.note_act("attack/use_force", "IRN", None)
    feed(memory, parsed("Iran/PROPN/nsubj/1 fired/VERB/ROOT/1/fire ./PUNCT/punct/1"))
    memory.note_act("attack/use_force", "QAT", "IRN")
    memory.next_sentence()
    spec = CONDEMNED_STRIKE_ON
    assert feed(memory, parsed(spec.format(victim="Qatar")))["the strike"] == "IRN"
    # a victim no attack was remembered on: the latest attack, now Iran's on Qatar just named
    assert feed(memory, parsed(spec.format(victim="Peru")))["the strike"] == "IRN"


def test_discourse_a_possessive_pronoun_repeats_the_possessor_of_its_coordinated_noun() -> None:
    # "Russia's invasion of Ukraine, and its veto": Russia's veto, not Ukraine's (the latest
    # actor named); "its" alone still takes the latest
    memory = Discourse(table())
    spec = (
        "Russia/PROPN/poss/2 's/PART/case/0 invasion/NOUN/nsubj/9 of/ADP/prep/2 "
        "Ukraine/PROPN/pobj/3 ,/PUNCT/punct/2 and/CCONJ/cc/2 its/PRON/poss/8 "
        "veto/NOUN/conj/2 mattered/VERB/ROOT/9/matter ./PUNCT/punct/9"
    )
    assert feed(memory, parsed(spec))["its"] == "RUS"
    memory = Discourse(table())
    alone = (
        "Russia/PROPN/nsubj/1 invaded/VERB/ROOT/1/invade Ukraine/PROPN/dobj/1 ,/PUNCT/punct/1 "
        "and/CCONJ/cc/1 its/PRON/poss/6 veto/NOUN/conj/1 ./PUNCT/punct/1"
    )
    assert feed(memory, parsed(alone))["its"] == "UKR"


def test_discourse_the_north_and_the_south_are_the_states_of_that_name_the_story_named() -> None:
    # "Seoul said the North had fired" after North and South Korea were named: North Korea;
    # in a story on Sudan, "the South" is South Sudan; with no such state named, no one
    urged = (
        "Japan/PROPN/nsubj/1 urged/VERB/ROOT/1/urge the/DET/det/3 {side}/PROPN/dobj/1 "
        "to/PART/aux/5 stop/VERB/xcomp/1 ./PUNCT/punct/1"
    )
    koreas = (
        "North/PROPN/compound/1 Korea/PROPN/nsubj/5 and/CCONJ/cc/1 South/PROPN/compound/4 "
        "Korea/PROPN/conj/1 talked/VERB/ROOT/5/talk ./PUNCT/punct/5"
    )
    assert after(koreas, urged.format(side="North"))["the North"] == "PRK"
    assert after(koreas, urged.format(side="South"))["the South"] == "KOR"
    sudans = (
        "Sudan/PROPN/nsubj/4 and/CCONJ/cc/0 South/PROPN/compound/3 Sudan/PROPN/conj/0 "
        "talked/VERB/ROOT/4/talk ./PUNCT/punct/4"
    )
    assert after(sudans, urged.format(side="South"))["the South"] == "SSD"
    assert after(sudans, urged.format(side="North"))["the North"] is None


def _the_three_governments_after(listing: str) -> set[str]:
    """Who "the three governments" are once ``listing`` was read, ten sentences back."""
    memory = Discourse(table())
    feed(memory, parsed(listing))
    for _ in range(10):  # far past the reach of a pronoun, and the latest distinct actors differ
        feed(
            memory,
            parsed("Kenya/PROPN/nsubj/1 met/VERB/ROOT/1/meet Ghana/PROPN/dobj/1 ./PUNCT/punct/1"),
        )
    got = feed(
        memory,
        parsed(
            "Japan/PROPN/nsubj/1 urged/VERB/ROOT/1/urge the/DET/det/4 three/NUM/nummod/4 "
            "governments/NOUN/dobj/1/government ./PUNCT/punct/1"
        ),
    )
    return set((got.get("the three governments*") or "").split(","))


def test_discourse_three_actors_named_together_long_before_are_the_three_governments() -> None:
    listing = (
        "Mali/PROPN/nsubj/5 ,/PUNCT/punct/0 Togo/PROPN/conj/0 and/CCONJ/cc/2 "
        "Niger/PROPN/conj/2 quietly/ADV/advmod/5 left/VERB/ROOT/5/leave ./PUNCT/punct/5"
    )
    assert _the_three_governments_after(listing) == {"MLI", "TGO", "NER"}


def test_discourse_a_list_hanging_from_a_name_inside_a_widened_phrase_is_one_group() -> None:
    """ "The broadcasters of Mali, Togo and Niger read it out": the first name is widened to
    "the broadcasters of Mali", whose head is not the list's; the three are still one group."""
    listing = (
        "The/DET/det/1 broadcasters/NOUN/nsubj/8/broadcaster of/ADP/prep/1 "
        "Mali/PROPN/pobj/2 ,/PUNCT/punct/3 Togo/PROPN/conj/3 and/CCONJ/cc/5 "
        "Niger/PROPN/conj/5 read/VERB/ROOT/8/read it/PRON/dobj/8 out/ADP/prt/8 "
        "./PUNCT/punct/8"
    )
    assert _the_three_governments_after(listing) == {"MLI", "TGO", "NER"}


def test_discourse_a_group_is_the_list_of_its_size_named_later_in_its_sentence() -> None:
    """ "Four governments joined Laos in voting against: Cambodia, Cuba, Belarus and Syria":
    the list after the colon says who the four are, not the four actors the memory last held
    (here Kenya, Ghana, Peru and Chile)."""
    memory = Discourse(table())
    feed(
        memory,
        parsed(
            "Kenya/PROPN/nsubj/7 ,/PUNCT/punct/0 Ghana/PROPN/conj/0 ,/PUNCT/punct/2 "
            "Peru/PROPN/conj/2 and/CCONJ/cc/4 Chile/PROPN/conj/4 met/VERB/ROOT/7/meet "
            "./PUNCT/punct/7"
        ),
    )
    got = feed(
        memory,
        parsed(
            "Four/NUM/nummod/1 governments/NOUN/nsubj/2/government joined/VERB/ROOT/2/join "
            "Laos/PROPN/dobj/2 in/ADP/prep/2 voting/VERB/pcomp/4/vote against/ADP/prep/5 "
            ":/PUNCT/punct/5 Cambodia/PROPN/npadvmod/2 ,/PUNCT/punct/8 Cuba/PROPN/conj/8 "
            ",/PUNCT/punct/10 Belarus/PROPN/conj/10 and/CCONJ/cc/12 Syria/PROPN/conj/12 "
            "./PUNCT/punct/2"
        ),
    )
    group = next((v for k, v in got.items() if k.endswith("governments*")), "")
    assert set((group or "").split(",")) == {"KHM", "CUB", "BLR", "SYR"}
