"""geostance: measure where countries stand, from news events and UN votes, with cited evidence."""

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

__version__ = "0.1.0"

__all__ = [
    "Actor",
    "ConfigError",
    "Document",
    "Event",
    "ExtractionError",
    "FetchError",
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
