"""Core commands: ingest and code, and the helpers every command shell shares (the store
of the command line, consoles, progress). The commands that read the store are in
:mod:`geostance.cli.browse`."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn
from rich.table import Table

from geostance import config
from geostance.app import Geostance, write_events
from geostance.errors import GeostanceError
from geostance.models import Event, IngestResult

STATUS_STYLE = {
    "kept": "green",
    "linked": "cyan",
    "duplicate": "yellow",
    "failed": "red",
    "skipped": "magenta",
    "warning": "yellow",
}


def settings_of(ctx: click.Context, **overrides: Any) -> config.Settings:
    """The settings the main group built, with this command's overrides."""
    obj = ctx.find_root().obj or {}
    base: config.Settings = obj.get("settings") or config.load()
    clean = {k: v for k, v in overrides.items() if v is not None}
    return base.replace(**clean) if clean else base


DB_KEY = "geostance.db"


def db_here(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--db PATH`` after the command's name too (``geostance ingest --db x.duckdb ...``)."""

    def remember(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value:
            ctx.meta[DB_KEY] = value

    return click.option(
        "--db",
        default=None,
        expose_value=False,
        callback=remember,
        help="DuckDB store file (default: the main option's, else the settings').",
    )(fn)


def require_store(path: str) -> None:
    """A reading command never creates a store: an unknown path is an error naming it."""
    if path and path != ":memory:" and not Path(path).exists():
        raise click.ClickException(
            f"no store at {path}: nothing to read there; check the path (--db), or create it "
            f"with `geostance --db {path} ingest SOURCE`"
        )


@contextmanager
def opened(ctx: click.Context, *, read: bool = False, **overrides: Any) -> Iterator[Geostance]:
    """Open the facade for a command; GeostanceError becomes a ClickException. ``read``:
    the command only reads, so the store must exist."""
    if "db" not in overrides and ctx.meta.get(DB_KEY):
        overrides["db"] = ctx.meta[DB_KEY]
    settings = settings_of(ctx, **overrides)
    if read:
        require_store(settings.db)
    try:
        with Geostance(settings=settings) as g:
            yield g
    except GeostanceError as e:
        raise click.ClickException(str(e)) from None


def out_console() -> Console:
    """Standard output; tables keep a readable width when piped or captured."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=140)
    return console


def err_console() -> Console:
    return Console(stderr=True, highlight=False)


def print_results(results: list[IngestResult], console: Console) -> None:
    table = Table(title="ingest", show_lines=False)
    for col in ("source", "status", "events", "detail"):
        table.add_column(col, overflow="fold")
    for r in results:
        detail = r.reason or ""
        if r.warnings:
            detail = "; ".join((detail, *r.warnings)).strip("; ")
        style = STATUS_STYLE.get(r.status, "")
        events = str(r.events) if r.status in ("kept", "linked") else ""
        table.add_row(r.origin, f"[{style}]{r.status}[/]", events, detail)
    console.print(table)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "nothing read"
    console.print(f"{summary}; {sum(r.events for r in results)} events")


def progress_bar(console: Console) -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        console=console,
        transient=True,
    )


def register(cli: click.Group) -> None:
    """Add the core commands to the main group."""
    for command in (ingest_cmd, code_cmd):
        cli.add_command(command)


_source_options: list[Callable[[Any], Any]] = [
    click.option("--follow", is_flag=True, help="Feeds: fetch each entry's linked page."),
    click.option("--include", multiple=True, metavar="GLOB", help="Folders: only these files."),
    click.option("--exclude", multiple=True, metavar="GLOB", help="Folders: skip these files."),
    click.option(
        "--allow-private",
        is_flag=True,
        default=None,
        help="Allow URLs on private and loopback addresses.",
    ),
    click.option(
        "--encoding",
        default=None,
        metavar="NAME",
        help="Text encoding of local text files (default: UTF-8, else Windows-1252).",
    ),
]


def source_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(_source_options):
        fn = option(fn)
    return fn


@click.command("ingest")
@db_here
@click.argument("sources", nargs=-1, required=True)
@source_options
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.pass_context
def ingest_cmd(
    ctx: click.Context,
    sources: tuple[str, ...],
    follow: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    allow_private: bool | None,
    encoding: str | None,
    quiet: bool,
) -> None:
    """Read, code and store SOURCES: files, folders, feeds, JSON Lines or http(s) URLs.

    Prints, per source, kept, linked (near-identical copy), duplicate or failed with the
    reason. Exits with 1 when any source failed; the rest of the batch is stored.
    """
    console = err_console()
    with opened(ctx, allow_private=allow_private, encoding=encoding) as g:
        with progress_bar(console) as bar:
            task = bar.add_task("ingesting", total=None, last="")

            def tick(r: IngestResult) -> None:
                bar.update(task, advance=1, last=f"{r.status}: {r.origin}"[-60:])

            try:
                results = g.ingest(
                    *sources, follow=follow, include=include, exclude=exclude, on_result=tick
                )
            except GeostanceError as e:
                raise click.ClickException(str(e)) from None
    out = out_console()
    if quiet:
        kept = sum(r.status in ("kept", "linked") for r in results)
        out.print(f"{kept} stored, {sum(r.status == 'failed' for r in results)} failed")
    else:
        print_results(results, out)
    if any(r.status == "failed" for r in results):
        ctx.exit(1)


#: What `code` prints by default: acts the text states as done, not done, or announced.
SHOWN_MODALITIES = frozenset(["asserted", "intended"])


@click.command("code")
@click.argument("sources", nargs=-1, required=True)
@source_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "csv", "table"]),
    default="jsonl",
    show_default=True,
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="dask: code on a Dask cluster and write Parquet partitioned by date to --out.",
)
@click.option("--scheduler", metavar="ADDRESS", help="Dask scheduler (default: a local cluster).")
@click.option("--workers", type=int, default=None, help="Workers of the local Dask cluster.")
@click.option("--out", "out", metavar="DIR", help="Output folder of a Dask run (resumable).")
@click.option("--partition-size", type=int, default=256, show_default=True)
@click.option(
    "--all-modalities",
    is_flag=True,
    help="Also print acts only demanded, warned against, banned or imagined (their modality "
    "says so); by default acts stated as done, not done or announced.",
)
@click.pass_context
def code_cmd(
    ctx: click.Context,
    sources: tuple[str, ...],
    follow: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    allow_private: bool | None,
    encoding: str | None,
    fmt: str,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    out: str | None,
    partition_size: int,
    all_modalities: bool,
) -> None:
    """Code events from FILE_OR_URL... and print them, without a store.

    Every JSON line carries the contract fields: doc, doc_id, sentence, sentence_start,
    sentence_end, source, source_text, target, target_text, trigger, cameo, cameo_root,
    quad_class, goldstein, plover, negated, modality, date, date_precision, confidence,
    coder (then ids and offsets). With --engine dask the same pipeline runs on Dask workers
    and writes events and documents as Parquet to --out; a rerun skips finished partitions.
    """
    if engine == "dask":
        from geostance.cli.scale import run_dask_code

        run_dask_code(
            ctx,
            sources,
            engine,
            scheduler,
            workers,
            out,
            partition_size=partition_size,
            include=include,
            exclude=exclude,
        )
        return
    if out or scheduler or workers:
        raise click.UsageError("--out, --scheduler and --workers need --engine dask")
    failures: list[IngestResult] = []
    console = err_console()

    def note(r: IngestResult) -> None:
        if r.status == "failed":
            failures.append(r)
            console.print(f"[red]failed[/] {r.origin}: {r.reason}")
        for w in r.warnings:
            console.print(f"[yellow]warning[/] {r.origin}: {w}")

    with opened(ctx, db=":memory:", allow_private=allow_private, encoding=encoding) as g:
        events = g.code(*sources, follow=follow, include=include, exclude=exclude, on_result=note)
        if not all_modalities:
            events = (e for e in events if e.modality in SHOWN_MODALITIES)
        try:
            if fmt == "table":
                print_events(list(events))
            else:
                write_events(events, sys.stdout, format=fmt)
        except GeostanceError as e:
            raise click.ClickException(str(e)) from None
    if failures:
        ctx.exit(1)


def print_events(events: list[Event]) -> None:
    table = Table(show_lines=False)
    for col in ("date", "source", "target", "cameo", "quad", "neg", "trigger", "sentence"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(
            e.date.isoformat() if e.date else "",
            e.source,
            e.target or "",
            e.cameo,
            str(e.quad_class),
            "not" if e.negated else "",
            e.trigger,
            e.sentence if len(e.sentence) < 120 else e.sentence[:117] + "...",
        )
    console = out_console()
    console.print(table)
    console.print(f"{len(events)} events")
