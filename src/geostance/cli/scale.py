"""Scale-out commands: ``code --engine dask`` (body), ``attach`` and ``watch``.

``code`` itself lives in ``cli/core.py``; with ``--engine dask`` it calls ``run_dask_code``.
"""

from __future__ import annotations

import json
import sys
import threading

import click
from rich.console import Console

from geostance.cli.core import err_console, opened
from geostance.errors import GeostanceError

ENGINES = ("local", "dask")


def register(cli: click.Group) -> None:
    """Add ``attach`` and ``watch`` to the main group."""
    cli.add_command(attach_cmd)
    cli.add_command(watch_cmd)


def run_dask_code(
    ctx: click.Context,
    inputs: tuple[str, ...],
    engine: str,
    scheduler: str | None,
    workers: int | None,
    out: str | None,
    *,
    partition_size: int | None = None,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    as_json: bool = False,
) -> None:
    """The body of ``geostance code --engine dask``: code INPUT... into Parquet under --out.

    Prints a summary (or JSON with ``as_json``); exits 1 when a partition failed, after
    telling the user to rerun the same command to finish.
    """
    if engine != "dask":
        raise click.BadParameter(f"{engine!r}: this runs --engine dask", param_hint="--engine")
    if not out:
        raise click.UsageError("--engine dask writes Parquet files: give --out DIR")
    if scheduler and workers:
        raise click.UsageError("give --scheduler ADDRESS or --workers N, not both")
    console = err_console()

    def tick(r: object) -> None:
        console.print(
            f"partition {getattr(r, 'partition', '')}: {getattr(r, 'documents', 0)} documents, "
            f"{getattr(r, 'events', 0)} events",
            highlight=False,
        )

    with opened(ctx, db=":memory:") as g:
        try:
            report = g.code_distributed(
                *inputs,
                out=out,
                scheduler=scheduler,
                workers=workers,
                partition_size=partition_size,
                include=include,
                exclude=exclude,
                on_partition=tick,
            )
        except GeostanceError as e:
            raise click.ClickException(str(e)) from None
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        out_console = Console(highlight=False)
        out_console.print(
            f"{report.partitions} partitions: {len(report.done)} coded, "
            f"{len(report.skipped)} already done, {len(report.failed)} failed; "
            f"{report.documents} documents, {report.events} events in {report.seconds:.1f}s "
            f"({report.docs_per_second:.1f} docs/s on {report.workers} workers) -> {report.out}"
        )
        for origin, reason in report.failures:
            out_console.print(f"[red]failed[/] {origin}: {reason}")
    for pid, reason in report.failed:
        console.print(f"[red]partition {pid} failed[/]: {reason}")
    if report.failed:
        console.print("rerun the same command to finish the failed partitions")
        ctx.exit(1)


@click.command("attach")
@click.argument("folders", nargs=-1)
@click.option("--detach", is_flag=True, help="Forget the FOLDERS instead (files stay).")
@click.pass_context
def attach_cmd(ctx: click.Context, folders: tuple[str, ...], detach: bool) -> None:
    """Query the Parquet output of `code --engine dask` in place, without copying.

    After `geostance attach DIR`, `events`, `ask` and the dashboard also read DIR's events.
    With no FOLDERS, lists the attached folders.
    """
    with opened(ctx) as g:
        if not folders:
            for path in g.attachments():
                click.echo(path)
            for note in getattr(g.store, "attach_notes", []):
                err_console().print(f"[yellow]note[/] {note}")
            return
        for folder in folders:
            try:
                if detach:
                    known = g.detach(folder)
                    click.echo(f"{'detached' if known else 'was not attached'}: {folder}")
                else:
                    counts = g.attach(folder)
                    click.echo(
                        f"attached {folder}: {counts['events']} events, "
                        f"{counts['documents']} documents"
                    )
            except GeostanceError as e:
                raise click.ClickException(str(e)) from None


@click.command("watch")
@click.argument("feeds", nargs=-1, required=True)
@click.option("--every", default="15m", show_default=True, help="Poll interval: 30s, 15m, 2h.")
@click.option(
    "--alert",
    "alerts",
    multiple=True,
    metavar="SOURCE:TARGET",
    help="Watch a dyad's stance, e.g. RUS:PSE; repeatable.",
)
@click.option(
    "--threshold",
    type=float,
    default=0.3,
    show_default=True,
    help="Alert when a dyad's level moves more than this against its recent level.",
)
@click.option("--webhook", metavar="URL", help="POST alerts (JSON) here instead of stdout.")
@click.option("--cycles", type=int, default=None, help="Stop after N cycles (default: never).")
@click.option("--follow", is_flag=True, help="Fetch each entry's linked page.")
@click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Allow feeds and webhooks on private and loopback addresses.",
)
@click.pass_context
def watch_cmd(
    ctx: click.Context,
    feeds: tuple[str, ...],
    every: str,
    alerts: tuple[str, ...],
    threshold: float,
    webhook: str | None,
    cycles: int | None,
    follow: bool,
    allow_private: bool | None,
) -> None:
    """Keep ingesting FEED_OR_URL... every --every; stop cleanly on SIGTERM or Ctrl-C.

    Sends If-None-Match/If-Modified-Since, backs off on errors, never stores a document twice,
    and logs one line per cycle to stderr. With --alert, prints an alert as a JSON line on
    stdout (or POSTs it to --webhook) when the dyad's stance moves more than --threshold.
    """
    from geostance.scale.watch import Alert, stop_on_signals

    def log(line: str) -> None:
        click.echo(line, err=True)

    def echo(alert: Alert) -> None:
        sys.stdout.write(json.dumps(alert.to_record(), ensure_ascii=False) + "\n")
        sys.stdout.flush()

    stop = threading.Event()
    with opened(ctx, allow_private=allow_private) as g, stop_on_signals(stop):
        try:
            report = g.watch(
                feeds,
                every=every,
                alerts=alerts,
                threshold=threshold,
                webhook=webhook,
                cycles=cycles,
                stop=stop,
                follow=follow,
                notify=None if webhook else echo,
                log=log,
            )
        except GeostanceError as e:
            raise click.ClickException(str(e)) from None
    log(
        f"stopped ({report.stopped}) after {report.cycles} cycle(s): {report.new} new, "
        f"{report.duplicate} duplicate, {report.failed} failed polls, "
        f"{len(report.alerts)} alert(s)"
    )
