"""The one error envelope of the HTTP side: {"error": {"code", "message", "parameter"?}}."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from statement_ledger.api.db import BudgetExceeded
from statement_ledger.api.query import QueryError

CODES = {
    308: "permanent_redirect",
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def error_response(
    status: int,
    message: str,
    parameter: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, str] = {"code": CODES.get(status, "error"), "message": message}
    if parameter is not None:
        body["parameter"] = parameter
    return JSONResponse({"error": body}, status_code=status, headers=headers)


async def http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return error_response(exc.status_code, str(exc.detail), headers=exc.headers)


async def query_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, QueryError)
    return error_response(400, exc.message, parameter=exc.parameter)


async def budget_exceeded(request: Request, exc: Exception) -> Response:
    return error_response(400, str(exc))


async def server_error(request: Request, exc: Exception) -> Response:
    return error_response(500, "internal error; the request was logged")


HANDLERS = {
    HTTPException: http_exception,
    QueryError: query_error,
    BudgetExceeded: budget_exceeded,
    Exception: server_error,
}
