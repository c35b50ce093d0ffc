"""REST under /api/v1: a list and a detail route per table, an index and the OpenAPI document.

Nothing here accepts a request body: other methods get 405, a GET with a body 415. Every error
goes through the one envelope of api/errors.py (raised as HTTPException or QueryError).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from statement_ledger.api import openapi, urls
from statement_ledger.api.db import BudgetExceeded, Database, budget
from statement_ledger.api.query import QueryError, facet, fetch_page, invalid_search, resolve_id
from statement_ledger.api.relations import detail as related
from statement_ledger.api.rest_formats import negotiate, render, shapes
from statement_ledger.api.rest_params import check_names, detail_query, list_query
from statement_ledger.api.settings import Settings
from statement_ledger.catalogue.tables import LISTED

Endpoint = Callable[[Request], Awaitable[Response]]


async def refuse_body(request: Request) -> None:
    """415 for a request that carries a body: every REST route takes its input in the URL."""
    announced = "content-length" in request.headers or "transfer-encoding" in request.headers
    if announced and await request.body():
        raise HTTPException(
            415, "REST routes take no request body; send parameters in the query string"
        )


@contextmanager
def sql_budget(settings: Settings, search: str | None = None) -> Iterator[None]:
    """Run the request's SQL under the time budget; a bad full-text query is the client's."""
    try:
        with budget(settings.time_budget_ms / 1000):
            yield
    except BudgetExceeded:
        raise HTTPException(
            400,
            f"the request's SQL took longer than its time budget ({settings.time_budget_ms} ms); "
            "ask for less (a tighter search or filters, fewer facets)",
        ) from None
    except sqlite3.OperationalError as exc:
        # query.py names only FTS5 syntax errors; "no such column: x" (from `a-x`, `x:y`) and
        # "unterminated string" are the search's fault too.
        if search is None:
            raise
        raise invalid_search(exc) from None


def lister(table: str) -> Endpoint:
    async def list_rows(request: Request) -> Response:
        await refuse_body(request)
        db: Database = request.app.state.db
        settings: Settings = request.app.state.settings
        enums = request.app.state.enums
        query = list_query(db.catalogue[table], request.query_params, settings, enums)
        fmt = negotiate(query.format, request.headers.get("accept"))
        if query.facets and fmt != "json":
            raise QueryError("facet", "facets are only given in JSON")
        with sql_budget(settings, query.request.search):
            page = fetch_page(db, query.request, enums, settings.max_page_size)
            facets = {
                name: [{"value": v, "count": n} for v, n in facet(db, query.request, name, enums)]
                for name in query.facets
            }
        shape = shapes(db)[table]
        records = [shape.record(row) for row in page.rows]
        headers = {"X-Total-Count": str(page.total)}
        if page.has_next and page.end_cursor:
            following = urls.same_query(request, request.url.path, after=page.end_cursor)
            headers["Link"] = f'<{following}>; rel="next"'
        envelope = {
            "data": records,
            "total": page.total,
            "page": {"has_next": page.has_next, "end_cursor": page.end_cursor},
            "facets": facets,
        }
        return render(fmt, shape, records, envelope, headers)

    return list_rows


def detailer(table: str) -> Endpoint:
    async def detail(request: Request) -> Response:
        await refuse_body(request)
        db: Database = request.app.state.db
        spec = db.catalogue[table]
        include_retired, format_param = detail_query(request.query_params)
        fmt = negotiate(format_param, request.headers.get("accept"))
        key = request.path_params["id"]
        with sql_budget(request.app.state.settings):
            row, replaced = resolve_id(db, table, key)
            if row is None:
                raise HTTPException(404, f"no row in {table} has the id '{key}'")
            if replaced:
                target = str(request.app.url_path_for(f"{table}-detail", id=row[spec.id_column]))
                location = urls.same_query(request, target)
                raise HTTPException(
                    308,
                    f"'{key}' was replaced by '{row[spec.id_column]}'; see {location}",
                    headers={"Location": location},
                )
            shape = shapes(db)[table]
            record: dict[str, Any] = shape.record(row)
            record.update(related(db, table, key, include_retired))
        return render(fmt, shape, [record], {"data": record}, {})

    return detail


async def index(request: Request) -> Response:
    await refuse_body(request)
    check_names(request.query_params, [])
    return JSONResponse(
        {
            "tables": {table: urls.route(request, f"{table}-list") for table in LISTED},
            "openapi": urls.route(request, "openapi"),
        }
    )


async def openapi_document(request: Request) -> Response:
    await refuse_body(request)
    check_names(request.query_params, [])
    return JSONResponse(openapi.document(request.app, routes))


routes: list[BaseRoute] = [
    Route("/", index, methods=["GET"], name="index"),
    Route("/openapi.json", openapi_document, methods=["GET"], name="openapi"),
]
for _table in LISTED:
    routes += [
        Route(f"/{_table}", lister(_table), methods=["GET"], name=f"{_table}-list"),
        Route(f"/{_table}/{{id}}", detailer(_table), methods=["GET"], name=f"{_table}-detail"),
    ]
