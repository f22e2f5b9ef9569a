"""`geostance votes ...` commands."""

from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    """Add the votes commands to the main group."""
