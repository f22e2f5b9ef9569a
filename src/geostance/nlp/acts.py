"""The act labels the trained trigger model predicts, and how each becomes a CAMEO code,
a mode (verbal or material) and a default class (cooperation, conflict or neutral).

The labels are the 21 actions of the annotation guide (``train/ANNOTATING.md``), with
``refuse_to_condemn`` folded into a negated ``condemn`` and sanctions (``oppose/criticize`` done
materially: expulsions, asset freezes, embargoes, cut ties) kept apart as ``sanction`` so that
their mode is learned with them. The CAMEO code of a label is its family's plain code, refined
by the trigger word where CAMEO is finer ("shelled" is 194, "blockade" 191).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from geostance.nlp.clauses import objects_of
from geostance.nlp.mentions import Mention

__all__ = [
    "ACTS",
    "APPROVAL_WORDS",
    "CRITICAL_LABELS",
    "LABELS",
    "MILITARY",
    "NONE",
    "Act",
    "act",
    "approval_label",
    "cameo_code",
    "criticises",
    "denies",
    "fired_at",
    "halts_talks",
    "hosts_forces",
    "issue_of",
    "label_of",
    "material_label",
    "message_label",
    "mutual_ties",
    "offered_label",
    "phrasal",
    "quarrel_sides",
    "reciprocal",
    "states_sanction",
    "tie_kind",
    "tie_label",
]

NONE = "NONE"


@dataclass(frozen=True, slots=True)
class Act:
    """An act label with its CAMEO code, mode, default class and whether it is symmetric
    (both parties do it together: talks, trade, joint drills, negotiations)."""

    label: str
    code: str
    material: bool
    cls: str
    symmetric: bool = False


ACTS: dict[str, Act] = {
    a.label: a
    for a in (
        Act("support", "051", False, "cooperation"),
        Act("recognize", "054", False, "cooperation"),
        Act("vote_for", "051", False, "cooperation"),
        Act("meet/host", "040", False, "cooperation", symmetric=True),
        Act("visit", "042", False, "cooperation"),
        Act("call_for", "020", False, "cooperation"),
        Act("mediate/negotiate", "046", False, "cooperation", symmetric=True),
        Act("aid/give", "070", True, "cooperation"),
        Act("military_aid", "072", True, "cooperation"),
        Act("trade/economic_coop", "061", True, "cooperation", symmetric=True),
        Act("security_coop", "062", True, "cooperation", symmetric=True),
        Act("oppose/criticize", "111", False, "conflict"),
        Act("sanction", "163", True, "conflict"),
        Act("condemn", "111", False, "conflict"),
        Act("accuse/blame", "112", False, "conflict"),
        Act("vote_against", "120", False, "conflict"),
        Act("veto", "129", False, "conflict"),
        Act("sue/legal_action", "115", False, "conflict"),
        Act("attack/use_force", "190", True, "conflict"),
        Act("vote_abstain", "012", False, "neutral"),
        Act("statement_neutral", "010", False, "neutral"),
    )
}
LABELS: tuple[str, ...] = (NONE, *ACTS)

# Trigger words that narrow a family code (lemma -> code).
_REFINE = {
    "attack/use_force": {
        "shell": "194", "shelling": "194", "artillery": "194", "bomb": "195", "bombing": "195",
        "airstrike": "195", "air": "195", "drone": "195", "missile": "195", "blockade": "191",
        "siege": "191", "besiege": "191", "hostage": "181", "abduct": "181", "seize": "1721",
        "occupy": "192", "occupation": "192", "invade": "192", "invasion": "192",
    },
    "oppose/criticize": {
        "threaten": "130", "threat": "130", "warn": "130", "warning": "130", "reject": "120",
        "rejection": "120", "refuse": "120", "summon": "111", "protest": "111",
    },
    "sanction": {
        "expel": "1663", "expulsion": "1663", "recall": "161", "sever": "161", "cut": "161",
        "break": "161", "embargo": "163", "freeze": "163", "ban": "163",
    },
    "aid/give": {"humanitarian": "073", "relief": "073", "food": "073", "loan": "071",
                 "financial": "071", "credit": "071"},
    "accuse/blame": {"genocide": "1124", "aggression": "1123", "deny": "0231"},
    "call_for": {"ceasefire": "0256", "talks": "0234", "restraint": "0256"},
    "meet/host": {"host": "043", "receive": "043", "phone": "040", "call": "040"},
    "mediate/negotiate": {"mediate": "045", "broker": "045", "mediator": "045"},
    "security_coop": {"intelligence": "064", "drill": "062", "exercise": "062"},
}  # fmt: skip
# The conflict code of a call for a target to stop, withdraw or release (guide §8, rule 4).
DEMAND_CODE = "100"


def act(label: str) -> Act:
    """The Act of a label (``refuse_to_condemn`` is a negated ``condemn``)."""
    if label == "refuse_to_condemn":
        return ACTS["condemn"]
    return ACTS[label]


def label_of(action: str, material: bool) -> str:
    """The model label of an annotated action: ``oppose/criticize`` done materially is a
    ``sanction``; ``refuse_to_condemn`` is ``condemn``."""
    if action == "oppose/criticize" and material:
        return "sanction"
    if action == "refuse_to_condemn":
        return "condemn"
    return action


def cameo_code(label: str, words: set[str], conflict_call: bool = False) -> str:
    """The CAMEO code of an act label, narrowed by the lemmas of its trigger phrase."""
    if label == "call_for" and conflict_call:
        return DEMAND_CODE
    refine = _REFINE.get(label, {})
    for w in sorted(words):
        if w in refine:
            return refine[w]
    return ACTS[label].code


# Objects of "host" that make hosting security cooperation, not a meeting (lemmas).
MILITARY = frozenset(
    """troop force soldier base warship navy drill exercise marine garrison contingent
    personnel aircraft jet missile fleet battalion brigade sailor""".split()
)


def hosts_forces(trigger: Token) -> bool:
    """ "Senegal has hosted French forces", "declined to host the exercises": hosting troops,
    ships or drills is security cooperation (in the training split 9 of 10 such acts are)."""
    return trigger.lemma_.lower() == "host" and any(
        c.dep_ == "dobj" and c.lemma_.lower() in MILITARY for c in trigger.children
    )


# Diplomatic sanctions by their form (guide §6, "Sanctions"): recalling or expelling envoys,
# declaring one persona non grata, ordering them out, cutting or downgrading relations, freezing
# assets. The trigger model often reads them as words (`oppose/criticize`, a meeting); the
# guide codes them as `oppose/criticize` done materially, our `sanction`.
ENVOYS = frozenset(
    "ambassador envoy diplomat commissioner chargé consul attaché attache emissary".split()
)
TIES = frozenset(["tie", "ties", "relation", "relations", "relationship"])
_OUST = frozenset(["expel", "recall", "withdraw", "oust", "eject", "expulsion"])
_CUT = frozenset(
    "cut sever break downgrade reduce lower suspend freeze severance downgrading".split()
)
_LEAVE = frozenset(["leave", "depart", "go", "quit"])
_ORDER_OUT = frozenset(["order", "tell", "give", "ask"])
# every word that can state a sanction (the rest are turned away before their parse is read)
_SANCTION_WORDS = _OUST | _CUT | _LEAVE | _ORDER_OUT | {"declare", "send"}


def _envoy(tok: Token) -> bool:
    """An envoy word: "ambassador", "diplomats", "embassy staff", "the chargé d'affaires"."""
    low = tok.lemma_.lower()
    if low in ENVOYS or tok.lower_ in ENVOYS:
        return True
    if any(c.dep_ == "compound" and c.lemma_.lower() in ENVOYS for c in tok.children):
        return True  # "Ambassador Margus Laidre"; "the envoy home" as the parser reads it
    return low == "staff" and any(
        c.lemma_.lower() in ("embassy", "consular", "diplomatic") for c in tok.children
    )


def _objects(tok: Token) -> list[Token]:
    """What a verb acts on ("recalled its ambassador", "the envoy was expelled", "gave the
    envoys 48 hours") or a noun's "of" object ("the expulsion of diplomats")."""
    out = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "dative")]
    out += [
        g
        for p in tok.children
        if p.dep_ == "prep" and p.lower_ == "of" and tok.pos_ == "NOUN"
        for g in p.children
        if g.dep_ == "pobj"
    ]
    return [x for o in out for x in (o, *o.conjuncts)]


def states_sanction(tok: Token) -> list[int]:
    """The words a diplomatic sanction stated by ``tok`` acts on (its envoys, its ties), or
    ``[]`` when ``tok`` states none: "recalled its ambassador", "expelled diplomats",
    "declared the envoy persona non grata", "ordered the envoys to leave", "sent the envoy
    home", "cut / downgraded / broke off diplomatic ties", "froze the assets of"."""
    lemma = tok.lemma_.lower()
    if lemma not in _SANCTION_WORDS:
        return []  # run on every candidate word: most are no sanction verb
    objs = _objects(tok)
    envoys = [o.i for o in objs if _envoy(o)]
    if lemma in _OUST and envoys:
        return envoys
    if lemma == "declare" and any(t.lower_ in ("grata", "non") for t in tok.subtree):
        return [o.i for o in objs] or [tok.i]  # the parser often makes "persona" a clause
    if (
        lemma in _ORDER_OUT
        and envoys
        and any(
            t.lemma_.lower() in _LEAVE
            and any(a.dep_ == "aux" and a.lower_ == "to" for a in t.children)
            for t in tok.subtree
        )
    ):
        return envoys  # "ordered the envoys to leave", not "told the envoy that they would leave"
    if lemma == "send" and envoys and any(t.lower_ in ("home", "packing") for t in tok.subtree):
        return envoys
    if lemma in _LEAVE and any(c.dep_ == "nsubj" and _envoy(c) for c in tok.children):
        places = [c.i for c in tok.children if c.dep_ == "dobj" and c.ent_type_ == "GPE"]
        if places:
            return places  # "its ambassador was leaving Paris": recalled
    if lemma in _CUT:
        ties = [o.i for o in objs if o.lemma_.lower() in TIES or o.lower_ in TIES]
        if ties:
            return ties
        if lemma == "freeze" and any(o.lemma_.lower() == "asset" for o in objs):
            return [o.i for o in objs]
    return []


# Talks and contacts a sanction word can halt ("suspended the talks", "froze its dealings with
# IGAD", "called off Red Cross talks"): a halted verbal act, conflict in words (guide §8), not
# a material sanction like cutting ties or expelling envoys.
_TALKS = frozenset("talk negotiation dialogue contact dealing meeting consultation".split())


def phrasal(verb: Token, lemma: str, particle: str) -> bool:
    """Whether ``verb`` is the phrasal verb ``lemma`` + ``particle`` ("called off" the talks, a
    halt as "cancelled" is; "ruled out" talks, a refusal)."""
    return verb.lemma_.lower() == lemma and any(
        c.dep_ == "prt" and c.lower_ == particle for c in verb.children
    )


def halts_talks(trigger: Token) -> bool:
    """Whether a word of cutting (:data:`_CUT`, "call off") halts talks or contacts (above)."""
    if trigger.lemma_.lower() not in _CUT and not phrasal(trigger, "call", "off"):
        return False
    return any(o.lemma_.lower() in _TALKS for o in _objects(trigger))


def mutual_ties(trigger: Token) -> bool:
    """Whether a recognition is of ties two parties hold with each other: "restored diplomatic
    relations", "established ties", "relations were normalised" (guide §6: "Kenya and
    Somalia restored diplomatic relations" is one record in each direction)."""
    words = [trigger, *trigger.children]
    # "the restoration of ties"
    words += [g for p in trigger.children if p.lower_ == "of" for g in p.children]
    return any(w.lemma_.lower() in TIES or w.lower_ in TIES for w in words)


# Words that deny or reject what another said ("Hamas denied the charge", "a claim Kyiv rejects")
DENIALS = frozenset("deny denial reject rejection dismiss refute rebut".split())


def denies(trigger: Token, label: str) -> bool:
    """Whether a statement denies or rejects something: it answers whoever said it, its target
    when it names none ("Hamas denied the charge": whoever charged it)."""
    return label == "statement_neutral" and (
        trigger.lemma_.lower() in DENIALS or trigger.lower_ in DENIALS
    )


# What an offer, a hand-over or an agreement gives when its object says so (lemmas): "handed
# the navy a surveillance aircraft" is military aid, "agreed to extend a loan" aid, "offered to
# lend border guards" and "offered no military help" likewise (troops and guards count with the
# weapons: the same class of act); the trigger model often reads such words as a meeting or a
# negotiation. (Signing a pact of any kind stays a negotiation, guide §6.)
_GIVING = frozenset(
    """hand give supply deliver send provide offer pledge announce agree sign seal conclude
    transfer ship extend donate promise approve lend""".split()
)
_WEAPONS = frozenset(
    """weapon arm missile tank jet aircraft radar drone munition ammunition artillery rifle
    helicopter howitzer warship frigate submarine f-16 launcher interceptor troop
    soldier peacekeeper guard instructor""".split()
)
_AID = frozenset(
    """aid food medicine tent fuel loan grant assistance relief vaccine money funding
    supply help care treatment shelter""".split()
)


def material_label(trigger: Token) -> str | None:
    """The material act a giving or agreeing word states by its object (see above), or None."""
    if trigger.lemma_.lower() not in _GIVING:
        return None
    heads = [trigger, *(c for c in trigger.children if c.dep_ == "xcomp")]
    objs = [c for h in heads for c in h.children if c.dep_ in ("dobj", "dative", "attr")]
    objs += [x for o in objs for x in o.conjuncts]
    for o in objs:
        lemma = o.lemma_.lower()
        mods = {c.lemma_.lower() for c in o.children if c.dep_ in ("amod", "compound", "nmod")}
        if lemma in _WEAPONS or mods & _WEAPONS:
            return "military_aid"
        if lemma in _AID:
            return "aid/give"
    return None


# What a backer or a partner gives, when a word before it says so (lower case): "Lebanon's biggest
# financial backer" gives aid, "Dakar's closest economic partners" trade, "an arms donor"
# weapons (guide §6: material cooperation); a plain "backer" stays a word of support.
_TIE_NOUNS = frozenset("backer partner supporter sponsor benefactor patron donor".split())
_TIE_KINDS = {
    "financial": "aid/give", "economic": "trade/economic_coop", "trading": "trade/economic_coop",
    "trade": "trade/economic_coop", "commercial": "trade/economic_coop",
    "military": "security_coop", "security": "security_coop", "defence": "security_coop",
    "defense": "security_coop", "arms": "military_aid",
}  # fmt: skip


def tie_kind(noun: Token) -> str | None:
    """The material act a noun's modifier names (:data:`_TIE_KINDS`: "financial" aid,
    "economic" trade, "defence" security cooperation), or None."""
    for c in noun.children:
        if c.dep_ in ("amod", "compound") and c.lower_ in _TIE_KINDS:
            return _TIE_KINDS[c.lower_]
    return None


def tie_label(trigger: Token) -> str | None:
    """The material act a backer or partner noun states by its modifier (above), or None."""
    if trigger.pos_ != "NOUN" or trigger.lemma_.lower() not in _TIE_NOUNS:
        return None
    return tie_kind(trigger)


# Verbs of news copy that criticise whoever they are said of (lemmas; guide §6 lists "blasts"
# among the cues of `oppose/criticize`). Our training corpus hardly writes them, so the trigger
# model reads "slammed" as anything; their form says it.
CRITICISING = frozenset(
    "slam blast lambast castigate berate excoriate chide scold rebuke assail decry deride".split()
)


# The acts of verbal conflict a verdict or a word of approval can overturn.
CRITICAL_LABELS = frozenset(["oppose/criticize", "condemn", "accuse/blame"])
# Words of approval (lemmas; guide §6 lists "praises, welcomes, thanks" among the cues of
# `support`). The trigger model, which has seen few of some of them, can read "appreciated"
# or "expressed its satisfaction" as criticism; their meaning says support.
APPROVAL_WORDS = frozenset(
    """appreciate satisfaction praise welcome hail applaud commend thank congratulate laud
    gratitude""".split()
)


def approval_label(tok: Token, label: str) -> str:
    """``support`` for a word of :data:`APPROVAL_WORDS` the trigger model read as a verbal
    conflict act; else ``label``."""
    if label in CRITICAL_LABELS and tok.lemma_.lower() in APPROVAL_WORDS:
        return "support"
    return label


def criticises(tok: Token) -> bool:
    """Whether a verb of :data:`CRITICISING` criticises something it names: a direct object
    ("slammed the decision") or what it is "over" or "for" ("rebuked Sweden over …")."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in CRITICISING:
        return False
    return any(
        c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and c.lower_ in ("over", "for"))
        for c in tok.children
    )


# An offer, pledge or promise to do a material act is that act, not a talk ("offered to send
# peacekeepers", "offered to sell electricity"; the guide codes a pledge as the aid, §6).
_OFFERS = frozenset("offer pledge promise".split())
_MATERIAL = frozenset(["aid/give", "military_aid", "trade/economic_coop", "security_coop"])


def offered_label(trigger: Token, label: str, labels: dict[int, str]) -> str:
    """The label of an offer word: the material act of the verb it offers to do, when the
    trigger model read that verb so and the offer as a talk; else ``label``."""
    if trigger.lemma_.lower() not in _OFFERS or label not in ("meet/host", "mediate/negotiate"):
        return label
    for c in trigger.children:
        if c.dep_ == "xcomp" and labels.get(c.i) in _MATERIAL:
            return labels[c.i]
    return label


# What a giving word hands over when it is a message, not goods (lemmas): "sent Putin a
# letter", "sent a message of support", "delivered the message" are contacts (guide §6:
# `meet/host`), or protests when the message says so ("sent a letter of protest").
_MESSAGES = frozenset("letter message cable telegram invitation condolence congratulation".split())
_PROTESTS = frozenset("protest complaint".split())


def message_label(trigger: Token) -> str | None:
    """The act of a giving word whose object is a message (see above), or None."""
    if trigger.lemma_.lower() not in _GIVING:
        return None
    objs = [c for c in trigger.children if c.dep_ == "dobj"]
    for o in objs:
        if o.lemma_.lower() not in _MESSAGES:
            continue
        words = {c.lemma_.lower() for c in o.subtree}
        return "oppose/criticize" if words & _PROTESTS else "meet/host"
    return None


# Verbs of an act two parties do to each other (lemmas): "India and Pakistan traded fire",
# "the two governments were trading accusations", "an exchange of fire": one record each way.
RECIPROCAL = frozenset("trade exchange swap".split())


def reciprocal(trigger: Token) -> bool:
    """Whether the act word is what a reciprocal verb or noun exchanges (see above)."""
    tok = trigger
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head  # "traded drone attacks and artillery fire"
    if tok.dep_ == "dobj":
        return tok.head.lemma_.lower() in RECIPROCAL
    prep = tok.head
    return tok.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in RECIPROCAL


# Words of a quarrel or a fight that two sides have with each other (lemmas): "India and China
# clashed in the valley", "the two allies still quarrel over the Aegean". The sides are each
# other's targets, not what they quarrel over; a fight with a side named after "with" is one record
# each way ("Eritrean troops clashed with Djiboutian forces"), a war of words with one is not.
QUARRELS = frozenset("clash quarrel feud disagree bicker wrangle squabble skirmish".split())


def quarrel_sides(trigger: Token) -> set[int] | None:
    """For a word of a quarrel (:data:`QUARRELS`), the tokens of the side named after "with" or
    "against" it (empty when none is); None for any other word."""
    if trigger.lemma_.lower() not in QUARRELS:
        return None
    preps = (c for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("with", "against"))
    return {t.i for p in preps for t in p.subtree}


# Weapons sent at someone are an attack, not military aid: "sending about 100 drones toward
# Israel", "fired dozens of missiles at Kyiv" (lemmas).
_SENDING = frozenset("send fire launch lob hurl shoot".split())
_PROJECTILES = frozenset("drone missile rocket shell bomb projectile munition".split())
_AT = frozenset("toward towards at against into".split())


def fired_at(trigger: Token) -> bool:
    """Whether a sending word sends projectiles toward, at, against or into someone."""
    if trigger.lemma_.lower() not in _SENDING:
        return False
    objs = [c for c in trigger.children if c.dep_ == "dobj"]
    objs += [g for o in objs for p in o.children if p.lower_ == "of" for g in p.children]
    objs += [x for o in objs for x in o.conjuncts]
    if not any(o.lemma_.lower() in _PROJECTILES for o in objs):
        return False
    return any(c.dep_ == "prep" and c.lower_ in _AT for t in (trigger, *objs) for c in t.children)


def issue_of(trigger: Token, mentions: Sequence[Mention]) -> str | None:
    """The issue an act with no target is about: its object ("called for a ceasefire"), of
    words no mention takes."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    for o in objects_of(trigger, ("dobj", "attr")):
        if o.pos_ not in ("NOUN", "PROPN") or o.i in taken:
            continue
        words = [
            t.text.lower() for t in o.lefts if t.dep_ in ("compound", "amod") and t.i not in taken
        ]
        return " ".join([*words[-3:], o.text.lower()])
    return None
