"""The one place a spaCy model is loaded: :func:`make_nlp`."""

from __future__ import annotations

import spacy
from spacy.language import Language

from geostance.config import Settings
from geostance.errors import ExtractionError
from geostance.nlp import components  # noqa: F401  (registers the factories)
from geostance.nlp.actors import Gazetteer, default_gazetteer

__all__ = ["load_model", "make_nlp"]

# The model's components the coder does not use; none today (NER checks ambiguous names,
# the lemmatizer feeds the lexicon), but a model that ships more may list them here.
UNUSED_COMPONENTS: tuple[str, ...] = ("textcat", "textcat_multilabel", "entity_linker")


def load_model(settings: Settings) -> Language:
    """Load the configured model with unused components disabled (also used by the bench)."""
    try:
        return spacy.load(settings.model, exclude=list(UNUSED_COMPONENTS))
    except OSError:
        raise ExtractionError(
            f"spaCy model {settings.model!r} is not installed; pip install it or set "
            "GEOSTANCE_MODEL / --model to an installed model"
        ) from None


def make_nlp(settings: Settings, gazetteer: Gazetteer | None = None) -> Language:
    """Load the model and add the geostance actor and event components.

    ``gazetteer`` defaults to the packaged one, extended by ``settings.actors_file``.
    """
    nlp = load_model(settings)
    if gazetteer is None:
        if settings.actors_file:
            gazetteer = Gazetteer.load(settings.actors_file)
        else:
            gazetteer = default_gazetteer()
    actors = nlp.add_pipe("geostance_actors")
    actors.set_gazetteer(gazetteer)  # type: ignore[attr-defined]
    nlp.add_pipe("geostance_events")
    return nlp
