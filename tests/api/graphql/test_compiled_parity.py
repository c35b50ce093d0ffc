"""A query the compiler answers (api/graphql/compile.py: one SQL statement) gets exactly the
answer Strawberry's own execution gives, errors included: for every query the GraphQL tests
and examples/*.md send, for queries generated from the schema, over the curated package's
database and over a generated one with retired and replaced rows."""

from __future__ import annotations

import ast
import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import GraphQLError, build_schema, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import queries
from starlette.testclient import TestClient

from statement_ledger.api import examples
from statement_ledger.api.app import create_app
from statement_ledger.api.graphql.compile import Compiler
from statement_ledger.api.graphql.view import make_schema
from statement_ledger.api.settings import Settings
from statement_ledger.database.build import build

from ledger_data import rows
from ledger_fixture import REPO
from ledger_server import fast_of

SDL = make_schema(Settings()).as_str()
HERE = Path(__file__).parent

# The queries of the load scenarios (benchmarks/serving.py) and other common shapes.
COMMON = {
    "a": "query($after: String) { statements(first: 50, after: $after) { pageInfo { endCursor "
    "hasNextPage } nodes { id quote speaker { name } outlet { name } } } }",
    "b": "query($id: ID!) { statement(id: $id) { id quote claim act channel speaker { name } "
    "article { title } outlet { name } } }",
    "d": "query($q: String!) { statements(search: $q, first: 20) { nodes { id quote "
    "speaker { name } } } }",
    "nested": "{ actors(first: 5, sort: name, order: DESC) { totalCount edges { cursor node { "
    "id name aliases statements(first: 2) { totalCount pageInfo { hasNextPage endCursor } "
    "nodes { id saidOn { date precision basis note } references { id publishedOn { date } } "
    "} } } } } }",
    "sides": "{ contradictions(first: 10) { nodes { id sides { nodes { side statement { id "
    "speaker { id } } } } recordSides { nodes { side references { id url } } } } } }",
    "filtered": '{ statements(first: 5, filter: {act: denies, saidFrom: "2020-01-01"}) { '
    "totalCount pageInfo { endCursor } nodes { id act saidOn { date } } } }",
}


def compiler_of(client: TestClient) -> Compiler:
    compiler = fast_of(client).limits.compiler
    assert isinstance(compiler, Compiler)
    return compiler


class Pair:
    """The same database served twice in-process: compiled where covered, and Strawberry only.

    The compiled side is asked twice: the first time a query text goes through Strawberry's
    view (which plans it, checks it and, where covered, answers it by one statement), the
    second time it is answered without the view when it can be (`CompiledAnswers`); both
    answers must be the same bytes, headers included."""

    def __init__(self, compiled: TestClient, plain: TestClient) -> None:
        self.compiled, self.plain = compiled, plain

    def both(self, query: str, variables: dict[str, Any] | None = None) -> tuple[Any, Any]:
        body = {"query": query, "variables": variables or {}}
        one = self.compiled.post("/graphql", json=body)
        again = self.compiled.post("/graphql", json=body)
        assert (again.status_code, again.text) == (one.status_code, one.text), query
        assert again.headers.get("content-type") == one.headers.get("content-type"), query
        two = self.plain.post("/graphql", json=body)
        assert one.status_code == two.status_code, (query, one.text, two.text)
        if one.headers.get("content-type") != "application/json":  # a 400 in plain text
            return one.text, two.text
        return json.loads(one.text), json.loads(two.text)

    def same(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        compiled, plain = self.both(query, variables)
        assert compiled == plain, query
        return plain


@pytest.fixture(scope="module")
def pair(db_path: Path) -> Iterator[Pair]:
    with (
        TestClient(create_app(Settings(db_path=db_path))) as compiled,
        TestClient(create_app(Settings(db_path=db_path, compiled=False))) as plain,
    ):
        yield Pair(compiled, plain)


def _is_query(value: str) -> bool:
    stripped = value.lstrip()
    if not stripped.startswith(("{", "query", "fragment")):
        return False
    try:
        parse(value)
    except GraphQLError:
        return False
    return True


def suite_queries() -> list[str]:
    """Every string constant of the GraphQL tests that is a GraphQL document."""
    found: dict[str, None] = {}
    for path in sorted(HERE.glob("test_*.py")):
        if path.name == Path(__file__).name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            value = node.value if isinstance(node, ast.Constant) else None
            if isinstance(value, str) and len(value) < 8000 and _is_query(value):
                found[value] = None
    return list(found)


def example_queries() -> list[str]:
    return [
        match["query"]
        for path in sorted((REPO / "examples").glob("*.md"))
        for match in examples.BLOCK.finditer(path.read_text(encoding="utf-8"))
    ]


def _variables(query: str, ids: list[str]) -> list[dict[str, Any]]:
    """Variables for a test's query: none, and plausible values for the common names."""
    plausible = {"id": ids[0], "first": 3, "n": 3, "after": None, "q": "ceasefire"}
    return [{}, {k: v for k, v in plausible.items() if f"${k}" in query}]


def test_suite_and_example_queries_get_the_same_answers(pair: Pair) -> None:
    found = suite_queries()
    assert len(found) > 40  # the extraction works
    ids = [r["statement_id"] for r in rows("statements")]
    before = compiler_of(pair.compiled).answered
    fast_before = fast_of(pair.compiled).answered
    for query in [*found, *example_queries(), *COMMON.values()]:
        for variables in _variables(query, ids):
            pair.same(query, variables)
    # most of them were answered by the compiler, not all by fallback, and the second
    # sending of each compiled one without Strawberry's view
    answered = compiler_of(pair.compiled).answered - before
    assert answered > 2 * (len(found) // 3)
    assert fast_of(pair.compiled).answered - fast_before >= answered // 2


def test_common_shapes_are_compiled_and_walk_the_same_cursors(pair: Pair) -> None:
    compiler = compiler_of(pair.compiled)
    ids = [r["statement_id"] for r in rows("statements", include_retired=True)]
    for name, query in COMMON.items():
        before = compiler.answered
        variables = {"a": {"after": None}, "b": {"id": ids[-1]}, "d": {"q": "ceasefire"}}
        pair.same(query, variables.get(name))
        assert compiler.answered == before + 2, name
    after: str | None = None
    walked = 0
    while True:  # every page of (a), following the cursors
        answer = pair.same(COMMON["a"].replace("50", "7"), {"after": after})
        page = answer["data"]["statements"]
        walked += len(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert walked == len(rows("statements"))


def test_every_lookup_by_id_follows_replacements_alike(pair: Pair) -> None:
    query = "query($id: ID!) { statement(id: $id) { id redirectedFrom recordStatus } }"
    for row in rows("statements", include_retired=True):
        pair.same(query, {"id": row["statement_id"]})
    for missing in ("", "st-none", "x" * 300):
        assert pair.same(query, {"id": missing}) == {"data": {"statement": None}}


def test_searches_read_as_plain_words_are_compiled_alike(pair: Pair) -> None:
    """Plain words (stemmed, operators taken literally) and FTS5 syntax: the compiled
    statement reads a search exactly as the resolvers do."""
    compiler = compiler_of(pair.compiled)
    query = (
        "query($s: String!, $x: SearchSyntax!) "
        "{ statements(search: $s, syntax: $x) { totalCount nodes { id } } }"
    )
    for words, syntax in (("warning", "words"), ("warn*", "fts"), ('"Blinken" AND (', "words")):
        before = compiler.answered
        answer = pair.same(query, {"s": words, "x": syntax})
        assert answer["data"]["statements"]["totalCount"] > 0, words
        assert compiler.answered == before + 2, words


def test_refused_values_are_answered_by_strawberry_alike(pair: Pair) -> None:
    compiler = compiler_of(pair.compiled)
    before = compiler.answered
    for query in (
        "{ statements(first: 0) { nodes { id } } }",
        '{ statements(after: "nonsense") { nodes { id } } }',
        '{ statements(search: "  ") { nodes { id } } }',
        '{ statements(search: "a-b:", syntax: fts) { nodes { id } } }',
        '{ statements(search: "-- :") { nodes { id } } }',
        '{ statements(filter: {speaker: "nobody-at-all"}) { nodes { id } } }',
        '{ statements(filter: {saidFrom: "2020-1-1"}) { nodes { id } } }',
        '{ actors(first: 2) { nodes { statements(first: 1, after: "bad") { totalCount } } } }',
        "{ actors(first: 2) { nodes { statements(first: 101) { totalCount } } } }",
    ):
        compiled, plain = pair.both(query)
        assert compiled == plain and "errors" in plain, query
    assert compiler.answered == before


SCHEMA = build_schema(SDL)
# Root fields the generated queries start from (every list and lookup).
FIELDS = [name for name in SCHEMA.query_type.fields if not name.startswith("__")]  # type: ignore[union-attr]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
@given(data=st.data())
def test_generated_queries_get_the_same_answers(pair: Pair, data: st.DataObject) -> None:
    query = data.draw(queries(SDL, fields=[data.draw(st.sampled_from(FIELDS))]))
    pair.same(query)


# --- a generated package: retired and replaced rows in every table ---------------------------

N = 400


@pytest.fixture(scope="module")
def generated_pair(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pair]:
    base = tmp_path_factory.mktemp("compiled-parity")
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(N, base / "pkg", seed=5)
    out = base / "ledger.db"
    build(base / "pkg", out, say=lambda message: None)
    with (
        TestClient(create_app(Settings(db_path=out))) as compiled,
        TestClient(create_app(Settings(db_path=out, compiled=False))) as plain,
    ):
        yield Pair(compiled, plain)


@pytest.mark.slow
def test_a_generated_package_gets_the_same_answers(generated_pair: Pair) -> None:
    statements = generated_pair.same("{ statements(first: 100, includeRetired: true) { nodes "
                                     "{ id recordStatus replacedBy } } }")  # fmt: skip
    nodes = statements["data"]["statements"]["nodes"]
    retired = [n for n in nodes if n["recordStatus"] != "active"]
    assert retired and any(n["replacedBy"] for n in retired)  # the package has what is tested
    lookup = "query($id: ID!) { statement(id: $id) { id redirectedFrom speaker { id } } }"
    for node in nodes:
        generated_pair.same(lookup, {"id": node["id"]})
    for query in [*COMMON.values(), *suite_queries()]:
        generated_pair.same(query, {"after": None, "q": "said", "id": nodes[0]["id"]})
    for table in ("actors", "outlets", "events", "articles", "contradictions"):
        generated_pair.same(f"{{ {table}(first: 30, includeRetired: true) {{ totalCount nodes "
                            "{ id recordStatus } } }")  # fmt: skip


@pytest.mark.slow
@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    database=None,
)
@given(data=st.data())
def test_generated_queries_on_a_generated_package(
    generated_pair: Pair, data: st.DataObject
) -> None:
    query = data.draw(queries(SDL, fields=[data.draw(st.sampled_from(FIELDS))]))
    generated_pair.same(query)


# --- the real server -----------------------------------------------------------------------


def test_the_real_server_answers_as_strawberry_does(http: httpx.Client, pair: Pair) -> None:
    ids = [r["statement_id"] for r in rows("statements", include_retired=True)]
    for name, query in COMMON.items():
        variables = {"a": {"after": None}, "b": {"id": ids[0]}, "d": {"q": "border"}}.get(name)
        served = http.post("/graphql", json={"query": query, "variables": variables or {}})
        assert served.status_code == 200
        _, plain = pair.both(query, variables)
        assert served.json() == plain, name
