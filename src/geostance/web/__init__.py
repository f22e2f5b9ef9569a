"""The web shell: a FastAPI app serving each page as HTML and as its JSON twin.

``create_app(settings_or_factory)`` returns the ASGI app; ``geostance serve`` runs it with
uvicorn. This package is the only one that imports the web framework: ``app.py`` holds the routes,
``pool.py`` the connections, ``cache.py`` the page cache, ``middleware.py`` the limits and
fast paths, ``render.py`` the templates, and ``views/`` one page builder per page. Page dicts
come from ``geostance.web.views`` (framework-free); the app routes, negotiates (``.json`` suffix or
``Accept: application/json`` gives the dict, anything else the page), guards and renders.

Security model, in one place:

* every response carries a strict Content-Security-Policy (``default-src 'self'``, no
  inline script, no inline style but the two hashed ``<style>`` elements the vendored Plotly.js
  inserts: ``middleware.CSP``), ``X-Content-Type-Options`` and ``Referrer-Policy``;
* the charts' Plotly.js comes from the pinned ``plotly`` package and is served from memory
  (``vendor.py``): no page loads anything from another host;
* templates autoescape, so stored document text is shown as text, never run;
* ids in paths must match a strict pattern or the route answers 404;
* request bodies larger than ``settings.max_upload_bytes`` get 413 before they are read whole;
* writing (``POST /api/ingest``) is off unless ``settings.write_token`` is set, and then needs
  ``Authorization: Bearer <token>``; URL ingest takes only http(s) and the sources stage
  refuses private and loopback addresses unless ``settings.allow_private``.

DuckDB connections are not safe to share between threads, so requests share one reading
facade whose store is a connection each database thread borrows from a small pool. The app
reads a store it opened itself read-only and only while requests run, so the CLI and ``watch``
can read and write the same file meanwhile (``FacadePool``, ``docs/schema.md``).

Under load: rendered pages are cached per URL and store version, built once however many
requests ask at the same moment, and served as they were while a write makes them rebuild
(``PageCache``); static files (held in memory) and current cached pages are answered before
routing (``FastPaths``); database work has ``pool_size`` threads of its own and rendering a
few more, so nothing else waits for the database; request bodies must arrive within
``body_timeout`` and headers within ``server.HEADER_TIMEOUT``.
"""

from __future__ import annotations

from geostance.web.app import create_app
from geostance.web.cache import PageCache
from geostance.web.middleware import BODY_TIMEOUT, CSP
from geostance.web.pool import FacadePool
from geostance.web.server import HEADER_TIMEOUT, serve

__all__ = [
    "BODY_TIMEOUT",
    "CSP",
    "HEADER_TIMEOUT",
    "FacadePool",
    "PageCache",
    "create_app",
    "serve",
]
