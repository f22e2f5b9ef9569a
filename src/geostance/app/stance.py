"""Facade methods for stance, answers, reports and summaries (issue 5)."""

from __future__ import annotations


class StanceMixin:
    """Stance per channel, ask, compare, report, summarise, brief."""
