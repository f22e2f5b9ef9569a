"""Commands that read the store: events, dyads, documents, actors, export, settings."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from geostance import config
from geostance.app import EXPORT_FORMATS, write_events
from geostance.cli.core import db_here, err_console, opened, out_console, print_events, settings_of
from geostance.errors import GeostanceError


def register(cli: click.Group) -> None:
    """Add the store-reading commands to the main group."""
    for command in (events_cmd, documents_cmd, dyads_cmd, actors_cmd, export_cmd, settings_cmd):
        cli.add_command(command)


def parse_date(value: str | None, name: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date; write YYYY-MM-DD", param_hint=name
        ) from None


@click.command("events")
@db_here
@click.option("--source", help="Actor id of the source, e.g. RUS.")
@click.option("--target", help="Actor id of the target, e.g. PSE.")
@click.option("--since", help="First date, YYYY-MM-DD.")
@click.option("--until", help="Last date, YYYY-MM-DD.")
@click.option("--limit", type=int, default=None)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
)
@click.pass_context
def events_cmd(
    ctx: click.Context,
    source: str | None,
    target: str | None,
    since: str | None,
    until: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """List stored events, filtered by dyad and dates."""
    with opened(ctx, read=True) as g:
        events = g.events(
            source=source.upper() if source else None,
            target=target.upper() if target else None,
            since=parse_date(since, "--since"),
            until=parse_date(until, "--until"),
            limit=limit,
        )
        if fmt == "table":
            print_events(events)
        else:
            write_events(events, sys.stdout, format=fmt)


@click.command("dyads")
@db_here
@click.option("--min-events", type=int, default=1, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.pass_context
def dyads_cmd(ctx: click.Context, min_events: int, fmt: str) -> None:
    """Events per dyad (source, target) and QuadClass: 1 verbal cooperation, 2 material
    cooperation, 3 verbal conflict, 4 material conflict; negated events counted apart."""
    with opened(ctx, read=True) as g:
        df = g.dyads(min_events=min_events)
    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
        return
    if fmt == "json":
        click.echo(df.to_json(orient="records"))
        return
    table = Table(title="events by dyad and QuadClass")
    labels = (
        "source",
        "target",
        "events",
        "Q1 verbal coop",
        "Q2 material coop",
        "Q3 verbal conflict",
        "Q4 material conflict",
        "negated",
        "Goldstein sum",
    )
    for col in labels:
        table.add_column(col, justify="left" if col in ("source", "target") else "right")
    for row in df.itertuples(index=False):
        table.add_row(*(str(v) if v == v else "" for v in row))
    Console(highlight=False, width=140).print(table)


@click.command("documents")
@db_here
@click.option("--limit", type=int, default=20, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table")
@click.pass_context
def documents_cmd(ctx: click.Context, limit: int, fmt: str) -> None:
    """List stored documents, newest first."""
    with opened(ctx, read=True) as g:
        docs = g.documents(limit=limit)
    if fmt == "jsonl":
        for d in docs:
            rec = {
                "id": d.id,
                "title": d.title,
                "date": d.date.isoformat() if d.date else None,
                "url": d.url,
                "source": d.source,
                "origin": d.origin,
                "duplicate_of": d.duplicate_of,
            }
            click.echo(json.dumps(rec, ensure_ascii=False))
        return
    table = Table()
    for col in ("id", "date", "title", "source", "duplicate of"):
        table.add_column(col, overflow="fold")
    for d in docs:
        table.add_row(
            d.id, str(d.date or ""), d.title or d.origin, d.source or "", d.duplicate_of or ""
        )
    out_console().print(table)


@click.command("actors")
@click.option("--find", "find", metavar="NAME", help="Show how NAME resolves, and why.")
@click.option("--on", "on", metavar="DATE", help="Resolve persons as on this date.")
@click.option("--kind", help="Only this kind: state, former_state, igo, group, person.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table")
@click.pass_context
def actors_cmd(
    ctx: click.Context, find: str | None, on: str | None, kind: str | None, fmt: str
) -> None:
    """List the gazetteer's actors, or show how a name resolves."""
    with opened(ctx, db=":memory:") as g:
        if find:
            r = g.find_actor(find, on=parse_date(on, "--on"))
            if fmt == "jsonl":
                click.echo(
                    json.dumps({"name": r.name, "actor": r.actor, "via": r.via, "reason": r.reason})
                )
            elif r.actor:
                actor = g.gazetteer.get(r.actor)
                label = f"{actor.name} ({r.actor})" if actor else r.actor
                click.echo(f"{find!r} -> {label}\n  via: {r.via}\n  why: {r.reason}")
            else:
                hints = g.gazetteer.suggest(find)
                click.echo(f"{find!r} -> no actor\n  why: {r.reason}")
                if hints and "did you mean" not in r.reason:
                    names = ", ".join(f"{a.name} ({a.id})" for a in hints)
                    click.echo(f"  did you mean: {names}?")
                ctx.exit(1)
            return
        actors = g.actors(kind)
    if fmt == "jsonl":
        for a in actors:
            click.echo(
                json.dumps(
                    {
                        "id": a.id,
                        "name": a.name,
                        "kind": a.kind,
                        "country": a.country,
                        "role": a.role,
                        "start": a.start.isoformat() if a.start else None,
                        "end": a.end.isoformat() if a.end else None,
                        "aliases": list(a.aliases),
                    },
                    ensure_ascii=False,
                )
            )
        return
    table = Table()
    for col in ("id", "name", "kind", "speaks for", "term", "aliases"):
        table.add_column(col, overflow="fold")
    for a in actors:
        term = f"{a.start or ''}..{a.end or ''}" if (a.start or a.end) else ""
        aliases = ", ".join(a.aliases[:6]) + (" ..." if len(a.aliases) > 6 else "")
        table.add_row(a.id, a.name, a.kind, a.country or "", term, aliases)
    Console(highlight=False, width=160).print(table)
    click.echo(f"{len(actors)} actors")


@click.command("export")
@db_here
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="csv", show_default=True
)
@click.option("--out", "out", default="-", help="Output file ('-' for standard output).")
@click.option("--source", help="Actor id of the source.")
@click.option("--target", help="Actor id of the target.")
@click.option("--since", help="First date, YYYY-MM-DD.")
@click.option("--until", help="Last date, YYYY-MM-DD.")
@click.option(
    "--include-copies",
    is_flag=True,
    help="Also write the events of near-identical copies of stored stories (counted once "
    "by default, as everywhere else).",
)
@click.pass_context
def export_cmd(
    ctx: click.Context,
    fmt: str,
    out: str,
    source: str | None,
    target: str | None,
    since: str | None,
    until: str | None,
    include_copies: bool,
) -> None:
    """Export stored events as csv, jsonl, parquet or gdelt (GDELT's tab-separated columns).

    Says how many events it left out and why: negated events in the gdelt form (GDELT cannot
    say an act was not done; csv and jsonl keep them, flagged), and the events of
    near-identical copies (--include-copies writes them).
    """
    filters: dict[str, Any] = {
        "source": source.upper() if source else None,
        "target": target.upper() if target else None,
        "since": parse_date(since, "--since"),
        "until": parse_date(until, "--until"),
    }
    with opened(ctx, read=True) as g:
        try:
            if out == "-":
                n = g.export(sys.stdout, format=fmt, include_copies=include_copies, **filters)
            else:
                n = g.export(out, format=fmt, include_copies=include_copies, **filters)
            left = g.export_left_out(format=fmt, include_copies=include_copies, **filters)
        except GeostanceError as e:
            raise click.ClickException(str(e)) from None
    console = err_console()
    console.print(f"{n} events exported" + (f" to {out}" if out != "-" else ""))
    for line in left_out_lines(left):
        console.print(line, soft_wrap=True)


def left_out_lines(left: dict[str, int]) -> list[str]:
    """Why an export holds fewer events than were stored, one line per reason."""
    out = []
    if left.get("negated"):
        n = left["negated"]
        out.append(
            f"left out {n} negated event{'s' if n != 1 else ''} (acts reported as not done): "
            "GDELT's columns cannot say so; --format csv or jsonl keeps them, flagged negated"
        )
    if left.get("copies"):
        n, docs = left["copies"], left.get("copy_documents", 0)
        copies = "copy of a stored story" if docs == 1 else "copies of stored stories"
        out.append(
            f"left out {n} event{'s' if n != 1 else ''} of {docs} near-identical {copies} "
            "(counted once); --include-copies writes them too"
        )
    return out


@click.command("settings")
@click.pass_context
def settings_cmd(ctx: click.Context) -> None:
    """Show every setting: name, current value, default and help."""
    current = settings_of(ctx)
    table = Table()
    for col in ("name", "value", "default", "help"):
        table.add_column(col, overflow="fold")
    for s in config.SETTINGS:
        table.add_row(s.name, repr(getattr(current, s.name)), repr(s.default), s.help)
    Console(highlight=False, width=160).print(table)
