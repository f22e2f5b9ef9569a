"""The spaCy components of geostance; thin wrappers, the rules live in :mod:`.extract`.

``geostance_actors`` finds gazetteer actor mentions (``doc._.geostance_mentions``) and
``geostance_events`` finds events among them (``doc._.geostance_events``, packed RawEvent
values with offsets into the Doc) and what later paragraphs need (``doc._.geostance_memory``:
votes on "the resolution" waiting for one named earlier, and the last resolution described).
:func:`geostance.nlp.pipeline.make_nlp` adds both and hands the actor component the
gazetteer; without one it finds no mentions.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from geostance.nlp.actors import Gazetteer
from geostance.nlp.extract import (
    ActorTable,
    build_matchers,
    find_events_in_chunk,
    find_mentions,
    trigger_tables,
)

MENTIONS_KEY = "geostance_mentions"
EVENTS_KEY = "geostance_events"
MEMORY_KEY = "geostance_memory"
for _name in (MENTIONS_KEY, EVENTS_KEY, MEMORY_KEY):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class ActorsComponent:
    """Marks actor mentions: ``doc._.geostance_mentions`` (a list of Mention)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.table: ActorTable | None = None
        self.matchers: tuple[PhraseMatcher, PhraseMatcher] | None = None

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Build the phrase matchers over the gazetteer's surface forms (once per pipeline)."""
        self.table = ActorTable(gazetteer)
        self.matchers = build_matchers(self.nlp, self.table)

    def __call__(self, doc: Doc) -> Doc:
        if self.table is not None and self.matchers is not None:
            doc._.geostance_mentions = find_mentions(doc, self.matchers, self.table)
        return doc


class EventsComponent:
    """Codes events: ``doc._.geostance_events`` (RawEvent values packed as plain lists;
    ``RawEvent.unpack`` reads them back)."""

    def __init__(self) -> None:
        self.verbs, self.nouns = trigger_tables()

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc._.geostance_mentions or []
        found = find_events_in_chunk(doc, mentions, self.verbs, self.nouns)
        packed = found.pack()  # plain values: n_process > 1
        doc._.geostance_events = packed[0]
        doc._.geostance_memory = packed[1:]
        doc._.geostance_mentions = None  # used up; Mention objects would not serialise
        return doc


@Language.factory(
    "geostance_actors",
    requires=["token.ent_type", "token.pos"],
    assigns=["doc._.geostance_mentions"],
)
def make_actors(nlp: Language, name: str) -> ActorsComponent:
    """Factory of the actor-mention component (the gazetteer is set by make_nlp)."""
    return ActorsComponent(nlp)


@Language.factory(
    "geostance_events",
    requires=["token.dep", "token.lemma", "token.pos", "doc.sents"],
    assigns=["doc._.geostance_events", "doc._.geostance_memory"],
)
def make_events(nlp: Language, name: str) -> EventsComponent:
    """Factory of the event component."""
    return EventsComponent()
