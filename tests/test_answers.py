"""Reading questions and building cited answers (pure: hand-made events and documents).

Question parsing runs on a small hand-made actor table and, once it is importable, on the
real gazetteer too (the ``actors`` fixture is parametrised over both).
"""

from __future__ import annotations

import datetime as dt

import pytest

from geostance import answers as ans
from geostance.errors import QuestionError
from geostance.models import Document
from stance_helpers import TableActors, ev

TODAY = dt.date(2026, 3, 1)


@pytest.fixture(params=["table", "real"], scope="module")
def actors(request):  # type: ignore[no-untyped-def]
    if request.param == "table":
        return TableActors()
    mod = pytest.importorskip("geostance.nlp.actors")
    return mod.default_gazetteer()


def parse(text: str, actors) -> ans.Question:  # type: ignore[no-untyped-def]
    return ans.parse_question(text, actors, today=TODAY)


def test_does_x_support_y(actors) -> None:  # type: ignore[no-untyped-def]
    q = parse("Does Russia support Palestine?", actors)
    assert q.kind == "stance" and q.subjects == ("RUS",) and q.object == "PSE"
    assert q.channel is None and q.since is None
    assert q.names["RUS"] == "Russia"


def test_vote_question_reads_topic_and_demonym(actors) -> None:  # type: ignore[no-untyped-def]
    q = parse("How did China vote on Palestinian UN membership?", actors)
    assert q.kind == "votes" and q.channel == "votes"
    assert q.subjects == ("CHN",) and q.object == "PSE"
    assert "membership" in q.topic


def test_condemn_after_october_7(actors) -> None:  # type: ignore[no-untyped-def]
    q = parse("Did Russia condemn Hamas after October 7?", actors)
    assert q.kind == "relation" and q.relation == "condemn"
    assert q.names[q.object] == "Hamas" and q.since == dt.date(2023, 10, 7) and q.until is None
    assert q.cameo and all(c.startswith("11") for c in q.cameo)
    assert any("2023-10-07" in n for n in q.notes)


def test_compare_three_states(actors) -> None:  # type: ignore[no-untyped-def]
    q = parse("Compare Russia, the US and China on Palestine", actors)
    assert q.kind == "compare" and q.subjects == ("RUS", "USA", "CHN") and q.object == "PSE"


def test_what_does_x_do_with_y(actors) -> None:  # type: ignore[no-untyped-def]
    q = parse("What does Russia do with Israel?", actors)
    assert q.kind == "deeds" and q.channel == "deeds" and q.object == "ISR"


def test_unknown_name_gets_a_suggestion(actors) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QuestionError, match=r"no actor 'Rusia'; did you mean .*Russia \(RUS\)"):
        parse("Does Rusia support Palestine?", actors)


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 600, "\x00\x01\x02 binary?", "What is the weather in Cairo today?"],
)
def test_bad_or_other_questions(text: str, actors) -> None:  # type: ignore[no-untyped-def]
    if not text.strip() or len(text) > 500:
        with pytest.raises(QuestionError):
            parse(text, actors)
    else:
        assert parse(text, actors).kind == "search"


def test_windows_in_words() -> None:
    assert ans.parse_when("7 October 2023", TODAY) == (dt.date(2023, 10, 7),) * 2
    assert ans.parse_when("2019", TODAY) == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert ans.parse_when("March 2024", TODAY) == (dt.date(2024, 3, 1), dt.date(2024, 3, 31))
    assert ans.parse_when("the 1990s", TODAY) == (dt.date(1990, 1, 1), dt.date(1999, 12, 31))
    assert ans.parse_when("June 5", TODAY) == (dt.date(2025, 6, 5),) * 2  # last one before today
    assert ans.parse_when("February 30 2020", TODAY) is None
    assert ans.parse_when("soon", TODAY) is None
    head, since, until, note = ans.split_window("Israel between 2001 and 2003", TODAY)
    assert head == "Israel" and since == dt.date(2001, 1, 1) and until == dt.date(2003, 12, 31)
    assert note and "2001-01-01" in note


def _docs(events) -> dict[str, Document]:  # type: ignore[no-untyped-def]
    return {
        e.doc_id: Document(e.doc_id, " " * e.sentence_start + e.sentence, f"{e.doc_id}.txt",
                           title=f"Title {e.doc_id}", url=f"https://example.org/{e.doc_id}")
        for e in events
    }  # fmt: skip


def _q(kind: str = "stance", **kw) -> ans.Question:  # type: ignore[no-untyped-def]
    names = {"RUS": "Russia", "PSE": "Palestine", "HAM": "Hamas"}
    base = dict(subjects=("RUS",), object="PSE", names=names)
    base.update(kw)
    return ans.Question("q?", kind, **base)  # type: ignore[arg-type]


def test_verdict_flips_when_the_evidence_does() -> None:
    pro = [ev("praise") for _ in range(8)] + [ev("aid") for _ in range(4)]
    con = [ev("condemn") for _ in range(8)] + [ev("attack") for _ in range(4)]
    yes = ans.build_answer(_q(), {"RUS": pro}, {}, _docs(pro))
    no = ans.build_answer(_q(), {"RUS": con}, {}, _docs(con))
    assert yes.headline.startswith("Yes: Russia supports Palestine")
    assert no.headline.startswith("No: Russia opposes Palestine")
    assert yes.channels[0].label == "strongly supportive"
    assert no.channels[1].label == "strongly opposed"
    assert not yes.thin and not no.thin


def test_thin_and_absent_evidence_are_said() -> None:
    one = [ev("praise")]
    thin = ans.build_answer(_q(), {"RUS": one}, {}, _docs(one))
    assert thin.thin and "thin" in thin.headline.lower() or "Too little" in thin.headline
    assert thin.channels[0].label == "leans supportive"
    none = ans.build_answer(_q(), {}, {}, {}, votes_available=False)
    assert none.thin and none.headline.startswith("No evidence")
    assert none.evidence == ()
    assert "no UN votes imported" in none.channels[2].text


def test_negated_events_are_shown_as_such() -> None:
    events = [ev("praise") for _ in range(4)] + [ev("condemn", negated=True) for _ in range(2)]
    a = ans.build_answer(_q(), {"RUS": events}, {}, _docs(events))
    negs = [e for e in a.evidence if e.negated]
    assert len(negs) == 2
    assert "2 negated events" in a.channels[0].text and "not scored" in a.channels[0].text
    assert a.measure and a.measure.words.score == 1.0


def test_relation_answer_counts_acts_and_negations_in_window() -> None:
    names = {"RUS": "Russia", "HAM": "Hamas"}
    did = [ev("condemn", target="HAM", date=dt.date(2023, 10, 9))]
    did_not = [ev("condemn", target="HAM", negated=True, date=dt.date(2023, 10, 8))]
    other = [ev("praise", target="HAM", date=dt.date(2023, 11, 1))]
    q = _q("relation", object="HAM", relation="condemn", cameo=("111", "11"), channel="words",
           since=dt.date(2023, 10, 7), names=names)  # fmt: skip
    a = ans.build_answer(q, {"RUS": did + did_not + other}, {}, _docs(did + did_not + other))
    assert a.headline.startswith(
        "Yes: 1 reported act in which Russia condemned Hamas since 2023-10-07"
    )
    assert "did not condemn Hamas (negated" in a.headline
    assert a.evidence[0].cameo == "111"
    b = ans.build_answer(q, {"RUS": other + did_not}, {}, _docs(other + did_not))
    assert b.headline.startswith("No evidence that Russia condemned Hamas")
    assert b.thin


def test_votes_answer_filters_by_topic() -> None:
    rows = [
        {"date": dt.date(2024, 5, 10), "body": "GA", "symbol": "A/RES/ES-10/23",
         "title": "Admission of new members: Palestine membership", "vote": "yes", "sign": 1},
        {"date": dt.date(2023, 12, 12), "body": "GA", "symbol": "A/RES/ES-10/22",
         "title": "Protection of civilians", "vote": "yes", "sign": 1},
    ]  # fmt: skip
    q = _q("votes", channel="votes", topic=("membership",), subjects=("CHN",),
           names={"CHN": "China", "PSE": "Palestine"})  # fmt: skip
    a = ans.build_answer(q, {}, {"CHN": rows}, {})
    assert len(a.votes) == 1 and a.votes[0].symbol == "A/RES/ES-10/23"
    assert a.votes[0].favours == "for"
    assert a.measure and a.measure.votes.n == 1
    assert "China" in a.headline


def test_evidence_is_cited_and_exists_in_its_document() -> None:
    events = [ev("praise", start=5) for _ in range(3)] + [ev("aid", start=12) for _ in range(3)]
    docs = _docs(events)
    a = ans.build_answer(_q(), {"RUS": events}, {}, docs)
    assert a.evidence
    for e in a.evidence:
        assert docs[e.doc_id].text[e.start : e.end] == e.sentence
        assert e.title == f"Title {e.doc_id}" and e.link == f"https://example.org/{e.doc_id}"


def test_peers_side_by_side_and_compare() -> None:
    from geostance.measures.stance import measure

    rus = [ev("praise") for _ in range(5)]
    usa = [ev("condemn", source="USA") for _ in range(5)]
    peer = {"USA": measure(usa, source="USA", target="PSE")}
    a = ans.build_answer(_q(), {"RUS": rus}, {}, _docs(rus), peers=peer)
    assert [m.source for m in a.peers] == ["USA"]
    assert [g.source for g in a.gaps] == ["RUS", "USA"]
    q = _q("compare", subjects=("RUS", "USA"))
    c = ans.build_answer(q, {"RUS": rus, "USA": usa}, {}, _docs(rus + usa))
    assert c.kind == "compare" and [m.source for m in c.peers] == ["RUS", "USA"]
    assert "Russia: words +1.00" in c.headline


def test_search_answer_and_non_stance_questions() -> None:
    q = ans.Question("weather?", "search")
    assert "no stored sentence" in ans.search_answer(q, []).headline.lower()
    with pytest.raises(QuestionError):
        ans.build_answer(q, {}, {}, {})


# -- end to end: the real model and store through the facade --------------------------------

from stance_helpers import con_db, open_with, pro_copy, pro_db  # noqa: E402

FIXTURES = (con_db, pro_copy, pro_db)  # session fixtures shared with the other stance tests


def _cited_sentences_exist(g, answer) -> None:  # type: ignore[no-untyped-def]
    for e in answer.evidence:
        doc = g.document(e.doc_id)
        assert doc is not None
        assert doc.text[e.start : e.end] == e.sentence


def test_ask_end_to_end_verdict_flips_with_the_corpus(pro_db, con_db, nlp) -> None:  # type: ignore[no-untyped-def]
    with open_with(pro_db, nlp) as g:
        pro = g.ask("Does Russia support Palestine?")
        _cited_sentences_exist(g, pro)
    with open_with(con_db, nlp) as g:
        con = g.ask("Does Russia support Palestine?")
        _cited_sentences_exist(g, con)
    assert pro.measure and con.measure
    assert pro.measure.n >= 3 and con.measure.n >= 3
    pooled_pro = pro.measure.words.pro + pro.measure.deeds.pro
    pooled_con = con.measure.words.con + con.measure.deeds.con
    assert pooled_pro > pro.measure.words.con + pro.measure.deeds.con
    assert pooled_con > con.measure.words.pro + con.measure.deeds.pro
    assert pro.headline.startswith(("Yes", "Leans toward supporting", "Too little"))
    assert con.headline.startswith(("No", "Mixed", "Too little"))
    assert not pro.headline.startswith("No") and not con.headline.startswith("Yes")
    assert any("Palestinian Authority" in n for n in pro.notes)
    assert any(e.link and e.link.startswith("https://news.example.org/") for e in pro.evidence)
    assert all(e.title for e in pro.evidence)


def test_ask_shows_negated_condemnation(pro_db, nlp) -> None:  # type: ignore[no-untyped-def]
    with open_with(pro_db, nlp) as g:
        a = g.ask("Did Russia condemn Hamas after October 7?")
        _cited_sentences_exist(g, a)
    negs = [e for e in a.evidence if e.negated]
    assert negs and "did not condemn Hamas" in negs[0].sentence
    assert "did not condemn Hamas (negated" in a.headline
    assert a.headline.startswith("No evidence that Russia condemned Hamas")
    assert "no UN votes imported" in a.channels[2].text or a.channels[2].score.n > 0


def test_ask_unknown_actor_and_search_fallback(pro_copy, nlp) -> None:  # type: ignore[no-untyped-def]
    from stance_helpers import STANCE_DATA

    with open_with(pro_copy, nlp) as g:
        with pytest.raises(QuestionError, match="did you mean Russia"):
            g.ask("Does Rusia support Palestine?")
        a = g.ask("Which shipments of medical supplies went to Gaza?")
        assert a.kind == "search" and a.hits
        assert "medical supplies" in a.hits[0].sentence
        for h in a.hits:
            assert g.document(h.doc_id).text[h.start : h.end] == h.sentence
        assert not g.search("Doha envoys")
        g.ingest(str(STANCE_DATA / "later.txt"))
        hits = g.search("Doha envoys")  # the index follows new ingests
        assert hits and "Doha" in hits[0].sentence
        with pytest.raises(QuestionError):
            g.search("   ")
        hostile = g.search("'; DROP TABLE documents; --")
        assert all(isinstance(h.sentence, str) for h in hostile)
        assert g.store.counts()["documents"] == 4


def test_stance_compare_and_brief(pro_db, nlp) -> None:  # type: ignore[no-untyped-def]
    with open_with(pro_db, nlp) as g:
        st = g.stance("RUS", "Palestine", period="month")
        assert st.sources == ("RUS", "SUN") and st.overall.n >= 5
        assert any("Palestinian Authority (PA)" in n for n in st.notes)
        assert st.series and all(m.period.startswith(("2023", "2024")) for m in st.series)
        comp = g.compare("Russia", "USA", on="PSE")
        assert [m.source for m in comp.rows] == ["RUS", "USA"]
        assert comp.rows[0].n > 0 and comp.rows[1].n == 0
        b = g.brief("RUS", "PSE", n=3)
        assert 1 <= len(b.sentences) <= 3
        for x in b.sentences:
            assert g.document(x.doc_id).text[x.start : x.end] == x.text
        with pytest.raises(QuestionError):
            g.stance("RUS", "PSE", period="decade")


def test_possessive_of_plural_and_singular_names() -> None:
    """An answer reads "United States' statements", never "United States's"."""
    from geostance.answers.verdict import possessive

    assert possessive("United States") == "United States'"
    assert possessive("United Arab Emirates") == "United Arab Emirates'"
    assert possessive("Philippines") == "Philippines'"
    assert possessive("Russia") == "Russia's"
    assert possessive("Belarus") == "Belarus's"  # a singular name ending in s keeps 's
