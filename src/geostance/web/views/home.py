"""The home page: the ask box, the newest documents and the most active dyads."""

from __future__ import annotations

from typing import Any

from geostance.web.views.common import DocRef, _Model, _names, doc_ref

EXAMPLE_QUESTIONS = (
    "Does Russia support Palestine?",
    "What does Russia do with Israel?",
    "Compare Russia, the US and China on Palestine",
)


class DyadRow(_Model):
    source: str
    target: str
    source_name: str
    target_name: str
    events: int
    cooperation: int
    conflict: int
    negated: int
    link: str


class HomePage(_Model):
    page: str
    recent_documents: list[DocRef]
    active_dyads: list[DyadRow]
    examples: list[str]


def home(g: Any, *, documents: int = 10, dyads: int = 12) -> dict[str, Any]:
    """The ask box, the newest documents and the dyads with the most events."""
    recent = [doc_ref(d) for d in g.documents(limit=documents)]
    page = HomePage(
        page="home",
        recent_documents=recent,
        active_dyads=active_dyads(g, limit=dyads),
        examples=list(EXAMPLE_QUESTIONS),
    )
    return page.model_dump()


def active_dyads(g: Any, *, limit: int) -> list[DyadRow]:
    """Dyads ranked by their number of (non-duplicate) events."""
    df = g.events_df()
    if df is None or len(df) == 0:
        return []
    df = df[df["target"].notna()]
    if len(df) == 0:
        return []
    coop = df["quad_class"].isin([1, 2])
    agg = (
        df.assign(coop=coop.astype(int), conf=(~coop).astype(int), neg=df["negated"].astype(int))
        .groupby(["source", "target"], sort=False)
        .agg(
            events=("coop", "size"),
            cooperation=("coop", "sum"),
            conflict=("conf", "sum"),
            negated=("neg", "sum"),
        )
        .reset_index()
        .sort_values(["events", "source", "target"], ascending=[False, True, True])
        .head(limit)
    )
    names = _names(g, list(agg["source"]) + list(agg["target"]))
    return [
        DyadRow(
            source=r.source,
            target=r.target,
            source_name=names[r.source],
            target_name=names[r.target],
            events=int(r.events),
            cooperation=int(r.cooperation),
            conflict=int(r.conflict),
            negated=int(r.negated),
            link=f"/dyad/{r.source}/{r.target}",
        )
        for r in agg.itertuples(index=False)
    ]
