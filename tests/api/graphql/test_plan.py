"""The planner (api/graphql/plan.py): the cost of an honest query is the number of fields its
answer holds when every list is full; fragments cost what they cost written in place; and
planning is linear in the document however far its fragments expand."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from graphql import GraphQLSchema, build_schema, parse
from ledger_documents import chain
from starlette.testclient import TestClient

from statement_ledger.api.db import Database
from statement_ledger.api.graphql.plan import (
    Bounds,
    Lists,
    Planner,
    check,
    plan_document,
)
from statement_ledger.api.graphql.view import lists_of, make_schema, plan_limits
from statement_ledger.api.settings import Settings

from ledger_data import data, rows

SETTINGS = Settings()
LIMITS = plan_limits(SETTINGS)


@pytest.fixture(scope="module")
def planning(db_path: Path) -> tuple[GraphQLSchema, Lists, Bounds]:
    schema = make_schema(SETTINGS)
    db = Database(db_path)
    bounds = Bounds(rows=json.loads(db.meta["counts"]), fan_out=json.loads(db.meta["fan_out"]))
    db.close()
    return build_schema(schema.as_str()), lists_of(schema), bounds


def cost(planning: tuple[GraphQLSchema, Lists, Bounds], query: str, **variables: Any) -> int:
    schema, lists, bounds = planning
    errors, costs = check(plan_document(schema, parse(query)), lists, bounds, variables, LIMITS)
    assert [e for e in errors if e.extensions and e.extensions["code"] != "COST_LIMIT"] == []
    return costs[0]


def fields(value: Any) -> int:
    """The fields an answer holds: every key of every object, however deep."""
    if isinstance(value, dict):
        return len(value) + sum(fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(fields(v) for v in value)
    return 0


def _most(column: str, table: str) -> tuple[str, int]:
    """The value of `column` most active rows of `table` share, and how many share it."""
    counts = Counter(r[column] for r in rows(table) if r[column])
    return counts.most_common(1)[0]


def test_the_build_records_the_largest_fan_out(
    planning: tuple[GraphQLSchema, Lists, Bounds],
) -> None:
    _, _, bounds = planning
    assert bounds.fan_out["actors.statements"] == _most("speaker_id", "statements")[1]
    assert (
        bounds.fan_out["contradictions.sides"]
        == _most("contradiction_id", "contradiction_sides")[1]
    )
    assert bounds.fan_out["articles.statements"] == _most("article_id", "statements")[1]


def test_honest_queries_cost_what_their_full_answer_holds(
    client: TestClient, planning: tuple[GraphQLSchema, Lists, Bounds]
) -> None:
    speaker, said = _most("speaker_id", "statements")
    contradiction, sides = _most("contradiction_id", "contradiction_sides")
    queries = [
        ("{ statements(first: 7) { totalCount nodes { id quote speaker { name } } } }", {}),
        (
            "query($id: ID!, $n: Int!) { actor(id: $id) { name statements(first: $n) {"
            " totalCount pageInfo { hasNextPage } nodes { id saidOn { date } article { title } }"
            " } } }",
            {"id": speaker, "n": said},
        ),
        (  # `first` over the most sides any contradiction has: bounded by the database
            "query($id: ID!) { contradiction(id: $id) { kind sides(first: 100) { nodes {"
            " side statement { id speaker { name } } } } } }",
            {"id": contradiction},
        ),
    ]
    for query, variables in queries:
        answer = data(client, query, **variables)
        assert cost(planning, query, **variables) == fields(answer), query
    assert sides < 100


def test_a_whole_table_of_contradictions_with_their_sides_fits(
    client: TestClient, planning: tuple[GraphQLSchema, Lists, Bounds]
) -> None:
    query = """{ contradictions(first: 100) { nodes { id summary
        sides { nodes { side statement { id quote } } } } } }"""
    assert cost(planning, query) <= SETTINGS.max_cost
    answer = data(client, query)
    assert len(answer["contradictions"]["nodes"]) == len(rows("contradictions"))


WRITTEN = """{ statements(first: 5) { nodes { id quote
    speaker { name statements(first: 3) { nodes { id claim } } }
    article { title statements { nodes { id } } } } } }"""
WITH_FRAGMENTS = """{ statements(first: 5) { nodes { ...S ... on Statement {
    speaker { ...A } } } } }
    fragment S on Statement { id ... on Statement { quote } article { ...T } }
    fragment A on Actor { name statements(first: 3) { nodes { ...C } } }
    fragment C on Statement { id claim }
    fragment T on Article { title statements { nodes { id } } }"""
REPEATED = """{ statements(first: 5) { nodes { ...S ...S id quote ...S
    speaker { name } speaker { statements(first: 3) { nodes { id } } }
    speaker { statements(first: 3) { nodes { claim } } } } } }
    fragment S on Statement { id quote
        article { title } article { statements { nodes { id } } } }"""


def test_fragments_cost_what_they_cost_written_in_place(
    client: TestClient, planning: tuple[GraphQLSchema, Lists, Bounds]
) -> None:
    written = cost(planning, WRITTEN)
    assert cost(planning, WITH_FRAGMENTS) == written
    assert cost(planning, REPEATED) == written  # merged as the answer merges them
    assert fields(data(client, WITH_FRAGMENTS)) == fields(data(client, WRITTEN))


def test_a_fragment_chain_costs_what_its_one_fragment_costs(
    planning: tuple[GraphQLSchema, Lists, Bounds],
) -> None:
    single = cost(planning, "{ statements(first: 1) { nodes { id quote } } }")
    for levels in (1, 10, 40):
        assert cost(planning, chain(levels)) == single


def test_planning_a_40_level_chain_is_linear(
    planning: tuple[GraphQLSchema, Lists, Bounds],
) -> None:
    schema, _, _ = planning
    for levels in (10, 20, 40):
        document = parse(chain(levels))
        planner = Planner(schema, document)
        start = time.perf_counter()
        plans = planner.operation_plans()
        written = planner.written_fields(document.definitions[0].selection_set)  # type: ignore[attr-defined]
        elapsed = time.perf_counter() - start
        # one merge per fragment, one plan per selection: nothing grows with 2**levels
        assert len(planner.collected) == levels + 1
        assert len(planner.plans) == 3 and len(plans) == 1
        assert written == min(2 + 2 * 2**levels, 10**12)
        assert elapsed < 0.05, elapsed


def test_variables_and_defaults_set_the_page_size(
    planning: tuple[GraphQLSchema, Lists, Bounds],
) -> None:
    query = "query($n: Int = 4) { statements(first: $n) { nodes { id } } }"
    assert cost(planning, query) == 2 + 4
    assert cost(planning, query, n=9) == 2 + 9
    unknown = "query($n: Int) { statements(first: $n) { nodes { id } } }"
    assert cost(planning, unknown) == 2 + min(SETTINGS.max_page_size, len(rows("statements", True)))
