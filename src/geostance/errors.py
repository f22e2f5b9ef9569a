"""The geostance exception tree. Every message names what was given and what to do.

* GeostanceError
  + ConfigError        a setting or option has a value we cannot use
  + SourceError        an input could not be read: empty, binary, unreachable, refused, malformed
    - FetchError       an http(s) URL could not be fetched (timeout, size cap, private address)
  + ExtractionError    the NLP pipeline could not be built or run (model missing, ...)
  + StoreError         the DuckDB store could not be opened, migrated or written
  + VotesError         a UN voting file could not be imported (bad column, value, encoding ...)
  + QuestionError      a question or actor name could not be understood

The library raises these; only the shells (CLI, web) turn them into exit codes and pages.
"""

from __future__ import annotations


class GeostanceError(Exception):
    """Base of every error geostance raises on purpose."""


class ConfigError(GeostanceError):
    """A setting or option has a value geostance cannot use."""


class SourceError(GeostanceError):
    """An input source could not be read. ``origin`` is the path or URL as given."""

    def __init__(self, origin: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.reason = message


class FetchError(SourceError):
    """An http(s) URL could not be fetched or was refused."""


class ExtractionError(GeostanceError):
    """The NLP pipeline could not be built or run."""


class StoreError(GeostanceError):
    """The store could not be opened, migrated or written."""


class VotesError(GeostanceError):
    """A UN voting file could not be imported. Names the file, the line and the fix."""


class QuestionError(GeostanceError):
    """A question or an actor name could not be understood."""
