"""Where a mention stands in its sentence, read from the parse for the document memory
(:mod:`.discourse`): the lists actors are named in, the place a sentence opens on, whether a
word is in a verb's own clause, the subjects of a word's clause (what a description or an
object pronoun there cannot stand for), and the actor an act named as a thing was done to;
and, for the assembly of events, the objects of a preposition said again ("to Israel and then
to Doha") and the rest of a list two of whose members are targets.

Pure functions over a parsed sentence and its mentions.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Token

from geostance.nlp.mention_words import RELATIVE_PRONOUNS
from geostance.nlp.mentions import Mention, list_head, listed

SUBJECTS = frozenset(["nsubj", "nsubjpass"])  # the dependency labels of a clause's subject

__all__ = [
    "SUBJECTS",
    "actor_heads",
    "clause_subjects",
    "clusters",
    "in_clause",
    "list_roots",
    "listed_top",
    "lists_of",
    "named_heads",
    "objects_of",
    "one_target",
    "opening_place",
    "repeated_preps",
    "target_mates",
    "victim",
]


def actor_heads(mentions: Sequence[Mention], resolved: dict[int, str | None]) -> dict[int, str]:
    """The head token of each resolved mention, with its actor."""
    return {mentions[k].head: a for k, a in resolved.items() if a}


def objects_of(
    tok: Token, deps: Sequence[str] = ("dobj",), preps: Sequence[str] | None = None
) -> list[Token]:
    """The children of ``tok`` with a label of ``deps``, then the objects of its prepositions
    (only those of ``preps`` when given): "ceasefire" in "called for a ceasefire"."""
    out = [c for c in tok.children if c.dep_ in deps]
    for prep in tok.children:
        if prep.dep_ == "prep" and (preps is None or prep.lower_ in preps):
            out.extend(g for g in prep.children if g.dep_ == "pobj")
    return out


def named_heads(mentions: Sequence[Mention]) -> dict[int, int]:
    """The head token of each mention that names an actor or a person, with its index."""
    return {m.head: k for k, m in enumerate(mentions) if m.kind in ("actor", "person")}


def repeated_preps(trigger: Token, ks: Sequence[int], mentions: Sequence[Mention]) -> list[int]:
    """The named objects of a preposition coordinated with the one that brings in mention ``ks``
    ("travelled to Israel and then to Doha", "talks with Mikati and with Berri"): the same
    role again, which the role model, scoring each mention alone, gives the first only."""
    doc = trigger.doc
    heads = named_heads(mentions)
    out: list[int] = []
    for k in ks:
        obj = list_head(doc[mentions[k].head])
        prep = obj.head
        if obj.dep_ != "pobj" or prep.dep_ != "prep":
            continue
        again = [*prep.conjuncts, *(c for c in prep.head.children if c.dep_ == "conj")]
        for other in (o for o in again if o.lower_ == prep.lower_ and o.i != prep.i):
            for g in (g for g in other.children if g.dep_ == "pobj"):
                out.extend(j for j in listed(g, heads) if j not in out)
    return out


def lists_of(
    trigger: Token, ks: Sequence[int], mentions: Sequence[Mention]
) -> Iterator[tuple[int, Token, list[int]]]:
    """For each mention ``k`` of ``ks``: ``k``, the first word of the list it is in, and the
    named mentions of that list (``k`` alone when it is in none)."""
    doc = trigger.doc
    heads = named_heads(mentions)
    for k in ks:
        first = list_head(doc[mentions[k].head])
        yield k, first, listed(first, heads)


def list_roots(tok: Token) -> set[int]:
    """The first words of the lists the phrase headed by ``tok`` is in: its own, and that of
    the actors its "of" names ("the presidents of Eritrea and Somalia" lists Somalia too)."""
    named = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
    return {list_head(t).i for t in (tok, *named)}


def one_target(
    doc: Doc, tgt_k: list[int], scored: list[tuple[int, float, float]], mentions: Sequence[Mention]
) -> list[int]:
    """The most probable target and the other members of its list. The role model scores each
    mention alone, so two can pass for one act ("Qatar paid for Gaza's fuel, with Israel's
    approval": Gaza, not Israel); a list is one addressee ("urged Thailand and Cambodia to show
    restraint"; "met the presidents of Eritrea and Somalia": :func:`list_roots`)."""
    p_target = {k: pt for k, _, pt in scored}
    best = max(tgt_k, key=lambda k: p_target[k])
    root = list_roots(doc[mentions[best].head])
    return [k for k in tgt_k if k == best or list_roots(doc[mentions[k].head]) & root]


def target_mates(trigger: Token, ks: Sequence[int], mentions: Sequence[Mention]) -> list[int]:
    """The other named members of a list (not a subject) two of whose members are targets
    ``ks`` already ("met Macron, Scholz and the European Council's Michel"): the role model
    scores each mention alone and can pass the first and the last; one target alone does not
    bring its list."""
    out: list[int] = []
    for _, first, members in lists_of(trigger, ks, mentions):
        if first.dep_ not in SUBJECTS and sum(j in ks for j in members) >= 2:
            out.extend(j for j in members if j not in out and j not in ks)
    return out


def clusters(
    doc: Doc, mentions: Sequence[Mention], ks: Sequence[int], resolved: dict[int, str | None]
) -> list[tuple[tuple[str, ...], bool]]:
    """Actors named together in a list ("Spain, Ireland and Norway"), with whether the list is
    a subject, in text order."""
    by_root: dict[int, list[str]] = {}
    subject: dict[int, bool] = {}
    for k in ks:
        actor = resolved.get(k)
        if actor is None:
            continue
        t = list_head(_list_word(doc, mentions[k]))
        acts = by_root.setdefault(t.i, [])
        if actor not in acts:
            acts.append(actor)
        subject[t.i] = t.dep_ in SUBJECTS
    return [(tuple(a), subject[r]) for r, a in sorted(by_root.items()) if len(a) > 1]


def _list_word(doc: Doc, m: Mention) -> Token:
    """The word of a mention a list hangs from: its head, or the name inside a phrase widened
    around it ("the state broadcasters of Mali, Burkina Faso and Niger" lists Mali)."""
    for t in doc[m.start : m.end]:
        if t.i != m.head and any(c.dep_ == "conj" for c in t.children):
            return t
    return doc[m.head]


CLAUSE_DEPS = frozenset(["advcl", "ccomp", "xcomp", "relcl", "acl", "conj", "parataxis"])


def opening_place(
    doc: Doc, mentions: Sequence[Mention], named: dict[int, str | None]
) -> str | None:
    """The actor named by the place a sentence opens on (so before any description in it):
    "In Moscow, the foreign ministry voiced regret" is Russia's ministry, whoever was named
    last."""
    for k, actor in named.items():
        t = doc[mentions[k].head]
        prep = t.head
        if (
            actor
            and t.dep_ == "pobj"
            and prep.lower_ == "in"
            and prep.i == prep.sent.start
            and prep.head.dep_ == "ROOT"
        ):
            return actor
    return None


def in_clause(tok: Token, verb: Token) -> bool:
    """Whether ``tok`` hangs from ``verb`` with no clause between them."""
    for _ in range(12):
        if tok.i == verb.i:
            return True
        if tok.head.i == tok.i or (
            tok.dep_ in CLAUSE_DEPS and (tok.dep_ != "conj" or tok.pos_ in ("VERB", "AUX"))
        ):
            return False
        tok = tok.head
    return False


def clause_subjects(tok: Token, actor_at: dict[int, str]) -> set[str]:
    """The actors that are subjects of the clause of a non-subject word: a description there
    names someone else ("the United States, the island's main backer": not the United
    States). A relative clause's subject is the noun it hangs from."""
    if tok.dep_ in SUBJECTS:
        return set()
    verb = tok
    for _ in range(12):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    out: set[str] = set()
    for c in verb.children:
        if c.dep_ not in SUBJECTS:
            continue
        subj = verb.head if c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else c
        out.update(listed(subj, actor_at))
    return out


VICTIM_PREPS = frozenset(["on", "against", "of", "in", "into"])


def victim(head: Token, mentions: Sequence[Mention], named: dict[int, str | None]) -> str | None:
    """The actor an act named as a thing was done to, by name: "the strike on Qatar", "the
    invasion of Ukraine", "the raid on Mexico's embassy"."""
    at = actor_heads(mentions, named)
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in VICTIM_PREPS:
            continue
        for obj in prep.children:
            if obj.i in at:
                return at[obj.i]
            for mod in obj.children:
                if mod.dep_ in ("poss", "compound", "amod") and mod.i in at:
                    return at[mod.i]
    return None


def parallel_possessor(pronoun: Token, heads: dict[int, str]) -> str | None:
    """The actor a possessive pronoun repeats from the noun it is coordinated with: "Russia's
    invasion of Ukraine, and its veto of the draft" is Russia's veto (``heads``: head token of
    each resolved mention -> its actor)."""
    if pronoun.dep_ != "poss" or pronoun.lower_ not in ("its", "their"):
        return None
    for other in pronoun.head.conjuncts:
        for c in other.children:
            if c.dep_ == "poss" and c.i in heads and c.i < pronoun.i:
                return heads[c.i]
    return None


def listed_top(tok: Token) -> Token:
    """The word a list or an apposition hangs from: "Spain" in "in Granada, Spain" -> "Granada"."""
    while tok.dep_ in ("appos", "conj") and tok.head.i != tok.i:
        tok = tok.head
    return tok
