"""`geostance ask|compare|report|summarize|brief` commands."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add the stance commands to the main group."""
