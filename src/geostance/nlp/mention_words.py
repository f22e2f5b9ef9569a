"""The words the mention rules read (:mod:`geostance.nlp.mentions`) and the discourse memory
resolves (:mod:`geostance.nlp.discourse`): nouns of agents, descriptions, offices, acts named as
things, groups, pronouns. Plain data; changing a list changes what counts as a mention.
"""

from __future__ import annotations

__all__ = [
    "AGENT_NOUNS",
    "AIDES",
    "COMPASS",
    "DESCRIPTION_NOUNS",
    "DISTRIBUTIVES",
    "EVENT_NOUNS",
    "GROUP_NOUNS",
    "INSTITUTION_NOUNS",
    "NUMBER_WORDS",
    "PHRASE_DEPS",
    "PRONOUN_FORMS",
    "RELATIVE_PRONOUNS",
    "TITLE_NOUNS",
]

# Nouns that stand for the people or bodies acting for an actor ("the foreign minister of Iran").
AGENT_NOUNS = frozenset(
    """minister ministry president premier government administration official spokesman
    spokeswoman spokesperson ambassador envoy diplomat delegation delegate leader leadership king
    queen prince emir sultan monarch chancellor army military force troops troop soldier navy
    police authority authorities regime parliament cabinet embassy office representative
    negotiator secretary commander general chief side camp lawmaker legislature senate
    congress court judge prosecutor agency council mission mayor governor counterpart
    adviser advisor aide head director staff team guard service intelligence coastguard
    peacekeeper jet warplane aircraft warship navy drone bureau politburo negotiator mediator
    junta department secretariat commission parliamentarian legislator presidency palace
    state-media media broadcaster outlet premiership crown defence defense ally partner
    counterparts officials diplomats forces leaders ministers""".split()
)
# Agent nouns that take an actor only through "of": "the president of Iran", not "the council
# in Paris" (a place)
INSTITUTION_NOUNS = frozenset("court council parliament embassy mission office".split())
# "the North", "the South": the state of that name the document has named most ("the North"
# in a story on the two Koreas is North Korea; in one on Sudan, South Sudan is "the South").
COMPASS = frozenset(["North", "South"])
# Descriptions that stand for an actor named earlier ("the kingdom", "the bloc").
DESCRIPTION_NOUNS = {
    "country": "state",
    "kingdom": "state",
    "republic": "state",
    "emirate": "state",
    "nation": "state",
    "island": "state",
    "state": "state",
    "government": "state",
    "ministry": "state",  # "the foreign ministry said": the state it speaks for
    "presidency": "state",
    "administration": "state",
    "regime": "state",
    "junta": "state",
    "authorities": "state",
    "authority": "state",
    "capital": "state",
    "sultanate": "state",
    "bloc": "igo",
    "alliance": "igo",
    "organisation": "igo",
    "organization": "igo",
    "union": "igo",
    "body": "igo",
    "council": "igo",
    "court": "igo",  # only a body whose name holds the word (discourse.NAMED_BY)
    "league": "igo",
    "tribunal": "igo",
    "assembly": "igo",
    "agency": "igo",
    "group": "group",
    "movement": "group",
    "militia": "group",
    "faction": "group",
    "side": "any",
    "sides": "any",
    "neighbour": "state",
    "neighbor": "state",
}
# Offices named without an actor ("the foreign minister said"): resolved to the actor that last
# held or spoke through that office in the document.
TITLE_NOUNS = frozenset(
    """minister president premier spokesman spokeswoman spokesperson ambassador envoy diplomat
    chancellor king queen emir prince sultan leader secretary commander official officials
    negotiator mediator counterpart""".split()
)
# Acts named as things: their actor is the source of an earlier act of that kind — "force"
# (an attack), an act label of its own ("veto": "called the vetoes a dangerous step" answers
# whoever vetoed, not whoever acted last), or "any" act.
EVENT_NOUNS = {
    "attack": "force",
    "strike": "force",
    "strikes": "force",
    "airstrike": "force",
    "bombing": "force",
    "bombardment": "force",
    "shelling": "force",
    "raid": "force",
    "assault": "force",
    "offensive": "force",
    "invasion": "force",
    "incursion": "force",
    "operation": "force",
    "barrage": "force",
    "salvo": "force",
    "missile": "force",
    "launch": "force",
    "annexation": "force",
    "occupation": "force",
    "seizure": "force",
    "blockade": "force",
    "escalation": "force",
    "retaliation": "force",
    "war": "force",
    "campaign": "force",
    "killing": "force",
    "move": "any",
    "decision": "any",
    "step": "any",
    "measure": "any",
    "action": "any",
    "announcement": "any",
    "recognition": "any",
    "law": "any",
    "ban": "any",
    "plan": "any",
    "proposal": "any",
    "remark": "any",
    "comment": "any",
    "statement": "any",
    "policy": "any",
    "vote": "any",
    "veto": "veto",
    "sanction": "any",
    "test": "force",
    "drill": "force",
    "exercise": "force",
}
# Words that stand for each of two actors named before ("Both abstained", "each side", "the
# other"), and the dependencies under which such a word is a phrase of its own.
DISTRIBUTIVES = frozenset(["both", "each", "either", "neither"])
# Pronouns that open a relative clause ("Chile, which accused Peru").
RELATIVE_PRONOUNS = frozenset(["which", "who", "that"])
PHRASE_DEPS = frozenset(["nsubj", "nsubjpass", "dobj", "pobj", "dative"])
# Offices held in someone's service: "an adviser to X" speaks for X (an envoy "to X" does not).
AIDES = frozenset("adviser advisor aide counsellor counselor assistant".split())
# Plural nouns that name several actors at once ("the two countries", "both sides").
GROUP_NOUNS = frozenset(
    """sides countries states governments nations capitals parties leaders neighbours neighbors
    allies partners delegations powers republics monarchies armies rivals""".split()
)
NUMBER_WORDS = {
    "both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
PRONOUN_FORMS = {
    "he": "person",
    "him": "person",
    "his": "person",
    "she": "person",
    "her": "person",
    "it": "body",
    "its": "body",
    "they": "plural",
    "them": "plural",
    "their": "plural",
    "we": "first",
    "us": "first",
    "our": "first",
    "i": "first",
    "me": "first",
    "my": "first",
}
