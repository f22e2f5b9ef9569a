"""Plain text and Markdown (geostance.sources.text)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import pytest

from geostance.errors import SourceError
from geostance.models import Document
from geostance.sources import SourceWarning
from geostance.sources.base import parse_date
from geostance.sources.text import (
    first_heading,
    markdown_to_text,
    read_text,
    split_front_matter,
)

DATA = Path(__file__).parent / "data" / "sources"


def only_document(items: Sequence[object]) -> Document:
    docs = [i for i in items if isinstance(i, Document)]
    assert len(docs) == 1, items
    return docs[0]


def test_front_matter_gives_metadata_and_is_not_text() -> None:
    text = (DATA / "story.txt").read_text(encoding="utf-8")
    doc = only_document(list(read_text(text, origin="story.txt", markdown=False)))
    assert doc.title == "Port strike enters second week"
    assert doc.date == dt.date(2023, 2, 14)
    assert doc.url == "https://example.com/port-strike"
    assert doc.source == "Example Coast News"
    assert doc.kind == "text"
    assert doc.text.startswith("Dock workers")
    assert "title:" not in doc.text
    assert doc.text.count("\n\n") == 2  # three paragraphs, extra blank lines collapsed


def test_front_matter_quotes_unknown_keys_and_comments() -> None:
    front = split_front_matter('---\ntitle: "Quoted title"\n# a comment\nauthor: X\n---\nBody.')
    assert front.fields == {"title": "Quoted title"}
    assert front.body == "Body."


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: never closed\nBody text",
        "---\nthis line is not a key value pair\n---\nBody",
        "Intro\n---\ntitle: late\n---\n",
    ],
)
def test_malformed_front_matter_is_left_as_text(text: str) -> None:
    front = split_front_matter(text)
    assert front.fields == {}
    assert front.body == text


def test_bad_front_matter_date_warns_and_keeps_none() -> None:
    items = list(
        read_text("---\ndate: next Tuesday\n---\nA short note.", origin="n.md", markdown=True)
    )
    warnings = [i for i in items if isinstance(i, SourceWarning)]
    assert len(warnings) == 1 and warnings[0].origin == "n.md"
    assert "date" in warnings[0].message
    assert only_document(items).date is None
    assert items.index(warnings[0]) < items.index(only_document(items))


def test_markdown_heading_becomes_title_and_syntax_is_stripped() -> None:
    text = (DATA / "heading.md").read_text(encoding="utf-8")
    doc = only_document(list(read_text(text, origin="heading.md", markdown=True)))
    assert doc.kind == "markdown"
    assert doc.title == "Talks on river rights stall"
    for mark in ("#", "**", "](", "![", "> ", "- ", "`"):
        assert mark not in doc.text
    assert "a statement from the mediators" in doc.text
    assert "snake_case_word" in doc.text
    assert "map" not in doc.text  # image alt text is not article text
    paragraphs = doc.text.split("\n\n")
    assert paragraphs[0] == "Talks on river rights stall"
    assert "Upstream wants more storage.\nDownstream wants guaranteed flows." in paragraphs


def test_plain_text_is_not_markdown_stripped() -> None:
    doc = only_document(
        list(
            read_text(
                "# not a heading in a .txt\nA *literal* star.", origin="t.txt", markdown=False
            )
        )
    )
    assert doc.title is None
    assert doc.text == "# not a heading in a .txt\nA *literal* star."


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("**bold** and __strong__ and *em* and _em_", "bold and strong and em and em"),
        ("***both***", "both"),
        ("2 * 3 * 4 stays arithmetic", "2 * 3 * 4 stays arithmetic"),
        ("see [the report][1] now\n\n[1]: https://example.org", "see the report now"),
        ("visit <https://example.org>", "visit https://example.org"),
        ("1. first\n2) second", "first\nsecond"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a b\n\n1 2"),
        ("Title\n=====\n\nText", "Title\n\n\nText"),
        ("~~gone~~ here", "gone here"),
        ("escaped \\*star\\*", "escaped *star*"),
        ("```\ncode line\n```", "\ncode line\n"),
        ("a <span class='x'>tagged</span> word", "a tagged word"),
        ("<script>alert(1)</script>Visible", "Visible"),
        ("<!-- hidden -->Shown", "Shown"),
        ("1990 was a year.\n* * *", "1990 was a year.\n"),
    ],
)
def test_markdown_to_text_cases(markdown: str, expected: str) -> None:
    assert markdown_to_text(markdown).strip("\n") == expected.strip("\n")


def test_first_heading_only_on_first_line() -> None:
    assert first_heading("\n\n## Second level\ntext") == "Second level"
    assert first_heading("Intro line\n# Late heading") is None
    assert first_heading("") is None


def test_front_matter_only_is_an_error() -> None:
    items = list(read_text("---\ntitle: Nothing else\n---\n\n", origin="x.md", markdown=True))
    assert len(items) == 1 and isinstance(items[0], SourceError)
    assert items[0].origin == "x.md"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-05-02", dt.date(2023, 5, 2)),
        ("2023-05-02T23:30:00-05:00", dt.date(2023, 5, 2)),
        ("2023-05-02T10:00:00Z", dt.date(2023, 5, 2)),
        ("2023-05-02 10:00", dt.date(2023, 5, 2)),
        ("Tue, 02 May 2023 10:00:00 GMT", dt.date(2023, 5, 2)),
        ("2 May 2023", dt.date(2023, 5, 2)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_accepts_full_dates(value: str | None, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    "value", ["May 2023", "2023", "yesterday", "2023-13-40", "soon", "x" * 500]
)
def test_parse_date_never_invents_parts(value: str) -> None:
    with pytest.raises(ValueError):
        parse_date(value)
