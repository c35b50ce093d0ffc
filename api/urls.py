"""The URLs the server writes into answers (Link, Location, the API index, JSON-LD): relative to
the site unless a public base URL is configured, and never built from the request's Host
header, which any client can set."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request

from statement_ledger.api.settings import Settings


def link(request: Request, path: str, query: dict[str, str] | None = None) -> str:
    """`path` (and `query`) as the server publishes it: under the configured base URL, or
    relative to this site (`/api/v1/…`) when there is none."""
    settings: Settings = request.app.state.settings
    text = settings.base_url.rstrip("/") + path
    return f"{text}?{urlencode(query)}" if query else text


def route(request: Request, name: str, **params: str) -> str:
    """The published URL of a named route."""
    return link(request, str(request.app.url_path_for(name, **params)))


def same_query(request: Request, path: str, **changes: str) -> str:
    """`path` with this request's query parameters, some of them changed."""
    query = dict(request.query_params.multi_items())
    query.update(changes)
    return link(request, path, query)
