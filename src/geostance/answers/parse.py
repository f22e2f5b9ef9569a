"""Questions -> typed queries (``Question``): kinds, subjects, objects, acts, windows, symbols.

The parser reads a question as marked-up tokens, not as one pattern per phrasing: actor
mentions from the gazetteer (with their positions), UN symbols and Council resolution
numbers, date windows and eras, and cue words by family (vote, veto, react, gap, balance,
change, compare, stance, and the relation words below). The kind follows from which cues
are present; the slots from where the actors sit relative to the cue. Several questions
in one ("..., and how did Taipei respond?") become several queries; a later one inherits
what it leaves out (the act reacted to, the actor behind it). A question with no cue and
no actor is a ``search``, with a note naming what was not understood.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from geostance.answers.marks import (
    _AUX,
    _BARE_DATE,
    _DO_PREP,
    _FILLER,
    _OBJ_PREP,
    _RES_NUMBER,
    _SPLIT,
    _WH,
    PAST,
    RELATIONS,
    SYMBOL,
    Marks,
    Relation,
    _content,
    _symbols,
    _window,
    mark,
)
from geostance.answers.models import ActorIndex, Question
from geostance.answers.names import as_state, resolve_slot
from geostance.answers.when import parse_when
from geostance.errors import QuestionError
from geostance.models import Actor

Ids = Callable[[list[Actor]], tuple[str, ...]]
__all__ = ["DEFAULT_PEERS", "PAST", "RELATIONS", "UN_BODIES", "Relation", "parse_question",
           "parse_questions", "split_questions"]  # fmt: skip

#: UN organs: in a vote question they name where the vote was held, not an object.
UN_BODIES = frozenset({"UNGA", "UNSC", "UN"})
#: Permanent members of the Security Council: the default peers of any answer.
DEFAULT_PEERS: tuple[str, ...] = ("USA", "RUS", "CHN", "GBR", "FRA")


def split_questions(text: str) -> list[str]:
    """'What did X do in March 2023, and how did Y respond?' -> two clauses."""
    parts = [p.strip(" ,;") for p in _SPLIT.split(text)]
    return [p for p in parts if len(p.split()) >= 2] or [text]


def parse_questions(
    text: str, actors: ActorIndex, *, today: dt.date | None = None
) -> list[Question]:
    """Every question in ``text``, parsed; a later one inherits what it leaves out."""
    clean = " ".join((text or "").split())
    if not clean:
        raise QuestionError("empty question; ask e.g. 'Does Russia support Palestine?'")
    if len(clean) > 500:
        raise QuestionError(f"question of {len(clean)} characters; keep it under 500")
    today = today or dt.date.today()
    out: list[Question] = []
    for part in split_questions(clean):
        out.append(_parse_clause(part, actors, today, out[-1] if out else None))
    return out


def parse_question(text: str, actors: ActorIndex, *, today: dt.date | None = None) -> Question:
    """The first question in ``text`` (see ``parse_questions``)."""
    return parse_questions(text, actors, today=today)[0]


def _parse_clause(text: str, actors: ActorIndex, today: dt.date, prev: Question | None) -> Question:
    syms = _symbols(text)
    stripped = _RES_NUMBER.sub(" resolution ", SYMBOL.sub(" ", text))
    rest, since, until, wnote = _window(stripped.strip(" ?.!"), today)
    mk = mark(rest, actors)
    names: dict[str, str] = {}
    notes: list[str] = [wnote] if wnote else []

    def ids(found: list[Actor]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(as_state(a, actors, names, notes) for a in found))

    first = mk.words[0][0] if mk.words else ""
    base = {"since": since, "until": until, "names": names, "notes": notes, "symbols": syms}
    low = text.lower()

    if mk.has("react") and not mk.has("vote", "veto", "abstain"):
        return _reaction(text, rest, mk, ids, prev, base)

    # -- votes on one resolution, and who voted how -----------------------------------
    if mk.has("change") and mk.has("vote") and not syms:
        cue = mk.cues["vote"]
        subs, objs = ids(mk.actors_before(cue)), ids(mk.actors_after(cue))
        if subs and objs:
            if since and until and "since" not in low:
                base["until"] = None
            return _q(text, "votes", subjects=subs, object=objs[0], channel="votes",
                      relation="vote", topic=tuple(_content(rest[cue:])), **base)  # fmt: skip
    un_body = any(a.id in UN_BODIES for _, _, a in mk.actors)
    if (
        syms
        or (mk.has("resolution") and mk.has("vote", "veto", "abstain", "adopt"))
        or (un_body and mk.has("vote", "veto", "abstain"))
        or (
            prev is not None
            and prev.symbols
            and mk.has("vote", "veto", "abstain")
            and not mk.actors_after(mk.cues.get("vote", 0) + 1)
        )
    ):
        if not syms and prev is not None and not mk.has("resolution"):
            base["symbols"] = prev.symbols
        if not syms and not since and not until and (bare := _BARE_DATE.search(rest)):
            span = parse_when(bare.group("a"), today)
            if span is not None:
                base["since"], base["until"] = span
                notes.append(f"resolution dated {bare.group('a')}")
        body = "SC" if "council" in low else "GA" if "assembly" in low else None
        cue = min(mk.cues.get(f, 10_000) for f in ("vote", "veto", "abstain", "adopt"))
        mk = dataclasses.replace(mk, actors=tuple(x for x in mk.actors if x[2].id not in UN_BODIES))
        act = " ".join(_content(rest[cue:] if cue < 10_000 else rest)) or None
        filt = _vote_filter(mk, low)
        if first in ("which", "who", "whom") or (filt == "adopted" and not mk.actors_before(cue)):
            return _q(text, "who_voted", act=act, vote_filter=filt or "no",
                      channel="votes", topic=(body,) if body else (), **base)  # fmt: skip
        subjects = ids(mk.actors_before(cue) if syms or cue < 10_000 else [])
        if not subjects and prev is not None:
            subjects = prev.subjects
        if not subjects:
            return _q(text, "who_voted", act=act, vote_filter=filt or "adopted",
                      channel="votes", topic=(body,) if body else (), **base)  # fmt: skip
        return _q(text, "vote_record", subjects=subjects, act=act, vote_filter=filt,
                  channel="votes", topic=(body,) if body else (), **base)  # fmt: skip

    # -- several states side by side ---------------------------------------------------
    split = _last_prep(rest)
    if mk.has("compare") or (mk.has("change") and "differ" in low and len(mk.actors) >= 3):
        if split is None or not mk.actors_after(split):
            raise QuestionError(
                f"{text!r}: compare on what? ask e.g. 'Compare Russia and China on Palestine'"
            )
        subs = ids(mk.actors_before(split))
        target = ids(mk.actors_after(split)[:1])[0]
        return _q(text, "compare", subjects=subs, object=target, **base)

    if mk.has("gap") or (mk.has("say") and mk.has("do") and first not in ("what",)):
        subj, pair_obj = _pair(mk, ids, prev, text)
        return _q(text, "gap", subjects=(subj,), object=pair_obj, **base)

    if mk.has("balance"):
        found = ids([a for _, _, a in mk.actors])
        if len(found) < 2:
            raise QuestionError(
                f"{text!r}: balance between whom? ask e.g. 'How does Russia balance Israel "
                "and the Palestinians?'"
            )
        return _q(text, "balance", subjects=found[:1], object=found[1], others=found[2:3], **base)

    if mk.has("change") and not mk.has("vote"):
        subj, pair_obj = _pair(mk, ids, prev, text)
        return _q(text, "shift", subjects=(subj,), object=pair_obj, **base)

    if mk.has("vote"):
        cue = mk.cues["vote"]
        subs = ids(mk.actors_before(cue))
        objs = ids(mk.actors_after(cue))
        if subs and objs:
            topic = tuple(_content(rest[cue:]))
            return _q(text, "votes", subjects=subs, object=objs[0], channel="votes",
                      relation="vote", topic=topic, **base)  # fmt: skip

    if first == "when" and mk.actors:
        cue = mk.actors[0][1]
        when_words = _content(_drop_actor_text(rest[cue:], mk, cue))
        subs = ids([mk.actors[0][2]])
        objs = ids(mk.actors_after(cue))
        return _q(text, "acts", subjects=subs, object=objs[0] if objs else None,
                  others=objs[1:], act=" ".join(when_words) or None, topic=tuple(when_words),
                  **base)  # fmt: skip

    if first == "what" and mk.has("do"):
        cue = mk.last("do")
        subs = ids(mk.actors_before(cue))
        m = _DO_PREP.search(rest, cue)
        tail = rest[m.end() :] if m else ""
        objs = ids(mk.actors_after(m.end())) if m else ()
        act_words = _content(_drop_actor_text(tail, mk, m.end() if m else len(rest)))
        if subs:
            kind = "acts" if (act_words or since or until) else "deeds"
            return _q(text, kind, subjects=subs[:1], object=objs[0] if objs else None,
                      others=objs[1:], act=" ".join(act_words) or None, channel="deeds",
                      topic=tuple(act_words), **base)  # fmt: skip

    rel = mk.relation()
    wh_open = first in _WH and not mk.actors_before(rel[1] if rel else 0)
    if rel is not None and not wh_open:  # "Which shipments ... supplied ...?" is searched
        r, pos = rel
        subs = ids(mk.actors_before(pos))
        if not subs:
            slot = _slot_text(rest[:pos])
            subs = (resolve_slot(slot, actors, names, notes),) if slot else ()
        if not subs:
            raise QuestionError(
                f"{text!r}: who? name a state or group, e.g. 'Does Russia support Palestine?'"
            )
        phrase = rest[pos:].split(" ", 1)[1] if " " in rest[pos:] else ""
        obj, others, what, topic = _object(phrase, mk, pos, ids, actors, names, notes)
        if r.name in ("support", "oppose"):
            kind = "issue" if what else "stance"
            return _q(text, kind, subjects=subs[:1], object=obj, others=others, act=what,
                      relation=r.name, polarity=r.polarity, topic=topic, **base)  # fmt: skip
        return _q(text, "relation", subjects=subs[:1], object=obj, others=others, act=what,
                  relation=r.name, polarity=r.polarity, cameo=r.cameo, channel=r.channel,
                  topic=topic, **base)  # fmt: skip

    if mk.has("stance"):
        cue = mk.cues["stance"]
        subs = ids(mk.actors_before(cue))
        if not subs and prev is not None:
            subs = prev.subjects
        phrase = rest[cue:].split(" ", 1)[1] if " " in rest[cue:] else ""
        obj, others, what, topic = _object(phrase, mk, cue, ids, actors, names, notes)
        if subs:
            return _q(text, "issue" if what else "stance", subjects=subs[:1], object=obj,
                      others=others, act=what, topic=topic, **base)  # fmt: skip

    found = ids([a for _, _, a in mk.actors])
    unknown = " ".join(_content(rest)) or rest
    notes.append(f"not understood: {unknown!r} (no question form geostance measures); searched")
    return _q(text, "search", subjects=found[:1], object=found[1] if len(found) > 1 else None,
              topic=tuple(_content(rest)), **base)  # fmt: skip


def _q(text: str, kind: str, **slots: object) -> Question:
    slots["names"] = dict(slots.get("names") or {})  # type: ignore[call-overload]
    slots["notes"] = tuple(slots.get("notes") or ())  # type: ignore[arg-type]
    return Question(text, kind, **slots)  # type: ignore[arg-type]


def _reaction(
    text: str, rest: str, mk: Marks, ids: Ids, prev: Question | None, base: dict[str, Any]
) -> Question:
    """'How did China react to the US arms sale to Taiwan?': the reacting state, the act
    reacted to, the actors behind it; a follow-up ('how did Taipei respond?') inherits them."""
    cue = mk.cues["react"]
    before = ids(mk.actors_before(cue))
    after = ids(mk.actors_after(cue))
    act = " ".join(_content(_drop_actor_text(rest[cue:], mk, cue))) or None
    subjects = before[-1:] or (prev.subjects if prev else ())
    if not subjects:
        raise QuestionError(f"{text!r}: whose reaction? name the state that reacted")
    if not after and prev is not None and prev.symbols:  # reacting to the vote asked before
        base["symbols"] = base.get("symbols") or prev.symbols
    elif not after and prev is not None:
        after = tuple(x for x in (*prev.subjects, *prev.others, prev.object)
                      if x and x not in subjects)  # fmt: skip
        act = act or prev.act or (" ".join(prev.topic) or None)
        if not base.get("since") and prev.since:
            base["since"] = prev.since
    syms: tuple[str, ...] = tuple(base.get("symbols") or ())
    if syms:  # a resolution reacted to: sentences name it by its number
        nums = [n for x in syms for n in re.findall(r"\d{3,4}", x)]
        act = " ".join(["resolution", *nums] + ([act] if act else []))
    obj = after[0] if after else None
    return _q(text, "reaction", subjects=subjects, object=obj, others=after[1:], act=act, **base)


def _vote_filter(mk: Marks, low: str) -> str | None:
    if mk.has("veto"):
        return "veto"
    if mk.has("abstain"):
        return "abstain"
    if re.search(r"\bagainst\b|\bvoted no\b|\bno votes?\b", low):
        return "no"
    if re.search(r"\bin favou?r\b|\bvoted? (?:for|yes)\b|\bsupported\b", low):
        return "yes"
    if mk.has("adopt"):
        return "adopted"
    return None


def _last_prep(text: str) -> int | None:
    ms = list(_OBJ_PREP.finditer(text))
    return ms[-1].start() if ms else None


def _pair(mk: Marks, ids: Ids, prev: Question | None, text: str) -> tuple[str, str]:
    found = ids([a for _, _, a in mk.actors])
    if len(found) >= 2:
        return found[0], found[1]
    if len(found) == 1 and prev is not None and prev.object and prev.object != found[0]:
        return found[0], prev.object
    raise QuestionError(
        f"{text!r}: name the state and whom it is measured toward, e.g. 'Is there a gap "
        "between what Russia says and does on Palestine?'"
    )


def _slot_text(before: str) -> str:
    words = [w for w in re.findall(r"[\w'’.\-]+", before) if w.lower() not in _AUX | _WH]
    words = [w for w in words if w.lower() not in _FILLER]
    return " ".join(words).strip()


def _drop_actor_text(tail: str, mk: Marks, offset: int) -> str:
    out = tail
    for a, b, _ in mk.actors:
        if a >= offset:
            out = out.replace(mk.text[a:b], " ")
    return out


def _object(
    phrase: str,
    mk: Marks,
    pos: int,
    ids: Ids,
    actors: ActorIndex,
    names: dict[str, str],
    notes: list[str],
) -> tuple[str | None, tuple[str, ...], str | None, tuple[str, ...]]:
    """The object phrase -> (actor, other actors, act or issue words, topic words).

    An actor named alone or with a possessive ("Palestine's membership") is the object;
    an actor used as a modifier of an act ("the US arms sale", "EU sanctions on Russia")
    or no actor at all ("the Black Sea grain deal") makes the phrase an act or issue."""
    after = [(a, b, x) for a, b, x in mk.actors if a > pos]
    content = _content(_drop_actor_text(phrase, mk, pos))
    if not after:
        if not content:
            raise QuestionError(f"{mk.text!r}: toward whom or what? name a state, group or issue")
        return None, (), " ".join(content), tuple(content)
    found = ids([x for _, _, x in after])
    a, b, _x = after[0]
    tail = mk.text[b:]
    possessive = tail.startswith(("'s", "’s"))
    lead = _content(mk.text[pos:a].split(" ", 1)[1] if " " in mk.text[pos:a] else "")
    modifier = bool(_content(tail.split(" on ")[0].split(" against ")[0])) and not possessive
    if content and (modifier or lead) and not possessive:
        return found[0], found[1:], " ".join(content), tuple(content)
    return found[0], found[1:], None, tuple(content)
