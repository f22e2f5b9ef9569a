"""What a trigger's own phrase says about its act when the trigger model's label says otherwise.

The trigger model reads a word with its neighbours; some acts are decided by one word of the
phrase around it, and the guide names them outright (§6):

* ties named by their kind are that kind of cooperation, not a recognition: "restored trade
  ties" is trade, "upgraded their defence ties" security cooperation (:func:`ties_label`);
* "strike" with an object that no force hits: "struck a deal" is an agreement, "struck a
  defiant note" no act at all (:func:`struck_label`);
* a sanction or a use of force that is only threatened is the threat, a verbal conflict:
  "threatened 100 percent tariffs", "threatened to restore him by force" (:func:`threatened`).

Pure functions over a parsed trigger; :mod:`.triggers` applies them to the model's label.
"""

from __future__ import annotations

from spacy.tokens import Token

from geostance.nlp.acts import NONE, tie_kind

__all__ = [
    "THREATENED", "said_by_threat", "struck_label", "threat_verb", "threatened", "ties_label",
]  # fmt: skip

# What ties are named for (lemmas; their kinds are the backers' and partners', acts.tie_kind):
# "restored trade ties", "established economic relations", "froze military cooperation"; a
# market opened to someone is trade ("opened its market to Argentine beef").
_TIES = frozenset("tie relation relationship cooperation partnership link".split())
_MARKETS = frozenset("market economy".split())


def ties_label(trigger: Token) -> str | None:
    """The material act of the ties a recognition word acts on (or is), named by their kind
    (``trade/economic_coop``, ``security_coop``, ``aid/give``, ``military_aid``); None when
    they are plain ties (guide §6: `recognize` covers diplomatic ties)."""
    ties = [trigger] if trigger.pos_ == "NOUN" else []
    ties += [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    for tie in [*ties, *(x for t in ties for x in t.conjuncts)]:
        lemma = tie.lemma_.lower()
        if tie.i != trigger.i and lemma in _MARKETS:
            return "trade/economic_coop"
        if lemma in _TIES and (kind := tie_kind(tie)):
            return kind
    return None


# "Strike" with an object that is no target of force (lemmas): a deal struck is an agreement
# (guide §6: signing agreements is `mediate/negotiate`); a note, tone or balance struck is none.
_STRUCK_DEALS = frozenset("deal agreement accord bargain compromise pact truce".split())
_STRUCK_FIGURES = frozenset("note tone balance chord pose figure posture".split())


def struck_label(tok: Token, label: str) -> str | None:
    """For a "strike" the model read as force: ``mediate/negotiate`` when it strikes a deal,
    ``NONE`` (no act) when it strikes a tone or a balance; else None (the label stands)."""
    if tok.lemma_.lower() != "strike" or tok.pos_ != "VERB" or label != "attack/use_force":
        return None
    for c in tok.children:
        if c.dep_ in ("dobj", "nsubjpass"):
            if c.lemma_.lower() in _STRUCK_DEALS:
                return "mediate/negotiate"
            if c.lemma_.lower() in _STRUCK_FIGURES:
                return NONE
    return None


# The material conflict acts a threat can name, and the way from the act word up to "threaten":
# its object ("threatened tariffs"), the verb it threatens to do ("threatened to impose"), what
# it threatens with ("threatened Quito with an embargo", "to restore him by force").
THREATENED = frozenset(["sanction", "attack/use_force"])
_THREAT_PATH = frozenset("dobj xcomp pobj prep advcl".split())


def threat_verb(trigger: Token) -> Token | None:
    """The "threaten" up an act word's phrase (at most four steps) that threatens it, or None:
    then the act is the threat (guide §6: "Threats are `oppose/criticize` too")."""
    tok = trigger
    for _ in range(4):
        if tok.dep_ not in _THREAT_PATH or tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.lemma_.lower() == "threaten":
            return tok
    return None


def threatened(trigger: Token) -> bool:
    """Whether an act word is threatened (:func:`threat_verb`)."""
    return threat_verb(trigger) is not None


def said_by_threat(trigger: Token, label: str, labels: dict[int, str]) -> bool:
    """Whether a threatened act word repeats the threat its "threaten" already carries
    ("threatened to impose tariffs": one threat, stated by its verb, not also by "tariffs")."""
    verb = threat_verb(trigger) if label == "oppose/criticize" else None
    return verb is not None and labels.get(verb.i) == "oppose/criticize"
