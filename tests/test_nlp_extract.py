"""Unit tests of the event rules on hand-built spaCy Docs (no statistical model).

Each Doc is written out with its words, heads, dependency labels, POS tags and lemmas, as in
spaCy's own tests, so a rule is tested on exactly the parse it is meant for.
"""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from geostance.errors import ExtractionError
from geostance.nlp import codes as cameo
from geostance.nlp.actors import default_gazetteer
from geostance.nlp.extract import (
    ActorTable,
    RawEvent,
    build_matchers,
    find_events,
    find_mentions,
    split_paragraphs,
    trigger_tables,
)


@pytest.fixture(scope="module")
def blank():  # type: ignore[no-untyped-def]
    return spacy.blank("en")


@pytest.fixture(scope="module")
def table() -> ActorTable:
    return ActorTable(default_gazetteer())


@pytest.fixture(scope="module")
def matchers(blank, table):  # type: ignore[no-untyped-def]
    return build_matchers(blank, table)


@pytest.fixture(scope="module")
def lexicon():  # type: ignore[no-untyped-def]
    return trigger_tables()


def make(blank, rows: list[tuple[str, int, str, str, str]], ents=None) -> Doc:  # type: ignore[no-untyped-def]
    """rows: (word, head index, dep, pos, lemma)."""
    words = [r[0] for r in rows]
    return Doc(
        blank.vocab,
        words=words,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
        ents=ents,
    )


def run(doc: Doc, matchers, table, lexicon) -> list[RawEvent]:  # type: ignore[no-untyped-def]
    mentions = find_mentions(doc, matchers, table)
    verbs, nouns = lexicon
    return find_events(doc, mentions, verbs, nouns)


def triples(doc: Doc, events: list[RawEvent], table: ActorTable) -> set[tuple[str, str, str]]:
    on = dt.date(2024, 5, 1)
    return {
        (
            table.resolve(e.source.candidates, on) or "",
            table.resolve(e.target.candidates, on) or "",
            e.code,
        )
        for e in events
    }


# ---------------------------------------------------------------- the rules
def test_active_subject_verb_object(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Russia", 1, "nsubj", "PROPN", "Russia"),
            ("condemned", 1, "ROOT", "VERB", "condemn"),
            ("Israel", 1, "dobj", "PROPN", "Israel"),
            (".", 1, "punct", "PUNCT", "."),
        ],
    )
    events = run(doc, matchers, table, lexicon)
    assert triples(doc, events, table) == {("RUS", "ISR", "111")}
    e = events[0]
    assert doc.text[e.source.start : e.source.end] == "Russia"
    assert doc.text[e.target.start : e.target.end] == "Israel"
    assert doc.text[e.trigger_start : e.trigger_end] == "condemned"
    assert not e.negated and e.modality == "asserted"


def test_passive_by_agent_swaps_roles(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Israel", 2, "nsubjpass", "PROPN", "Israel"),
            ("was", 2, "auxpass", "AUX", "be"),
            ("condemned", 2, "ROOT", "VERB", "condemn"),
            ("by", 2, "agent", "ADP", "by"),
            ("Russia", 3, "pobj", "PROPN", "Russia"),
        ],
    )
    events = run(doc, matchers, table, lexicon)
    assert triples(doc, events, table) == {("RUS", "ISR", "111")}
    assert events[0].confidence < 0.8  # passive costs confidence


def test_negation_keeps_the_code(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Russia", 3, "nsubj", "PROPN", "Russia"),
            ("did", 3, "aux", "AUX", "do"),
            ("not", 3, "neg", "PART", "not"),
            ("condemn", 3, "ROOT", "VERB", "condemn"),
            ("Hamas", 3, "dobj", "PROPN", "Hamas"),
        ],
    )
    events = run(doc, matchers, table, lexicon)
    assert triples(doc, events, table) == {("RUS", "HAMAS", "111")}
    assert events[0].negated


def test_refused_to_is_negated_act_not_a_rejection(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("China", 1, "nsubj", "PROPN", "China"),
            ("refused", 1, "ROOT", "VERB", "refuse"),
            ("to", 3, "aux", "PART", "to"),
            ("condemn", 1, "xcomp", "VERB", "condemn"),
            ("Russia", 3, "dobj", "PROPN", "Russia"),
        ],
    )
    events = run(doc, matchers, table, lexicon)
    assert triples(doc, events, table) == {("CHN", "RUS", "111")}
    assert events[0].negated


def test_coordinated_sources_give_one_event_each(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Russia", 3, "nsubj", "PROPN", "Russia"),
            ("and", 0, "cc", "CCONJ", "and"),
            ("China", 0, "conj", "PROPN", "China"),
            ("criticised", 3, "ROOT", "VERB", "criticise"),
            ("Israel", 3, "dobj", "PROPN", "Israel"),
        ],
    )
    got = triples(doc, run(doc, matchers, table, lexicon), table)
    assert got == {("RUS", "ISR", "111"), ("CHN", "ISR", "111")}


def test_light_verb_takes_the_noun_code(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Washington", 1, "nsubj", "PROPN", "Washington"),
            ("gave", 1, "ROOT", "VERB", "give"),
            ("support", 1, "dobj", "NOUN", "support"),
            ("to", 1, "dative", "ADP", "to"),
            ("Israel", 3, "pobj", "PROPN", "Israel"),
        ],
    )
    events = run(doc, matchers, table, lexicon)
    assert triples(doc, events, table) == {("USA", "ISR", "051")}
    assert doc.text[events[0].trigger_start : events[0].trigger_end] == "support"


def test_nominal_possessive_source_and_adjective_target(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Moscow", 2, "poss", "PROPN", "Moscow"),
            ("'s", 0, "case", "PART", "'s"),
            ("support", 6, "nsubj", "NOUN", "support"),
            ("for", 2, "prep", "ADP", "for"),
            ("Palestinian", 5, "amod", "ADJ", "palestinian"),
            ("statehood", 3, "pobj", "NOUN", "statehood"),
            ("grew", 6, "ROOT", "VERB", "grow"),
        ],
    )
    events = run(doc, matchers, table, lexicon)
    assert triples(doc, events, table) == {("RUS", "PSE", "051")}


def test_halting_a_cooperation_is_that_cooperation_negated(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Turkey", 1, "nsubj", "PROPN", "Turkey"),
            ("halted", 1, "ROOT", "VERB", "halt"),
            ("trade", 1, "dobj", "NOUN", "trade"),
            ("with", 2, "prep", "ADP", "with"),
            ("Israel", 3, "pobj", "PROPN", "Israel"),
        ],
    )
    events = run(doc, matchers, table, lexicon)
    assert triples(doc, events, table) == {("TUR", "ISR", "061")}
    assert events[0].negated


def test_vote_target_is_the_actor_the_resolution_is_about(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Russia", 1, "nsubj", "PROPN", "Russia"),
            ("voted", 1, "ROOT", "VERB", "vote"),
            ("against", 1, "prep", "ADP", "against"),
            ("a", 4, "det", "DET", "a"),
            ("resolution", 2, "pobj", "NOUN", "resolution"),
            ("condemning", 4, "acl", "VERB", "condemn"),
            ("Syria", 5, "dobj", "PROPN", "Syria"),
        ],
    )
    events = run(doc, matchers, table, lexicon)
    # against a resolution that condemns Syria = refusing to condemn Syria
    assert triples(doc, events, table) >= {("RUS", "SYR", "111")}
    vote = next(e for e in events if doc.text[e.trigger_start : e.trigger_end] == "voted")
    assert vote.negated


def test_veto_of_a_favourable_draft_is_code_129(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Washington", 1, "nsubj", "PROPN", "Washington"),
            ("vetoed", 1, "ROOT", "VERB", "veto"),
            ("a", 3, "det", "DET", "a"),
            ("draft", 1, "dobj", "NOUN", "draft"),
            ("admitting", 3, "acl", "VERB", "admit"),
            ("Palestine", 4, "dobj", "PROPN", "Palestine"),
        ],
    )
    events = run(doc, matchers, table, lexicon)
    assert triples(doc, events, table) == {("USA", "PSE", "129")}
    assert not events[0].negated


def test_pronoun_refers_to_latest_compatible_actor(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Egypt", 1, "nsubj", "PROPN", "Egypt"),
            ("spoke", 1, "ROOT", "VERB", "speak"),
            (".", 1, "punct", "PUNCT", "."),
            ("It", 4, "nsubj", "PRON", "it"),
            ("praised", 4, "ROOT", "VERB", "praise"),
            ("Jordan", 4, "dobj", "PROPN", "Jordan"),
        ],
        ents=["B-GPE", "O", "O", "O", "O", "B-GPE"],
    )
    events = run(doc, matchers, table, lexicon)
    assert triples(doc, events, table) == {("EGY", "JOR", "051")}
    assert events[0].source.via == "coref"
    assert events[0].confidence < 0.7


def test_ambiguous_form_needs_an_entity_label(blank, matchers, table, lexicon) -> None:
    rows = [
        ("Jordan", 1, "nsubj", "PROPN", "Jordan"),
        ("condemned", 1, "ROOT", "VERB", "condemn"),
        ("Syria", 1, "dobj", "PROPN", "Syria"),
    ]
    assert run(make(blank, rows), matchers, table, lexicon) == []
    labelled = make(blank, rows, ents=["B-GPE", "O", "B-GPE"])
    assert triples(labelled, run(labelled, matchers, table, lexicon), table) == {
        ("JOR", "SYR", "111")
    }


def test_ethnic_adjective_is_not_the_state(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("ethnic", 1, "amod", "ADJ", "ethnic"),
            ("Albanians", 2, "nsubj", "PROPN", "Albanians"),
            ("attacked", 2, "ROOT", "VERB", "attack"),
            ("Serbia", 2, "dobj", "PROPN", "Serbia"),
        ],
    )
    assert run(doc, matchers, table, lexicon) == []


def test_unknown_organisations_are_not_actors(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Officials", 1, "nsubj", "NOUN", "official"),
            ("condemned", 1, "ROOT", "VERB", "condemn"),
            ("Acme", 1, "dobj", "PROPN", "Acme"),
        ],
    )
    assert run(doc, matchers, table, lexicon) == []


def test_empty_doc_and_doc_without_actors(blank, matchers, table, lexicon) -> None:
    assert run(blank(""), matchers, table, lexicon) == []
    doc = make(blank, [("Rain", 1, "nsubj", "NOUN", "rain"), ("fell", 1, "ROOT", "VERB", "fall")])
    assert run(doc, matchers, table, lexicon) == []


def test_persons_resolve_by_date(table: ActorTable) -> None:
    gaz = default_gazetteer()
    keys = tuple(f.key for f in table.forms if f.text == "Clinton")
    assert len(keys) >= 2
    assert table.resolve(keys, dt.date(1995, 6, 1)) == "USA"
    assert gaz.entry(keys[0]).kind == "person"


# ---------------------------------------------------------------- documents and codes
def test_split_paragraphs_offsets_and_indexes() -> None:
    text = "First para here.\n\n  Second one.\nSame para.\n\n\n\nThird."
    chunks = list(split_paragraphs(text))
    assert [c[0] for c in chunks] == [0, 1, 2]
    for _, start, chunk in chunks:
        assert text[start : start + len(chunk)] == chunk


def test_split_paragraphs_cuts_huge_paragraph() -> None:
    text = ("word " * 50_000).strip()  # 250k characters, no blank line
    chunks = list(split_paragraphs(text, max_chunk=10_000))
    assert all(len(c[2]) <= 10_000 for c in chunks)
    assert len(chunks) >= 25
    for _, start, chunk in chunks:
        assert text[start : start + len(chunk)] == chunk
    assert list(split_paragraphs("")) == [] and list(split_paragraphs("\n\n \n")) == []


def test_split_paragraphs_binary_like_text() -> None:
    text = "\x00\x01\ufffd" * 1000 + "\n\n" + "x" * 300
    chunks = list(split_paragraphs(text, max_chunk=500))
    assert all(len(c[2]) <= 500 for c in chunks)
    assert all(text[s : s + len(c)] == c for _, s, c in chunks)


def test_codes_table_and_quad_convention() -> None:
    assert cameo.lookup("111").quad_class == 3
    assert cameo.lookup("051").plover == "SUPPORT"
    assert cameo.lookup("195").quad_class == 4 and cameo.lookup("195").goldstein == -10.0
    assert cameo.lookup("073").quad_class == 2
    assert cameo.phoenix_quad("020") == 0 and cameo.phoenix_quad("163") == 3
    roots = {c.root: c.quad_class for c in cameo.all_codes().values()}
    assert [roots[f"{r:02d}"] for r in range(1, 21)] == [1] * 5 + [2] * 3 + [3] * 5 + [4] * 7
    with pytest.raises(ExtractionError, match="unknown CAMEO code '999'"):
        cameo.lookup("999")
    with pytest.raises(ExtractionError):
        cameo.lookup("")


def test_lexicon_rows_are_well_formed() -> None:
    rows = cameo.lexicon()
    assert len(rows) > 200
    assert all(r.pos in ("verb", "noun") and r.lemma == r.lemma.lower() for r in rows)
    codes = {(r.lemma, r.pos): r.code for r in rows}
    assert codes[("condemn", "verb")] == "111"
    assert codes[("veto", "verb")] == "129"
    assert codes[("recognition", "noun")] == "054"


def test_raw_events_pack_to_plain_values(blank, matchers, table, lexicon) -> None:
    doc = make(
        blank,
        [
            ("Russia", 1, "nsubj", "PROPN", "Russia"),
            ("condemned", 1, "ROOT", "VERB", "condemn"),
            ("Israel", 1, "dobj", "PROPN", "Israel"),
        ],
    )
    (event,) = run(doc, matchers, table, lexicon)
    packed = event.pack()
    assert all(isinstance(x, (int, float, str, bool, list, type(None))) for x in packed)
    assert RawEvent.unpack(packed) == event


# ---- frames (geostance.nlp.frames) and chunk memory, on hand-built parses
def _tagged(blank, rows: list[tuple[str, int, str, str, str, str]]) -> Doc:  # type: ignore[no-untyped-def]
    """rows: (word, head index, dep, pos, tag, lemma)."""
    return Doc(
        blank.vocab,
        words=[r[0] for r in rows],
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        lemmas=[r[5] for r in rows],
    )


def test_stopped_short_of_is_a_negating_frame(blank) -> None:  # type: ignore[no-untyped-def]
    from geostance.nlp import frames

    doc = _tagged(
        blank,
        [
            ("Moscow", 1, "nsubj", "PROPN", "NNP", "Moscow"),
            ("stopped", 1, "ROOT", "VERB", "VBD", "stop"),
            ("short", 1, "advmod", "ADV", "RB", "short"),
            ("of", 2, "prep", "ADP", "IN", "of"),
            ("condemning", 3, "pcomp", "VERB", "VBG", "condemn"),
            ("Hamas", 4, "dobj", "PROPN", "NNP", "Hamas"),
        ],
    )
    ctl = frames.gerund_controller(doc[4])
    assert ctl is not None and ctl[0].i == 1 and ctl[1].i == 3
    assert frames.negating_frame(doc[4])
    assert not frames.negating_frame(doc[1])


def test_hedges_depend_on_who_holds_the_view(blank) -> None:  # type: ignore[no-untyped-def]
    from geostance.nlp import frames

    rows = [
        ("Analysts", 1, "nsubj", "NOUN", "NNS", "analyst"),
        ("argue", 1, "ROOT", "VERB", "VBP", "argue"),
        ("that", 4, "mark", "SCONJ", "IN", "that"),
        ("Russia", 4, "nsubj", "PROPN", "NNP", "Russia"),
        ("armed", 1, "ccomp", "VERB", "VBD", "arm"),
        ("Hamas", 4, "dobj", "PROPN", "NNP", "Hamas"),
    ]
    doc = _tagged(blank, rows)
    assert frames.hedged(doc[4], lambda t: t.text in ("Russia", "Hamas"))
    assert not frames.hedged(doc[4], lambda t: True)  # a named actor argues: reported speech
    assert not frames.hedged(doc[1], lambda t: False)  # the main clause itself


def test_yes_no_questions_and_wh_questions(blank) -> None:  # type: ignore[no-untyped-def]
    from geostance.nlp import frames

    yes_no = _tagged(
        blank,
        [
            ("Will", 2, "aux", "AUX", "MD", "will"),
            ("Moscow", 2, "nsubj", "PROPN", "NNP", "Moscow"),
            ("condemn", 2, "ROOT", "VERB", "VB", "condemn"),
            ("Hamas", 2, "dobj", "PROPN", "NNP", "Hamas"),
            ("?", 2, "punct", "PUNCT", ".", "?"),
        ],
    )
    assert frames.yes_no_question(yes_no[:])
    why = _tagged(
        blank,
        [
            ("Why", 3, "advmod", "SCONJ", "WRB", "why"),
            ("did", 3, "aux", "AUX", "VBD", "do"),
            ("Russia", 3, "nsubj", "PROPN", "NNP", "Russia"),
            ("veto", 3, "ROOT", "VERB", "VB", "veto"),
            ("it", 3, "dobj", "PRON", "PRP", "it"),
            ("?", 3, "punct", "PUNCT", ".", "?"),
        ],
    )
    assert not frames.yes_no_question(why[:])
    statement = _tagged(blank, [("Russia", 1, "nsubj", "PROPN", "NNP", "Russia"),
                                ("voted", 1, "ROOT", "VERB", "VBD", "vote")])  # fmt: skip
    assert not frames.yes_no_question(statement[:])
    assert not frames.yes_no_question(_tagged(blank, [])[:])


def test_chunk_events_pack_round_trip() -> None:
    from geostance.nlp.extract import Arg, ChunkEvents

    a = Arg("RUS", 0, 6, "direct", ("RUS",))
    b = Arg("ISR", 20, 26, "coref", ("ISR",), True)
    ev = RawEvent(0, 30, a, b, 7, 12, "111", True, "intended", 0.4, "TASS", ("TASS",))
    pending = RawEvent(0, 30, a, Arg("", 0, 0, "coref"), 7, 12, "vote:for", False)
    chunk = ChunkEvents([ev], [pending], (b, "111"))
    assert ChunkEvents.unpack(chunk.pack()) == chunk
    empty = ChunkEvents([])
    assert ChunkEvents.unpack(empty.pack()) == empty


def test_vote_codes_follow_the_resolution_stance() -> None:
    from geostance.nlp.extract import vote_code

    assert vote_code("for", "051", False) == ("051", False)
    assert vote_code("against", "051", False) == ("120", False)
    assert vote_code("veto", "051", False) == ("129", False)
    assert vote_code("against", "111", False) == ("111", True)
    assert vote_code("abstain", "111", False) == ("111", True)
