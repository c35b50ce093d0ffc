"""Fixtures for the explorer: the real package built once, a small Pkg with retired rows, and
a real uvicorn serving the real package."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.build import build
from statement_ledger.api.settings import Settings

from ledger_fixture import REPO, Pkg


@pytest.fixture(scope="session")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("explorer-db") / "ledger.db"
    build(REPO, path, say=lambda message: None)
    return path


@pytest.fixture(scope="session")
def client(db_path: Path) -> Iterator[TestClient]:
    """In-process client over the real package (lifespan runs)."""
    with TestClient(create_app(Settings(db_path=db_path))) as test_client:
        yield test_client


def retired_rows(pkg: Pkg) -> None:
    """A merged duplicate statement and actor (replaced_by), and a retired event (no
    replacement), on top of the small valid package."""
    duplicate = {
        **pkg.row("statements", "st-roe-calm"),
        "statement_id": "st-roe-calm-dup",
        "quote": "Minister Jane Roe said the border is",
        "utterance_id": "",
        "record_status": "retired",
        "retired_reason": "Duplicate of st-roe-calm.",
        "replaced_by": "st-roe-calm",
    }
    pkg.rows["statements"].append(duplicate)
    pkg.rows["actors"].append(
        {
            "actor_id": "jane-roe-old",
            "name": "Jane Roe (old)",
            "kind": "person",
            "record_status": "retired",
            "retired_reason": "Duplicate of jane-roe.",
            "replaced_by": "jane-roe",
        }
    )
    pkg.rows["events"].append(
        {
            "event_id": "cancelled-briefing",
            "name": "Cancelled briefing",
            "kind": "press_briefing",
            "start_date_precision": "unknown",
            "end_date_precision": "unknown",
            "record_status": "retired",
            "retired_reason": "The briefing never took place.",
        }
    )


@pytest.fixture(scope="session")
def pkg_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """In-process client over the small package with retired and replaced rows."""
    root = tmp_path_factory.mktemp("explorer-pkg")
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "datapackage").mkdir()
    pkg = Pkg(root)
    retired_rows(pkg)
    pkg.write()
    path = root / "ledger.db"
    build(root, path, say=lambda message: None)
    with TestClient(create_app(Settings(db_path=path))) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def server(db_path: Path) -> Iterator[str]:
    """A real uvicorn on a free 127.0.0.1 port serving the real package; yields its URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "statement_ledger.api.app:create_app",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env={**os.environ, "LEDGER_DB": str(db_path)},
        cwd=db_path.parent,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    else:
        process.kill()
        process.wait()
        raise RuntimeError("the server did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)
