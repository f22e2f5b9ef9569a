"""What the mentions of a document stand for, read in order with a memory of what came before.

One :class:`Discourse` per document, fed sentence by sentence (across paragraphs):

* a gazetteer mention is its entry's actor on the event's date (a person speaks for a state);
* a person's name the gazetteer does not know takes the actor the document tied to it before
  ("Indonesian Foreign Minister Retno Marsudi", then "Marsudi said"); the surname alone works;
* "he"/"she" take the latest person or office holder, "it"/"its" the latest state or body
  (one named earlier in the sentence first, then the previous sentence's subject), "they"
  the latest actor; "we", "our", "I" in a quote take the quote's speaker; an object pronoun
  is never a subject of its own clause ("Brazil and Chile condemned it", "Marape welcomed
  him": someone named before);
* "the kingdom", "the government" take the latest state (a subject first), "the bloc" the
  latest organisation; "the kingdom", "the court", "the league", "the council", "the
  assembly", "the agency" only an actor whose name holds the word (:data:`NAMED_BY`: "the
  court" is the ICC, not the UN named after it); an office named bare
  ("the foreign minister") takes the actor whose office it was last;
* "both", "each side", "the other" take the pair named together in their sentence, else the
  two actors the document has named in the most sentences, else the latest pair named
  together; "the three governments" are the latest three named together, however long ago;
* an act named as a thing ("condemned the attack") takes the source of the latest coded act
  of that kind; an attack named with its victim is then the latest attack;
* a reaction with no target and no act near it to answer takes the actor named in the most
  sentences so far (:meth:`Discourse.counterpart`).

Pure Python over values; the memory is small and per document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc

from geostance.nlp.clauses import (
    actor_heads,
    clause_subjects,
    clusters,
    in_clause,
    opening_place,
    parallel_possessor,
    victim,
)
from geostance.nlp.mention_words import (
    DESCRIPTION_NOUNS,
    EVENT_NOUNS,
    PRONOUN_FORMS,
    TITLE_NOUNS,
)
from geostance.nlp.mentions import ActorTable, Mention
from geostance.nlp.speech import Quote, quote_of

__all__ = ["Discourse", "Seen"]

PERSON_HEADS = TITLE_NOUNS | frozenset(
    """spokesman spokeswoman spokesperson adviser advisor aide chief head director monarch
    counterpart delegate representative general governor mayor judge prosecutor senator
    lawmaker legislator parliamentarian""".split()
)
# descriptions that a state's own name must bear: "the kingdom" is Spain or Jordan, not Ukraine
CROWNS = frozenset(["kingdom", "sultanate"])
# and a body's: "the court" is the International Criminal Court, not the UN; "the league" the
# League of Arab States; "the agency" the atomic energy agency, "the assembly" the General
# Assembly, "the council" the Security Council (or another council named)
NAMED_BY = CROWNS | frozenset(["court", "league", "tribunal", "council", "assembly", "agency"])
LOOKBACK = 4  # sentences a pronoun or description may reach back


@dataclass(frozen=True, slots=True)
class Seen:
    """A resolved mention remembered for later sentences."""

    actor: str
    sentence: int
    person: bool
    kind: str  # the gazetteer kind of the actor: state, igo, group ...
    subject: bool
    plural: bool = False  # "the other 26 leaders": never "he" or "she"


@dataclass
class Discourse:
    """The memory of one document (see the module docstring)."""

    table: ActorTable
    seen: list[Seen] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    acts: list[tuple[str, str, str | None, int]] = field(default_factory=list)
    # (label, source, target, sentence) of the acts coded so far
    sentence: int = 0
    last_resolution: tuple[str, bool] | None = None  # (actor, against) of the latest resolution
    groups: list[tuple[tuple[str, ...], int, bool]] = field(default_factory=list)
    expanded: dict[int, list[str]] = field(default_factory=dict)
    # size -> the latest three or more actors named together, however long ago
    sets: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # two actors named together -> (times so far, the latest sentence), however long ago
    pairs: dict[frozenset[str], tuple[int, int]] = field(default_factory=dict)
    # actor -> (sentences naming it so far, the latest of them)
    naming: dict[str, tuple[int, int]] = field(default_factory=dict)

    # ---- called by the assembler
    def resolve(
        self,
        doc: Doc,
        mentions: Sequence[Mention],
        quotes: Sequence[Quote],
        indices: Sequence[int],
        on: dt.date | None,
    ) -> dict[int, str | None]:
        """Actor ids of the mentions ``indices`` of one sentence (in text order); the memory
        learns from them. Call :meth:`next_sentence` after the sentence's events are noted."""
        out: dict[int, str | None] = {}
        later: list[int] = []
        self.expanded = {}
        named = {  # mentions by name: resolved once, read twice below
            k: self.table.resolve(mentions[k].keys, on, self.naming)
            for k in indices
            if mentions[k].kind == "actor"
        }
        # a town named ("struck Kharkiv") stands for its state where it is hit, and nowhere in
        # the memory: no pronoun, description or story's main actor is a town
        places = {k for k in named if mentions[k].form == "place"}
        indices = [k for k in indices if k not in places]
        out.update((k, named.pop(k)) for k in places)
        for k in indices:
            m = mentions[k]
            if m.kind == "pronoun" and PRONOUN_FORMS.get(m.form) == "first":
                later.append(k)
                continue
            if m.kind == "group" or (m.kind == "pronoun" and PRONOUN_FORMS.get(m.form) == "plural"):
                # the lists of the sentence, a later one too ("four governments joined Russia
                # in voting against: Belarus, North Korea, Nicaragua and Syria")
                known = {**named, **out}
                here = clusters(doc, mentions, [i for i in indices if i in known], known)
                bare = not any(c.dep_ in ("amod", "compound") for c in doc[m.head].children)
                group = self._group(m, here, self._own_subjects(doc, m, here), bare)
                if group:
                    self.expanded[k] = group
                    out[k] = group[0]
                    continue
                if m.kind == "group":
                    out[k] = None
                    continue
            hit = victim(doc[m.head], mentions, named) if m.kind == "eventref" else None
            if k in named:
                actor = named[k]
            elif (
                m.kind == "pronoun"
                and doc[m.head].dep_ == "poss"
                and (same := parallel_possessor(doc[m.head], actor_heads(mentions, out)))
            ):
                actor = same  # "Russia's invasion of Ukraine, and its veto of the draft"
            elif m.kind == "pronoun" and doc[m.head].dep_ in ("nsubj", "nsubjpass"):
                verb = doc[m.head].head
                clause = {
                    a for i, a in named.items() if a and in_clause(doc[mentions[i].head], verb)
                }
                actor = self._pronoun(m, subject_not=clause)
            elif m.kind == "pronoun" and doc[m.head].dep_ in ("dobj", "pobj", "dative"):
                # "Brazil and Chile condemned it": never the subjects of its own clause
                own = clause_subjects(doc[m.head], actor_heads(mentions, out))
                actor = self._pronoun(m, exclude=own)
            elif m.kind == "description" and m.form in ("north", "south"):
                entry = self.table.gazetteer.entry  # "the North": North Korea in a Korean story
                north = [a for a in self.naming if entry(a).name.lower().startswith(m.form + " ")]
                actor = self._named_most(north)
            elif m.kind == "description":
                want = DESCRIPTION_NOUNS.get(m.form, "state")
                exclude = clause_subjects(doc[m.head], actor_heads(mentions, out))
                if m.form in NAMED_BY:  # "the kingdom" is no republic, "the court" no UN
                    crowned = self.table.official_word(m.form)
                    exclude |= {s.actor for s in self.seen if s.actor not in crowned}
                place = opening_place(doc, mentions, named) if want == "state" else None
                actor = place or self._latest_kind(want, exclude)
                if actor is None and m.form in NAMED_BY:  # "the council", ten sentences on
                    actor = self._named_most(crowned - exclude)
            elif hit:
                # "the strike on Qatar": whoever attacked Qatar, not whoever attacked last
                actor = self._attacker_of(hit) or self._resolve_one(doc, m, on, besides=hit)
            else:
                actor = self._resolve_one(doc, m, on)
            out[k] = actor
            if actor is not None:
                self._remember(doc, m, actor)
            if m.kind == "eventref" and actor and EVENT_NOUNS.get(m.form) == "force":
                # "condemned the strikes on Lebanon": the latest attack, for "the bombardment"
                self.note_act("attack/use_force", actor, hit)
        for actor in {a for k, a in out.items() if a and k not in places}:
            self.naming[actor] = (self.naming.get(actor, (0, 0))[0] + 1, self.sentence)
        for actors, subject in clusters(doc, mentions, [i for i in indices if i in out], out):
            self.groups.append((actors, self.sentence, subject))
            if len(actors) >= 3:
                self.sets[len(actors)] = actors
            elif len(actors) == 2:
                times = self.pairs.get(frozenset(actors), (0, 0))[0]
                self.pairs[frozenset(actors)] = (times + 1, self.sentence)
        for k in later:
            m = mentions[k]
            q = quote_of(quotes, m.head)
            speaker = q.speaker if q is not None else -1
            if speaker >= 0 and speaker != k:
                if speaker not in out:
                    out[speaker] = self._resolve_one(doc, mentions[speaker], on)
                out[k] = out[speaker]
            else:
                out[k] = None
        return out

    def _own_subjects(
        self, doc: Doc, m: Mention, here: list[tuple[tuple[str, ...], bool]]
    ) -> set[str]:
        """The actors a plural phrase cannot stand for: the subjects of its own sentence, when
        the phrase is not itself a subject nor "each other" ("The US and Japan called on both
        parties": the parties are others)."""
        head = doc[m.head]
        if head.dep_ in ("nsubj", "nsubjpass") or head.lower_ in ("other", "another"):
            return set()
        own = {a for actors, subj in here if subj for a in actors}
        own |= {s.actor for s in self.seen if s.sentence == self.sentence and s.subject}
        return own

    def _group(
        self,
        m: Mention,
        here: list[tuple[tuple[str, ...], bool]],
        exclude: set[str],
        bare: bool = True,
    ) -> list[str]:
        """The actors a plural phrase or "they" stands for: the latest group of that size named
        together (in this sentence first), else the latest distinct actors; never one of
        ``exclude``. A pair ("both sides", "the parties", "the two leaders") not named in its
        own sentence is the two actors the document has named most, when there are two."""
        want = int(m.form) if m.form.isdigit() else 0
        recent = [(a, subj) for a, subj in reversed(here)] + [
            (a, subj) for a, sent, subj in reversed(self.groups) if self.sentence - sent <= LOOKBACK
        ]
        recent = [(a, subj) for a, subj in recent if not exclude.intersection(a)]
        paired = any(len(a) == 2 and not exclude.intersection(a) for a, _ in here)
        if m.kind != "pronoun" and want == 2 and not paired:
            # "urged both sides": the two the story names together most, else names most
            # (a qualified pair, "both Arab armies", is not the story's main pair)
            pair = (self._most_paired(exclude) if bare else []) or self.most_named(2, exclude)
            if len(pair) == 2:
                return pair
        if m.kind == "pronoun":
            # "they" after "Egypt and Qatar said ...": the group that was the subject last
            for actors, subj in recent[:2]:
                if subj:
                    return list(actors)
            return []
        for actors, _ in recent:
            if len(actors) == want:
                return list(actors)
        if want >= 3 and want in self.sets and not exclude.intersection(self.sets[want]):
            return list(self.sets[want])  # "the three juntas", named together long before
        distinct: list[str] = []
        for s in self._recent():
            if s.actor not in distinct and s.actor not in exclude:
                distinct.append(s.actor)
            if len(distinct) == want:
                return distinct
        return []

    def note_act(self, label: str, source: str, target: str | None = None) -> None:
        """An event coded in the current sentence (for "the attack", "the move" later)."""
        self.acts.append((label, source, target, self.sentence))

    def reacting_to(self, source: str) -> str | None:
        """Who did the latest act toward ``source`` in this or the two sentences before: the
        one a reaction with no named target answers ("Moscow reacted with scorn")."""
        for _, src, tgt, sent in reversed(self.acts):
            if self.sentence - sent > 2:
                break
            if tgt == source and src != source:
                return src
        return None

    def last_actor(self, besides: Collection[str], within: int = 2) -> str | None:
        """The source of the latest act in the ``within`` sentences before this one by an
        actor not among ``besides``: whom a reaction with no target named answers when nothing
        was just done to the reacting actor ("… Moscow has rejected the idea outright")."""
        for _, src, _, sent in reversed(self.acts):
            if self.sentence - sent > within:
                break
            if sent < self.sentence and src not in besides:
                return src
        return None

    def counterpart(self, besides: Collection[str]) -> str | None:
        """The actor the document has named in the most sentences so far (at least two), not
        among ``besides``: whom a reaction answers when nothing near it does (annotators code
        "Moscow reacted angrily" toward the other party of the story)."""
        top = self.most_named(1, besides)
        return top[0] if top else None

    def most_named(self, n: int, besides: Collection[str]) -> list[str]:
        """The ``n`` actors the document has named in the most sentences so far (at least two
        each; the one named last first among equals), not among ``besides``; fewer when there
        are not so many."""
        ranked = sorted((c, a) for a, c in self.naming.items() if c[0] >= 2 and a not in besides)
        return [a for _, a in reversed(ranked[-n:])] if n else []

    def _most_paired(self, besides: Collection[str]) -> list[str]:
        """The two actors the document has named together most often, at least twice (the
        latest pair first among equals), both among the four it names most and neither among
        ``besides``; else none."""
        main = set(self.most_named(4, besides))
        ranked = sorted((c, sorted(p)) for p, c in self.pairs.items() if p <= main)
        return ranked[-1][1] if ranked and ranked[-1][0][0] >= 2 else []

    def next_sentence(self) -> None:
        """Move on; what no rule can reach any more (older than 2 x LOOKBACK sentences) is
        forgotten, so a document of any length costs the same per sentence."""
        self.sentence += 1
        horizon = self.sentence - 2 * LOOKBACK
        if self.seen and self.seen[0].sentence < horizon:
            self.seen = [x for x in self.seen if x.sentence >= horizon]
        if self.groups and self.groups[0][1] < horizon:
            self.groups = [g for g in self.groups if g[1] >= horizon]
        if self.acts and self.acts[0][3] < horizon:
            self.acts = [a for a in self.acts if a[3] >= horizon]

    # ---- resolution
    def _resolve_one(
        self, doc: Doc, m: Mention, on: dt.date | None, besides: str | None = None
    ) -> str | None:
        """The actor of one mention by its kind; an act named as a thing is never by
        ``besides`` (its victim)."""
        if m.kind == "actor":
            return self.table.resolve(m.keys, on, self.naming)
        if m.kind == "person":
            return self._name(m.name or doc[m.start : m.end].text)
        if m.kind == "pronoun":
            return self._pronoun(m)
        if m.kind == "description":
            want = DESCRIPTION_NOUNS.get(m.form, "state")
            return self._latest_kind(want)
        if m.kind == "title":
            # "the crown prince" with no holder named: the latest actor named
            return (
                self.titles.get(m.form)
                or self._latest(person=True, body=False)
                or self._latest(person=False, body=False)
            )
        if m.kind == "eventref":
            for t in doc[m.start : m.head]:
                if t.dep_ == "poss" and t.lower_ in PRONOUN_FORMS:
                    return self._latest(person=False, body=False)
            return self._act_source(EVENT_NOUNS.get(m.form, "any"), besides)
        return None

    def _named_most(self, among: Collection[str]) -> str | None:
        """The actor of ``among`` the document has named most so far (the latest among
        equals): "the North" in a Korean story, "the council" far from its name."""
        named = [(count, a) for a, count in self.naming.items() if a in among]
        return max(named)[1] if named else None

    def _name(self, name: str) -> str | None:
        key = name.lower().strip()
        if key in self.names:
            return self.names[key]
        last = key.split()[-1] if key else ""
        return self.names.get(last)

    def _recent(self) -> list[Seen]:
        return [s for s in reversed(self.seen) if self.sentence - s.sentence <= LOOKBACK]

    def _latest(
        self,
        *,
        person: bool,
        body: bool,
        subject_not: Collection[str] | None = None,
        exclude: Collection[str] = (),
    ) -> str | None:
        """The actor a pronoun takes: one named earlier in its own sentence, else the subject
        of the sentence before ("South Africa hosted ... . In 2023 its navy ..."), else the
        latest one named. A pronoun that is a subject (``subject_not`` given: the actors
        named in its own clause) takes the latest subject named before it in its sentence
        that its clause does not name: "Kenya thanked Uganda and said it would send troops"
        is Kenya; in "Ghana warned Togo that it would reply if it attacked Ghanaian posts" the
        first "it" is Ghana and the second Togo. None of ``exclude`` is taken (an object
        pronoun's own clause subjects)."""
        fits = [
            s
            for s in self._recent()
            if ((s.person and not s.plural) or not person)
            and not (body and s.person)
            and s.actor not in exclude
        ]
        if not fits:
            return None
        if fits[0].sentence == self.sentence:
            here = [s for s in fits if s.sentence == self.sentence]
            if subject_not is not None:
                free = [s for s in here if s.actor not in subject_not]
                subjects = [s for s in free if s.subject]
                return (subjects or free or here)[0].actor
            return here[0].actor
        for s in fits:
            if s.sentence < self.sentence - 1:
                break
            if s.subject:
                return s.actor
        return fits[0].actor

    def _latest_kind(self, want: str, exclude: Collection[str] = ()) -> str | None:
        recent = self._recent()
        fits = [
            s
            for s in recent
            if (
                want == "any"
                or (want == "state" and s.kind in ("state", "former_state"))
                or (want == s.kind)
            )
            and s.actor not in exclude
        ]
        for s in fits:
            if s.subject:
                return s.actor
        return fits[0].actor if fits else None

    def _pronoun(
        self, m: Mention, subject_not: Collection[str] | None = None, exclude: Collection[str] = ()
    ) -> str | None:
        """The actor of a pronoun by its form (see :meth:`_latest`), none of ``exclude``."""
        want = PRONOUN_FORMS.get(m.form, "body")
        return self._latest(
            person=want == "person", body=want == "body", subject_not=subject_not, exclude=exclude
        )

    def _act_source(self, want: str, besides: str | None = None) -> str | None:
        """The source of the latest remembered act of kind ``want``, not ``besides``."""
        for label, source, _, sent in reversed(self.acts):
            if self.sentence - sent > 2 * LOOKBACK:
                break
            if source == besides:  # "the strike on Qatar" was not Qatar's
                continue
            if want == "any" or label == ("attack/use_force" if want == "force" else want):
                return source
        return None

    def _attacker_of(self, victim: str) -> str | None:
        """The source of the latest attack remembered on ``victim`` (the memory keeps the acts
        of the last 2 x LOOKBACK sentences)."""
        for label, source, target, _ in reversed(self.acts):
            if label == "attack/use_force" and target == victim and source != victim:
                return source
        return None

    def _remember(self, doc: Doc, m: Mention, actor: str) -> None:
        head = doc[m.head]
        lemma = head.lemma_.lower()
        person = (
            m.kind == "person"
            or m.actor_kind == "person"
            or (m.kind == "title")
            or (lemma in PERSON_HEADS and m.kind == "actor")
        )
        if m.kind == "pronoun":
            person = PRONOUN_FORMS.get(m.form) == "person"
        subject = head.dep_ in ("nsubj", "nsubjpass") or (
            head.dep_ in ("poss", "compound", "amod") and head.head.dep_ in ("nsubj", "nsubjpass")
        )
        kind = self.table.kind_of(actor)
        plural = head.tag_ == "NNS"
        self.seen.append(Seen(actor, self.sentence, person, kind, subject, plural))
        if m.name:
            key = m.name.lower()
            self.names[key] = actor
            self.names[key.split()[-1]] = actor
        if m.kind == "actor" and lemma in TITLE_NOUNS:
            self.titles[lemma] = actor
        if m.kind == "actor" and m.actor_kind == "person":
            text = doc[m.start : m.end].text.lower()
            self.names.setdefault(text, actor)
            self.names.setdefault(text.split()[-1], actor)
        # "Stephen Harper, Canada's prime minister": the appositive name is the same actor
        for c in head.children:
            if c.dep_ == "appos" and c.ent_type_ == "PERSON":
                self._learn_name(_ent_text(doc, c.i), actor)
        if head.dep_ == "appos" and head.head.ent_type_ == "PERSON":
            self._learn_name(_ent_text(doc, head.head.i), actor)

    def _learn_name(self, name: str, actor: str) -> None:
        key = name.lower().strip()
        if key:
            self.names.setdefault(key, actor)
            self.names.setdefault(key.split()[-1], actor)


def _ent_text(doc: Doc, i: int) -> str:
    for ent in doc.ents:
        if ent.start <= i < ent.end:
            return ent.text
    return doc[i].text
