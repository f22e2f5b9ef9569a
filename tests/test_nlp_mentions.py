"""Actor mentions (``geostance.nlp.mentions``) and quotes (``geostance.nlp.speech``), on sentences
parsed by hand."""

from __future__ import annotations

from pathlib import Path

from doc_helpers import blank, mentions_in, parsed
from geostance.nlp.actors import Gazetteer
from geostance.nlp.mentions import ActorTable, Mention, build_matchers, dateline_end, find_mentions
from geostance.nlp.speech import Quote, find_quotes, quote_of


def test_mentions_widen_to_the_agent_phrase() -> None:
    doc = parsed(
        "Qatar/PROPN/poss/3 's/PART/case/0 foreign/ADJ/amod/3 ministry/NOUN/nsubj/4 "
        "condemned/VERB/ROOT/4/condemn the/DET/det/6 attack/NOUN/dobj/4 ./PUNCT/punct/4"
    )
    got, found = mentions_in(doc)
    assert got == [("Qatar 's foreign ministry", "actor", ("QAT",)), ("the attack", "eventref", ())]
    assert doc[found[0].head].text == "ministry"


def test_mentions_of_phrase_and_counterpart() -> None:
    doc = parsed(
        "The/DET/det/1 minister/NOUN/nsubj/5 of/ADP/prep/1 Indonesia/PROPN/pobj/2 "
        "also/ADV/advmod/5 met/VERB/ROOT/5/meet her/PRON/poss/8 Jordanian/ADJ/amod/8 "
        "counterpart/NOUN/dobj/5 ./PUNCT/punct/5"
    )
    got, _ = mentions_in(doc)
    assert ("The minister of Indonesia", "actor", ("IDN",)) in got
    assert ("her Jordanian counterpart", "actor", ("JOR",)) in got


def test_mentions_an_adviser_to_someone_speaks_for_him_and_an_envoy_to_someone_does_not() -> None:
    spec = (
        "An/DET/det/1 {noun}/NOUN/nsubj/4 to/ADP/prep/1 Modi/PROPN/pobj/2 "
        "criticised/VERB/ROOT/4/criticise Pakistan/PROPN/dobj/4 ./PUNCT/punct/4"
    )
    got, _ = mentions_in(parsed(spec.format(noun="adviser")))
    assert ("An adviser to Modi", "actor", ("NARENDRA_MODI",)) in got
    got, _ = mentions_in(parsed(spec.format(noun="envoy")))
    assert ("Modi", "actor", ("NARENDRA_MODI",)) in got


def test_mentions_a_name_of_several_words_written_in_lower_case_is_a_common_phrase() -> None:
    """ "its foreign office" is an office of whatever "its" stands for, not Britain's Foreign
    Office; written as a name, it is that name."""
    spec = (
        "{det}/DET/poss/2 {adj}/ADJ/compound/2 {noun}/PROPN/nsubj/3 summoned/VERB/ROOT/3/summon "
        "India/PROPN/poss/6 's/PART/case/4 envoy/NOUN/dobj/3 ./PUNCT/punct/3"
    )
    got, _ = mentions_in(parsed(spec.format(det="Its", adj="foreign", noun="office")))
    assert all(keys != ("GBR",) for _, _, keys in got)
    got, _ = mentions_in(parsed(spec.format(det="The", adj="Foreign", noun="Office")))
    assert any(keys == ("GBR",) for _, _, keys in got)


def test_mentions_forces_loyal_to_someone_are_his() -> None:
    """ "Troops loyal to Assad shelled Homs": the role model reads "Assad" three steps from the
    verb and gives it no role; the phrase is his."""
    got, _ = mentions_in(
        parsed(
            "Troops/NOUN/nsubj/4/troop loyal/ADJ/amod/0 to/ADP/prep/1 Assad/PROPN/pobj/2 "
            "shelled/VERB/ROOT/4/shell Homs/PROPN/dobj/4 ./PUNCT/punct/4",
            ents=((3, 4, "PERSON"),),
        )
    )
    assert got[0][:2] == ("Troops loyal to Assad", "actor")
    assert "BASHAR_AL_ASSAD" in got[0][2]


def test_mentions_a_place_phrase_is_not_an_agent() -> None:
    """ "a conference in Madrid" is a place: Madrid stays a bare mention of Spain."""
    doc = parsed(
        "Envoys/NOUN/nsubj/1/envoy attended/VERB/ROOT/1/attend a/DET/det/3 "
        "conference/NOUN/dobj/1 in/ADP/prep/3 Madrid/PROPN/pobj/4 ./PUNCT/punct/1"
    )
    got, _ = mentions_in(doc)
    assert ("Madrid", "actor", ("ESP",)) in got


def test_mentions_pronouns_descriptions_groups_titles() -> None:
    doc = parsed(
        "The/DET/det/1 kingdom/NOUN/nsubj/2 told/VERB/ROOT/2/tell the/DET/det/5 "
        "two/NUM/nummod/5 countries/NOUN/dobj/2/country that/SCONJ/mark/9 "
        "the/DET/det/8 spokesman/NOUN/nsubj/9 said/VERB/ccomp/2/say it/PRON/dobj/9 "
        "./PUNCT/punct/2"
    )
    got, found = mentions_in(doc)
    assert ("The kingdom", "description", ()) in got
    assert ("the two countries", "group", ()) in got
    assert ("the spokesman", "title", ()) in got
    group = next(m for m in found if m.kind == "group")
    assert group.form == "2"


def test_mentions_pro_russian_is_not_russia() -> None:
    doc = parsed(
        "pro/ADJ/amod/3 -/PUNCT/punct/3 Russian/ADJ/amod/3 militias/NOUN/nsubj/4/militia "
        "fought/VERB/ROOT/4/fight ./PUNCT/punct/4"
    )
    got, _ = mentions_in(doc)
    assert not any(kind == "actor" for _, kind, _ in got)


def test_mentions_us_the_pronoun_is_not_the_united_states() -> None:
    doc = parsed("They/PRON/nsubj/1 told/VERB/ROOT/1/tell us/PRON/dobj/1 ./PUNCT/punct/1")
    got, _ = mentions_in(doc)
    assert ("us", "pronoun", ()) in got
    assert not any(keys for _, _, keys in got)


def test_mentions_pack_round_trip() -> None:
    m = Mention(1, 3, 2, "actor", ("QAT",), "name", False, "state", "Majed al-Ansari")
    assert Mention.unpack(m.pack()) == m


QUOTE_AFTER = (
    "“/PUNCT/punct/9 We/PRON/nsubj/4 will/AUX/aux/4 not/PART/neg/4 send/VERB/ccomp/9 "
    "troops/NOUN/dobj/4/troop ,/PUNCT/punct/9 ”/PUNCT/punct/9 she/PRON/nsubj/9 "
    "told/VERB/ROOT/9/tell reporters/NOUN/dobj/9/reporter ./PUNCT/punct/9"
)


def test_speech_speaker_named_after_the_quote_by_a_pronoun() -> None:
    doc = parsed(QUOTE_AFTER)
    _, found = mentions_in(doc)
    quotes = find_quotes(doc, found)
    assert len(quotes) == 1
    q = quotes[0]
    assert doc[found[q.speaker].start].text == "she"
    assert quote_of(quotes, 1) == q  # "We" is inside
    assert quote_of(quotes, 10) is None  # "reporters" is not


def test_speech_speaker_named_before_the_quote() -> None:
    doc = parsed(
        "Lavrov/PROPN/nsubj/1 said/VERB/ROOT/1/say :/PUNCT/punct/1 “/PUNCT/punct/5 "
        "We/PRON/nsubj/5 support/VERB/ccomp/1 the/DET/det/7 plan/NOUN/dobj/5 ./PUNCT/punct/5 "
        "”/PUNCT/punct/1",
        ents=((0, 1, "PERSON"),),
    )
    _, found = mentions_in(doc)
    quotes = find_quotes(doc, found)
    assert [doc[found[q.speaker].start].text for q in quotes] == ["Lavrov"]


def test_speech_a_quote_without_its_own_clause_continues_the_last_speaker() -> None:
    doc = parsed(
        "“/PUNCT/punct/2 No/INTJ/intj/2 ,/PUNCT/punct/2 ”/PUNCT/punct/5 Lavrov/PROPN/nsubj/5 "
        "said/VERB/ROOT/5/say ./PUNCT/punct/5 “/PUNCT/punct/9 We/PRON/nsubj/9 "
        "refuse/VERB/ROOT/9 ./PUNCT/punct/9 ”/PUNCT/punct/9",
        ents=((4, 5, "PERSON"),),
    )
    _, found = mentions_in(doc)
    quotes = find_quotes(doc, found)
    assert len(quotes) == 2
    assert quotes[1].speaker == quotes[0].speaker >= 0


def test_speech_unpaired_quote_marks_give_no_quote() -> None:
    doc = parsed("“/PUNCT/punct/1 Moscow/PROPN/ROOT/1 ./PUNCT/punct/1")
    _, found = mentions_in(doc)
    assert find_quotes(doc, found) == []
    assert Quote.unpack(Quote(1, 2, 0).pack()) == Quote(1, 2, 0)


def test_mentions_a_surname_the_ner_missed_is_still_the_person() -> None:
    """A single-word person form with no NER label counts when it is a capitalised proper
    noun; an ordinary sentence's words stay words, and a headline's capitalised words too."""
    doc = parsed(
        "Lula/PROPN/nsubj/1 criticised/VERB/ROOT/1/criticise Milei/PROPN/dobj/1 ./PUNCT/punct/1"
    )
    got, _ = mentions_in(doc)
    assert [keys for _, kind, keys in got if kind == "actor"] == [
        ("LULA_DA_SILVA",),
        ("JAVIER_MILEI",),
    ]
    headline = parsed(
        "Lula/PROPN/nsubj/1 Criticises/VERB/ROOT/1/criticise Milei/PROPN/dobj/1 Plan/NOUN/dobj/1"
    )
    got, _ = mentions_in(headline)
    assert not any(kind == "actor" for _, kind, _ in got)
    lower = parsed("lula/NOUN/nsubj/1 grew/VERB/ROOT/1/grow ./PUNCT/punct/1")
    got, _ = mentions_in(lower)
    assert not any(kind == "actor" for _, kind, _ in got)
    tagged = parsed(
        "Lula/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1", ents=((0, 1, "DATE"),)
    )
    got, _ = mentions_in(tagged)
    assert not any(kind == "actor" for _, kind, _ in got)


def test_mentions_both_each_side_and_the_other_stand_for_two() -> None:
    """ "Both abstained", "each side", "the other" name each of two actors met before: group
    mentions of two; "both" as a determiner ("both resolutions") is none."""
    doc = parsed(
        "Both/PRON/nsubj/1 abstained/VERB/ROOT/1/abstain on/ADP/prep/1 both/DET/det/4 "
        "resolutions/NOUN/pobj/2/resolution ,/PUNCT/punct/1 and/CCONJ/cc/1 each/DET/det/8 "
        "side/NOUN/nsubj/9 accuses/VERB/conj/1/accuse the/DET/det/11 other/ADJ/dobj/9 "
        "./PUNCT/punct/1"
    )
    got, found = mentions_in(doc)
    assert [g for g in got if g[1] == "group"] == [
        ("Both", "group", ()),
        ("each side", "group", ()),
        ("the other", "group", ()),
    ]
    assert {m.form for m in found if m.kind == "group"} == {"2"}


def test_mentions_both_of_which_names_things_not_two_actors() -> None:
    """ "…, the pause and the ceasefire, both of which freed hostages": "both" heads a relative
    phrase about things; "Both of them abstained" is still a group of two."""
    things = parsed(
        "the/DET/det/1 ceasefire/NOUN/ROOT/1 ,/PUNCT/punct/1 both/PRON/nsubj/6 of/ADP/prep/3 "
        "which/PRON/pobj/4 freed/VERB/relcl/1/free hostages/NOUN/dobj/6/hostage ./PUNCT/punct/1"
    )
    assert [g for g in mentions_in(things)[0] if g[1] == "group"] == []
    people = parsed(
        "Both/PRON/nsubj/3 of/ADP/prep/0 them/PRON/pobj/1 abstained/VERB/ROOT/3/abstain "
        "./PUNCT/punct/3"
    )
    assert [g for g in mentions_in(people)[0] if g[1] == "group"] == [("Both", "group", ())]


def test_mentions_none_in_a_wire_dateline() -> None:
    """ "MADRID, May 28 (Wire) –" says where a report was filed: Madrid is no actor there, and
    Spain after the dash still is. Without the dash the capitals are an ordinary mention."""
    doc = parsed(
        "MADRID/PROPN/npadvmod/9 ,/PUNCT/punct/0 May/PROPN/npadvmod/0 28/NUM/nummod/2 "
        "(/PUNCT/punct/5 Wire/PROPN/appos/2 )/PUNCT/punct/5 –/PUNCT/punct/9 "
        "Spain/PROPN/nsubj/9 recognised/VERB/ROOT/9/recognise Palestine/PROPN/dobj/9 "
        "./PUNCT/punct/9"
    )
    assert dateline_end(doc) == 8
    got, _ = mentions_in(doc)
    assert [g[0] for g in got] == ["Spain", "Palestine"]
    plain = parsed(
        "MADRID/PROPN/nsubj/1 recognised/VERB/ROOT/1/recognise Palestine/PROPN/dobj/1 "
        "./PUNCT/punct/1"
    )
    assert dateline_end(plain) == 0
    assert [g[0] for g in mentions_in(plain)[0]][:1] == ["MADRID"]


def test_mentions_a_one_word_person_name_that_goes_on_is_another_person() -> None:
    """ "Anwar" stands for Anwar Ibrahim, but "Anwar Hossain" (one PERSON name that goes on,
    not in the gazetteer) is someone else; "Anwar said" is still Anwar Ibrahim, and "Anwar
    Sadat", a name of the gazetteer, is Sadat."""
    other = parsed(
        "Anwar/PROPN/compound/1 Hossain/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak ./PUNCT/punct/2",
        ents=((0, 2, "PERSON"),),
    )
    got, _ = mentions_in(other)
    assert not any(kind == "actor" for _, kind, _ in got)
    sadat = parsed(
        "Anwar/PROPN/compound/1 Sadat/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak ./PUNCT/punct/2",
        ents=((0, 2, "PERSON"),),
    )
    got, _ = mentions_in(sadat)
    assert [keys for _, kind, keys in got if kind == "actor"] == [("ANWAR_SADAT",)]
    alone = parsed(
        "Anwar/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1", ents=((0, 1, "PERSON"),)
    )
    got, _ = mentions_in(alone)
    assert [keys for _, kind, keys in got if kind == "actor"] == [("ANWAR_IBRAHIM",)]


def test_mentions_a_surname_after_another_given_name_is_another_person() -> None:
    """ "Bashar Jaafari" is not Ibrahim al-Jaafari, whose surname form is "Jaafari"; "Sergei
    Lavrov" (a transliteration: same initial) and "Minister Lavrov" still are Sergey Lavrov."""

    def persons(words: str) -> list[tuple[str, ...]]:
        first, last = words.split()
        doc = parsed(
            f"{first}/PROPN/compound/1 {last}/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak "
            "./PUNCT/punct/2",
            ents=() if first == "Minister" else ((0, 2, "PERSON"),),
        )
        got, _ = mentions_in(doc)
        return [keys for _, kind, keys in got if kind == "actor"]

    assert persons("Bashar Jaafari") == []
    assert persons("Ibrahim Jaafari") == [("IBRAHIM_AL_JAAFARI",)]
    assert persons("Sergei Lavrov") == [("SERGEY_LAVROV",)]
    assert persons("Minister Lavrov") == [("SERGEY_LAVROV",)]


def test_mentions_a_place_that_opens_a_persons_name_is_a_given_name() -> None:
    """ "Georgia Banks" (one PERSON name) is a person, not Georgia; "Georgia spoke" and a
    demonym that NER folded into a name ("Turkish F-16s") still name their states; "Israel
    Katz", a name of the gazetteer, is matched whole."""
    banks = parsed(
        "Georgia/PROPN/compound/1 Banks/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak ./PUNCT/punct/2",
        ents=((0, 2, "PERSON"),),
    )
    got, _ = mentions_in(banks)
    assert [(text, kind) for text, kind, _ in got] == [("Georgia Banks", "person")]
    alone = parsed(
        "Georgia/PROPN/nsubj/1 spoke/VERB/ROOT/1/speak ./PUNCT/punct/1", ents=((0, 1, "GPE"),)
    )
    got, _ = mentions_in(alone)
    assert [keys for _, kind, keys in got if kind == "actor"] == [("GEO",)]
    jets = parsed(
        "Turkish/ADJ/amod/1 F-16s/PROPN/nsubj/2 fired/VERB/ROOT/2/fire ./PUNCT/punct/2",
        ents=((0, 2, "PERSON"),),
    )
    got, _ = mentions_in(jets)
    assert [keys for _, kind, keys in got if kind == "actor"] == [("TUR",)]
    katz = parsed(
        "Israel/PROPN/compound/1 Katz/PROPN/nsubj/2 spoke/VERB/ROOT/2/speak ./PUNCT/punct/2",
        ents=((0, 2, "PERSON"),),
    )
    got, _ = mentions_in(katz)
    assert [keys for _, kind, keys in got if kind == "actor"] == [("ISRAEL_KATZ",)]


def test_mentions_a_title_form_whose_name_goes_on_is_another_person() -> None:
    """ "Prime Minister Najib" is a form of Najib Razak (Malaysia); in "Prime Minister Najib
    Mikati" the name goes on, and the mention is Najib Mikati (Lebanon)."""
    doc = parsed(
        "Prime/PROPN/compound/1 Minister/PROPN/compound/3 Najib/PROPN/compound/3 "
        "Mikati/PROPN/nsubj/4 spoke/VERB/ROOT/4/speak ./PUNCT/punct/4",
        ents=((2, 4, "PERSON"),),
    )
    got, _ = mentions_in(doc)
    keys = [k for _, kind, ks in got if kind == "actor" for k in ks]
    assert "NAJIB_MIKATI" in keys and "NAJIB_RAZAK" not in keys


def test_mentions_a_text_that_is_two_forms_keeps_the_better_one() -> None:
    """ "ASEAN" is both the name and the short name of ASEAN: the mention keeps the name,
    whatever the order of the gazetteer's rows (the role model sees the form)."""
    doc = parsed("ASEAN/PROPN/nsubj/1 met/VERB/ROOT/1/meet ./PUNCT/punct/1", ents=((0, 1, "ORG"),))
    _, found = mentions_in(doc)
    assert [(m.keys, m.form) for m in found] == [(("ASEAN",), "name")]


def test_mentions_a_lower_case_word_tagged_as_a_name_is_still_a_description() -> None:
    # the tagger reads "council" beside "Kenya" as a name; a name is never lower case
    doc = parsed(
        "Haiti/PROPN/nsubj/1 thanked/VERB/ROOT/1/thank the/DET/det/3 council/PROPN/dobj/1 "
        "and/CCONJ/cc/3 Kenya/PROPN/conj/3 ./PUNCT/punct/1"
    )
    got, _ = mentions_in(doc)
    assert ("the council", "description", ()) in got


def test_a_shared_form_keeps_its_actors_order_whatever_else_the_gazetteer_holds(
    tmp_path: Path,
) -> None:
    """The actors of a form two entries share come in one order however many forms the
    table holds before them: the matcher's own order moved with every form added, and with
    it the form and kind the trained models read (an alias added to Myanmar changed the
    Kremlin's actors, and two events elsewhere)."""
    doc = parsed(
        "The/DET/det/2 Zed/PROPN/compound/2 Palace/PROPN/nsubj/3 "
        "protested/VERB/ROOT/3/protest ./PUNCT/punct/3"
    )
    seen = set()
    for extra in range(12):  # aliases of an entry before them shift both their rows
        aliases = "|".join(f"Alpha{i}" for i in range(extra))
        rows = (
            "id,kind,name,aliases,seats,start,end\n"
            f"ALPHA,state,Alphaland,{aliases},,,\n"
            "ZEDOLD,former_state,Old Zedland,,Zed Palace,1900-01-01,1990-12-31\n"
            "ZEDNEW,state,Zedland,,Zed Palace,1991-01-01,\n"
        )
        path = tmp_path / f"zed{extra}.csv"
        path.write_text(rows, encoding="utf-8")
        zed = ActorTable(Gazetteer.load(path))
        found = find_mentions(doc, build_matchers(blank(), zed), zed)
        seen.add(next(m.keys for m in found if m.kind == "actor"))
    assert len(seen) == 1 and set(seen.pop()) == {"ZEDOLD", "ZEDNEW"}
