"""The demo corpus in examples/demo: complete, well-formed, dated, and with one near-duplicate.

The files are parsed here with the standard library only, so that a broken brief is
reported as a corpus problem and not as a failure of the readers under test elsewhere.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geostance.nlp.dates import find_dates

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo"
FRONT_KEYS = ("title", "date", "source", "url")
EARLIEST, LATEST = dt.date(1947, 1, 1), dt.date(2025, 12, 31)


@dataclass(frozen=True)
class Brief:
    origin: str
    title: str
    date: dt.date
    url: str
    source: str
    text: str


# --- readers (standard library only) ------------------------------------------------------


def parse_front_matter(raw: str, origin: str) -> tuple[dict[str, str], str]:
    """The ``key: value`` block between the first two ``---`` lines, and the body after it."""
    m = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", raw, re.DOTALL)
    assert m, f"{origin}: no front matter block"
    fields: dict[str, str] = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        assert sep and key.strip() in FRONT_KEYS, f"{origin}: bad front matter line {line!r}"
        assert key.strip() not in fields, f"{origin}: {key} given twice"
        assert value.strip(), f"{origin}: {key} is empty"
        fields[key.strip()] = value.strip()
    assert set(fields) == set(FRONT_KEYS), f"{origin}: front matter keys {sorted(fields)}"
    return fields, m.group(2)


def markdown_briefs() -> list[Brief]:
    out = []
    for path in sorted(DEMO.glob("*.md")):
        if path.name == "README.md":
            continue
        fields, body = parse_front_matter(path.read_text(encoding="utf-8"), path.name)
        out.append(
            Brief(
                path.name,
                fields["title"],
                dt.date.fromisoformat(fields["date"]),
                fields["url"],
                fields["source"],
                body.strip(),
            )
        )
    return out


def jsonl_briefs() -> list[Brief]:
    out = []
    lines = (DEMO / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        record = json.loads(line)
        assert set(record) == {"text", "title", "date", "url", "source"}, record.keys()
        out.append(
            Brief(
                f"wire.jsonl:{number}",
                record["title"],
                dt.date.fromisoformat(record["date"]),
                record["url"],
                record["source"],
                record["text"],
            )
        )
    return out


class _PageParser(HTMLParser):
    """Collects the title, published time, canonical link and the article's paragraphs."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.paragraphs: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and a.get("property") == "article:published_time":
            self.meta["published"] = a["content"]
        elif tag == "link" and a.get("rel") == "canonical":
            self.meta["canonical"] = a["href"]
        elif tag in ("title", "article", "p"):
            self._in.append(tag)
            if tag == "p" and "article" in self._in:
                self.paragraphs.append("")

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "title":
            self.meta["title"] = self.meta.get("title", "") + data
        elif self._in[-2:] == ["article", "p"]:
            self.paragraphs[-1] += data


def html_briefs() -> list[Brief]:
    out = []
    for path in sorted(DEMO.glob("*.html")):
        page = _PageParser()
        page.feed(path.read_text(encoding="utf-8"))
        assert {"title", "published", "canonical"} <= set(page.meta), (path.name, page.meta)
        assert len(page.paragraphs) >= 3, path.name
        published = dt.datetime.fromisoformat(page.meta["published"])
        out.append(
            Brief(
                path.name,
                page.meta["title"].strip(),
                published.date(),
                page.meta["canonical"],
                "geostance demo desk",
                "\n\n".join(p.strip() for p in page.paragraphs),
            )
        )
    return out


def rss_briefs() -> list[Brief]:
    root = ET.parse(DEMO / "feed.xml").getroot()
    assert root.tag == "rss" and root.get("version") == "2.0"
    out = []
    for number, item in enumerate(root.iter("item"), start=1):
        published = email.utils.parsedate_to_datetime(item.findtext("pubDate", ""))
        out.append(
            Brief(
                f"feed.xml#{number}",
                item.findtext("title", ""),
                published.date(),
                item.findtext("link", ""),
                root.findtext("channel/title", ""),
                item.findtext("description", "").strip(),
            )
        )
    return out


@pytest.fixture(scope="module")
def briefs() -> list[Brief]:
    return markdown_briefs() + jsonl_briefs() + html_briefs() + rss_briefs()


# --- the corpus as a whole ------------------------------------------------------------------


def test_demo_corpus_has_twenty_to_thirty_briefs_in_every_format(briefs: list[Brief]) -> None:
    assert 20 <= len(briefs) <= 30
    assert len(markdown_briefs()) >= 15
    assert len(jsonl_briefs()) == 3
    assert len(html_briefs()) == 2
    assert len(rss_briefs()) == 2


def test_demo_corpus_every_brief_has_title_date_url_and_source(briefs: list[Brief]) -> None:
    for b in briefs:
        assert b.title.strip(), b.origin
        assert EARLIEST <= b.date <= LATEST, (b.origin, b.date)
        assert re.fullmatch(r"https://[a-z.-]+\.invalid/\S+", b.url), (b.origin, b.url)
        assert b.source.strip(), b.origin


def test_demo_corpus_briefs_are_short(briefs: list[Brief]) -> None:
    for b in briefs:
        words = len(b.text.split())
        assert 120 <= words <= 300, (b.origin, words)


def test_demo_corpus_markdown_file_names_carry_the_brief_year() -> None:
    for path in DEMO.glob("[0-9]*.md"):
        fields, _ = parse_front_matter(path.read_text(encoding="utf-8"), path.name)
        assert path.name[3:7] == fields["date"][:4], path.name


def test_demo_corpus_no_two_briefs_are_the_same(briefs: list[Brief]) -> None:
    assert len({b.text for b in briefs}) == len(briefs)
    assert len({b.url for b in briefs}) == len(briefs)
    assert len({b.title for b in briefs}) == len(briefs)


def _shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def _similarity(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_demo_corpus_has_exactly_one_near_duplicate_pair(briefs: list[Brief]) -> None:
    close = [
        (a, b) for a, b in itertools.combinations(briefs, 2) if _similarity(a.text, b.text) >= 0.6
    ]
    assert len(close) == 1, [(a.origin, b.origin) for a, b in close]
    a, b = close[0]
    assert {a.origin, b.origin} == {
        "10-2012-observer-state.md",
        "10-2012-observer-state-syndicated.md",
    }
    assert a.text != b.text and a.source != b.source and a.url != b.url
    assert a.date == b.date


def test_demo_corpus_readme_lists_every_file() -> None:
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in DEMO.iterdir() if p.name != "README.md")
    for name in files:
        assert f"`{name}`" in readme, name
    for listed in re.findall(r"^\| `([^`*]+)` \|", readme, re.MULTILINE):
        assert (DEMO / listed).is_file(), listed


# --- dates inside the briefs ----------------------------------------------------------------


def test_demo_corpus_events_are_dated_and_not_after_the_brief(briefs: list[Brief]) -> None:
    """Every brief names at least one date, and no event starts after the brief was written
    (except the few scheduled ones listed here).

    Relative dates ("yesterday", "on Friday") are resolved against the brief's own date, so
    this also checks that they were written consistently with it.
    """
    problems = []
    # Dates after the brief that the text announces as scheduled, not as done.
    scheduled = {
        ("12-2016-resolution-2334.md", "on 20 January 2017"),
        ("wire.jsonl:3", "until March 2025"),
        ("2024-05-11-general-assembly-membership.html", "from September 2024"),
    }
    for b in briefs:
        found = find_dates(b.text, reference=b.date)
        if not found:
            problems.append((b.origin, "no date"))
        for _, _, d in found:
            if (b.origin, d.text) in scheduled:
                continue
            if d.date is None or not dt.date(1900, 1, 1) <= d.date <= b.date:
                problems.append((b.origin, d.text, d.date))
    assert problems == []


@pytest.mark.parametrize(
    ("origin", "expression", "expected"),
    [
        ("09-2006-hamas-in-moscow.md", "on Friday", dt.date(2006, 3, 3)),
        ("12-2016-resolution-2334.md", "on Friday", dt.date(2016, 12, 23)),
        ("15-2023-russia-reaction.md", "on Monday", dt.date(2023, 10, 16)),
        ("wire.jsonl:1", "yesterday", dt.date(2023, 10, 18)),
        ("wire.jsonl:2", "on Friday", dt.date(2024, 1, 26)),
        ("2024-04-19-us-veto-membership.html", "on Thursday", dt.date(2024, 4, 18)),
        ("2024-05-11-general-assembly-membership.html", "on Friday", dt.date(2024, 5, 10)),
        ("18-2024-ceasefire-votes.md", "on Wednesday", dt.date(2024, 11, 20)),
    ],
)
def test_demo_corpus_relative_dates_match_the_events(
    briefs: list[Brief], origin: str, expression: str, expected: dt.date
) -> None:
    brief = next(b for b in briefs if b.origin == origin)
    found = {d.text: d.date for _, _, d in find_dates(brief.text, reference=brief.date)}
    assert found[expression] == expected


# --- the parsers reject what they should ----------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "no front matter at all\n",
        "---\ntitle: x\n---\nbody\n",  # keys missing
        "---\ntitle: x\ntitle: y\ndate: 2020-01-01\nsource: s\nurl: u\n---\nbody\n",
        "---\ntitle: x\ndate: 2020-01-01\nsource: s\nurl: u\nauthor: a\n---\nbody\n",
        "---\ntitle:\ndate: 2020-01-01\nsource: s\nurl: u\n---\nbody\n",
    ],
)
def test_demo_corpus_front_matter_check_rejects_bad_blocks(raw: str) -> None:
    with pytest.raises(AssertionError):
        parse_front_matter(raw, "bad.md")


def test_demo_corpus_similarity_separates_copies_from_other_briefs() -> None:
    text = " ".join(f"word{i}" for i in range(200))
    edited = text.replace("word50", "other").replace("word120", "changed")
    assert _similarity(text, edited) > 0.8
    assert _similarity(text, " ".join(f"term{i}" for i in range(200))) == 0.0
