"""Fixtures for the API: an in-process client and an HTTP session on the real server
(db_path and server come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.settings import Settings


@pytest.fixture
def client(db_path: Path) -> Iterator[TestClient]:
    """In-process client (lifespan runs)."""
    with TestClient(create_app(Settings(db_path=db_path))) as test_client:
        yield test_client


@pytest.fixture
def http(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=10) as session:
        yield session
