"""A question marked up for the parser: actors, cue words, UN symbols, windows.

Cue words come in families (vote, veto, react, gap, balance, change, compare, stance) and
relation words (``RELATIONS``: support, condemn, aid...) name what is asked; ``Marks``
keeps them with their offsets so the parser can read who sits before and after a cue.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from geostance.answers.models import ActorIndex
from geostance.answers.names import STOP, actor_spans
from geostance.answers.when import parse_when
from geostance.models import Actor


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation word family: its polarity, the CAMEO codes it names, its channel focus."""

    name: str
    polarity: int
    words: tuple[str, ...]
    cameo: tuple[str, ...] = ()
    channel: str | None = None


def _relation(
    name: str, polarity: int, words: str, cameo: str = "", channel: str | None = None
) -> Relation:
    """A Relation from compact strings: words separated by '|', CAMEO prefixes by spaces."""
    return Relation(name, polarity, tuple(words.split("|")), tuple(cameo.split()), channel)


RELATIONS: tuple[Relation, ...] = (
    _relation(
        "support",
        1,
        "support|supports|supported|supporting|back|backs|backed|backing|favour|favor|"
        "favours|favors|side with|sides with|stand with|stands with|stood with",
    ),
    _relation(
        "oppose",
        -1,
        "oppose|opposes|opposed|opposing|stand against|stands against|turn against|turned against",
    ),
    _relation(
        "condemn",
        -1,
        "condemn|condemns|condemned|condemning|denounce|denounces|denounced|criticise|"
        "criticize|criticised|criticized|criticises|criticizes|blame|blamed|blames|accuse|"
        "accused|accuses",
        "111 112 11",
        "words",
    ),
    _relation(
        "praise",
        1,
        "praise|praises|praised|endorse|endorses|endorsed|welcome|welcomes|welcomed",
        "051",
        "words",
    ),
    _relation(
        "recognise",
        1,
        "recognise|recognize|recognises|recognizes|recognised|recognized",
        "054",
        "words",
    ),
    _relation(
        "aid",
        1,
        "aid|aids|aided|help|helps|helped|arm|arms|armed|fund|funds|funded|supply|"
        "supplies|supplied",
        "07 06",
        "deeds",
    ),
    _relation(
        "meet",
        1,
        "meet|meets|met|meet with|met with|talk to|talk with|talked with|talked to",
        "04",
        "words",
    ),
    _relation(
        "sanction",
        -1,
        "sanction|sanctions|sanctioned|boycott|boycotts|boycotted",
        "163",
        "deeds",
    ),
    _relation("threaten", -1, "threaten|threatens|threatened", "13", "words"),
    _relation(
        "attack",
        -1,
        "attack|attacks|attacked|strike|strikes|struck|bomb|bombed|fight|fought|invade|invaded",
        "18 19 20",
        "deeds",
    ),
)

_REL_BY_WORD = {w: r for r in RELATIONS for w in r.words}
PAST = {r.name: r.words[2] if r.name not in ("recognise",) else "recognised" for r in RELATIONS}
PAST.update({"support": "supported", "oppose": "opposed", "meet": "met", "aid": "aided",
             "attack": "attacked", "threaten": "threatened", "sanction": "sanctioned",
             "praise": "praised", "condemn": "condemned"})  # fmt: skip

SYMBOL = re.compile(
    r"\b(?:A/RES/(?:ES-\d+/)?\d+/\d+|A/RES/\d+\s*\([A-Z]+\)|S/RES/\d+\s*\(\d{4}\)|"
    r"S/RES/\d+|A/ES-\d+/L\.\d+|A/\d+/L\.\d+|S/\d{4}/\d+|ES-\d+/\d+)",
    re.I,
)
_RES_NUMBER = re.compile(r"\bresolution\s+(?:no\.?\s*)?(\d{2,4})(?:\s*\((\d{4})\))?\b", re.I)
_GA_NUMBER = re.compile(r"\bresolution\s+(\d{1,2}/\d{1,3})\b", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE = (
    rf"(?:\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?|{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|"
    rf"{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{4}}s?)"
)
_WINDOW = re.compile(
    rf"\b(?P<prep>between|after|since|from|before|until|till|in|during|of|on)\s+(?:the\s+)?"
    rf"(?P<a>{_DATE})(?:\s+(?:and|to|-|–)\s+(?:the\s+)?(?P<b>{_DATE}))?\b",
    re.I,
)
_TIME_PREPS = ("since", "after", "from", "before", "until", "in", "during")
_BARE_DATE = re.compile(rf"\b(?P<a>{_MONTH}\s+\d{{4}}|\d{{4}})\b", re.I)
#: Eras named in questions: (pattern, since, until, label).
ERA_WORDS: tuple[tuple[re.Pattern[str], dt.date | None, dt.date | None, str], ...] = (
    (re.compile(r"\b(?:the\s+)?(?:soviet\s+(?:era|times|period)|cold\s+war)\b", re.I),
     None, dt.date(1991, 12, 25), "the Soviet era"),
    (re.compile(r"\b(?:the\s+)?(?:full-scale\s+)?invasion\s+of\s+ukraine\b", re.I),
     dt.date(2022, 2, 24), None, "the invasion of Ukraine (24 Feb 2022)"),
    (re.compile(r"\b(?:october\s+7|7\s+october)(?:\s+attacks?)?\b", re.I),
     dt.date(2023, 10, 7), None, "7 October 2023"),
)  # fmt: skip

CUES: dict[str, frozenset[str]] = {
    "vote": frozenset("vote votes voted voting cast".split()),
    "veto": frozenset("veto vetoes vetoed vetoing".split()),
    "abstain": frozenset("abstain abstains abstained abstaining abstention abstentions".split()),
    "adopt": frozenset("adopted adopt pass passed passes fail failed rejected outcome".split()),
    "resolution": frozenset("resolution resolutions draft drafts text motion".split()),
    "react": frozenset(
        "react reacts reacted reacting reaction reactions respond responds responded "
        "response responses answer answered retaliate retaliated".split()
    ),
    "gap": frozenset("gap gaps rhetoric hypocrisy".split()),
    "say": frozenset("say says said saying words rhetoric talk talks".split()),
    "do": frozenset(
        "do does did doing done deeds actions acts action deed take took taken taking".split()
    ),
    "balance": frozenset("balance balances balancing balanced juggle juggles hedge hedges".split()),
    "change": frozenset(
        "change changes changed changing shift shifts shifted evolve evolved evolving "
        "moved differ differs differed".split()
    ),
    "compare": frozenset("compare compared comparison versus vs".split()),
    "stance": frozenset("stance position positions view views policy stand stands".split()),
}
_AUX = frozenset("does do did is are was were has have had will would could can".split())
_WH = frozenset("how what which who whom where when why whether".split())
_Q_START = (
    r"(?:(?:how|what|when|where|why)\s+(?:did|does|do|has|have|had|was|were|is|are|will|"
    r"would|about)\b|(?:which|who)\s+\w+\s+(?:\w+\s+)?(?:vote|voted|vetoed|abstained|did|"
    r"does|has|have|was|were|is|are|condemned|backed|supported|opposed)\b"
    r"|(?:did|does|do|has|have|was|were|is|are)\s+(?!not\b)[A-Z])"
)
_SPLIT = re.compile(rf"(?:\?\s+|;\s*|,?\s+and\s+(?={_Q_START})|,\s+(?={_Q_START}))", re.I)


@dataclass(frozen=True, slots=True)
class Marks:
    """A question clause marked up: words (lower case, with offsets), actors, cue families."""

    text: str
    words: tuple[tuple[str, int, int], ...]
    actors: tuple[tuple[int, int, Actor], ...]
    cues: dict[str, int]  # family -> offset of its first word

    def last(self, family: str) -> int:
        """Offset of the family's last word ("what does X do with Y": the second 'do')."""
        vocab = CUES[family]
        found = [s for w, s, _e in self.words if w in vocab]
        return found[-1] if found else self.cues.get(family, 0)

    def has(self, *families: str) -> bool:
        return any(f in self.cues for f in families)

    def actors_after(self, pos: int) -> list[Actor]:
        return [a for s, _, a in self.actors if s >= pos]

    def actors_before(self, pos: int) -> list[Actor]:
        return [a for s, _, a in self.actors if s < pos]

    def relation(self) -> tuple[Relation, int] | None:
        for i, (w, s, _e) in enumerate(self.words):
            two = f"{w} {self.words[i + 1][0]}" if i + 1 < len(self.words) else ""
            rel = _REL_BY_WORD.get(two) or _REL_BY_WORD.get(w)
            if rel is not None and not self._inside_actor(s):
                return rel, s
        return None

    def _inside_actor(self, pos: int) -> bool:
        return any(a <= pos < b for a, b, _ in self.actors)


def mark(text: str, actors: ActorIndex) -> Marks:
    words = tuple((m.group().lower(), m.start(), m.end())
                  for m in re.finditer(r"[A-Za-z][A-Za-z'’\-]*", text))  # fmt: skip
    spans = tuple(actor_spans(text, actors))
    cues: dict[str, int] = {}
    for w, s, _e in words:
        if any(a <= s < b for a, b, _ in spans):
            continue
        for fam, vocab in CUES.items():
            if w in vocab and fam not in cues:
                cues[fam] = s
    return Marks(text, words, spans, cues)


def _window(text: str, today: dt.date) -> tuple[str, dt.date | None, dt.date | None, str | None]:
    """Cut the first date window or era out of ``text``."""
    for pat, e_since, e_until, label in ERA_WORDS:
        em = pat.search(text)
        pre = text[: em.start()].rstrip().lower() if em else ""
        if em is None or not pre.endswith(_TIME_PREPS):
            continue  # "the 7 October attack" names an act, not a window
        if pre.endswith(("since", "after", "from")):
            e_since, e_until = e_until or e_since, None
        elif pre.endswith(("before", "until")):
            e_since, e_until = None, e_since or e_until
        head = re.sub(r"\b(?:since|after|from|before|until|in|during)\s*$", "", text[: em.start()])
        rest = " ".join((head + " " + text[em.end() :]).split())
        span = f"from {e_since or 'the start'} to {e_until or 'now'}"
        return rest.strip(), e_since, e_until, f"window read as {span} ({label})"
    m = _WINDOW.search(text)
    if m is None:
        return text, None, None, None
    a = parse_when(m.group("a"), today)
    b = parse_when(m.group("b"), today) if m.group("b") else None
    if a is None:
        return text, None, None, None
    prep = m.group("prep").lower()
    since: dt.date | None
    until: dt.date | None
    if b is not None:
        since, until = a[0], b[1]
    elif prep in ("after", "since", "from"):
        since, until = a[0], None
    elif prep in ("before", "until", "till"):
        since, until = None, a[1]
    else:
        since, until = a
    rest = (text[: m.start()] + " " + text[m.end() :]).strip()
    note = (f"window read as from {since.isoformat() if since else 'the start'} to "
            f"{until.isoformat() if until else 'now'} ('{m.group(0)}')")  # fmt: skip
    return " ".join(rest.split()), since, until, note


def _symbols(text: str) -> tuple[str, ...]:
    syms = [s.group().upper().replace(" ", "") for s in SYMBOL.finditer(text)]
    syms = [("A/RES/" + s) if s.startswith("ES-") else s for s in syms]
    low = text.lower()
    council = "council" in low or "s/res" in low
    for m in _RES_NUMBER.finditer(text):
        if not any(m.group(1) in s for s in syms) and (council or int(m.group(1)) > 200):
            syms.append(f"S/RES/{m.group(1)}" + (f"({m.group(2)})" if m.group(2) else ""))
    for m in _GA_NUMBER.finditer(text):
        syms.append(f"A/RES/{m.group(1)}")
    return tuple(dict.fromkeys(syms))


_OBJ_PREP = re.compile(r"\b(?:on|toward|towards|over|about|regarding|with|to|for|against)\b", re.I)
_DO_PREP = re.compile(
    r"\b(?:about|to|with|regarding|over|on|toward|towards|against|for|in)\b", re.I
)


def _content(text: str) -> list[str]:
    """Content words of a phrase (no stop, cue or auxiliary words)."""
    cue_words = {w for fam in CUES.values() for w in fam}
    return [
        w for w in re.findall(r"[a-z][a-z\-]+", text.lower())
        if w not in STOP and w not in _AUX and w not in _WH and w not in cue_words
        and w not in _FILLER
    ]  # fmt: skip


_FILLER = frozenset(
    "its their his her this that these those with for from into over after before then "
    "still really ever actually now also openly any has have was were been being by at in to "
    "respond reacted".split()
)
