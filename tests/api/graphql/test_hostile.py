"""One request must not hurt the server: every hostile class, its payloads generated at sizes
that took seconds or answered 500 before the planner and the defensive body reading, comes
back with its own 4xx or GraphQL error code within a second, is logged in one line, and the
server keeps answering /healthz (also while such requests are being answered)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from ledger_documents import chain, inline_lists
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.graphql.body import MAX_DEPTH
from statement_ledger.api.settings import Settings

FAST = 1.0  # seconds; what it takes is measured far lower, this keeps a loaded machine green
JSON = {"content-type": "application/json"}
SETTINGS = Settings()


@pytest.fixture
def timed(http: httpx.Client) -> Iterator[Callable[..., httpx.Response]]:
    """Send one request; assert it came back fast and that /healthz still answers."""

    def send(method: str, **kwargs: Any) -> httpx.Response:
        start = time.perf_counter()
        response = http.request(method, "/graphql", **kwargs)
        elapsed = time.perf_counter() - start
        assert elapsed < FAST, (elapsed, response.text[:200])
        assert http.get("/healthz").status_code == 200
        return response

    yield send


def _codes(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    answers = response.json()
    codes = []
    for answer in answers if isinstance(answers, list) else [answers]:
        assert answer["data"] is None, str(answer)[:300]
        codes += [e["extensions"]["code"] for e in answer["errors"]]
    return codes


def _log(db_path: Path) -> str:
    return db_path.with_suffix(".server.log").read_text(errors="replace")


@pytest.mark.parametrize("levels", [20, 25, 30, 40])
def test_fragment_chains_are_refused_before_validation(
    timed: Callable[..., httpx.Response], levels: int
) -> None:
    assert _codes(timed("POST", json={"query": chain(levels)})) == ["DOCUMENT_TOO_LARGE"]


def test_a_batch_of_fragment_chains_leaves_the_server_answering(
    http: httpx.Client, server: str
) -> None:
    batch = [{"query": chain(20 + i)} for i in range(SETTINGS.max_batch)]
    answer: list[httpx.Response] = []
    sender = threading.Thread(
        target=lambda: answer.append(httpx.post(f"{server}/graphql", json=batch, timeout=30))
    )
    start = time.perf_counter()
    sender.start()
    waits = []
    while sender.is_alive() or not waits:
        before = time.perf_counter()
        assert http.get("/healthz").status_code == 200
        waits.append(time.perf_counter() - before)
    sender.join()
    assert time.perf_counter() - start < FAST * 2
    assert max(waits) < FAST, waits
    assert _codes(answer[0]) == ["DOCUMENT_TOO_LARGE"] * SETTINGS.max_batch


@pytest.mark.parametrize("levels", [1, 2])
def test_lists_inside_inline_fragments_are_costed(
    timed: Callable[..., httpx.Response], levels: int
) -> None:
    assert _codes(timed("POST", json={"query": inline_lists(levels)})) == ["COST_LIMIT"]


@pytest.mark.parametrize("repeats", [300, 600])
def test_repeated_fields_are_refused_before_validation(
    timed: Callable[..., httpx.Response], repeats: int
) -> None:
    """graphql-core compares every pair of fields with one response name: quadratic."""
    leaves = "{ statements(first: 1) { nodes { " + "id " * repeats + "} } }"
    objects = "{ statements(first: 1) { nodes { " + "speaker { id } " * (repeats // 2) + "} } }"
    for query in (leaves, objects):
        assert _codes(timed("POST", json={"query": query})) == ["DOCUMENT_TOO_LARGE"]


def test_huge_integer_literal_in_the_query(timed: Callable[..., httpx.Response]) -> None:
    for digits in (11, 4301, 5000):
        query = f"{{ statements(first: {'9' * digits}) {{ totalCount }} }}"
        assert _codes(timed("POST", json={"query": query})) == ["GRAPHQL_VALIDATION_FAILED"]


def _refused(response: httpx.Response, code: str) -> None:
    assert response.status_code == 400, response.text
    assert response.text.startswith(f"{code}: "), response.text


QUERY = "{ statements { totalCount } }"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_bodies_not_in_utf8(timed: Callable[..., httpx.Response], encoding: str) -> None:
    body = json.dumps({"query": QUERY}).encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        body = ("\ufeff" + json.dumps({"query": QUERY})).encode(encoding)
    _refused(timed("POST", content=body, headers=JSON), "bad_encoding")


@pytest.mark.parametrize("bad", [b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80"])
def test_invalid_utf8_inside_the_json(timed: Callable[..., httpx.Response], bad: bytes) -> None:
    body = b'{"query": "' + QUERY.encode() + b'", "operationName": "' + bad + b'"}'
    _refused(timed("POST", content=body, headers=JSON), "bad_encoding")


@pytest.mark.parametrize(
    "value", [None, 0, 1.5, -7, "query", True, False, [1], ["x"], [None], [[]]]
)
def test_json_bodies_that_are_not_objects(timed: Callable[..., httpx.Response], value: Any) -> None:
    _refused(timed("POST", content=json.dumps(value), headers=JSON), "bad_request")


@pytest.mark.parametrize(
    "member", [("query", 5), ("variables", [1]), ("operationName", 1), ("extensions", "x")]
)
def test_members_of_the_wrong_type_alone_and_in_a_batch(
    timed: Callable[..., httpx.Response], member: tuple[str, Any]
) -> None:
    operation = {"query": QUERY, member[0]: member[1]}
    alone = timed("POST", json=operation)
    assert alone.status_code == 400 and f"`{member[0]}`" in alone.text, alone.text
    _refused(timed("POST", json=[{"query": QUERY}, operation]), "bad_request")


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1000, 3000, 5000, 10_000])
def test_deeply_nested_json(timed: Callable[..., httpx.Response], depth: int) -> None:
    for opener, closer in (("[", "]"), ('{"a":', "}")):
        nested = opener * depth + "1" + closer * depth
        body = '{"query": "' + QUERY + '", "variables": {"x": ' + nested + "}}"
        _refused(timed("POST", content=body, headers=JSON), "too_deep")
        if depth <= 3000:  # what fits in a URL
            get = timed("GET", params={"query": QUERY, "variables": '{"x": ' + nested + "}"})
            _refused(get, "too_deep")


def test_nesting_as_deep_as_allowed_is_read(timed: Callable[..., httpx.Response]) -> None:
    nested = "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    body = '{"query": "' + QUERY + '", "variables": {"x": ' + nested + "}}"
    response = timed("POST", content=body, headers=JSON)
    assert response.status_code == 200 and "errors" not in response.json()


@pytest.mark.parametrize("digits", [4301, 5000, 20_000])
def test_integers_too_long_for_python(timed: Callable[..., httpx.Response], digits: int) -> None:
    body = '{"query": "' + QUERY + '", "variables": {"n": ' + "9" * digits + "}}"
    _refused(timed("POST", content=body, headers=JSON), "bad_json")
    get = timed("GET", params={"query": QUERY, "variables": '{"n": ' + "9" * digits + "}"})
    _refused(get, "bad_json")


@pytest.mark.parametrize("surrogate", ["\\ud800", "\\udfff", "\\udc00x", "a\\ud83d"])
def test_lone_surrogates_anywhere(
    timed: Callable[..., httpx.Response], db_path: Path, surrogate: str
) -> None:
    query = "query A($id: ID!) { statement(id: $id) { id } }"
    bodies = [
        '{"query": "'
        + query
        + '", "operationName": "'
        + surrogate
        + '", "variables": {"id": "x"}}',
        '{"query": "' + query + '", "variables": {"id": "' + surrogate + '"}}',
        '{"query": "' + query + " # " + surrogate + '", "variables": {"id": "x"}}',
        '{"query": "' + query + '", "variables": {"' + surrogate + '": 1, "id": "x"}}',
        '[{"query": "' + query + '", "variables": {"id": "' + surrogate + '"}}]',
    ]
    for body in bodies:
        _refused(timed("POST", content=body, headers=JSON), "bad_string")
    get = timed("GET", params={"query": query, "variables": '{"id": "' + surrogate + '"}'})
    _refused(get, "bad_string")
    assert "graphql request refused: bad_string" in _log(db_path)


def test_query_text_too_long(timed: Callable[..., httpx.Response]) -> None:
    query = "{ statements { totalCount } }" + " " * SETTINGS.max_query_chars
    _refused(timed("POST", json={"query": query}), "query_too_long")


def test_each_refusal_is_logged_in_one_line(http: httpx.Client, db_path: Path) -> None:
    before = _log(db_path)
    http.post("/graphql", json={"query": QUERY, "operationName": 7})
    assert _codes(http.post("/graphql", json={"query": chain(30)})) == ["DOCUMENT_TOO_LARGE"]
    too_many_tokens = "{ statements { nodes { " + "id " * SETTINGS.max_tokens + "} } }"
    assert "errors" in http.post("/graphql", json={"query": too_many_tokens}).json()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        added = _log(db_path)[len(before) :].splitlines()
        if len(added) >= 3:
            break
        time.sleep(0.05)
    assert added == [
        "graphql request refused: bad_request: `operationName` must be a string",
        "graphql operation refused before validation: DOCUMENT_TOO_LARGE "
        f"({len(chain(30))} characters)",
        "graphql operation refused at parsing: Syntax Error: Document contains more than "
        f"{SETTINGS.max_tokens} tokens. Parsing aborted.",
    ]


def test_fragments_nested_deeper_than_the_stack(db_path: Path) -> None:
    """With the token limit raised, a chain of single spreads deeper than Python's stack."""
    levels = 3000
    fragments = ["fragment F0 on Statement { id }"]
    fragments += [f"fragment F{i} on Statement {{ ...F{i - 1} }}" for i in range(1, levels)]
    query = f"{{ statements(first: 1) {{ nodes {{ ...F{levels - 1} }} }} }} " + " ".join(fragments)
    big = len(query)
    settings = Settings(
        db_path=db_path, max_tokens=10 * levels, max_query_chars=big, max_body_bytes=2 * big
    )
    with TestClient(create_app(settings)) as client:
        start = time.perf_counter()
        response = client.post("/graphql", json={"query": query})
        assert time.perf_counter() - start < FAST
    assert _codes(response) == ["GRAPHQL_VALIDATION_FAILED"]
    assert "nest too deeply" in response.json()["errors"][0]["message"]
