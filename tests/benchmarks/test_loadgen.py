"""The load generator (benchmarks/loadgen.py) against a small HTTP server on 127.0.0.1 that
counts the connections it accepts: keep-alive for a whole run, or a new connection every
`per_connection` requests. Not a timed test."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import pytest

from ledger_fixture import benchmark_module


class Counting:
    """An HTTP/1.1 server answering every request with 200 "ok", keeping connections open,
    counting the connections and the requests on each."""

    def __init__(self) -> None:
        self.connections: list[int] = []
        self.port = 0
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        index = len(self.connections)
        self.connections.append(0)
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                self.connections[index] += 1
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self.ready.set()
        self.loop.run_forever()
        server.close()
        self.loop.run_until_complete(server.wait_closed())
        pending = asyncio.all_tasks(self.loop)
        for task in pending:
            task.cancel()
        self.loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        self.loop.close()


@pytest.fixture
def counting() -> Iterator[Counting]:
    server = Counting()
    server.thread.start()
    assert server.ready.wait(10)
    yield server
    server.loop.call_soon_threadsafe(server.loop.stop)
    server.thread.join(10)


@pytest.mark.parametrize(("per_connection", "opened"), [(0, 4), (5, 24), (7, 18)])
def test_connections_are_kept_or_renewed(
    counting: Counting, per_connection: int, opened: int
) -> None:
    """Kept: one connection per worker. Renewed: none serves more than `per_connection`
    requests, so at least 120 / `per_connection` are opened (more when the 4 workers share
    the requests unevenly, as a loaded machine makes them)."""
    loadgen = benchmark_module("loadgen")
    requests = [loadgen.Request("GET", f"/{n}") for n in range(10)]
    result = loadgen.run(counting.port, requests, 120, 4, 30, per_connection=per_connection)
    assert (result.requests, result.errors) == (120, 0)
    assert sum(counting.connections) == 120
    assert len(counting.connections) >= opened
    if per_connection:
        assert max(counting.connections) <= per_connection
    else:
        assert len(counting.connections) == opened
