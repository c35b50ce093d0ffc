"""The application factory: Starlette serving GraphQL, REST and the package's own files."""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route, Router
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from statement_ledger.api import assets, downloads, rest
from statement_ledger.api.db import Database
from statement_ledger.api.errors import HANDLERS, error_response
from statement_ledger.api.explorer import pages as explorer_pages
from statement_ledger.api.explorer import timeline_page
from statement_ledger.api.explorer.routes import routes as explorer_routes
from statement_ledger.api.graphql.fast import CompiledAnswers
from statement_ledger.api.graphql.view import graphql_app
from statement_ledger.api.middleware import (
    BodyLimit,
    CacheHeaders,
    InputGuard,
    SecurityHeaders,
)
from statement_ledger.api.settings import Settings

log = logging.getLogger("statement_ledger.api")


async def healthz(request: Request) -> Response:
    db: Database = request.app.state.db
    return JSONResponse(
        {"status": "ok", "version": db.meta["version"], "data_version": db.data_version}
    )


class GraphQLMethods:
    """GET and POST as GraphQL over HTTP has them, HEAD as a GET without its body (what a
    link checker or cache asks), any other method a 405 that says which are allowed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method", "GET")
        if method in ("GET", "POST"):
            await self.app(scope, receive, send)
            return
        if method == "HEAD":

            async def without_body(message: Message) -> None:
                if message["type"] == "http.response.body":
                    message = {**message, "body": b""}
                await send(message)

            await self.app({**scope, "method": "GET"}, receive, without_body)
            return
        response = error_response(
            405, f"{method} is not allowed here; use GET or POST", headers={"Allow": ALLOW}
        )
        await response(scope, receive, send)


ALLOW = "GET, HEAD, POST"


def create_app(settings: Settings | None = None) -> Starlette:
    """A new application serving the database at `settings.db_path` (opened in lifespan)."""
    settings = settings or Settings.from_env()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        db = Database(settings.db_path)
        app.state.db = db
        app.state.settings = settings
        app.state.enums = db.catalogue.enums()
        log.info("serving %s (data version %s)", settings.db_path, db.data_version)
        explorer_pages.warm(db)
        timeline_page.warm(db)
        # What start-up made (modules, schema, metadata) lives as long as the server: keep it
        # out of the cycle collector's full passes, which otherwise walk it all (tens of
        # milliseconds each) while requests wait.
        gc.collect()
        gc.freeze()
        try:
            yield
        finally:
            gc.unfreeze()
            db.close()

    routes: list[BaseRoute] = [
        Route("/healthz", healthz, methods=["GET", "HEAD"]),
        Route("/graphql", GraphQLMethods(CompiledAnswers(graphql_app(settings)))),
        # no redirect from /api/v1/statements/ to /api/v1/statements: a wrong URL is a 404
        Mount("/api/v1", app=Router(routes=rest.routes, redirect_slashes=False)),
        # Starlette tries the routes in turn (1-2 µs each): the pages before the downloads and
        # assets, which are asked for less often (no path is in both)
        *explorer_routes,
        *downloads.routes,
        *assets.routes,
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(InputGuard),
        Middleware(BodyLimit, limit=settings.max_body_bytes),
        Middleware(
            CORSMiddleware,
            allow_origins=["*"],
            allow_methods=["GET", "HEAD", "POST"],
            allow_headers=["content-type", "if-none-match"],
            # what a page of another site needs to read to page through lists and revalidate
            expose_headers=["Link", "ETag", "X-Total-Count", "Repr-Digest"],
        ),
        Middleware(GZipMiddleware, minimum_size=1024),
        Middleware(CacheHeaders, cache_control=settings.cache_control()),
    ]
    app = Starlette(
        routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers=HANDLERS
    )
    app.router.redirect_slashes = False  # a wrong URL gets the 404 envelope, not a 307
    return app
