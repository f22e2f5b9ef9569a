"""Frames around an act that change what a sentence asserts: hedges, questions, negating
verbs. Pure functions over spaCy tokens, used by :mod:`geostance.nlp.modality` and
:mod:`geostance.nlp.assemble`.

Analytical prose wraps acts in frames that news wire copy rarely uses. The rules here decide,
from the dependency parse alone, whether the writer asserts the act at all:

* **Hedged** acts are not coded: an act that unnamed others believe, argue or suspect
  ("analysts argue that Russia has armed ...", "many suspect that ..."), an act seen through a
  perception passive ("Moscow is widely seen as backing ...", "Russia is believed to have
  supplied ...", "it is often said that ..."), or under "seem"/"appear". A named actor who
  argues or believes is a speaker, and its claim is reported speech as usual.
* **Yes/no questions** ("Will Moscow ever condemn Hamas?") assert nothing; wh-questions
  ("Why did Washington veto ...?") presuppose the act and are coded.
* **Negating frames** keep the act's code with ``negated``: "refrained from criticising",
  "stopped short of condemning", "has yet to condemn", "avoided criticising", "instead of".
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span, Token

__all__ = [
    "gerund_controller",
    "hedged",
    "negating_frame",
    "yes_no_question",
]

# Verbs of belief and opinion: their content is an interpretation unless an actor holds it.
COGNITION_VERBS = frozenset(
    """believe think suspect suppose speculate assume contend argue doubt fear guess reckon
    feel wonder presume surmise theorise theorize posit maintain hold""".split()
)
# Passives that present an act as others' perception: "is seen as", "is believed to".
PERCEPTION_PASSIVES = frozenset(
    """see view regard perceive consider believe think say rumour rumor suspect deem reckon
    presume understand describe portray""".split()
)
RAISING_VERBS = frozenset("seem appear".split())
# Subjects that hedge a reporting verb: "critics say", "observers argue", "some believe".
HEDGE_SUBJECTS = frozenset(
    """analyst critic observer expert commentator scholar sceptic skeptic pundit historian
    academic researcher some many others few most""".split()
)
HEDGE_SPEECH = frozenset("say argue claim suggest contend insist note point".split())
# (controller lemma, preposition) whose gerund is an act not done: "refrained from criticising".
NEG_GERUND = {
    ("refrain", "from"),
    ("abstain", "from"),
    ("desist", "from"),
    ("shy", "from"),
    ("hold", "from"),
    ("stop", "of"),  # "stopped short of"
    ("fall", "of"),  # "fell short of"
    ("stay", "from"),  # "stayed away from"
    ("keep", "from"),
}
NEG_PREPS = frozenset(["instead", "rather"])  # "instead of condemning", "rather than"


def _subject(verb: Token) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl"):
            return c
    return None


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def gerund_controller(verb: Token) -> tuple[Token, Token] | None:
    """(controlling verb, preposition) of a gerund after a preposition, skipping an adverb
    between them ("stopped short of condemning": stop, of)."""
    if verb.dep_ != "pcomp" or verb.head.dep_ != "prep":
        return None
    prep = verb.head
    head = prep.head
    if (
        head.pos_ in ("ADV", "ADJ")
        and head.dep_ in ("advmod", "acomp", "prt")
        and head.head != head
    ):
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    return head, prep


def negating_frame(verb: Token) -> bool:
    """Whether the frame directly around ``verb`` says the act was not done: a gerund after
    "refrain from" / "stop short of" / "instead of", or "has yet to" / "is yet to"."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("have", "be"):
        if any(c.lower_ == "yet" for c in verb.head.children):
            return True
    ctl = gerund_controller(verb)
    if ctl is not None:
        head, prep = ctl
        if (head.lemma_.lower(), prep.lower_) in NEG_GERUND:
            return True
    if verb.dep_ in ("pcomp", "pobj") and verb.head.lower_ == "without":
        return True  # "without naming Russia", "without condemnation"
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        prep = verb.head
        if any(c.lower_ in NEG_PREPS for c in prep.children) or prep.lower_ in NEG_PREPS:
            return True
        if prep.lower_ in ("of", "than") and prep.nbor(-1).lower_ in NEG_PREPS:
            return True
    return False


def hedged(verb: Token, is_actor: Callable[[Token], bool]) -> bool:
    """Whether the act of ``verb`` sits inside a hedge: the writer (or unnamed others)
    interpret rather than report it. ``is_actor`` tells whether a subject names an actor."""
    cur = verb
    for _ in range(6):
        head = cur.head
        if head.i == cur.i:
            return False
        hl = head.lemma_.lower()
        dep = cur.dep_
        if dep == "ccomp":
            subj = _subject(head)
            if subj is not None and subj.lower_ == "it" and _is_passive(head):
                return hl in PERCEPTION_PASSIVES  # "it is often said that ..."
            if hl in COGNITION_VERBS and (subj is None or not is_actor(subj)):
                return True
            if hl in HEDGE_SPEECH and subj is not None and _hedge_subject(subj, is_actor):
                return True
            return False  # reported speech of a named speaker: coded as usual
        if dep == "xcomp":
            if hl in RAISING_VERBS:
                return True
            if hl in PERCEPTION_PASSIVES and _is_passive(head):
                return True
        if dep == "pcomp" and head.lower_ == "as":
            top = head.head
            if top.lemma_.lower() in PERCEPTION_PASSIVES and _is_passive(top):
                return True
        if dep not in ("xcomp", "conj", "pcomp", "prep", "advcl", "aux"):
            return False
        cur = head
    return False


def _hedge_subject(subj: Token, is_actor: Callable[[Token], bool]) -> bool:
    """ "critics", "some analysts", "many in the region" - but not "critics in Moscow"
    named as an actor, nor "Russian officials"."""
    if is_actor(subj):
        return False
    return subj.lemma_.lower() in HEDGE_SUBJECTS


def yes_no_question(sent: Span) -> bool:
    """A sentence that asks whether something happens: ends with "?" and opens with an
    auxiliary ("Will ...", "Does ...", "Has ...", "Can ..."), after any opening quote."""
    toks = [t for t in sent if not t.is_space]
    while toks and toks[-1].is_punct and toks[-1].text != "?":
        toks.pop()  # closing quotes and brackets after the question mark
    if not toks or toks[-1].text != "?":
        return False
    first = next((t for t in toks if not t.is_punct), None)
    return (
        first is not None
        and first.tag_ in ("MD", "VBZ", "VBD", "VBP")
        and first.i < (_subject_index(first))
    )


def _subject_index(aux: Token) -> int:
    """The index of the subject of the clause an opening auxiliary belongs to (its own verb's
    subject); a question puts the auxiliary first, so the subject follows it."""
    verb = aux.head if aux.dep_ in ("aux", "auxpass") else aux
    subj = _subject(verb)
    return subj.i if subj is not None else aux.i + 1
