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

import asyncio
import logging
import time
from collections.abc import Callable, Coroutine
from typing import Any

import anyio
import anyio.to_thread
from starlette.types import Message, Receive, Scope, Send

from statement_ledger.api.db import budget_until
from statement_ledger.api.graphql.body import BadRequest, check_operation, decode
from statement_ledger.api.graphql.plan import check
from statement_ledger.api.graphql.view import DEADLINE, LedgerGraphQL, bounds_of

JSON = b"application/json"
# A compiled answer that took more CPU than this runs in a thread from then on.
SLOW_SECONDS = 0.005
SLOW_KEPT = 1024
# Operations run in threads at once, per process (others wait for a thread, not the loop).
THREADS = 8

log = logging.getLogger("statement_ledger.api.graphql")


class CompiledAnswers:
    """ASGI: answer cached, compiled operations; hand every other request to `view`."""

    def __init__(self, view: LedgerGraphQL) -> None:
        self.view = view
        self.limits = view.limits
        self.answered = 0  # requests answered here (tests read it)
        self.slow: dict[tuple[str, str | None], None] = {}  # operations run in a thread
        self.limiter = anyio.CapacityLimiter(THREADS)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.view(scope, receive, send)
            return
        deadline = time.monotonic() + self.limits.settings.time_budget_ms / 1000
        scope = {**scope, DEADLINE: deadline}  # the view's budget starts now too
        body, more = await _read(receive) if scope["method"] == "POST" else (b"", [])
        if scope["method"] == "POST" and not more and self.limits.compiler is not None:
            text = await self._compiled(scope, body, deadline)
            if text is not None:
                await _send_json(send, b'{"data":' + text.encode("utf-8") + b"}")
                return
        await self._view(scope, _replay(body, more, receive, scope["method"] == "POST"), send)

    async def _compiled(self, scope: Scope, body: bytes, deadline: float) -> str | None:
        """A compiled answer, run in a thread when its statement took long before."""
        if not _is_json(scope):
            return None
        try:
            request = _operation_of(body, self.limits.settings.max_query_chars)
            if request is None:
                return None
            key = (request[0], request[2])  # query text and operation name
            if key in self.slow:
                return await anyio.to_thread.run_sync(
                    self._answer, scope, request, deadline, limiter=self.limiter
                )
            started = time.thread_time()  # CPU: time the machine gave others is not counted
            text = self._answer(scope, request, deadline)
            if time.thread_time() - started > SLOW_SECONDS:
                self._mark_slow(key)
            return text
        except Exception:  # never a 500 from here: the view answers (and logs) instead
            log.exception("graphql: a compiled answer failed; Strawberry answers instead")
            return None

    def _mark_slow(self, key: tuple[str, str | None]) -> None:
        self.slow[key] = None
        while len(self.slow) > SLOW_KEPT:
            self.slow.pop(next(iter(self.slow)))

    async def _view(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Strawberry's view, run in a thread of its own event loop, so that a long operation
        (up to the time budget) holds neither this event loop nor the requests it serves;
        SQLite lets other threads run while it reads. The answer is sent from here."""
        loop = asyncio.get_running_loop()
        sent: list[Message] = []

        async def receive_here() -> Message:
            return await receive()

        async def receive_there() -> Message:
            future = asyncio.run_coroutine_threadsafe(receive_here(), loop)
            return await asyncio.wrap_future(future)

        async def collect(message: Message) -> None:
            sent.append(message)

        await anyio.to_thread.run_sync(
            _run_here, lambda: self.view(scope, receive_there, collect), limiter=self.limiter
        )
        for message in sent:
            await send(message)

    def _answer(
        self, scope: Scope, request: tuple[str, Any, str | None], deadline: float
    ) -> str | None:
        """The answer's `data` as JSON text, or None for the view to answer."""
        query, variables, name = request
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


def _operation_of(body: bytes, limit: int) -> tuple[str, Any, str | None] | None:
    """A single operation's query text, variables and name, if the body is one the view
    would read as such (else None: the view answers or refuses it)."""
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
        check_operation(query, variables, name, None, limit)
    except BadRequest:
        return None
    assert isinstance(query, str) and (name is None or isinstance(name, str))
    return query, variables, name


def _run_here(make: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a coroutine to its end on an event loop of this thread's own."""
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(make())
    finally:
        loop.close()


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


def _replay(body: bytes, read: list[Message], receive: Receive, was_read: bool) -> Receive:
    """`receive` for the view: what was read already, then the rest of the request."""
    if not was_read:
        return receive
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
