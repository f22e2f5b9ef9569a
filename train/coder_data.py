"""The training data of the coder: our annotated corpus and the peer suites' train splits.

Read by ``train/train_coder.py``. Documents are parsed as the product parses them (paragraph
chunks through the English model and the mention rules); the annotations are aligned to tokens
and mentions and stored in each Doc's ``user_data`` (see :func:`annotate`).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from spacy.tokens import Doc, Span  # noqa: E402
from spacy.training import Example  # noqa: E402
from thinc.api import Config  # noqa: E402

from geostance.config import Settings  # noqa: E402
from geostance.models import Document  # noqa: E402
from geostance.nlp import triggers as trig_mod  # noqa: E402
from geostance.nlp.acts import ACTS, label_of  # noqa: E402
from geostance.nlp.coder import split_paragraphs  # noqa: E402
from geostance.nlp.discourse import Discourse  # noqa: E402
from geostance.nlp.mentions import ActorTable, Mention  # noqa: E402
from geostance.nlp.roles import GOLD_KEY as ROLES_KEY  # noqa: E402
from geostance.nlp.roles import mentions_of, quotes_of  # noqa: E402
from geostance.sources import iter_documents  # noqa: E402

CORPUS = REPO / "train" / "corpus"
CONFIG = REPO / "train" / "config.cfg"
EVAL = REPO / ".." / "shared" / "eval"
# Words that frame an act rather than name it: the act's own word is the trigger
# ("halted arms exports" -> exports, "held talks" -> talks, "stopped short of criticising").
FRAME_WORDS = frozenset(
    """halt suspend freeze stop end cut cease withhold pause scrap cancel terminate refuse
    decline fail hold take pay make give impose launch carry conduct issue express offer
    extend lodge stage voice lend announce short yet no not never continue resume begin""".split()
)


@dataclass
class Parsed:
    name: str
    dev: bool
    docs: list[Doc]
    document: Document


def read_config(path: Path) -> Config:
    return Config().from_disk(path)


def component_parser(description: str | None, out: Path) -> argparse.ArgumentParser:
    """The command line of a script that trains one component apart and adds it to a coder
    model (``train_act_tagger.py``, ``train_call_class.py``)."""
    ap = argparse.ArgumentParser(
        description=description, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--config", type=Path, default=CONFIG)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--out", type=Path, default=out)
    ap.add_argument("--attach", type=Path, default=None, help="a coder model to add it to")
    ap.add_argument("--attach-only", action="store_true", help="attach --out without training")
    return ap


def trigger_counts(pred: dict[int, str], gold: dict[int, str]) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of act words, by word and label."""
    tp = sum(1 for i, lab in pred.items() if gold.get(i) == lab)
    fp = sum(1 for i, lab in pred.items() if gold.get(i) != lab)
    fn = sum(1 for i, lab in gold.items() if pred.get(i) != lab)
    return tp, fp, fn


def log(*parts: object) -> None:
    """Progress of a training script, on stderr."""
    print(*parts, file=sys.stderr, flush=True)


def corpus_files(corpus: Path) -> list[tuple[Path, Path]]:
    out = []
    for batch in sorted(p for p in corpus.iterdir() if p.is_dir()):
        gold = batch / "gold.jsonl"
        if gold.exists():
            out.extend((doc, gold) for doc in sorted(batch.glob("*.txt")))
    return out


def is_dev(name: str, every: int, batches: Collection[str] = ()) -> bool:
    """Whether a corpus document (``<batch>_NN_topic.txt``) is in the development split: its
    number is a multiple of ``every``, or its batch is one of ``batches``."""
    m = re.search(r"_(\d+)_", name)
    return bool(m) and (int(m.group(1)) % every == 0 or name.split("_")[0] in batches)


def dev_split(training: Any) -> Callable[[str], bool]:
    """The development split of the recipe's ``[training]`` section (``dev_every``,
    ``dev_batches``), as a test on a document's file name: what the training script and
    ``bench/eval_events.py`` both use."""
    every, batches = int(training["dev_every"]), frozenset(training.get("dev_batches", []))
    return lambda name: is_dev(name, every, batches)


def load_gold(paths: Iterable[Path]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for p in sorted(set(paths)):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out[r["doc"]].append(r)
    return out


def read_document(path: Path) -> Document:
    for item in iter_documents([str(path)], settings=Settings()):
        if isinstance(item, Document):
            return item
    raise SystemExit(f"cannot read {path}")


def trigger_token(span: Span) -> int:
    """The token of a trigger phrase that names the act (see FRAME_WORDS)."""
    content = [
        t
        for t in span
        if t.pos_ in ("VERB", "NOUN", "ADJ", "PROPN")
        and t.lemma_.lower() not in FRAME_WORDS
        and t.lower_ not in FRAME_WORDS
    ]
    if not content:
        content = [t for t in span if t.pos_ in ("VERB", "NOUN", "ADJ", "PROPN", "AUX")]
    if not content:
        return span.root.i
    ids = {t.i for t in content}
    heads = [t for t in content if t.head.i not in ids or t.head.i == t.i]
    return (heads or content)[0].i


def find_in(
    text: str, part: str | None, start: int, end: int, near: int | None = None
) -> tuple[int, int] | None:
    """Character span of ``part`` inside text[start:end], the occurrence nearest ``near``."""
    if not part:
        return None
    hits = [m.start() for m in re.finditer(re.escape(part), text[start:end])]
    if not hits:
        return None
    pos = min(hits, key=lambda h: abs(start + h - near)) if near is not None else hits[0]
    return start + pos, start + pos + len(part)


def overlapping(
    mentions: list[Mention],
    doc: Doc,
    span: tuple[int, int] | None,
    code: str | None,
    resolved: dict[int, str | None],
    group_of: Callable[[int, str | None], bool] | None = None,
) -> list[int]:
    """The mentions an annotated phrase names: of those it overlaps, the ones that resolve to
    the annotated actor; else the one holding the phrase's head ("the strike on Qatar" names
    "the strike", not "Qatar")."""
    if span is None:
        return []
    a, b = span
    out = []
    for k, m in enumerate(mentions):
        ms, me = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)
        if ms < b and a < me:
            out.append(k)
    if len(out) <= 1:
        return out
    same = [k for k in out if code is not None and resolved.get(k) == code]
    if not same and group_of is not None:
        same = [k for k in out if group_of(k, code)]
    if same:
        return same
    phrase = doc.char_span(a, b, alignment_mode="expand")
    if phrase is not None and len(phrase):
        root = phrase.root.i
        held = [k for k in out if mentions[k].start <= root < mentions[k].end]
        if held:
            return held
    return out[:1]


def annotate(doc: Doc, events: list[dict], table: ActorTable, memory: Discourse, on) -> dict:
    """Gold triggers and roles of one chunk, written into a reference copy's user_data."""
    text = doc.text
    mentions = mentions_of(doc)
    quotes = quotes_of(doc)
    resolved: dict[int, str | None] = {}
    groups: dict[int, list[str]] = {}
    for sent in doc.sents:
        idx = [k for k, m in enumerate(mentions) if sent.start <= m.head < sent.end]
        resolved.update(memory.resolve(doc, mentions, quotes, idx, on))
        groups.update(memory.expanded)
        memory.next_sentence()

    def names(k: int, code: str | None) -> bool:
        return code is not None and code in groups.get(k, [resolved.get(k)])

    trig: dict[int, str] = {}
    roles: dict[int, tuple[str, set[int], set[int]]] = {}
    stats = defaultdict(int)
    for ev in events:
        s0 = text.find(ev["sentence"])
        if s0 < 0:
            continue
        s1 = s0 + len(ev["sentence"])
        tspan = find_in(text, ev["trigger"], s0, s1)
        if tspan is None:
            stats["trigger not found"] += 1
            continue
        span = doc.char_span(*tspan, alignment_mode="expand")
        if span is None or not len(span):
            stats["trigger not aligned"] += 1
            continue
        ti = trigger_token(span)
        label = label_of(ev["action"], ev["verbal_or_material"] == "material")
        if label not in ACTS:
            continue
        stats["events"] += 1
        if ti in trig and trig[ti] != label:
            stats["label clash"] += 1
            continue
        trig[ti] = label
        sent = doc[ti].sent
        in_sent = [k for k, m in enumerate(mentions) if sent.start <= m.head < sent.end]

        # mentions naming each role: those its annotated phrase overlaps, else those of the
        # sentence resolving to its actor
        named: dict[str, set[int]] = {"source": set(), "target": set()}
        for role in named:
            if ev[role] is None:
                continue
            phrase = find_in(text, ev[f"{role}_text"], s0, s1, tspan[0])
            found = set(overlapping(mentions, doc, phrase, ev[role], resolved, names))
            named[role] = found or {k for k in in_sent if names(k, ev[role])}
        srcs = named["source"]
        q = next((q for q in quotes if q.start <= ti < q.end), None)
        if not srcs and q is not None and q.speaker >= 0:
            if resolved.get(q.speaker) == ev["source"]:
                srcs = {q.speaker}
        tgts = named["target"]
        stats["with source"] += bool(srcs)
        stats["with target"] += bool(tgts) or ev["target"] is None
        old = roles.get(ti)
        if old is None:
            roles[ti] = (label, srcs - tgts, tgts)
        else:
            roles[ti] = (label, old[1] | (srcs - tgts), old[2] | tgts)
    doc.user_data[trig_mod.GOLD_KEY] = trig
    doc.user_data[ROLES_KEY] = {
        ti: (lab, sorted(s), sorted(t)) for ti, (lab, s, t) in roles.items()
    }
    return stats


def parse_corpus(nlp, table: ActorTable, files, gold, dev: Callable[[str], bool]) -> list[Parsed]:
    out = []
    stats: dict[str, int] = defaultdict(int)
    for path, _ in files:
        document = read_document(path)
        events = gold.get(path.name, [])
        memory = Discourse(table)
        chunks = [c for _, _, c in split_paragraphs(document.text)]
        docs = list(nlp.pipe(chunks))
        for d in docs:
            here = [e for e in events if e["sentence"] in d.text]
            for k, v in annotate(d, here, table, memory, document.date).items():
                stats[k] += v
        out.append(Parsed(path.name, dev(path.name), docs, document))
    print("alignment:", dict(stats), file=sys.stderr)
    return out


# PLOVER 2021 types -> our act labels (types with no counterpart are left out)
PLOVER_LABEL = {
    "AGREE": "mediate/negotiate", "CONSULT": "meet/host", "SUPPORT": "support",
    "AID": "aid/give", "COOPERATE": "security_coop", "REQUEST": "call_for",
    "ACCUSE": "accuse/blame", "REJECT": "oppose/criticize", "THREATEN": "oppose/criticize",
    "SANCTION": "sanction", "COERCE": "sanction", "ASSAULT": "attack/use_force",
}  # fmt: skip
# ConfliBERT's five classes (Phoenix quads) -> a plain act label of that class
QUAD_LABEL = {0: "statement_neutral", 1: "support", 2: "aid/give", 3: "oppose/criticize",
              4: "attack/use_force"}  # fmt: skip


def plover_half(record_id: str) -> str:
    """PLOVER GSR has no split: a record is ``test`` or ``train`` by a hash of its id."""
    import hashlib

    return "test" if int(hashlib.sha1(record_id.encode()).hexdigest(), 16) % 2 else "train"


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _role_example(
    nlp,
    table: ActorTable,
    text: str,
    trigger_words: list[str],
    label: str,
    sources: list[str],
    targets: list[str],
    lexicon: dict[str, str] | None = None,
) -> Example | None:
    """A role-only training example from a peer-suite sentence: the trigger is the word the
    suite marks (or the word joining source and target), the roles the mentions overlapping
    the suite's source and target phrases. The trigger model does not train on it (the suite
    does not mark every act of the sentence)."""
    doc = nlp(text)
    mentions = mentions_of(doc)

    def spans(phrases: list[str]) -> set[int]:
        out: set[int] = set()
        for ph in phrases:
            hit = find_in(text, ph, 0, len(text))
            if hit is None:
                continue
            out.update(overlapping(mentions, doc, hit, None, {}))
        return out

    src, tgt = spans(sources), spans(targets)
    if not src:
        return None
    ti = None
    for w in trigger_words:
        hit = find_in(text, w, 0, len(text))
        if hit is not None:
            sp = doc.char_span(*hit, alignment_mode="expand")
            if sp is not None and len(sp):
                ti = trigger_token(sp)
                break
    if ti is None:
        heads = [doc[mentions[k].head] for k in sorted(src | tgt)]
        anc = [a for a in heads[0].ancestors if a.pos_ in ("VERB", "NOUN")] if heads else []
        ti = anc[0].i if anc else doc[:].root.i
    if any(mentions[k].head == ti for k in src | tgt):
        return None
    label = (lexicon or {}).get(doc[ti].lemma_.lower(), label)
    doc.user_data[ROLES_KEY] = {ti: (label, sorted(src - tgt) or sorted(src), sorted(tgt))}
    doc.user_data[trig_mod.GOLD_KEY] = {ti: label}
    doc.user_data[trig_mod.ROLES_ONLY] = True
    return Example(doc, doc)


def word_labels(parsed: list[Parsed]) -> dict[str, str]:
    """The commonest act label of each trigger word in our own training documents (a peer
    suite's sentence gets its act word's label from there when the suite gives none)."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for p in parsed:
        if p.dev:
            continue
        for d in p.docs:
            for ti, label in d.user_data.get(trig_mod.GOLD_KEY, {}).items():
                counts[d[ti].lemma_.lower()][label] += 1
    return {w: max(c, key=lambda k: c[k]) for w, c in counts.items() if sum(c.values()) >= 2}


def peer_examples(nlp, table: ActorTable, lexicon: dict[str, str]) -> list[Example]:
    """Role-only examples from the peer suites' train splits: ConfliBERT ``train`` and the
    ``train`` half of PLOVER GSR (see :func:`plover_half`)."""
    out: list[Example] = []
    for r in _jsonl(EVAL / "conflibert_cameo_gold.jsonl"):
        if r.get("split") != "train" or not r.get("source_spans"):
            continue
        joint = r.get("joint_actor_spans", [])
        eg = _role_example(
            nlp,
            table,
            r["text"],
            [],
            QUAD_LABEL.get(r["quad_class"], "statement_neutral"),
            r["source_spans"] + joint,
            r.get("target_spans", []) + joint,
            lexicon,
        )
        if eg is not None:
            out.append(eg)
    for r in _jsonl(EVAL / "plover_gsr_cameo.jsonl"):
        label = PLOVER_LABEL.get(r.get("event_plover_2021", ""))
        if label is None or plover_half(r["id"]) != "train":
            continue
        actors = [a["actorText"] for a in r.get("actors", [])]
        recips = [a["actorText"] for a in r.get("recipients", []) or []]
        eg = _role_example(
            nlp,
            table,
            r["text"],
            (r.get("event_text") or "").split()[:1],
            label,
            actors,
            recips,
            lexicon,
        )
        if eg is not None:
            out.append(eg)
    print(f"peer-suite role examples: {len(out)}", file=sys.stderr)
    return out


def examples_of(parsed: list[Parsed], dev: bool) -> list[Example]:
    out = []
    for p in parsed:
        if p.dev != dev:
            continue
        for d in p.docs:
            out.append(Example(d, d))
    return out
