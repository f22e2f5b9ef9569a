"""The ``geostance`` command line: a thin shell over the ``Geostance`` facade.

Each command parses its options, calls one facade method and prints the result. The
library raises ``GeostanceError``; only this shell turns it into a message and exit code.
"""

from __future__ import annotations

from typing import Any

import click

from geostance import __version__, config
from geostance.cli import browse, core, scale, stance, votes
from geostance.errors import GeostanceError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geostance")
@click.option(
    "--db",
    "db",
    envvar="GEOSTANCE_DB",
    default=None,
    help="DuckDB store file (default ./geostance.duckdb; ':memory:' for none).",
)
@click.option("--model", default=None, help="Installed spaCy model to parse with.")
@click.option("--actors-file", default=None, help="Extra gazetteer CSV extending the actors.")
@click.option(
    "-s",
    "--setting",
    "settings_kv",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set any setting (see `geostance settings`); repeatable.",
)
@click.pass_context
def cli(
    ctx: click.Context,
    db: str | None,
    model: str | None,
    actors_file: str | None,
    settings_kv: tuple[str, ...],
) -> None:
    """geostance: measure where countries stand, from news events and UN votes."""
    overrides: dict[str, Any] = {}
    for kv in settings_kv:
        name, sep, value = kv.partition("=")
        if not sep:
            raise click.BadParameter(f"{kv!r}: write NAME=VALUE", param_hint="--setting")
        overrides[name.strip().replace("-", "_")] = value
    if model:
        overrides["model"] = model
    if actors_file:
        overrides["actors_file"] = actors_file
    if db:
        overrides["db"] = db
    try:
        settings = config.load(**overrides)
    except GeostanceError as e:
        raise click.ClickException(str(e)) from None
    ctx.ensure_object(dict)
    ctx.obj["settings"] = settings
    ctx.obj["db"] = settings.db


core.register(cli)
browse.register(cli)
votes.register(cli)
stance.register(cli)
scale.register(cli)
try:  # the web shell is optional at import time: its framework loads only when serving
    from geostance.cli import web as _web

    _web.register(cli)
except ImportError:  # pragma: no cover - web module not present
    pass


def main() -> None:
    """Entry point of the ``geostance`` script."""
    cli(obj={})
