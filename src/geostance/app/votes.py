"""Facade methods for the UN votes channel (issue 4)."""

from __future__ import annotations


class VotesMixin:
    """UN roll calls: import, agreement, positions, ideal points, vetoes."""
