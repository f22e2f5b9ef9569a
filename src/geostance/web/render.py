"""Rendering: the Jinja environment, number formatting, and HTML-or-JSON negotiation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from geostance import __version__
from geostance.web import views
from geostance.web.vendor import plotly_src
from geostance.web.views.plots import plots

HERE = Path(__file__).resolve().parent


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(HERE / "templates")),
        autoescape=True,
        undefined=jinja2.ChainableUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["pieces"] = views.pieces
    env.globals["version"] = __version__
    env.globals["quad_names"] = views.QUAD_NAMES
    env.globals["plotly_src"] = plotly_src()
    env.filters["fmt"] = _fmt
    return env


def _fmt(value: Any, digits: int = 2) -> str:
    if isinstance(value, bool) or value is None:
        return "—" if value is None else ("yes" if value else "no")
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def wants_json(request: Request, as_json: bool = False) -> bool:
    """The JSON twin for a ``.json`` path or an Accept header preferring JSON over HTML."""
    if as_json:
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def json_link(path: str, query: str = "", status: int = 200) -> str | None:
    """The page's JSON twin on this site, or None for an error page.

    The path is the one the client sent, so it is made site-relative whatever it holds: a
    request for ``//evil.example/x`` must not render a protocol-relative, off-site link.
    """
    if status >= 400:
        return None
    clean = "/" + path.replace("\\", "/").lstrip("/")
    link = "/index.json" if clean == "/" else clean.rstrip("/") + ".json"
    return f"{link}?{query}" if query else link


class Renderer:
    def __init__(self) -> None:
        self.env = _environment()

    def page(
        self, request: Request, template: str, data: dict[str, Any], status: int = 200
    ) -> Response:
        html = self.env.get_template(template).render(
            data=data,
            charts=views.charts(data),
            plots=plots(data),
            request_path=request.url.path,
            query=request.query_params,
            json_link=json_link(request.url.path, str(request.query_params), status),
        )
        return HTMLResponse(html, status_code=status)

    def either(
        self,
        request: Request,
        template: str,
        data: dict[str, Any],
        as_json: bool,
        status: int = 200,
    ) -> Response:
        if wants_json(request, as_json):
            return JSONResponse(data, status_code=status)
        return self.page(request, template, data, status)
