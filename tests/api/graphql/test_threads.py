"""GraphQL operations that Strawberry's view answers run in threads of their own, so that a
long one (up to the time budget) does not hold the event loop that serves every other
request of the process."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from typing import Any

import anyio
from starlette.testclient import TestClient
from starlette.types import Message, Receive, Scope, Send

from statement_ledger.api.app import create_app
from statement_ledger.api.graphql.fast import CompiledAnswers
from statement_ledger.api.graphql.view import OVER_BUDGET, graphql_app
from statement_ledger.api.settings import Settings

from ledger_server import fast_of

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


def test_the_wait_for_a_thread_counts_against_the_time_budget(db_path: Path) -> None:
    """A request that waited for one of the threads longer than its time budget is refused
    with the budget's error, not run: the budget starts when the request arrives."""
    budget_ms = 200
    app = create_app(Settings(db_path=db_path, time_budget_ms=budget_ms))
    with TestClient(app) as client:
        fast = fast_of(client)
        fast.limiter = anyio.CapacityLimiter(1)
        holder = object()
        client.portal.call(fast.limiter.acquire_on_behalf_of, holder)  # every thread busy
        answered: list[Any] = []
        request = threading.Thread(
            target=lambda: answered.append(
                client.post("/graphql", json={"query": "{ __typename }"})
            )
        )
        request.start()
        time.sleep(2 * budget_ms / 1000)  # waiting for a thread, past the budget
        assert not answered  # still waiting: the view runs in a thread
        client.portal.call(fast.limiter.release_on_behalf_of, holder)
        request.join(WAIT)
        # The same request, with a thread free at once, is answered.
        fresh = client.post("/graphql", json={"query": "{ __typename }"})
    assert fresh.status_code == 200 and fresh.json() == {"data": {"__typename": "Query"}}
    assert len(answered) == 1
    body = answered[0].json()
    assert body.get("data") is None
    assert [e["message"] for e in body["errors"]] == [OVER_BUDGET]
