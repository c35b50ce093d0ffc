"""The app's routes are tried in turn, the explorer's pages before the downloads and assets: that
order is only for speed, so no URL may match two routes (then the order would decide)."""

from __future__ import annotations

from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.routing import Match, Route

from statement_ledger.api.app import create_app
from statement_ledger.api.settings import Settings

# A URL of every shape the app serves, and a few that no route serves.
PATHS = [
    "/", "/healthz", "/graphql", "/search", "/timeline", "/datapackage.json", "/favicon.ico",
    "/contradictions", "/statements", "/actors", "/outlets", "/events",
    "/statements/st-1", "/contradictions/c-1", "/actors/a-1", "/outlets/o-1", "/articles/ar-1",
    "/events/ev-1", "/schema/statements.json", "/datapackage/statements.csv",
    "/seeds/one.md", "/static/explorer.css", "/releases/1.0.0/x.zip", "/api/v1/statements",
    "/statements/", "/articles", "/static", "/search/x", "/api/v1",
]  # fmt: skip


@pytest.fixture(scope="module")
def app(db_path: Path) -> Starlette:
    return create_app(Settings(db_path=db_path))


def matching(app: Starlette, path: str) -> list[str]:
    scope = {"type": "http", "path": path, "root_path": "", "method": "GET"}
    return [
        getattr(route, "path", "") for route in app.routes if route.matches(scope)[0] == Match.FULL
    ]


def test_no_url_matches_two_routes(app: Starlette) -> None:
    for path in PATHS:
        assert len(matching(app, path)) <= 1, path


def test_every_route_is_reached_by_a_url(app: Starlette) -> None:
    reached = {route for path in PATHS for route in matching(app, path)}
    paths = {getattr(r, "path", "") for r in app.routes if isinstance(r, Route)}
    assert paths <= reached


def test_pages_come_before_downloads(app: Starlette) -> None:
    order = [getattr(route, "path", "") for route in app.routes]
    assert order.index("/search") < order.index("/datapackage.json")
    assert order.index("/events/{id:str}") < order.index("/static/{path:path}")
