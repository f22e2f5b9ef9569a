"""The class of an event (cooperation, conflict or neutral) and its QuadClass, by the rules of
the annotation guide's §8: a negated act is neutral, a halted or refused one conflict; a vote's
class is its text's (:func:`.votes.vote_class`); a call on one actor to stop its own conduct
or to comply is conflict ("urged Israel to halt", "called on Beijing not to change the status
quo"), unless it is addressed to both sides; the trained call class (:mod:`.call_class`)
decides it when the pipeline has one.

Pure functions over a parsed trigger.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc, Token

from geostance.nlp.discourse import Discourse
from geostance.nlp.mentions import Mention
from geostance.nlp.modality import Frame
from geostance.nlp.votes import VOTE_LABELS, vote_class

if not Doc.has_extension("geostance_calls"):  # written by .call_class
    Doc.set_extension("geostance_calls", default=None)

__all__ = [
    "DEMAND_LEMMAS", "STOP_LEMMAS", "asks_to_stop", "event_class", "learned_demand", "quad_of",
]  # fmt: skip

# What a call asks of its target when it asks it to stop its own conduct or to comply (guide
# §8 rule 4): then the call is conflict, unless it is addressed to both sides.
STOP_LEMMAS = frozenset(
    """stop cease halt end withdraw pull leave lift pause release free vacate suspend abandon
    refrain reverse drop dismantle comply evacuate retreat quit rescind revoke cancel
    withdrawal cessation restraint restrain de-escalate deescalate de-escalation return respect
    abide honour honor uphold rein unblock reopen allow""".split()
)
# Words of a call that make it a demand (CAMEO 10, verbal conflict) when made of a named actor:
# in the training corpus 84% of demands with a target are coded conflict, and 10 of 11 orders
# ("the court ordered Myanmar to take all measures").
DEMAND_LEMMAS = frozenset(["demand", "order"])


def event_class(
    label: str,
    default: str,
    frame: Frame,
    trigger: Token,
    doc: Doc,
    mentions: Sequence[Mention],
    target_k: int,
    discourse: Discourse,
    n_targets: int = 1,
) -> tuple[str, bool]:
    """(class, whether a call is a call to stop) by the guide's §8 rules."""
    if frame.negated:
        return ("conflict" if frame.how in ("halt", "refusal") else "neutral"), False
    if label in VOTE_LABELS:
        target_tok = doc[mentions[target_k].head] if target_k >= 0 else None
        remembered = discourse.last_resolution[1] if discourse.last_resolution else None
        return vote_class(label, trigger, target_tok, remembered), False
    if label == "call_for" and target_k != -1:
        learned = learned_demand(doc, trigger, n_targets)
        if learned is not None:  # the trained call class (.call_class), when the doc has it
            return ("conflict", True) if learned else (default, False)
    if label == "call_for" and target_k >= 0 and n_targets == 1:
        if asks_to_stop(trigger) or trigger.lemma_.lower() in DEMAND_LEMMAS:
            return "conflict", True
    return default, False


def learned_demand(doc: Doc, trigger: Token, n_targets: int) -> bool | None:
    """Whether the trained call class takes the call at ``trigger`` for a demand of its
    ``n_targets`` targets (``doc._.geostance_calls``), or ``None`` when it has no reading."""
    for ti, one, several in doc._.geostance_calls or []:
        if ti == trigger.i:
            return bool((several if n_targets > 1 else one) >= 0.5)
    return None


def asks_to_stop(trigger: Token) -> bool:
    """A call whose content is to stop, withdraw, lift, release, show restraint or comply
    ("urged Israel to halt", "called on Beijing not to change the status quo")."""
    for c in trigger.subtree:
        if c.i == trigger.i:
            continue
        if c.dep_ in ("xcomp", "ccomp", "pobj", "dobj", "advcl", "conj") and (
            c.lemma_.lower() in STOP_LEMMAS
        ):
            return True
        if c.dep_ in ("xcomp", "ccomp") and any(x.dep_ == "neg" for x in c.children):
            return True  # "urged Beijing not to change"
    return False


def quad_of(material: bool, cls: str, default: str) -> int:
    if cls == "neutral":
        cls = default if default != "neutral" else "cooperation"
    conflict = cls == "conflict"
    return 1 + int(material) + 2 * int(conflict)
