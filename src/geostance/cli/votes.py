"""`geostance votes ...` commands: a thin shell over the facade's votes methods.

Each command opens ``Geostance(db)``, calls one method that returns a DataFrame and prints it
as a Rich table, CSV or JSON. ``--plot FILE.svg`` writes a small hand-made SVG line chart (no
plotting dependency); PNG would need matplotlib, which is not installed.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn
from rich.table import Table

from geostance.errors import GeostanceError

FORMATS = ("table", "csv", "json")


def _db(ctx: click.Context, db: str | None) -> str | None:
    if db:
        return db
    obj = ctx.obj or {}
    return obj.get("db")


def _open(ctx: click.Context, db: str | None, *, read: bool = True) -> Any:
    """The facade over the store; a reading command needs the store to exist."""
    from geostance.app import Geostance
    from geostance.cli.core import require_store

    settings = (ctx.obj or {}).get("settings")
    path = _db(ctx, db)
    if read:
        require_store(path or (settings.db if settings else ""))
    return Geostance(path, settings=settings) if settings else Geostance(path)


def _run(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except GeostanceError as e:
        raise click.ClickException(str(e)) from None


def emit(df: pd.DataFrame, fmt: str, title: str | None = None) -> None:
    """Print a DataFrame as a Rich table, CSV or JSON records."""
    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
        return
    if fmt == "json":
        click.echo(df.to_json(orient="records", date_format="iso", force_ascii=False))
        return
    table = Table(title=title)
    for c in df.columns:
        table.add_column(str(c), overflow="fold")
    for row in df.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    Console(width=max(100, 24 * min(len(df.columns), 8))).print(table)


def _cell(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return ""
    if isinstance(v, float):
        return f"{v:.3f}"
    return str(v)


def write_svg(path: str, df: pd.DataFrame, x: str, ys: list[str], title: str) -> None:
    """A small line chart as SVG, written by hand: one polyline per series."""
    if not path.lower().endswith(".svg"):
        raise click.ClickException(
            f"{path}: only .svg charts can be written (PNG needs matplotlib, not installed); "
            "use a .svg file name"
        )
    w, h, pad = 720, 360, 48
    data = df[[x, *ys]].dropna(subset=[x])
    xs = pd.to_numeric(data[x], errors="coerce")
    vals = pd.concat([pd.to_numeric(data[y], errors="coerce") for y in ys])
    if xs.isna().all() or vals.dropna().empty:
        raise click.ClickException(f"{path}: nothing to plot (no numeric {x} or values)")
    x0, x1 = float(xs.min()), float(xs.max()) or 1.0
    y0, y1 = min(0.0, float(vals.min())), max(1.0, float(vals.max()))

    def px(v: float) -> float:
        return pad + (v - x0) / ((x1 - x0) or 1) * (w - 2 * pad)

    def py(v: float) -> float:
        return h - pad - (v - y0) / ((y1 - y0) or 1) * (h - 2 * pad)

    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">',
        f'<text x="{pad}" y="24" font-family="sans-serif" font-size="14">'
        f"{html.escape(title)}</text>",
        f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="#444"/>',
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="#444"/>',
        f'<text x="{pad}" y="{h - pad + 16}" font-size="11">{x0:g}</text>',
        f'<text x="{w - pad}" y="{h - pad + 16}" font-size="11" text-anchor="end">{x1:g}</text>',
        f'<text x="{pad - 4}" y="{py(y1)}" font-size="11" text-anchor="end">{y1:g}</text>',
        f'<text x="{pad - 4}" y="{py(y0)}" font-size="11" text-anchor="end">{y0:g}</text>',
    ]
    for i, y in enumerate(ys):
        ser = pd.DataFrame({"x": xs, "y": pd.to_numeric(data[y], errors="coerce")}).dropna()
        pts = " ".join(f"{px(a):.1f},{py(b):.1f}" for a, b in ser.itertuples(index=False))
        colour = colours[i % len(colours)]
        parts.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{pts}"/>')
        parts.append(
            f'<text x="{w - pad}" y="{pad + 14 * i}" font-size="12" fill="{colour}" '
            f'text-anchor="end">{html.escape(y)}</text>'
        )
    parts.append("</svg>")
    Path(path).write_text("\n".join(parts), encoding="utf-8")


def _common(fn: Callable[..., Any]) -> Callable[..., Any]:
    fn = click.option("--db", default=None, help="DuckDB store (default: from settings).")(fn)
    fn = click.option(
        "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True
    )(fn)
    return fn


def _plot_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--plot", default=None, metavar="FILE.svg", help="Write a chart.")(fn)


@click.group("votes")
def votes_group() -> None:
    """UN voting records: import, agreement, positions, ideal points, vetoes."""


@votes_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@_common
@click.pass_context
def import_cmd(ctx: click.Context, paths: tuple[str, ...], db: str | None, fmt: str) -> None:
    """Import UN voting files (CSV or .csv.gz; folders too). Re-importing stores nothing."""
    with _open(ctx, db, read=False) as g:
        report = _run(lambda: g.import_votes(*paths))
        emit(report.as_frame(), fmt, "Imported")
        for f in report.files:
            for w in f.warnings[:5]:
                click.echo(f"warning: {f.path}: {w}", err=True)
        for err in report.failed.values():
            click.echo(f"error: not imported: {err}", err=True)
    if report.failed:
        ctx.exit(1)


@votes_group.command("download")
@click.option("--dest", default="unvotes", show_default=True, type=click.Path())
@click.option(
    "--base-url",
    default=None,
    help="Mirror folder URL holding the CSV files (default: the UN Digital Library's files, "
    "settings votes_ga_url and votes_sc_url).",
)
@click.option("--file", "names", multiple=True, help="Only these file names (repeatable).")
@_common
@click.pass_context
def download_cmd(
    ctx: click.Context,
    dest: str,
    base_url: str | None,
    names: tuple[str, ...],
    db: str | None,
    fmt: str,
) -> None:
    """Download voting files: by default the UN Digital Library's GA and SC voting data.

    The library publishes no checksums: the SHA-256 of each file is recorded in DEST/SHA256SUMS
    and later downloads are checked against it. A mirror's files (--base-url) are checked
    against the mirror's SHA256SUMS. Partial files resume.
    """
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
    with Progress(*columns, TransferSpeedColumn(), console=Console(stderr=True)) as bar:
        tasks: dict[str, Any] = {}

        def progress(name: str, done: int, total: int | None) -> None:
            if name not in tasks:
                tasks[name] = bar.add_task(name, total=total)
            bar.update(tasks[name], completed=done, total=total)

        with _open(ctx, db, read=False) as g:
            results = _run(
                lambda: g.download_votes(
                    dest, base_url=base_url, names=list(names) or None, progress=progress
                )
            )
    emit(pd.DataFrame([r.__dict__ for r in results]), fmt, "Downloaded")
    for r in results:
        if r.check == "recorded":
            manifest = Path(r.path).with_name("SHA256SUMS")
            click.echo(f"recorded SHA-256 of {r.name} in {manifest}: {r.sha256}", err=True)
        elif r.check == "manifest":
            click.echo(f"checked {r.name} against {Path(r.path).with_name('SHA256SUMS')}", err=True)


@votes_group.command("agreement")
@click.argument("a")
@click.argument("b")
@click.option("--by", type=click.Choice(["year", "session", "all"]), default="year")
@click.option("--issue", default=None, help="Issue code (me, nu, di, hr, co, ec) or topic.")
@click.option(
    "--convention", type=click.Choice(["voeten", "statedept", "identical"]), default="voeten"
)
@_common
@_plot_option
@click.pass_context
def agreement_cmd(
    ctx: click.Context,
    a: str,
    b: str,
    by: str,
    issue: str | None,
    convention: str,
    db: str | None,
    fmt: str,
    plot: str | None,
) -> None:
    """Agreement of two states in the General Assembly, by year or session."""
    with _open(ctx, db) as g:
        df = _run(
            lambda: g.agreement(
                a, b, by=None if by == "all" else by, issue=issue, convention=convention
            )
        )
    emit(df, fmt, f"Agreement {a.upper()}-{b.upper()} ({convention})")
    if plot:
        write_svg(plot, df, df.columns[0], ["agreement"], f"Agreement {a.upper()}-{b.upper()}")


@votes_group.command("position")
@click.argument("state")
@click.option("--on", "topic", required=True, help="Topic: palestine, gaza, me, a word ...")
@_common
@_plot_option
@click.pass_context
def position_cmd(
    ctx: click.Context, state: str, topic: str, db: str | None, fmt: str, plot: str | None
) -> None:
    """How a state voted on a topic, per year (share yes, with the majority, in favour)."""
    with _open(ctx, db) as g:
        df = _run(lambda: g.position(state, on=topic))
    emit(df, fmt, f"{state.upper()} on {topic}")
    if plot:
        ga = df[df["body"] == "GA"]
        write_svg(plot, ga, "year", ["share_yes", "with_majority"], f"{state.upper()} on {topic}")


@votes_group.command("compare")
@click.argument("states", nargs=-1, required=True)
@click.option("--on", "topic", required=True, help="Topic: palestine, gaza, or a word.")
@_common
@click.pass_context
def compare_cmd(
    ctx: click.Context, states: tuple[str, ...], topic: str, db: str | None, fmt: str
) -> None:
    """The analyst's table: how each state voted on each vote of the topic (symbol, date)."""
    with _open(ctx, db) as g:
        df = _run(lambda: g.compare_votes(*states, on=topic))
    emit(df, fmt, f"Votes on {topic}: {df.attrs.get('used', '')}")


@votes_group.command("idealpoints")
@click.option("--session", type=int, default=None, help="GA session (1 = 1946).")
@click.option("--validate", is_flag=True, help="Correlation with published estimates.")
@_common
@click.pass_context
def idealpoints_cmd(
    ctx: click.Context, session: int | None, validate: bool, db: str | None, fmt: str
) -> None:
    """One-dimensional ideal points per session (US positive), beside the published ones."""
    with _open(ctx, db) as g:
        df = _run(g.idealpoint_validation if validate else lambda: g.idealpoints(session))
    emit(df, fmt, "Ideal points")


@votes_group.command("vetoes")
@click.option("--by", default=None, help="RUS/USA/CHN/FRA/GBR (list), or year / topic (counts).")
@_common
@click.pass_context
def vetoes_cmd(ctx: click.Context, by: str | None, db: str | None, fmt: str) -> None:
    """Security Council vetoes by permanent member, year or subject."""
    with _open(ctx, db) as g:
        df = _run(lambda: g.vetoes(by))
    emit(df, fmt, "Vetoes")


@votes_group.command("draft")
@click.argument("ref")
@_common
@click.pass_context
def draft_cmd(ctx: click.Context, ref: str, db: str | None, fmt: str) -> None:
    """One vote as the UN records it: symbol, date, title, tally, outcome, each member's vote
    (e.g. A/RES/ES-10/25, S/RES/2728(2024), or the draft S/2024/312)."""
    with _open(ctx, db) as g:
        record, votes = _run(lambda: g.draft_record(ref))
    if fmt == "json":
        click.echo(json.dumps({**record, "votes": votes.to_dict("records")}, ensure_ascii=False))
        return
    if fmt == "csv":
        flat = {k: (", ".join(v) if isinstance(v, list) else v) for k, v in record.items()}
        emit(votes.assign(**{k: v for k, v in flat.items() if k not in votes}), fmt)
        return
    body = {"GA": "General Assembly", "SC": "Security Council"}.get(record["body"], record["body"])
    label = record["symbol"] or record["draft"]
    if record["symbol"] and record["draft"]:
        label += f" (draft {record['draft']})"
    lines = [
        f"{label} — {body}, {record['date'] or 'date not in the data'}",
        record["title"],
        f"{record['outcome']}: {record['yes']} yes, {record['no']} no, {record['abstain']} "
        f"abstain, {record['absent']} not voting"
        + (f"; vetoed by {', '.join(record['vetoed_by'])}" if record["vetoed_by"] else ""),
        f"record: {record['url'] or 'no record link in the data'}; document: "
        f"{record['document']} (source: {record['source']})",
    ]
    click.echo("\n".join(lines))
    emit(votes, fmt, label)


def register(cli: click.Group) -> None:
    """Add the votes commands to the main group."""
    cli.add_command(votes_group)


__all__ = ["emit", "register", "write_svg"]
