"""`geostance ask|compare|report|summarize|brief|search` commands.

Each command parses its options, calls one ``Geostance`` method and prints the typed result
through ``reports``. ``GeostanceError`` becomes a ``click.ClickException``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from geostance import config, reports
from geostance.errors import GeostanceError

FORMAT = click.Choice(["text", "markdown", "md", "json"])  # md: markdown, as `report` says


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--db PATH`` on each command (default: the main group's, else the settings')."""
    return click.option(
        "--db", "db", default=None, help="DuckDB store file (default: from settings)."
    )(fn)


@contextmanager
def _opened(ctx: click.Context, db: str | None, *, read: bool = True) -> Iterator[Any]:
    from geostance.app import Geostance
    from geostance.cli.core import require_store

    obj = ctx.find_root().obj or {}
    base: config.Settings = obj.get("settings") or config.load()
    settings = base.replace(db=db) if db else base
    if read:  # these commands only read: they never create a store
        require_store(settings.db)
    try:
        with Geostance(settings=settings) as g:
            yield g
    except GeostanceError as e:
        raise click.ClickException(str(e)) from None


def _since(value: str | None) -> str | None:
    return value or None


def register(cli: click.Group) -> None:
    """Add the stance commands to the main group."""

    @cli.command("ask")
    @click.argument("question")
    @click.option("--since", default=None, metavar="YYYY-MM-DD", help="Only evidence from then.")
    @click.option("--until", default=None, metavar="YYYY-MM-DD", help="Only evidence until then.")
    @click.option("--min-evidence", default=3, show_default=True, help="Below this: thin.")
    @click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
    @db_option
    @click.pass_context
    def ask(
        ctx: click.Context,
        question: str,
        since: str | None,
        until: str | None,
        min_evidence: int,
        fmt: str,
        db: str | None,
    ) -> None:
        """Answer QUESTION ("Does Russia support Palestine?") with cited evidence."""
        with _opened(ctx, db) as g:
            answer = g.ask(question, since=since, until=until, min_evidence=min_evidence)
            click.echo(reports.render(answer, fmt), nl=False)

    @cli.command("compare")
    @click.argument("sources", nargs=-1)
    @click.option("--on", "target", required=True, help="The target actor (id or name).")
    @click.option("--since", default=None, metavar="YYYY-MM-DD")
    @click.option("--until", default=None, metavar="YYYY-MM-DD")
    @click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
    @db_option
    @click.pass_context
    def compare(
        ctx: click.Context,
        sources: tuple[str, ...],
        target: str,
        since: str | None,
        until: str | None,
        fmt: str,
        db: str | None,
    ) -> None:
        """Compare SOURCES (default: the permanent five) toward --on TARGET, side by side."""
        with _opened(ctx, db) as g:
            result = g.compare(*sources, on=target, since=since, until=until)
            click.echo(reports.render(result, fmt), nl=False)

    @cli.command("report")
    @click.argument("source")
    @click.argument("target")
    @click.option(
        "--out",
        required=True,
        type=click.Path(dir_okay=False, writable=True),
        help="FILE.html or FILE.md (the format follows the suffix).",
    )
    @click.option("--since", default=None, metavar="YYYY-MM-DD")
    @click.option("--until", default=None, metavar="YYYY-MM-DD")
    @db_option
    @click.pass_context
    def report(
        ctx: click.Context,
        source: str,
        target: str,
        out: str,
        since: str | None,
        until: str | None,
        db: str | None,
    ) -> None:
        """Write a self-contained report of SOURCE toward TARGET (charts inline, no network)."""
        fmt = "md" if out.lower().endswith((".md", ".markdown")) else "html"
        with _opened(ctx, db) as g:
            g.report(source, target, out=out, format=fmt, since=since, until=until)
        click.echo(f"wrote {out}")

    @cli.command("summarize")
    @click.argument("ref", metavar="DOC_ID|FILE|URL")
    @click.option("--sentences", "n", default=5, show_default=True, help="Sentences to keep.")
    @click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
    @db_option
    @click.pass_context
    def summarize(ctx: click.Context, ref: str, n: int, fmt: str, db: str | None) -> None:
        """Summarise a stored document, a file or a URL (extractive; key events listed)."""
        from pathlib import Path

        if Path(ref).exists() or "://" in ref:  # a file or URL needs no store: an empty one
            db = db if db and Path(db).exists() else ":memory:"
        with _opened(ctx, db) as g:
            click.echo(reports.render(g.summarize(ref, sentences=n), fmt), nl=False)

    @cli.command("brief")
    @click.argument("source")
    @click.argument("target")
    @click.option("--since", default=None, metavar="YYYY-MM-DD")
    @click.option("-n", "n", default=8, show_default=True, help="Sentences in the brief.")
    @click.option("--format", "fmt", type=FORMAT, default="text", show_default=True)
    @db_option
    @click.pass_context
    def brief(
        ctx: click.Context,
        source: str,
        target: str,
        since: str | None,
        n: int,
        fmt: str,
        db: str | None,
    ) -> None:
        """A multi-document brief of SOURCE toward TARGET: non-redundant cited sentences."""
        with _opened(ctx, db) as g:
            click.echo(reports.render(g.brief(source, target, since=since, n=n), fmt), nl=False)

    @cli.command("search")
    @click.argument("query")
    @click.option("--limit", default=10, show_default=True)
    @click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
    @db_option
    @click.pass_context
    def search(ctx: click.Context, query: str, limit: int, fmt: str, db: str | None) -> None:
        """Full-text search (BM25) over stored sentences and their events."""
        with _opened(ctx, db) as g:
            hits = g.search(query, limit=limit)
            click.echo(
                reports.to_json(hits) if fmt == "json" else reports.hits_text(hits), nl=False
            )
