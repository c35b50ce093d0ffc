"""Fixtures for the API: an in-process client, an HTTP session on the real server (db_path and
server come from tests/conftest.py), and a real Chromium for the pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import playwright.sync_api as playwright_api
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
def plain_client(db_path: Path) -> Iterator[TestClient]:
    """In-process client whose GraphQL operations all run Strawberry's own execution (none
    compiled to one SQL statement): for tests of what the resolvers do."""
    with TestClient(create_app(Settings(db_path=db_path, compiled=False))) as test_client:
        yield test_client


@pytest.fixture
def http(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=10) as session:
        yield session


CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip


# Per module: Playwright's sync API keeps an event loop running in this thread while it lives,
# which other modules' asyncio.run() would collide with.
@pytest.fixture(scope="module")
def browser() -> Iterator[playwright_api.Browser]:
    # Not a skip: a missing browser is a gap to fix (.ci/run installs it), not to hide.
    assert CHROMIUM.exists(), "install Debian's chromium: apt-get install chromium"
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: playwright_api.Browser) -> Iterator[playwright_api.Page]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()
