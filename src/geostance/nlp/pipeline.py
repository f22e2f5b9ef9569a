"""The one place models are loaded: :func:`make_nlp`.

The pipeline is the English spaCy model, then geostance's mention rules, then the trained
components shipped in the package (``geostance/data/coder``; rebuilt by ``make train``).
"""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from geostance.config import Settings
from geostance.errors import ExtractionError
from geostance.nlp import components  # noqa: F401  (registers the factories)
from geostance.nlp.actors import Gazetteer, default_gazetteer

__all__ = [
    "ACT_TAGGER", "CALL_CLASS", "TRAINED", "add_trained", "coder_model_path", "load_model",
    "make_nlp",
]  # fmt: skip

# The model's components the coder does not use.
UNUSED_COMPONENTS: tuple[str, ...] = ("textcat", "textcat_multilabel", "entity_linker")
TRAINED = ("geostance_triggers", "geostance_roles", "geostance_filter")
# trained apart from them, on words alone, and read by the trigger component (.act_tagger)
ACT_TAGGER = "geostance_act_tagger"
# a logistic model over a call's words, read when an event's class is set (.call_class)
CALL_CLASS = "geostance_call_class"


def load_model(settings: Settings) -> Language:
    """Load the configured English model with unused components disabled."""
    try:
        return spacy.load(settings.model, exclude=list(UNUSED_COMPONENTS))
    except OSError:
        raise ExtractionError(
            f"spaCy model {settings.model!r} is not installed; pip install it or set "
            "GEOSTANCE_MODEL / --model to an installed model"
        ) from None


def coder_model_path() -> Path:
    """Where the trained components ship inside the package."""
    return Path(str(resources.files("geostance").joinpath("data", "coder")))


@functools.lru_cache(maxsize=4)
def _trained(path: str) -> Language:
    try:
        return spacy.load(path)
    except (OSError, ValueError) as e:
        raise ExtractionError(
            f"the trained coder components at {path} cannot be loaded ({e}); reinstall "
            "geostance, or rebuild them with `make train`"
        ) from None


def make_nlp(
    settings: Settings, gazetteer: Gazetteer | None = None, *, trained: bool = True
) -> Language:
    """The English model with the geostance components added.

    ``gazetteer`` defaults to the packaged one, extended by ``settings.actors_file``.
    ``trained=False`` leaves out the trained components (the training script parses its
    corpus that way)."""
    nlp = load_model(settings)
    if gazetteer is None:
        gazetteer = (
            Gazetteer.load(settings.actors_file) if settings.actors_file else default_gazetteer()
        )
    mentions = nlp.add_pipe("geostance_mentions")
    mentions.set_gazetteer(gazetteer)  # type: ignore[attr-defined]
    if trained:
        add_trained(nlp, _trained(str(coder_model_path())))
    return nlp


def add_trained(nlp: Language, source: Language) -> None:
    """Add to ``nlp`` the trained components ``source`` has (a coder model loaded with
    ``spacy.load``), the act tagger first: the trigger component reads it; the call class
    last: it reads the triggers."""
    for name in (ACT_TAGGER, *TRAINED, CALL_CLASS):
        if name in source.pipe_names:
            nlp.add_pipe(name, source=source)
