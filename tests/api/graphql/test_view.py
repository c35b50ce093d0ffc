"""The document cache (api/graphql/view.py) skips parsing and validation of a query text seen
before; it must never carry one request's limits, variables or results over to another."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import httpx
import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.graphql import body, view
from statement_ledger.api.graphql.view import DOCUMENT_CACHE_MAX_QUERY, Documents
from statement_ledger.api.settings import Settings

from ledger_data import data, gql, rows

NESTED = """query Cached($first: Int!) { statements(first: $first) { nodes { id
    speaker { statements(first: $first) { nodes { id
    speaker { statements(first: $first) { nodes { id } } } } } } } } }"""


def nested_cost(first: int) -> int:
    """NESTED's cost: every field counts 1, and a list holds `first` objects or, when fewer,
    as many as the package has (statements in all; one speaker's statements at most)."""
    statements = rows("statements")
    by_speaker = Counter(s["speaker_id"] for s in statements if s["speaker_id"])
    a = min(first, len(rows("statements", include_retired=True)))
    b = min(first, max(by_speaker.values()))
    return 2 + a * (4 + b * (4 + b))


ONE = "query CachedOne($id: ID!) { statement(id: $id) { id quote speaker { id } } }"


def _codes(answer: dict[str, object]) -> list[object]:
    errors = answer.get("errors")
    assert isinstance(errors, list), answer
    return [(e.get("extensions") or {}).get("code") for e in errors]


def test_cost_is_checked_per_request_on_a_cached_document(http: httpx.Client) -> None:
    for _ in range(2):
        assert len(data(http, NESTED, first=2)["statements"]["nodes"]) == 2
        too_costly = gql(http, NESTED, first=60)
        assert _codes(too_costly) == ["COST_LIMIT"] and too_costly.get("data") is None
        assert f"Query cost {nested_cost(60)} exceeds the budget of 5000" in str(too_costly)
    # the same text without the variable: `first` unknown, so assumed the worst (100)
    assert _codes(gql(http, NESTED)) == ["COST_LIMIT"]
    assert len(data(http, NESTED, first=3)["statements"]["nodes"]) == 3


def test_a_rejected_first_run_does_not_make_a_text_unusable(http: httpx.Client) -> None:
    query = NESTED.replace("Cached", "RejectedFirst")
    assert _codes(gql(http, query, first=70)) == ["COST_LIMIT"]
    assert len(data(http, query, first=1)["statements"]["nodes"]) == 1
    assert _codes(gql(http, query, first=70)) == ["COST_LIMIT"]


def test_each_request_gets_its_own_variables_and_results(http: httpx.Client) -> None:
    statements = rows("statements")[:6]
    for _ in range(2):
        for statement in statements:
            got = data(http, ONE, id=statement["statement_id"])["statement"]
            assert got["id"] == statement["statement_id"]
            assert got["quote"] == statement["quote"]
            assert got["speaker"]["id"] == statement["speaker_id"]
    assert data(http, ONE, id="no-such-statement")["statement"] is None


def test_invalid_documents_are_rejected_every_time(http: httpx.Client) -> None:
    deep = "{ statements { nodes { " + "speaker { affiliation { " * 6 + "id" + " } }" * 6 + " } } }"
    unknown = "{ statements { nodes { id noSuchField } } }"
    too_long = "{ statements { nodes { " + "id " * 2500 + "} } }"
    aliases = "{ " + " ".join(f'a{i}: actor(id: "x") {{ id }}' for i in range(20)) + " }"
    for _ in range(3):
        assert "exceeds maximum operation depth" in str(gql(http, deep)["errors"])
        assert "noSuchField" in str(gql(http, unknown)["errors"])
        assert "token" in str(gql(http, too_long)["errors"]).lower()
        assert "aliases found" in str(gql(http, aliases)["errors"]).lower()


def test_variables_are_still_checked_on_a_cached_document(http: httpx.Client) -> None:
    assert data(http, ONE, id=rows("statements")[0]["statement_id"])["statement"]
    missing = http.post("/graphql", json={"query": ONE, "variables": {}}).json()
    assert missing["data"] is None
    assert missing["errors"][0]["message"] == (
        "Variable '$id' has invalid value: Expected a value of non-null type 'ID!' to be provided."
    )
    page = "query CachedPage($first: Int!) { statements(first: $first) { nodes { id } } }"
    assert len(data(http, page, first=2)["statements"]["nodes"]) == 2
    wrong_type = gql(http, page, first="many")
    assert wrong_type["data"] is None
    assert wrong_type["errors"][0]["message"] == (
        "Variable '$first' has invalid value: Int cannot represent non-integer value: 'many'"
    )


def test_the_time_budget_applies_to_cached_documents(db_path: Path) -> None:
    app = create_app(Settings(db_path=db_path, time_budget_ms=0))
    with TestClient(app) as client:
        for _ in range(3):
            answer = gql(client, "{ statements { totalCount } }")
            assert answer["errors"][0]["message"] == (
                "the request took longer than its time budget"
            )


def test_the_cache_is_bounded() -> None:
    documents = Documents(size=2)
    parsed = [(object(), object()) for _ in range(3)]
    for i, (document, planned) in enumerate(parsed):
        documents.put(f"{{ q{i} }}", document, planned)  # type: ignore[arg-type]
    assert list(documents.entries) == ["{ q1 }", "{ q2 }"]
    assert documents.get("{ q0 }") is None and documents.get("{ q2 }") == parsed[2]
    documents.put("x" * (DOCUMENT_CACHE_MAX_QUERY + 1), *parsed[0])  # type: ignore[arg-type]
    assert len(documents.entries) == 2


def test_a_post_body_is_decoded_once_and_a_get_query_over_the_limit_refused(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The checks run when Strawberry asks for the context, before it reads the request: the
    body they decoded is the one Strawberry gets, and a GET's query text is held to the same
    size limit as a POST's."""
    calls: list[object] = []

    def counting(data: str | bytes) -> object:
        calls.append(data)
        return body.decode(data)

    monkeypatch.setattr(view, "decode", counting)
    assert data(client, ONE, id=rows("statements")[0]["statement_id"])["statement"]
    assert len(calls) == 1
    batch = [{"query": ONE, "variables": {"id": "x"}}] * 2
    assert client.post("/graphql", json=batch).status_code == 200
    assert len(calls) == 2
    limit = Settings().max_query_chars
    long = "{ " + "statements(first: 1) { nodes { id } } " * (limit // 30) + "}"
    assert len(long) > limit
    refused = client.get("/graphql", params={"query": long})
    assert refused.status_code == 400
    assert "query_too_long" in refused.text
