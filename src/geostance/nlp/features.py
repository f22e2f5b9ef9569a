"""What the trained components see: hashed features of tokens and of (trigger, mention) pairs.

The same functions build the inputs at training time (``train/train_coder.py``) and at run time,
so a model never meets features it was not trained on. Each feature is a string such as
``"lemma=condemn"`` or ``"path=^nsubj|vposs"`` hashed to a 64-bit id; the dense part is the
spaCy model's own contextual token vectors (``doc.tensor``), which carry what the parser knows
of each word's role in its sentence.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Token

from geostance.nlp.mentions import Mention
from geostance.nlp.speech import Quote, quote_of

__all__ = [
    "N_ROLE_FEATURES",
    "N_TRIGGER_FEATURES",
    "candidate_tokens",
    "clause_role",
    "dense_width",
    "dep_path",
    "role_features",
    "trigger_features",
]

CANDIDATE_POS = frozenset(["VERB", "NOUN", "ADJ", "PROPN", "AUX"])
N_TRIGGER_FEATURES = 16
N_ROLE_FEATURES = 26
_AUX_MODAL = frozenset("will would could might may should must can shall".split())


def candidate_tokens(doc: Doc) -> list[int]:
    """Tokens that may carry an act: verbs, nouns, adjectives and proper nouns."""
    return [t.i for t in doc if t.pos_ in CANDIDATE_POS and not t.is_punct]


def dense_width(doc: Doc) -> int:
    """Width of the model's contextual vectors (0 when the model sets none)."""
    tensor = doc.tensor
    return int(tensor.shape[1]) if tensor is not None and tensor.ndim == 2 else 0


def _h(values: list[str]) -> list[int]:
    return [hash_string(v) for v in values]


def _governor(tok: Token) -> str:
    """The verb above a token and how it hangs from it ("hold|dobj" for "talks" in "held talks",
    "warn|xcomp" for "send" in "warned X against sending")."""
    cur = tok
    for _ in range(4):
        head = cur.head
        if head.i == cur.i:
            return "ROOT"
        if head.pos_ in ("VERB", "AUX"):
            return f"{head.lemma_.lower()}|{cur.dep_}"
        cur = head
    return "far"


def trigger_features(doc: Doc, tokens: Sequence[int], quotes: Sequence[Quote]) -> np.ndarray:
    """An (n tokens x N_TRIGGER_FEATURES) uint64 array of hashed features."""
    out = np.zeros((len(tokens), N_TRIGGER_FEATURES), dtype="uint64")
    n = len(doc)
    lowers = [t.lower_ for t in doc]  # read once: a Token is built at every doc[i]
    for row, i in enumerate(tokens):
        t = doc[i]
        lemma = t.lemma_.lower()
        low = lowers[i]
        pos = t.pos_
        dep = t.dep_
        head = t.head
        preps: set[str] = set()
        aux: set[str] = set()
        neg = False
        obj = amod = None
        for c in t.children:
            c_dep = c.dep_
            c_low = c.lower_
            if c_dep in ("prep", "prt", "agent"):
                preps.add(c_low)
            elif c_dep == "aux" and c_low in _AUX_MODAL:
                aux.add(c_low)
            if c_dep == "neg" or c_low in ("never", "no"):
                neg = True
            if obj is None and c_dep in ("dobj", "pobj", "attr", "nsubjpass"):
                obj = c
            if amod is None and c_dep in ("amod", "compound"):
                amod = c
        prep_list = sorted(preps)
        prev = lowers[i - 1] if i > 0 else "<s>"
        nxt = lowers[i + 1] if i + 1 < n else "</s>"
        values = [
            f"low={low}",
            f"lemma={lemma}",
            f"lp={lemma}|{pos}",
            f"suf={low[-3:]}",
            f"dep={dep}|{head.lemma_.lower()}",
            f"hd={head.pos_}|{dep}",
            f"preps={'+'.join(prep_list)}",
            f"lprep={lemma}|{prep_list[0] if prep_list else ''}",
            f"gov={_governor(t)}",
            f"mod={'neg' if neg else ''}|{'+'.join(sorted(aux))}",
            f"obj={obj.lemma_.lower() if obj is not None else ''}",
            f"amod={amod.lemma_.lower() if amod is not None else ''}|{lemma}",
            f"q={quote_of(quotes, i) is not None}|{pos}",
            f"ent={t.ent_type_}",
            f"prev={prev}|{lemma}",
            f"next={lemma}|{nxt}",
        ]
        out[row] = _h(values)
    return out


def dep_path(a: Token, b: Token, limit: int = 5) -> tuple[list[str], list[str], Token | None]:
    """(dependency labels going up from ``a`` to the lowest common ancestor, labels going down
    from it to ``b``, the ancestor); ``None`` when the two are in different sentences."""
    up_a = [a, *a.ancestors]
    idx = {t.i: k for k, t in enumerate(up_a)}
    cur = b
    down: list[Token] = []
    while cur.i not in idx:
        down.append(cur)
        if cur.head.i == cur.i:
            return [], [], None
        cur = cur.head
    lca = cur
    ups = [t.dep_ for t in up_a[: idx[lca.i]]][:limit]
    downs = [t.dep_ for t in reversed(down)][:limit]
    return ups, downs, lca


def _bucket(d: int) -> str:
    d = abs(d)
    if d <= 2:
        return str(d)
    if d <= 5:
        return "3-5"
    if d <= 10:
        return "6-10"
    return ">10"


def role_features(
    doc: Doc,
    pairs: Sequence[tuple[int, int]],
    labels: Sequence[str],
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
) -> np.ndarray:
    """An (n pairs x N_ROLE_FEATURES) uint64 array for (trigger token, mention index) pairs,
    ``labels`` giving each trigger's act label."""
    out = np.zeros((len(pairs), N_ROLE_FEATURES), dtype="uint64")
    for row, ((ti, mk), label) in enumerate(zip(pairs, labels, strict=True)):
        t = doc[ti]
        m = mentions[mk]
        h = doc[m.head]
        ups, downs, lca = dep_path(t, h)
        path = "^" + "|".join(ups) + "v" + "|".join(downs) if lca is not None else "XSENT"
        preps = [
            doc[k].lower_
            for k in _down_tokens(h, lca)
            if doc[k].dep_ in ("prep", "agent", "dative")
        ]
        tq = quote_of(quotes, ti)
        mq = quote_of(quotes, m.head)
        speaker = tq is not None and tq.speaker == mk
        lca_s = f"{lca.lemma_.lower()}|{lca.pos_}" if lca is not None else "none"
        pos = "before" if m.head < ti else "after"
        conj = "conj" in downs or "conj" in ups
        collapsed = (
            "^"
            + "|".join(u for u in ups if u != "conj")
            + "v"
            + "|".join(d for d in downs if d not in ("conj", "appos"))
        )
        gov_prep = h.head.lower_ if h.dep_ == "pobj" else ""
        role = clause_role(t, h)
        values = [
            f"path={path}",
            f"lpath={t.lemma_.lower()}|{path}",
            f"cpath={collapsed}",
            f"acpath={label}|{collapsed}",
            f"fdown={downs[0] if downs else ''}|{ups[0] if ups else ''}",
            f"ldown={downs[-1] if downs else ''}|{gov_prep}",
            f"len={min(len(ups), 4)}|{min(len(downs), 4)}",
            f"role={role}",
            f"arole={label}|{role}",
            f"gprep={label}|{gov_prep}",
            f"ups={'|'.join(ups)}",
            f"downs={'|'.join(downs)}",
            f"lca={lca_s}",
            f"mk={m.kind}|{m.form.lower()}",
            f"mdep={h.dep_}|{h.head.lemma_.lower()}",
            f"act={label}",
            f"apath={label}|{path}",
            f"pos={pos}|{_bucket(m.head - ti)}",
            f"q={tq is not None}|{mq is not None}|{speaker}",
            f"preps={'+'.join(preps)}",
            f"mhead={h.lower_ if m.kind != 'actor' else m.actor_kind}",
            f"akind={m.kind}|{m.actor_kind}|{label}",
            f"adowns={label}|{'|'.join(downs)}",
            f"conj={conj}|{label}",
            f"lprep={t.lemma_.lower()}|{'+'.join(preps)}",
            f"trig={t.lemma_.lower()}|{m.kind}|{pos}",
        ]
        out[row] = _h(values)
    return out


def _clause_verb(t: Token) -> Token:
    """The verb whose clause a trigger belongs to (the trigger itself when it is a verb)."""
    cur = t
    for _ in range(4):
        if cur.pos_ in ("VERB", "AUX") or cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


def _subjects(verb: Token) -> list[Token]:
    """The subject of a verb, inherited through xcomp and subject-less conjunctions."""
    cur = verb
    for _ in range(4):
        found = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")]
        if found:
            return [x for f in found for x in (f, *f.conjuncts)]
        if cur.dep_ in ("xcomp", "conj", "advcl") and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return []


def clause_role(t: Token, h: Token) -> str:
    """How the mention stands to the trigger's clause: its subject, the trigger noun's
    possessor, a direct or prepositional object, an agent, or none of these."""
    base = h
    while base.dep_ in ("poss", "compound", "amod") and base.head.i != base.i and base.i != t.i:
        if base.head.i == t.i:
            return f"mod:{base.dep_}"  # "Tehran's condemnation", "Israeli strikes"
        base = base.head
    verb = _clause_verb(t)
    if any(base.i == s.i for s in _subjects(verb)):
        return "subj"
    if base.head.i == t.i or (base.head.head.i == t.i and base.head.dep_ in ("prep", "agent")):
        if base.dep_ in ("dobj", "dative", "attr", "nsubjpass"):
            return base.dep_
        if base.dep_ == "pobj":
            return f"pobj:{base.head.lower_}"
    if verb.i != t.i and (base.head.i == verb.i or base.head.head.i == verb.i):
        if base.dep_ == "pobj":
            return f"vpobj:{base.head.lower_}"
        return f"v{base.dep_}"
    return "other"


def _down_tokens(b: Token, lca: Token | None) -> list[int]:
    """Tokens on the way down from the common ancestor to ``b`` (prepositions among them)."""
    if lca is None:
        return []
    out = []
    cur = b
    while cur.i != lca.i and cur.head.i != cur.i:
        out.append(cur.i)
        cur = cur.head
    return out
