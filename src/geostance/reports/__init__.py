"""Rendering typed results: dicts for JSON, plain text, Markdown and a self-contained HTML report.

Pure formatting: nothing here reads the store or the network. The HTML report needs no
network and no JavaScript to view: charts are inline SVG drawn here, styles are inline, and
every piece of document text is escaped with ``html.escape``. Links to documents are only
emitted for http(s) URLs (a ``javascript:`` or odd URL in a stored document becomes text);
every verdict links to the anchors of its evidence sentences in the report's evidence list.

The forms, one module each: ``text`` (plain text), ``markdown``, ``html_report`` (the
self-contained HTML page) and ``charts`` (its inline SVG); ``common`` holds the helpers they
share. ``render`` and ``to_json`` are here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from geostance.reports.charts import COLOURS, svg_hbars, svg_mix, svg_series, svg_votes
from geostance.reports.common import _when as _when
from geostance.reports.html_report import report_html
from geostance.reports.markdown import (
    MD_VOTES,
    answer_markdown,
    brief_markdown,
    comparison_markdown,
    report_markdown,
    summary_markdown,
)
from geostance.reports.markdown import _md as _md
from geostance.reports.text import answer_text, brief_text, comparison_text, hits_text, summary_text

__all__ = [
    "COLOURS",
    "FORMATS",
    "MD_VOTES",
    "answer_markdown",
    "answer_text",
    "brief_markdown",
    "brief_text",
    "comparison_markdown",
    "comparison_text",
    "hits_text",
    "render",
    "report_html",
    "report_markdown",
    "summary_markdown",
    "summary_text",
    "svg_hbars",
    "svg_mix",
    "svg_series",
    "svg_votes",
    "to_json",
]

FORMATS = ("text", "markdown", "json")


def to_json(obj: Any) -> str:
    """Any typed result (with ``to_dict``) or list of them as indented JSON."""
    if isinstance(obj, list | tuple):
        data: Any = [o.to_dict() for o in obj]
    else:
        data = obj.to_dict()
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def render(obj: Any, format: str = "text") -> str:
    """Render an Answer, Comparison, Summary, Brief or Report as text, markdown or json."""
    format = "markdown" if format == "md" else format
    if format not in FORMATS:
        raise ValueError(f"format {format!r}: use one of {', '.join(FORMATS)}")
    if format == "json":
        return to_json(obj)
    table: dict[str, tuple[Callable[[Any], str], Callable[[Any], str]]] = {
        "Answer": (answer_text, answer_markdown),
        "Comparison": (comparison_text, comparison_markdown),
        "Summary": (summary_text, summary_markdown),
        "Brief": (brief_text, brief_markdown),
        "Report": (report_markdown, report_markdown),
    }
    kind = type(obj).__name__
    if kind not in table:
        raise ValueError(
            f"cannot render a {kind}; give an Answer, Comparison, Summary, Brief or Report"
        )
    text_fn, md_fn = table[kind]
    return text_fn(obj) if format == "text" else md_fn(obj)
