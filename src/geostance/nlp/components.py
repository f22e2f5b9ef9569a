"""The spaCy components of geostance; thin wrappers, the rules live in :mod:`.extract`.

``geostance_actors`` finds gazetteer actor mentions (stored in ``doc.user_data``) and
``geostance_events`` finds events among them. :func:`geostance.nlp.pipeline.make_nlp` adds
both and hands them the gazetteer; a component used without one leaves the Doc untouched.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from geostance.nlp.actors import Gazetteer
from geostance.nlp.extract import (
    ActorTable,
    build_matchers,
    find_events,
    find_mentions,
    trigger_tables,
)

MENTIONS_KEY = "geostance_mentions"
EVENTS_KEY = "geostance_events"


class ActorsComponent:
    """Marks actor mentions: ``doc.user_data["geostance_mentions"]`` (a list of Mention)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.table: ActorTable | None = None
        self.matchers: tuple = ()

    def set_gazetteer(self, gazetteer: Gazetteer) -> None:
        """Build the phrase matchers over the gazetteer's surface forms (once per pipeline)."""
        self.table = ActorTable(gazetteer)
        self.matchers = build_matchers(self.nlp, self.table)

    def __call__(self, doc: Doc) -> Doc:
        if self.table is not None:
            doc.user_data[MENTIONS_KEY] = find_mentions(doc, self.matchers, self.table)
        return doc


class EventsComponent:
    """Codes events: ``doc.user_data["geostance_events"]`` (a list of RawEvent)."""

    def __init__(self) -> None:
        self.verbs, self.nouns = trigger_tables()

    def __call__(self, doc: Doc) -> Doc:
        mentions = doc.user_data.get(MENTIONS_KEY) or []
        doc.user_data[EVENTS_KEY] = find_events(doc, mentions, self.verbs, self.nouns)
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
    assigns=["doc._.geostance_events"],
)
def make_events(nlp: Language, name: str) -> EventsComponent:
    """Factory of the event component."""
    return EventsComponent()
