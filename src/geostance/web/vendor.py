"""Third-party browser code shipped with the package, served from memory at stable URLs.

Plotly.js comes from the pinned ``plotly`` Python package (MIT), which carries the minified
bundle as ``plotly/package_data/plotly.min.js``; nothing is fetched from a CDN, so the
dashboard's charts work offline. The file is read and gzipped once per process, however many
apps are made, and answered with a long cache lifetime: the page asks for it with the bundle's
version in the query (``PLOTLY_SRC``), so an upgrade changes the URL the browser caches.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

#: Where the dashboard serves the Plotly.js bundle.
PLOTLY_PATH = "/static/vendor/plotly.min.js"

#: A year: the URL's query names the bundle's version, so a cached copy is never stale.
CACHE_CONTROL = "public, max-age=31536000, immutable"


@dataclass(frozen=True, slots=True)
class VendorFile:
    """One file held in memory: its bytes, the same gzipped, its media type and ETag."""

    body: bytes
    gzipped: bytes
    media_type: str
    etag: str
    version: str


def _plotly_file() -> Path | None:
    spec = importlib.util.find_spec("plotly")  # finds the package without importing it
    for root in (spec.submodule_search_locations or []) if spec else []:
        path = Path(root) / "package_data" / "plotly.min.js"
        if path.is_file():
            return path
    return None


@functools.cache
def vendor_files() -> dict[str, VendorFile]:
    """URL path -> file, for every vendored file that is installed (read once per process)."""
    path = _plotly_file()
    if path is None:
        return {}
    body = path.read_bytes()
    found = re.search(rb"plotly\.js v(\d+\.\d+\.\d+)", body[:400])
    version = found.group(1).decode() if found else hashlib.sha256(body).hexdigest()[:12]
    return {
        PLOTLY_PATH: VendorFile(
            body=body,
            gzipped=gzip.compress(body, compresslevel=6, mtime=0),
            media_type="text/javascript; charset=utf-8",
            etag='"' + hashlib.sha256(body).hexdigest()[:32] + '"',
            version=version,
        )
    }


def plotly_src() -> str | None:
    """The script URL of Plotly.js for a page (None when the plotly package is missing)."""
    found = vendor_files().get(PLOTLY_PATH)
    return f"{PLOTLY_PATH}?v={found.version}" if found else None
