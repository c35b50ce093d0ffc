"""Answers to operations seen before, without Strawberry's view in the way.

A POST whose query text the server has already parsed, planned and validated (`Documents`),
whose variables pass the cost limit, and whose operation the compiler covers is answered
here: the compiled statement runs under the request's time budget and its JSON text is sent
as `{"data": …}`, the bytes Strawberry's view would send for the same request. Anything else
— a first sighting, a batch, a GET, a body `body.py` refuses, an error of any kind — goes to
the view unchanged (its body replayed), which answers, refuses or reports it and fills the
caches this path reads. An answer here is therefore always one the view gave an equal answer
to before; the parity tests send every query twice to check that.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from statement_ledger.api.db import budget_until
from statement_ledger.api.graphql.body import BadRequest, check_operation, decode
from statement_ledger.api.graphql.plan import check
from statement_ledger.api.graphql.view import LedgerGraphQL, bounds_of

JSON = b"application/json"

log = logging.getLogger("statement_ledger.api.graphql")


class CompiledAnswers:
    """ASGI: answer cached, compiled operations; hand every other request to `view`."""

    def __init__(self, view: LedgerGraphQL) -> None:
        self.view = view
        self.limits = view.limits
        self.answered = 0  # requests answered here (tests read it)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            self.limits.compiler is None
            or scope["type"] != "http"
            or scope["method"] != "POST"
            or not _is_json(scope)
        ):
            await self.view(scope, receive, send)
            return
        deadline = time.monotonic() + self.limits.settings.time_budget_ms / 1000
        body, more = await _read(receive)
        if not more:
            try:
                text = self._answer(scope, body, deadline)
            except Exception:  # never a 500 from here: the view answers (and logs) instead
                log.exception("graphql: a compiled answer failed; Strawberry answers instead")
                text = None
            if text is not None:
                await _send_json(send, b'{"data":' + text.encode("utf-8") + b"}")
                return
        await self.view(scope, _replay(body, more, receive), send)

    def _answer(self, scope: Scope, body: bytes, deadline: float) -> str | None:
        """The answer's `data` as JSON text, or None for the view to answer."""
        try:
            request = decode(body)
        except BadRequest:
            return None
        if not isinstance(request, dict) or request.get("extensions") is not None:
            return None
        query, variables, name = (
            request.get("query"),
            request.get("variables"),
            request.get("operationName"),
        )
        try:
            check_operation(query, variables, name, None, self.limits.settings.max_query_chars)
        except BadRequest:
            return None
        assert isinstance(query, str)
        found = self.limits.documents.get(query)
        if found is None:
            return None
        document, planned = found
        state: Any = scope["app"].state
        db = state.db
        errors, _ = check(planned, self.limits.lists, bounds_of(db), variables, self.limits.checks)
        if errors or time.monotonic() > deadline:
            return None
        compiler = self.limits.compiler
        assert compiler is not None
        with budget_until(deadline):
            text = compiler.answer(db, state.enums, query, document, planned, name, variables)
        if text is not None:
            self.answered += 1
        return text


def _is_json(scope: Scope) -> bool:
    for key, value in scope["headers"]:
        if key == b"content-type":
            return JSON in value.lower()
    return False


async def _read(receive: Receive) -> tuple[bytes, list[Message]]:
    """The request's body if it came whole in the first message; otherwise what was read
    so far, as messages to replay."""
    message = await receive()
    if message["type"] == "http.request" and not message.get("more_body", False):
        return message.get("body", b""), []
    return b"", [message]


def _replay(body: bytes, read: list[Message], receive: Receive) -> Receive:
    """`receive` for the view: what was read already, then the rest of the request."""
    pending = read or [{"type": "http.request", "body": body, "more_body": False}]

    async def replay() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replay


async def _send_json(send: Send, payload: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-length", str(len(payload)).encode("ascii")),
                (b"content-type", JSON),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
