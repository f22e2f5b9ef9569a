"""geostance: measure where countries stand, from news events and UN votes, with cited evidence."""

from typing import TYPE_CHECKING, Any

from geostance.errors import (
    ConfigError,
    ExtractionError,
    FetchError,
    GeostanceError,
    QuestionError,
    SourceError,
    StoreError,
    VotesError,
)
from geostance.models import Actor, Document, Event, IngestResult, Resolution, Sentence

if TYPE_CHECKING:
    from geostance.app import Geostance

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """Import the facade lazily, so that ``import geostance.models`` stays light."""
    if name == "Geostance":
        from geostance.app import Geostance

        return Geostance
    raise AttributeError(f"module 'geostance' has no attribute {name!r}")


__all__ = [
    "Actor",
    "ConfigError",
    "Document",
    "Event",
    "ExtractionError",
    "FetchError",
    "Geostance",
    "GeostanceError",
    "IngestResult",
    "QuestionError",
    "Resolution",
    "Sentence",
    "SourceError",
    "StoreError",
    "VotesError",
    "__version__",
]
