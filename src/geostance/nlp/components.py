"""The spaCy components of geostance, in pipeline order after the English model.

* ``geostance_mentions`` (rules): actor mentions (:mod:`.mentions`) and quotes with their
  speakers (:mod:`.speech`) -> ``doc._.geostance_mentions``, ``doc._.geostance_quotes``;
* ``geostance_act_tagger`` (trained, :mod:`.act_tagger`): act probabilities of every word from
  the words alone -> ``doc._.geostance_word_acts``, read and cleared by the trigger component;
* ``geostance_triggers`` (trained, :mod:`.triggers`): act words -> ``doc._.geostance_triggers``;
* ``geostance_roles`` (trained, :mod:`.roles`): sources and targets -> ``doc._.geostance_roles``;
* ``geostance_call_class`` (trained, :mod:`.call_class`): whether each call is a demand ->
  ``doc._.geostance_calls``.

Every value they store is plain lists, so Docs can be shipped between processes.
:func:`geostance.nlp.pipeline.make_nlp` adds them and hands the mention component the
gazetteer; the events are put together per document by :mod:`geostance.nlp.coder`.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from geostance.nlp import (  # noqa: F401  (factories)
    act_tagger,
    call_class,
    filter,
    network,
    roles,
    triggers,
)
from geostance.nlp.actors import Gazetteer
from geostance.nlp.mentions import ActorTable, build_matchers, find_mentions
from geostance.nlp.speech import find_quotes

for _name in ("geostance_mentions", "geostance_quotes"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class MentionsComponent:
    """Marks actor mentions and quotes (see :mod:`.mentions` and :mod:`.speech`)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.table: ActorTable | None = None
        self.matchers: tuple[PhraseMatcher, PhraseMatcher] | None = None

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Build the phrase matchers over the gazetteer's surface forms (once per pipeline)."""
        self.table = ActorTable(gazetteer)
        self.matchers = build_matchers(self.nlp, self.table)

    def __call__(self, doc: Doc) -> Doc:
        if self.table is None or self.matchers is None:
            doc._.geostance_mentions = []
            doc._.geostance_quotes = []
            return doc
        mentions = find_mentions(doc, self.matchers, self.table)
        doc._.geostance_mentions = [m.pack() for m in mentions]
        doc._.geostance_quotes = [q.pack() for q in find_quotes(doc, mentions)]
        return doc


@Language.factory(
    "geostance_mentions",
    requires=["token.ent_type", "token.pos", "token.dep", "doc.sents"],
    assigns=["doc._.geostance_mentions", "doc._.geostance_quotes"],
)
def make_mentions(nlp: Language, name: str) -> MentionsComponent:
    """Factory of the mention component (the gazetteer is set by make_nlp)."""
    return MentionsComponent(nlp)
