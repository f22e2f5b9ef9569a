"""Actor mentions in a parsed chunk: every phrase that may name who acts or is acted on.

Pure functions over a spaCy ``Doc``; the ``geostance_mentions`` component stores the result.
A mention is a token span with its head token and a *kind*:

* ``actor`` — a gazetteer entry (state, capital, seat, adjective, organisation, group, known
  person), widened to the phrase it heads when it modifies a noun of agents: "Qatar's foreign
  ministry", "the Irish foreign minister", "her Jordanian counterpart", "officials in Tehran";
* ``person`` — a person's name the gazetteer does not know ("Retno Marsudi"), resolved later
  from what the document said of that person;
* ``pronoun`` — he, she, it, they, we, I and their possessive forms;
* ``description`` — "the kingdom", "the bloc", "the government";
* ``group`` — several actors named together earlier: "the two countries", "both sides",
  "the three governments", "each other", and each of two: "both" as a subject or object,
  "each side", "the other";
* ``title`` — an office with no actor named ("the foreign minister", "the spokesman");
* ``eventref`` — an act named as a thing ("the attack", "the move"), whose actor is found
  from the events before it.

Which mention is the source or the target of an act is decided by the trained role model
(:mod:`geostance.nlp.roles`); what a pronoun, description or name stands for is decided by
:mod:`geostance.nlp.discourse`. Precision comes first here only for gazetteer words that are also
ordinary words ("Chad", "US"): they need the entity recogniser's agreement.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from geostance.nlp.actors import FORM_RANK, Gazetteer
from geostance.nlp.mention_words import (
    AGENT_NOUNS,
    AIDES,
    COMPASS,
    DESCRIPTION_NOUNS,
    DISTRIBUTIVES,
    EVENT_NOUNS,
    GROUP_NOUNS,
    INSTITUTION_NOUNS,
    NUMBER_WORDS,
    PHRASE_DEPS,
    PRONOUN_FORMS,
    TITLE_NOUNS,
)

__all__ = [
    "ActorTable",
    "Mention",
    "build_matchers",
    "dateline_end",
    "find_mentions",
    "list_head",
    "listed",
]

NE_LABELS = frozenset("GPE NORP ORG LOC PERSON FAC EVENT".split())
KIND_ORDER = ("actor", "person", "pronoun", "description", "group", "title", "eventref")


# ---------------------------------------------------------------- actor table
@dataclass(frozen=True, slots=True)
class FormInfo:
    """One surface form of a gazetteer entry as the coder uses it."""

    text: str
    key: str
    kind: str
    form: str
    ambiguous: bool
    case_sensitive: bool


class ActorTable:
    """The gazetteer as the coder sees it: surface forms with their entry key, kind, form and
    ambiguity, and date-aware resolution of entry keys to actor ids. Built once per pipeline."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.forms: list[FormInfo] = []
        self.kinds: dict[str, str] = {}
        self._official: dict[str, frozenset[str]] = {}
        seen: set[tuple[str, str]] = set()
        for f in gazetteer.forms():
            text = re.sub(r"^(?:the|The)\s+", "", f.text.strip())
            if not text or (text, f.key) in seen:
                continue
            seen.add((text, f.key))
            kind = self.kinds.get(f.key) or gazetteer.entry(f.key).kind
            self.kinds[f.key] = kind
            self.forms.append(
                FormInfo(text, f.key, kind, f.form, bool(f.ambiguous), bool(f.case_sensitive))
            )

    def resolve(
        self,
        keys: Sequence[str],
        on: dt.date | None,
        named: Mapping[str, tuple[int, int]] | None = None,
    ) -> str | None:
        """The actor id that entry keys (one mention's candidates) stand for on a date:
        a person's country in the term in force, else the entry active on the date, else the
        first candidate (a person's latest country). When they stand for several actors that
        day ("King Abdullah" in 2013), the one ``named`` counts most (the document's
        ``Discourse.naming``: sentences naming it, the latest), if it counts any."""
        if not keys:
            return None
        choices = self.on_date(keys, on)
        known = [a for a in choices if a in named] if named and len(choices) > 1 else []
        if named and known:
            return max(known, key=lambda a: named[a])
        if choices:
            return choices[0]
        gaz = self.gazetteer
        first = gaz.entry(keys[0])
        if first.kind == "person":
            return gaz.speaks_for(keys[0], None) or first.country
        return first.id

    def on_date(self, keys: Sequence[str], on: dt.date | None) -> list[str]:
        """The distinct actors that entry keys stand for on a date (a person's country in the
        term in force, an entry active then): two when "King Abdullah" may be either king."""
        out: list[str] = []
        for key in keys:
            actor = self.gazetteer.entry(key)
            if actor.kind == "person":
                found = self.gazetteer.speaks_for(key, on) if on is not None else None
            else:
                found = actor.id if _active(actor, on) else None
            if found is not None and found not in out:
                out.append(found)
        return out

    def official_word(self, word: str) -> frozenset[str]:
        """The actors whose name or official name holds ``word`` ("kingdom": the Kingdom of
        Spain, the United Kingdom ...; "court": the International Criminal Court ...)."""
        found = self._official.get(word)
        if found is None:
            names = (f for f in self.forms if f.form in ("official", "name"))
            found = frozenset(f.key for f in names if word in f.text.lower())
            self._official[word] = found
        return found

    def kind_of(self, actor_id: str) -> str:
        """The gazetteer kind of an actor id (``state`` for unknown ids)."""
        return self.kinds.get(actor_id, "state")


T = TypeVar("T")


def list_head(tok: Token) -> Token:
    """The first member of the list ``tok`` is in ("Egypt" for "Qatar" in "Egypt, Jordan and
    Qatar"); ``tok`` itself when it is no conjunct."""
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def listed(tok: Token, at: Mapping[int, T]) -> list[T]:
    """What ``at`` (keyed by token index) holds for ``tok`` and the other members of its list."""
    return [at[t.i] for t in (tok, *tok.conjuncts) if t.i in at]


def _active(actor: object, on: dt.date | None) -> bool:
    start = getattr(actor, "start", None)
    end = getattr(actor, "end", None)
    if on is None:
        return end is None
    return (start is None or start <= on) and (end is None or on <= end)


# ---------------------------------------------------------------- mentions
@dataclass(frozen=True, slots=True)
class Mention:
    """A phrase that may name an actor: tokens [start, end) of a Doc, its head token, its kind
    (see the module docstring), the gazetteer entry keys it matched (kind ``actor``), its form
    (the gazetteer form, or the pronoun, description, office or act word) and, for a phrase
    that also gives a person's name ("Foreign Minister Retno Marsudi"), that name."""

    start: int
    end: int
    head: int
    kind: str
    keys: tuple[str, ...] = ()
    form: str = ""
    ambiguous: bool = False
    actor_kind: str = ""
    name: str = ""

    @property
    def key(self) -> str:
        return self.keys[0] if self.keys else ""

    def pack(self) -> list[Any]:
        """Plain values, so the Doc can cross process boundaries."""
        return [
            self.start, self.end, self.head, self.kind, list(self.keys), self.form,
            self.ambiguous, self.actor_kind, self.name,
        ]  # fmt: skip

    @classmethod
    def unpack(cls, row: Sequence[Any]) -> Mention:
        return cls(
            int(row[0]), int(row[1]), int(row[2]), str(row[3]), tuple(row[4]), str(row[5]),
            bool(row[6]), str(row[7]), str(row[8]),
        )  # fmt: skip


def build_matchers(nlp: Language, table: ActorTable) -> tuple[PhraseMatcher, PhraseMatcher]:
    """Case-exact and case-free PhraseMatchers over the gazetteer's surface forms: acronyms
    flagged case-sensitive ("US", "WHO") match only as written, so the words "us" and "who"
    stay words; every other form matches in any case ("iSrael", "tunisian")."""
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    caseless = PhraseMatcher(nlp.vocab, attr="LOWER")
    for i, f in enumerate(table.forms):
        label = f"geostance_form_{i}"
        if f.case_sensitive:
            exact.add(label, [nlp.make_doc(f.text)])
        else:
            caseless.add(label, [nlp.make_doc(f.text.lower())])
    return exact, caseless


def find_mentions(
    doc: Doc, matchers: tuple[PhraseMatcher, PhraseMatcher], table: ActorTable
) -> list[Mention]:
    """Every mention of a parsed chunk, in text order, none overlapping another; none in a
    wire dateline ("THE HAGUE, March 18 (Reuters) –" says where the report was filed, not who
    acts)."""
    skip = dateline_end(doc)
    actors = [m for m in _gazetteer_mentions(doc, matchers, table) if m.start >= skip]
    taken = {i for m in actors for i in range(m.start, m.end)} | set(range(skip))
    out = list(actors)
    for m in _other_mentions(doc, taken):
        if not any(i in taken for i in range(m.start, m.end)):
            taken.update(range(m.start, m.end))
            out.append(m)
    out.sort(key=lambda m: m.start)
    return out


DASHES = frozenset(["–", "—", "-", "--"])


def dateline_end(doc: Doc) -> int:
    """The index of the first token after a dateline that opens the chunk: a place in capitals,
    a comma, a date and perhaps an agency, then a dash ("MADRID, May 28 (Wire) –"); 0 if none."""
    k = 0
    while k < len(doc) and doc[k].is_alpha and doc[k].is_upper:
        k += 1
    if k == 0 or k >= len(doc) or doc[k].text != "," or not any(len(t) > 1 for t in doc[:k]):
        return 0
    for j in range(k + 1, min(len(doc), k + 16)):
        if doc[j].text in DASHES:
            return j + 1
    return 0


def _gazetteer_mentions(
    doc: Doc, matchers: tuple[PhraseMatcher, PhraseMatcher], table: ActorTable
) -> list[Mention]:
    """Longest non-overlapping gazetteer matches, each widened to the agent phrase it heads."""
    strings = doc.vocab.strings
    spans: dict[tuple[int, int], list[tuple[int, FormInfo]]] = {}
    for matcher in matchers:
        for match_id, start, end in matcher(doc):
            f = table.forms[row := int(strings[match_id].rsplit("_", 1)[1])]
            if _plausible(doc, start, end, f) and not _other_given_name(doc, start, f, table):
                spans.setdefault((start, end), []).append((row, f))
    taken: set[int] = set()
    raw: list[tuple[int, int, list[FormInfo]]] = []
    for (start, end), rows in sorted(spans.items(), key=lambda kv: (kv[0][0] - kv[0][1], kv[0])):
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        # latest row first, fixed: the matcher's order moved with every form added before
        raw.append((start, end, [f for _, f in sorted(rows, key=lambda r: -r[0])]))
    raw.sort(key=lambda r: r[0])
    out: list[Mention] = []
    used: set[int] = set()
    for start, end, forms in raw:
        if any(i in used for i in range(start, end)):
            continue  # inside a phrase already widened ("US and British officials")
        keys = tuple(dict.fromkeys(f.key for f in forms))
        # the form the role model sees is the best-ranked of the first actor's, not the
        # rows' (ties by name: "ASEAN" is its name and its short name: "name")
        f0 = min(
            (f for f in forms if f.key == keys[0]),
            key=lambda f: (FORM_RANK.get(f.form, len(FORM_RANK)), f.form),
        )
        w_start, w_end, head, name = _widen(doc, start, end, taken)
        used.update(range(w_start, w_end))
        out.append(
            Mention(
                w_start,
                w_end,
                head,
                "actor",
                keys,
                f0.form,
                any(f.ambiguous for f in forms),
                f0.kind,
                name,
            )  # fmt: skip
        )
    return out


def _plausible(doc: Doc, start: int, end: int, info: FormInfo) -> bool:
    """Reject matches that are ordinary words: ambiguous forms and places need an NER label;
    single-word person names need one too, or must be a capitalised proper noun NER gave no
    label at all (the small model misses many surnames: "Zelenskiy", "Lula") outside a
    title-case line; no person form may go on in the same name ("Anwar Sadat" is not the
    "Anwar" of Anwar Ibrahim); single words tagged as verbs or adverbs are words; a place's
    name that opens a longer person's name is a given name ("Senator Georgia Banks")."""
    tok = doc[start]
    if (info.ambiguous or info.form == "place") and tok.ent_type_ not in NE_LABELS:
        return False
    if info.kind == "person" and end - start == 1 and tok.ent_type_ not in NE_LABELS:
        if tok.ent_type_ or tok.pos_ != "PROPN" or not tok.is_title or _title_case(tok.sent):
            return False
    if end - start == 1 and tok.pos_ in ("VERB", "AUX", "ADV", "ADP"):
        return False
    if end - start > 1 and all(t.is_lower for t in doc[start:end]) and not info.text.islower():
        return False  # "its foreign office" is an office, not the "Foreign Office" named
    if (
        info.kind != "person"
        and info.form not in ("adjective", "demonym")
        and tok.ent_iob_ == "B"
        and tok.ent_type_ == "PERSON"
        and end < len(doc)
        and doc[end].ent_iob_ == "I"
        and doc[end].pos_ == "PROPN"
    ):
        return False  # a given name: "Victoria Nuland", "Jordan Smith" (known persons match whole)
    if info.kind == "person" and end < len(doc):
        # "Anwar Sadat" is not "Anwar" (Anwar Ibrahim), "Prime Minister Najib Mikati" not
        # "Prime Minister Najib" (Najib Razak): a longer name goes on
        nxt = doc[end]
        if nxt.ent_iob_ == "I" and nxt.pos_ == "PROPN" and nxt.is_title:
            return False
    if info.form in ("adjective", "demonym") and start > 0:
        if doc[start - 1].lower_ in ("ethnic", "pro", "anti", "non", "former"):
            return False  # "ethnic Albanians" are not Albania; "pro-Russian" not Russia
        if start > 1 and doc[start - 1].text == "-" and doc[start - 2].lower_ in ("pro", "anti"):
            return False
    return True


# words before a surname that are no given name ("Minister Lavrov", "Mr Lavrov")
_NOT_GIVEN = TITLE_NOUNS | frozenset(["mr", "mrs", "ms", "dr", "sir", "sheikh"])


def _other_given_name(doc: Doc, start: int, info: FormInfo, table: ActorTable) -> bool:
    """A one-word person form after a given name that is not the entry's: "Bashar Jaafari" is
    not Ibrahim al-Jaafari (a transliteration, "Sergei" for "Sergey", keeps its initial)."""
    if info.kind != "person" or " " in info.text or start == 0:
        return False
    given = doc[start - 1]
    if given.ent_type_ != "PERSON" or given.pos_ != "PROPN" or not given.is_title:
        return False
    if given.lower_.rstrip(".") in _NOT_GIVEN:
        return False
    name = table.gazetteer.entry(info.key).name
    return given.lower_[:1] != name.lower()[:1] and given.lower_ not in name.lower().split()


def _title_case(sent: Span) -> bool:
    """A headline-like line: a capitalised common word after its first ("Leaders Meet")."""
    return any(t.is_title and t.pos_ in ("VERB", "NOUN", "ADJ", "ADV") for t in sent[1:])


def _widen(doc: Doc, start: int, end: int, taken: set[int]) -> tuple[int, int, int, str]:
    """(start, end, head, person name) of the phrase a gazetteer match names: the match or the
    agent phrase it modifies ("Qatar's foreign ministry", "forces loyal to Haftar")."""
    tok = doc[end - 1]
    head = tok
    for _ in range(4):
        h = head.head
        if h.i == head.i:
            break
        if (
            h.pos_ in ("NOUN", "PROPN")
            and head.dep_ in ("poss", "compound", "amod", "nmod")
            and (_agent(h) or (h.pos_ == "PROPN" and h.ent_type_ == "PERSON"))
        ):
            head = h
            continue
        prep, top = head.head, head.head.head  # "officials in Tehran", "an adviser to Aliyev"
        loyal = prep.lower_ == "to" and top.lemma_.lower() == "loyal" and _agent(top.head)
        top = top.head if loyal else top  # "forces loyal to Haftar" are his forces
        aide = prep.lower_ == "to" and (loyal or top.lemma_.lower() in AIDES)
        agent = prep.lower_ in ("of", "from", "in", "for") and top.pos_ in ("NOUN", "PROPN")
        place = prep.lower_ == "in" and top.lemma_ in INSTITUTION_NOUNS  # "the council in Paris"
        if head.dep_ == "pobj" and (aide or (agent and _agent(top) and not place)):
            head = top
            continue
        break
    if head.i == tok.i:
        return start, end, tok.i, ""
    left = min(start, _left_edge(head))
    right = max(end, head.i + 1)
    while right < len(doc) and doc[right].dep_ in ("flat", "compound") and doc[right].head == head:
        right += 1
    if any(i in taken for i in range(left, start)) or any(i in taken for i in range(end, right)):
        return start, end, tok.i, ""  # another actor inside: keep the two apart
    name = " ".join(
        t.text for t in doc[left:right] if t.ent_type_ == "PERSON" and t.pos_ == "PROPN"
    )
    return left, right, head.i, name


def _left_edge(head: Token) -> int:
    """The first token of a noun phrase's pre-modifiers (determiner, possessor, adjectives)."""
    left = head.i
    for c in head.lefts:
        if c.dep_ in ("det", "poss", "amod", "compound", "nmod", "nummod", "quantmod"):
            left = min(left, c.left_edge.i)
    return left


def _agent(tok: Token) -> bool:
    return tok.lemma_.lower() in AGENT_NOUNS or tok.lower_ in AGENT_NOUNS


def _other_mentions(doc: Doc, taken: set[int]) -> list[Mention]:
    """Persons, pronouns, descriptions, offices and acts named as things."""
    out: list[Mention] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not any(i in taken for i in range(ent.start, ent.end)):
            out.append(
                Mention(ent.start, ent.end, ent.end - 1, "person", form="name", name=ent.text)
            )
    for tok in doc:
        if tok.i in taken:
            continue
        low = tok.lower_
        if tok.pos_ == "PRON" and low in PRONOUN_FORMS:
            if low == "it" and tok.dep_ in ("expl", "nsubjpass"):
                continue
            out.append(Mention(tok.i, tok.i + 1, tok.i, "pronoun", form=low))
            continue
        if low in DISTRIBUTIVES and tok.pos_ in ("PRON", "DET") and tok.dep_ in PHRASE_DEPS:
            if not any(g.lower_ == "which" for c in tok.children for g in c.children):
                out.append(Mention(tok.i, tok.i + 1, tok.i, "group", form="2"))  # "Both abstained"
            continue  # "both of which freed hostages": things, not actors
        if (
            tok.text in COMPASS
            and tok.dep_ in PHRASE_DEPS
            and tok.i > 0
            and doc[tok.i - 1].lower_ == "the"
        ):
            out.append(Mention(tok.i - 1, tok.i + 1, tok.i, "description", form=low))  # "the North"
            continue
        # a lower-case word tagged as a name is a noun ("thanked the council and Kenya")
        if tok.pos_ not in ("NOUN", "ADJ") and not (tok.pos_ == "PROPN" and tok.is_lower):
            continue
        lemma = tok.lemma_.lower()
        dets = {c.lower_ for c in tok.children if c.dep_ in ("det", "predet", "nummod")}
        mods = [c for c in tok.children if c.dep_ in ("amod", "compound", "poss")]
        start = _left_edge(tok)
        if any(i in taken for i in range(start, tok.i)):
            continue  # an actor modifies it: the actor mention already covers who
        if (lemma in ("side", "party") and dets & DISTRIBUTIVES) or (
            low == "other" and "the" in dets and tok.dep_ in PHRASE_DEPS
        ):
            out.append(Mention(start, tok.i + 1, tok.i, "group", form="2"))  # "each side"
            continue
        if low in GROUP_NOUNS and (dets & (set(NUMBER_WORDS) | {"the", "all"})):
            count = max((NUMBER_WORDS.get(d, 0) for d in dets), default=0)
            if count or low in ("sides", "parties"):
                out.append(Mention(start, tok.i + 1, tok.i, "group", form=str(count or 2)))
                continue
        if low == "other" and tok.i > 0 and doc[tok.i - 1].lower_ in ("each", "one"):
            out.append(Mention(tok.i - 1, tok.i + 1, tok.i, "group", form="2"))
            continue
        if (low in DESCRIPTION_NOUNS or lemma in DESCRIPTION_NOUNS) and (
            dets & {"the", "both", "two", "this"}
        ):
            if not any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
                form = low if low in DESCRIPTION_NOUNS else lemma
                out.append(Mention(start, tok.i + 1, tok.i, "description", form=form))
                continue
        if lemma in TITLE_NOUNS and dets & {"the", "his", "her", "its", "their"}:
            out.append(Mention(start, tok.i + 1, tok.i, "title", form=lemma))
            continue
        if (lemma in EVENT_NOUNS or low in EVENT_NOUNS) and (
            dets & {"the", "this", "that", "these", "those"} or any(m.dep_ == "poss" for m in mods)
        ):
            form = lemma if lemma in EVENT_NOUNS else low
            out.append(Mention(start, tok.i + 1, tok.i, "eventref", form=form))
    return out
