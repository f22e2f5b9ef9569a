"""What a roll call says about whom: the reviewed topic table, written down (issue 12).

``data/votes/topics.csv`` holds one rule per row: a topic name, optionally an actor and the
direction of a yes vote toward it (+1 favours, -1 goes against), a regular expression over
the roll call's title, description, agenda and subjects, and one for what the topic leaves
out (peacekeeping financing is not a vote on Palestine). Rows without an actor only define
the topic. A user's file with the same columns (setting ``votes_topics_file``) replaces the
packaged rows of the (topic, actor) pairs it names and adds the others.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from geostance.errors import VotesError

COLUMNS = ("topic", "actor", "sign", "pattern", "exclude", "note", "since")
#: Voeten issue codes a named topic also takes (title keywords miss some of his roll calls).
TOPIC_ISSUES: dict[str, str] = {"palestine": "me", "human rights": "hr", "nuclear": "nu"}


@dataclass(frozen=True, slots=True)
class TopicRule:
    topic: str
    actor: str | None
    sign: float | None
    pattern: str
    exclude: str
    note: str
    #: The rule holds for roll calls from this day on (Ukraine as an independent state).
    since: dt.date | None = None


def _parse(rows: list[dict[str, str]], origin: str) -> list[TopicRule]:
    out = []
    for i, r in enumerate(rows, 2):
        missing = [c for c in ("topic", "pattern") if not (r.get(c) or "").strip()]
        if missing:
            raise VotesError(
                f"{origin}, line {i}: empty {', '.join(missing)}; fill it or drop the row"
            )
        sign_s = (r.get("sign") or "").strip()
        try:
            sign = float(sign_s) if sign_s else None
        except ValueError:
            raise VotesError(f"{origin}, line {i}: sign {sign_s!r} is not 1, -1 or empty") from None
        if sign not in (None, 1.0, -1.0):
            raise VotesError(f"{origin}, line {i}: sign {sign_s!r} is not 1, -1 or empty")
        for col in ("pattern", "exclude"):
            try:
                re.compile(r.get(col) or "")
            except re.error as e:
                raise VotesError(
                    f"{origin}, line {i}: {col} is not a regular expression: {e}"
                ) from None
        since_s = (r.get("since") or "").strip()
        try:
            since = dt.date.fromisoformat(since_s) if since_s else None
        except ValueError:
            raise VotesError(f"{origin}, line {i}: since {since_s!r} is not YYYY-MM-DD") from None
        out.append(
            TopicRule(
                r["topic"].strip().lower(),
                (r.get("actor") or "").strip().upper() or None,
                sign,
                r["pattern"].strip(),
                (r.get("exclude") or "").strip(),
                (r.get("note") or "").strip(),
                since,
            )
        )
    return out


def _read(text: str, origin: str) -> list[TopicRule]:
    reader = csv.DictReader(text.splitlines())
    lacking = [
        c for c in ("topic", "actor", "sign", "pattern") if c not in (reader.fieldnames or [])
    ]
    if lacking:
        raise VotesError(
            f"{origin}: no column {', '.join(lacking)}; the columns are {', '.join(COLUMNS)}"
        )
    return _parse(list(reader), origin)


@lru_cache(maxsize=8)
def rules(user_file: str | None = None) -> tuple[TopicRule, ...]:
    """The packaged rules, with a user's file laid over them."""
    text = resources.files("geostance").joinpath("data/votes/topics.csv").read_text("utf-8")
    base = _read(text, "data/votes/topics.csv")
    if not user_file:
        return tuple(base)
    path = Path(user_file)
    try:
        mine = _read(path.read_text("utf-8"), str(path))
    except (OSError, UnicodeDecodeError) as e:
        raise VotesError(
            f"cannot read votes topics file {path}: {e}; fix the path or the setting"
        ) from None
    keys = {(r.topic, r.actor) for r in mine}
    return tuple([r for r in base if (r.topic, r.actor) not in keys] + mine)


def topics(table: tuple[TopicRule, ...] | None = None) -> list[str]:
    """The named topics, in table order."""
    return list(dict.fromkeys(r.topic for r in (table or rules())))


def _text(rollcalls: pd.DataFrame) -> pd.Series:
    text = rollcalls["title"].fillna("").astype(str)
    for col in ("descr", "agenda", "subjects"):
        if col in rollcalls:
            text = text + " " + rollcalls[col].fillna("").astype(str)
    return text


def _issues(rollcalls: pd.DataFrame) -> pd.Series:
    if "issues" in rollcalls:
        return rollcalls["issues"].fillna("").astype(str)
    return pd.Series("", index=rollcalls.index)


def _rule_mask(text: pd.Series, r: TopicRule, dates: pd.Series | None = None) -> pd.Series:
    hit = text.str.contains(r.pattern, case=False, regex=True)
    if r.exclude:
        hit &= ~text.str.contains(r.exclude, case=False, regex=True)
    if r.since is not None and dates is not None:
        hit &= (dates >= pd.Timestamp(r.since)).fillna(False).astype(bool)
    return hit


def _dates(rollcalls: pd.DataFrame) -> pd.Series | None:
    return pd.to_datetime(rollcalls["date"], errors="coerce") if "date" in rollcalls else None


def named_mask(
    rollcalls: pd.DataFrame, topic: str, table: tuple[TopicRule, ...]
) -> pd.Series | None:
    """Roll calls of a named topic (None when the table does not name it)."""
    mine = [r for r in table if r.topic == topic]
    if not mine:
        return None
    text = _text(rollcalls)
    dates = _dates(rollcalls)
    mask = pd.Series(False, index=rollcalls.index)
    for r in mine:
        mask |= _rule_mask(text, r, dates)
    code = TOPIC_ISSUES.get(topic)
    if code:
        excl = "|".join(r.exclude for r in mine if r.exclude)
        extra = _issues(rollcalls).str.contains(rf"\b{code}\b", regex=True)
        if excl:
            extra &= ~text.str.contains(excl, case=False, regex=True)
        mask |= extra
    return mask


def signs(rollcalls: pd.DataFrame, actor: str, table: tuple[TopicRule, ...]) -> pd.Series:
    """+1 / -1 where a rule gives the direction of a yes vote toward ``actor``, else NaN."""
    out = pd.Series(np.nan, index=rollcalls.index, dtype="float64")
    text = _text(rollcalls)
    dates = _dates(rollcalls)
    for r in table:
        if r.actor == actor and r.sign is not None:
            out[_rule_mask(text, r, dates) & out.isna()] = r.sign
    return out


def exclusions(actor: str, table: tuple[TopicRule, ...]) -> str:
    """The exclude patterns of an actor's rules, joined (for the hand-written PSE/ISR rule)."""
    return "|".join(r.exclude for r in table if r.actor == actor and r.exclude)
