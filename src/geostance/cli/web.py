"""``geostance serve``: the web dashboard and JSON API over a store, with uvicorn.

The web framework is imported only when the command runs, so the rest of the CLI starts fast.
"""

from __future__ import annotations

import click

from geostance.cli.core import settings_of
from geostance.errors import GeostanceError

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def register(cli: click.Group) -> None:
    """Add ``serve`` to the main group."""
    cli.add_command(serve_cmd)


@click.command("serve")
@click.option("--db", "db", default=None, help="DuckDB store file (default from settings).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--token",
    default=None,
    envvar="GEOSTANCE_WRITE_TOKEN",
    help="Allow POST /api/ingest to clients sending 'Authorization: Bearer TOKEN'.",
)
@click.option(
    "--allow-private", is_flag=True, default=None, help="URL ingest may fetch private hosts."
)
@click.pass_context
def serve_cmd(
    ctx: click.Context,
    db: str | None,
    host: str,
    port: int,
    token: str | None,
    allow_private: bool | None,
) -> None:
    """Serve the dashboard and its JSON API (pages, /openapi.json) on HOST:PORT.

    Binds to 127.0.0.1 unless told otherwise. Writing (ingest by upload or URL) is off
    unless a token is given.
    """
    # The app reads the store read-only and only while requests run, so `ask`, `events`,
    # `ingest` and `watch` can use the same file meanwhile (docs/schema.md); `serve` adds
    # header, body and connection limits to uvicorn's (geostance.web.server).
    from geostance.web import create_app, serve

    settings = settings_of(ctx, db=db, write_token=token, allow_private=allow_private)
    if host not in LOOPBACK:
        click.echo(
            f"warning: serving on {host}, reachable from other machines; anyone there can read "
            "the store",
            err=True,
        )
    try:
        app = create_app(settings, warm=True)
    except GeostanceError as e:
        raise click.ClickException(str(e)) from None
    writing = "on (token required)" if settings.write_token else "off"
    click.echo(f"geostance: serving {settings.db} on http://{host}:{port}/ (writing {writing})")
    serve(app, host=host, port=port)
