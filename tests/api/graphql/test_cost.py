"""Limits that keep one client from hurting the rest: each gives a clear error, and the
server keeps serving."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.graphql import types
from statement_ledger.api.graphql.view import make_schema
from statement_ledger.api.settings import Settings

from ledger_data import gql
from ledger_fixture import REPO

NESTED = """query($first: Int!) { statements(first: $first) { nodes { id
    speaker { name affiliation { name } } article { title outlet { name } } viaOutlet { name }
    occasion { name } about { name }
    contradictions { nodes { side contradiction { kind } } } } } }"""


# One count and one page query for the list, then at most one query per loader per level of
# the query (9 relation fields; outlets and events are reached at two levels each).
MAX_QUERIES = 2 + 9 + 2


def test_nested_query_runs_a_bounded_number_of_sql_queries(client: TestClient) -> None:
    db = client.app.state.db  # type: ignore[attr-defined]
    counts = {}
    for first in (1, 5, 20, 50):
        before = db.executed
        answer = gql(client, NESTED, first=first)
        assert "errors" not in answer
        assert len(answer["data"]["statements"]["nodes"]) == first
        counts[first] = db.executed - before
    assert max(counts.values()) <= MAX_QUERIES, counts
    assert counts[50] == counts[20], counts  # 2.5 times the rows, not one query more


def _error(answer: dict[str, object]) -> str:
    errors = answer.get("errors")
    assert isinstance(errors, list) and errors, answer
    message = errors[0]["message"]
    assert isinstance(message, str)
    return message


def _code(answer: dict[str, Any]) -> str:
    code: str = answer["errors"][0]["extensions"]["code"]
    return code


def test_depth_limit(http: httpx.Client) -> None:
    deep = "{ statements { nodes { " + "speaker { affiliation { " * 6 + "id" + " } }" * 6 + " } } }"
    assert "exceeds maximum operation depth" in _error(gql(http, deep))
    assert http.get("/healthz").status_code == 200
    # counted on the fields as the fragments write them in place
    hidden = (
        "{ statements { nodes { ...A } } } fragment A on Statement { speaker { ...B } } "
        "fragment B on Actor { affiliation { affiliation { affiliation { affiliation { "
        "affiliation { affiliation { affiliation { affiliation { id } } } } } } } } }"
    )
    assert _code(gql(http, hidden)) == "DEPTH_LIMIT"
    fits = "{ statements { nodes { ...A } } } fragment A on Statement { speaker { id } }"
    assert "errors" not in gql(http, fits)


def test_alias_limit(http: httpx.Client) -> None:
    query = "{ " + " ".join(f'a{i}: actor(id: "x") {{ id }}' for i in range(20)) + " }"
    assert "aliases found" in _error(gql(http, query)).lower()
    # aliases inside a fragment count once per place it is spread: 6 + 2 * 5 = 16
    nested = (
        "{ statements { nodes { speaker { ...A } about { ...E } occasion { ...E } } } } "
        "fragment A on Actor { " + " ".join(f"a{i}: id" for i in range(6)) + " } "
        "fragment E on Event { " + " ".join(f"e{i}: id" for i in range(5)) + " }"
    )
    assert _code(gql(http, nested)) == "ALIAS_LIMIT"
    assert "errors" not in gql(http, nested.replace("e4: id", ""))


def test_token_limit(http: httpx.Client) -> None:
    query = "{ statements { nodes { " + "id " * 2500 + "} } }"
    assert "token" in _error(gql(http, query)).lower()


def test_cost_budget(http: httpx.Client) -> None:
    query = """{ actors(first: 100) { nodes { statements(first: 100) { nodes {
        speaker { statements(first: 100) { nodes { id } } } } } } } }"""
    message = _error(gql(http, query))
    assert message.startswith("Query cost ") and "exceeds the budget of 5000" in message


def test_page_size_cap(http: httpx.Client) -> None:
    answer = gql(http, "{ statements(first: 101) { totalCount } }")
    assert answer["errors"][0]["extensions"]["parameter"] == "first"
    nested = gql(http, '{ actor(id: "antony-blinken") { statements(first: 500) { totalCount } } }')
    assert nested["errors"][0]["extensions"]["parameter"] == "first"


def test_batches_are_limited(http: httpx.Client) -> None:
    ok = http.post("/graphql", json=[{"query": "{ statements { totalCount } }"}] * 5)
    assert ok.status_code == 200 and len(ok.json()) == 5
    too_many = http.post("/graphql", json=[{"query": "{ statements { totalCount } }"}] * 6)
    assert too_many.status_code == 400
    assert "Too many operations" in too_many.text


def test_request_body_size_limit(http: httpx.Client) -> None:
    response = http.post(
        "/graphql",
        json={"query": "{ statements { totalCount } }", "variables": {"x": "a" * 70_000}},
    )
    assert response.status_code == 413
    assert response.json() == {
        "error": {"code": "payload_too_large", "message": "request body over 65536 bytes"}
    }
    assert http.get("/healthz").status_code == 200


def test_time_budget(db_path: Path) -> None:
    app = create_app(Settings(db_path=db_path, time_budget_ms=0))
    with TestClient(app) as client:
        message = _error(gql(client, "{ statements { totalCount } }"))
        assert message == "the request took longer than its time budget"
        # parsing and checks count too, not only SQL; and a batch shares one budget
        assert _error(gql(client, "{ __typename }")) == message
        batch = client.post("/graphql", json=[{"query": "{ __typename }"}] * 3).json()
        assert [_error(answer) for answer in batch] == [message] * 3


def test_unexpected_errors_are_masked(
    plain_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(row: object) -> object:
        raise RuntimeError("SELECT secret FROM internals")

    monkeypatch.setattr(types.Actor, "from_row", classmethod(lambda cls, row: broken(row)))
    answer = gql(plain_client, '{ actor(id: "antony-blinken") { id } }')
    assert answer["errors"][0]["message"] == "Internal error."
    assert "SELECT" not in str(answer) and "Traceback" not in str(answer)


def test_graphiql_for_browsers(http: httpx.Client) -> None:
    page = http.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "graphiql" in page.text.lower()


def test_committed_sdl_matches_the_code() -> None:
    sdl = make_schema(Settings()).as_str() + "\n"
    assert (REPO / "api" / "graphql" / "sdl.graphql").read_text() == sdl, (
        "run `statement-ledger sdl > api/graphql/sdl.graphql`"
    )
