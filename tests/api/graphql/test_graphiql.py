"""GraphiQL is served from the server's own files: in Chromium, with every request to any other
host refused, it loads, runs a query and shows the answer."""

from __future__ import annotations

import json
from urllib.parse import quote, urlsplit

import httpx
import playwright.sync_api as playwright_api
import pytest

# A real Chromium: seconds to start.
pytestmark = pytest.mark.slow

QUERY = "{ statements(first: 1) { nodes { id } } }"


def test_graphiql_runs_a_query_with_no_other_host(
    page: playwright_api.Page, server: str, http: httpx.Client
) -> None:
    ours = urlsplit(server).netloc
    elsewhere: list[str] = []

    def only_ours(route: playwright_api.Route) -> None:
        if urlsplit(route.request.url).netloc == ours:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_ours)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    page.goto(f"{server}/graphql#query={quote(QUERY)}")
    page.locator(".graphiql-execute-button").click()
    answer = page.locator(".result-window")
    expected = http.post("/graphql", json={"query": QUERY}).json()
    first_id = expected["data"]["statements"]["nodes"][0]["id"]
    answer.get_by_text(first_id).wait_for(timeout=15_000)
    shown = json.loads(answer.inner_text().replace("\u00a0", " "))
    assert shown == expected
    assert elsewhere == []
    assert errors == []
