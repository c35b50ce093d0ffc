"""A real uvicorn on a free 127.0.0.1 port, serving a database built from a package."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from starlette.routing import Route
from starlette.testclient import TestClient

from statement_ledger.api.graphql.fast import CompiledAnswers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def answers(base: str, seconds: float = 30) -> bool:
    """Whether the server at `base` answers /healthz within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return True
        except httpx.TransportError:
            time.sleep(0.1)
    return False


@contextmanager
def serving(db_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Start the server on `db_path` (with `env` added to the environment); yield its base URL;
    stop it afterwards."""
    port = free_port()
    log_path = db_path.with_suffix(".server.log")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "statement_ledger.api.app:create_app",
             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env={**os.environ, "LEDGER_DB": str(db_path), **(env or {})}, cwd=db_path.parent,
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        if not answers(base):
            process.kill()
            process.wait()
            raise RuntimeError("server did not start: " + log_path.read_text()[-2000:])
        try:
            yield base
        finally:
            process.terminate()
            process.wait(timeout=10)


def fast_of(client: TestClient) -> CompiledAnswers:
    """What answers operations seen before without Strawberry's view (api/graphql/fast.py),
    in an application a TestClient runs."""
    route = next(r for r in client.app.routes if isinstance(r, Route) and r.path == "/graphql")
    fast = route.app.app  # type: ignore[attr-defined]
    assert isinstance(fast, CompiledAnswers)
    return fast
