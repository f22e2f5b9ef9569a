"""Rendering answers and reports: text, Markdown, JSON, and the self-contained HTML report."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest

from geostance import answers as ans
from geostance import reports
from geostance.measures.stance import balance
from geostance.models import Document
from stance_helpers import ev

HOSTILE = '<script>alert("x")</script> Russia condemned Israel & "friends".'
NAMES = {"RUS": "Russia", "PSE": "Palestine", "ISR": "Israel", "USA": "United States"}


def corpus() -> tuple[list, dict[str, Document]]:
    events, docs = [], {}
    rows = [
        ("praise", "Russia praised the Palestinian leadership for its restraint.", False),
        ("aid", "Russia sent grain and medicine to Palestinian towns.", False),
        ("condemn", "Russia did not condemn the Palestinian faction.", True),
        ("condemn", HOSTILE, False),
    ]
    for i, (act, text, neg) in enumerate(rows):
        doc_id = f"doc{i}"
        url = "javascript:alert(1)" if i == 3 else f"https://news.example.org/{i}"
        title = '"><img src=x onerror=alert(1)>' if i == 3 else f"Story {i}"
        docs[doc_id] = Document(
            doc_id,
            "Intro. " + text,
            f"file{i}.txt",
            title=title,
            url=url,
            date=dt.date(2020 + i, 1, 1),
        )
        target = "ISR" if text is HOSTILE else "PSE"
        events.append(
            ev(act, target=target, negated=neg, doc_id=doc_id, sentence=text, start=7,
               date=dt.date(2020 + i, 3, 1))
        )  # fmt: skip
    return events, docs


def question(kind: str = "stance") -> ans.Question:
    return ans.Question("Does Russia support Palestine?", kind, ("RUS",), "PSE", names=NAMES)  # type: ignore[arg-type]


def make_report() -> ans.Report:
    events, docs = corpus()
    pse = [e for e in events if e.target == "PSE"]
    votes = [{"date": dt.date(2012, 11, 29), "body": "GA", "symbol": "A/RES/67/19",
              "title": "Status of Palestine <b>", "vote": "yes", "sign": 1,
              "url": "https://undocs.example.org/67/19"}]  # fmt: skip
    st = ans.stance_result(pse, votes, source="RUS", target="PSE")
    peers = ans.compare_measures(
        ["RUS", "USA"], "PSE", {"RUS": pse, "USA": [ev("attack", source="USA")]}, {}, names=NAMES
    )
    a = ans.build_answer(question(), {"RUS": pse}, {"RUS": votes}, docs)
    evidence = ans.rank_evidence(events, docs, k=10)
    return ans.Report(
        "RUS", "PSE", NAMES, st, peers, balance(events, source="RUS", a="PSE", b="ISR"),
        ans.vote_items("RUS", votes), evidence, (a,),
    )  # fmt: skip


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_report_is_self_contained_and_offline() -> None:
    html = reports.report_html(make_report())
    p = _Collect()
    p.feed(html)
    tags = [t for t, _ in p.tags]
    assert "script" not in tags and "link" not in tags and "iframe" not in tags
    assert "svg" in tags and "polyline" in tags
    for tag, attrs in p.tags:
        for name, value in attrs.items():
            if name in ("src", "srcset", "data", "poster", "action"):
                pytest.fail(f"{tag} loads {value}")
            if name == "href" and value and re.match(r"https?:", value):
                assert tag == "a"
            if name.startswith("on"):
                pytest.fail(f"event handler {name} on {tag}")
    assert "@import" not in html and "url(" not in html


def test_html_escapes_document_text_and_refuses_odd_links() -> None:
    html = reports.report_html(make_report())
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert "Status of Palestine &lt;b&gt;" in html


def test_every_claim_links_to_an_existing_evidence_anchor() -> None:
    rep = make_report()
    html = reports.report_html(rep)
    ids = set(re.findall(r'id="(ev-[0-9a-f]+)"', html))
    refs = set(re.findall(r'href="#(ev-[0-9a-f]+)"', html))
    assert refs, "verdicts must cite evidence"
    assert refs <= ids
    assert ids == {e.anchor for e in rep.evidence}
    assert "negated (reported as not done)" in html
    assert "https://news.example.org/0" in html


def test_markdown_report_and_answer() -> None:
    rep = make_report()
    md = reports.report_markdown(rep)
    assert md.startswith("# Russia and Palestine")
    assert "**negated**" in md
    assert "\\<script\\>" in md or "&lt;script&gt;" in md
    assert "[Story 0](https://news.example.org/0)" in md
    amd = reports.answer_markdown(rep.qa[0])
    assert "### Evidence" in amd and "A/RES/67/19" in amd


def test_answer_text_names_numbers_and_negation() -> None:
    events, docs = corpus()
    pse = [e for e in events if e.target == "PSE"]
    a = ans.build_answer(question(), {"RUS": pse}, {}, docs, votes_available=False)
    text = reports.render(a, "text")
    assert "no UN votes imported: run `geostance votes import PATH`" in text
    assert "NEGATED" in text
    assert "score +1.00" in text
    assert "method: geostance.stance.v1" in text


def test_json_round_trip_and_unknown_format() -> None:
    rep = make_report()
    data = json.loads(reports.render(rep, "json"))
    assert data["source"] == "RUS" and data["stance"]["overall"]["channels"]["votes"]["n"] == 1
    assert data["balance"]["material_with_both"] is False
    with pytest.raises(ValueError, match="use one of"):
        reports.render(rep, "pdf")


def test_empty_report_renders_and_says_so() -> None:
    st = ans.stance_result([], [], source="RUS", target="PSE")
    peers = ans.compare_measures(["RUS"], "PSE", {}, {}, names=NAMES)
    a = ans.build_answer(question(), {}, {}, {}, votes_available=False)
    rep = ans.Report("RUS", "PSE", NAMES, st, peers, None, (), (), (a,))
    html = reports.report_html(rep)
    assert "No dated evidence" in html and "No evidence sentences" in html
    assert "No evidence in the store" in a.headline
    assert reports.report_markdown(rep)


def test_svg_charts_scale_with_data() -> None:
    events = [ev("praise", date=dt.date(2000 + i, 1, 1)) for i in range(30)]
    st = ans.stance_result(events, [], source="RUS", target="PSE")
    svg = reports.svg_series(st.series)
    assert svg.count("<circle") == 30
    assert reports.svg_hbars([]).startswith("<p")
    assert "<rect" in reports.svg_hbars([("a", 0.5, "#000")])


def test_other_renderers() -> None:
    events, docs = corpus()
    comp = ans.compare_measures(["RUS"], "PSE", {"RUS": events}, {}, names=NAMES)
    assert "Russia" in reports.render(comp, "text") and "| Russia |" in reports.render(
        comp, "markdown"
    )
    hit = ans.Hit("doc0", 1, 7, 20, "Russia praised ...", 1.5, "Story", None, None, "f.txt")
    assert "Story" in reports.hits_text([hit]) and reports.hits_text([]).startswith("No")


# -- end to end: a report written from a real store ------------------------------------------

from stance_helpers import open_with, pro_db  # noqa: E402

FIXTURES = (pro_db,)  # a session fixture shared with the other stance tests


def test_report_end_to_end_html_and_markdown(pro_db, nlp, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "report.html"
    with open_with(pro_db, nlp) as g:
        html = g.report("RUS", "PSE", out=out)
        rep = g.build_report("Russia", "Palestine")
        for e in rep.evidence:
            assert g.document(e.doc_id).text[e.start : e.end] == e.sentence
        md = g.report("RUS", "PSE", out=tmp_path / "r.md", format="md")
        with pytest.raises(Exception, match="use html or md"):
            g.report("RUS", "PSE", format="pdf")
    assert out.read_text(encoding="utf-8") == html
    assert rep.balance is not None and rep.balance.b.target == "ISR"
    assert rep.balance.b.conflict >= 1 and rep.balance.a.cooperation >= 1
    assert "<script" not in html and "<link" not in html
    assert not re.search(r"""src\s*=\s*["']?https?:""", html)
    ids = set(re.findall(r'id="(ev-[0-9a-f]+)"', html))
    assert ids and set(re.findall(r'href="#(ev-[0-9a-f]+)"', html)) <= ids
    assert "https://news.example.org/2024/02/moscow-hosts" in html
    assert "did not condemn Hamas" not in html  # another dyad's event stays out
    assert (tmp_path / "r.md").read_text(encoding="utf-8") == md and "## Evidence" in md


def test_evidence_dates_are_shown_at_their_precision() -> None:
    import datetime as dt
    from types import SimpleNamespace

    from geostance.reports import _when

    day = dt.date(1988, 1, 1)
    assert _when(SimpleNamespace(date=day, date_precision="year", date_end=None)) == "1988"
    assert _when(SimpleNamespace(date=day, date_precision="month", date_end=None)) == "1988-01"
    assert _when(SimpleNamespace(date=day, date_precision="day", date_end=None)) == "1988-01-01"
    rng = SimpleNamespace(date=day, date_precision="range", date_end=dt.date(1991, 12, 26))
    assert _when(rng) == "1988-01-01–1991-12-26"
    assert _when(SimpleNamespace(date=None)) == "undated"


# -- issue 14: each table once, and a comparison's verdicts name their state ----------------


def three_question_report() -> ans.Report:
    """A report as ``build_report`` makes it: three answers over the same evidence and votes."""
    rep = make_report()
    events, docs = corpus()
    pse = [e for e in events if e.target == "PSE"]
    votes = [{"date": dt.date(2000 + i, 12, 1), "body": "GA", "symbol": f"A/RES/{i}",
              "title": f"Resolution {i}", "vote": "yes", "sign": 1, "url": None}
             for i in range(25)]  # fmt: skip
    qa = tuple(
        ans.build_answer(
            ans.Question(text, kind, ("RUS",), "PSE", channel=channel, names=NAMES),  # type: ignore[arg-type]
            {"RUS": pse},
            {"RUS": votes},
            docs,
            notes=("Russia includes SUN",),
        )
        for text, kind, channel in (
            ("Does Russia support Palestine?", "stance", None),
            ("What does Russia do with Palestine?", "deeds", "deeds"),
            ("How did Russia vote on Palestine?", "votes", "votes"),
        )
    )
    evidence = ans.rank_evidence(events, docs, k=10)
    return dataclasses.replace(
        rep, qa=qa, votes=ans.vote_items("RUS", votes), evidence=evidence,
        notes=("Russia includes SUN",),
    )  # fmt: skip


def test_markdown_report_shows_votes_and_evidence_once() -> None:
    rep = three_question_report()
    md = reports.report_markdown(rep)
    assert md.count("| date | body | resolution | vote |") == 1
    assert md.count("Evidence") == 1 + 3  # the section, and each answer citing its numbers
    for e in rep.evidence:
        assert md.count(reports._md(e.sentence)) == 1, e.sentence
    assert md.count("Russia includes SUN") == 1
    assert md.index("## Questions and answers") < md.index("## Overall")  # answers first
    assert "5 more votes not listed" in md  # 25 votes, 20 shown
    for a in rep.qa:  # each answer alone still carries its detail
        alone = reports.answer_markdown(a)
        assert "| date | body | resolution |" in alone and "### Evidence" in alone


def test_compare_verdicts_name_their_state_in_every_form() -> None:
    events, docs = corpus()
    q = ans.Question("Compare Russia and the US on Palestine", "compare", ("RUS", "USA"), "PSE",
                     names=NAMES)  # fmt: skip
    usa = [ev("attack", source="USA")]
    a = ans.build_answer(q, {"RUS": events, "USA": usa}, {}, docs)
    assert [(v.source, v.heading) for v in a.channels] == [
        ("RUS", f"Russia ({a.channels[0].channel})"),
        ("USA", f"United States ({a.channels[1].channel})"),
    ]
    assert a.to_dict()["channels"][1]["source_name"] == "United States"
    md = reports.render(a, "md")
    assert f"- **Russia ({a.channels[0].channel})**:" in md
    assert f"United States ({a.channels[1].channel}):" in reports.render(a, "text")
