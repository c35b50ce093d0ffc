"""GraphQL operations that Strawberry's view answers run in threads of their own, so that a
long one (up to the time budget) does not hold the event loop that serves every other
request of the process."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from starlette.types import Message, Receive, Scope, Send

from statement_ledger.api.graphql.fast import CompiledAnswers
from statement_ledger.api.graphql.view import graphql_app
from statement_ledger.api.settings import Settings

WAIT = 10.0  # seconds a blocked view waits before giving up (only when the rule is broken)


class BlockingView:
    """Stands in for the view: blocks its thread until released, then answers 200."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.released = threading.Event()
        self.released_in_time = False
        self.threads: list[int] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.threads.append(threading.get_ident())
        message = await receive()  # the request's body, replayed
        assert message["body"] == b'{"query": "{ __typename }"}'
        self.started.set()
        self.released_in_time = self.released.wait(WAIT)  # a blocking call, as SQLite's are
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})


def test_a_blocked_view_leaves_the_event_loop_free(db_path: Path) -> None:
    fast = CompiledAnswers(graphql_app(Settings(db_path=db_path)))
    view = BlockingView()
    fast.view = view  # type: ignore[assignment]
    sent: list[Message] = []
    body = b'{"query": "{ __typename }"}'
    scope: dict[str, Any] = {
        "type": "http",
        "method": "POST",
        "headers": [(b"content-type", b"application/json")],
    }

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    async def main() -> None:
        request = asyncio.ensure_future(fast(scope, receive, send))
        loop = asyncio.get_running_loop()
        # While the view blocks, this loop goes on: it sees the view start and releases it.
        assert await loop.run_in_executor(None, view.started.wait, WAIT)
        assert not request.done()
        view.released.set()
        await request

    asyncio.run(main())
    assert view.released_in_time  # the loop was free while the view was blocked
    assert view.threads and view.threads[0] != threading.get_ident()
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert sent[0]["status"] == 200
