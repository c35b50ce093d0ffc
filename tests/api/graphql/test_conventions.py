"""What a GraphQL client expects to find: every column described as its Table Schema
describes it, closed vocabularies and sort columns as enums, filters named like the fields,
an unknown id refused with the nearest ids, Relay edges, and nested lists that page."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
    get_named_type,
    parse,
)
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.db import Database
from statement_ledger.api.graphql.plan import Bounds, Lists, check, plan_document
from statement_ledger.api.graphql.view import lists_of, make_schema, plan_limits
from statement_ledger.api.settings import Settings
from statement_ledger.catalogue.columns import COLUMNS, MEANINGS
from statement_ledger.catalogue.tables import EXTRAS
from statement_ledger.docgen.columns import render

from ledger_data import CATALOGUE, data, gql, rows
from ledger_fixture import REPO

SETTINGS = Settings()
LIMITS = plan_limits(SETTINGS)


def fields(value: Any) -> int:
    """The fields an answer holds: every key of every object, however deep."""
    if isinstance(value, dict):
        return len(value) + sum(fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(fields(v) for v in value)
    return 0


SCHEMA: GraphQLSchema = build_schema(make_schema(SETTINGS).as_str())
TYPES = {
    "outlets": "Outlet",
    "articles": "Article",
    "actors": "Actor",
    "events": "Event",
    "statements": "Statement",
    "contradictions": "Contradiction",
    "contradiction_sides": "ContradictionSide",
    "record_sides": "RecordSide",
    "references": "Reference",
}
# A date column's companions, given inside its FuzzyDate; list and foreign key columns are
# fields of their own kind (relations, `references`).
COMPANIONS = ("_precision", "_basis", "_note")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def _schemas() -> dict[str, dict[str, Any]]:
    return {
        p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "schema").glob("*.json")
    }


def _scalar_columns(table: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(GraphQL field name, Table Schema field) of the columns a type gives as fields."""
    spec = _schemas()[table]
    foreign = {fk["fields"] for fk in spec.get("foreignKeys", [])} - {"replaced_by"}
    for column in spec["fields"]:
        name = column["name"]
        if name in foreign or name == "reference_ids" or name.endswith(COMPANIONS):
            continue
        yield (
            (
                "id"
                if name == spec["primaryKey"][0] and len(spec["primaryKey"]) == 1
                else _camel(name)
            ),
            column,
        )


def test_the_generated_columns_module_is_current() -> None:
    namespace: dict[str, Any] = {}
    exec(render(REPO), namespace)  # the module as the generator writes it now
    assert (namespace["COLUMNS"], namespace["MEANINGS"]) == (COLUMNS, MEANINGS), (
        "run `python -m statement_ledger.docgen.columns > catalogue/columns.py`"
    )


@pytest.mark.parametrize("table", sorted(TYPES))
def test_every_column_is_described_as_its_table_schema_says(table: str) -> None:
    graphql_type = SCHEMA.get_type(TYPES[table])
    assert isinstance(graphql_type, GraphQLObjectType)
    checked = 0
    for name, column in _scalar_columns(table):
        assert graphql_type.fields[name].description == column["description"], (table, name)
        checked += 1
    assert checked >= 3


def test_a_relation_read_forward_is_described_as_its_foreign_key() -> None:
    statement = SCHEMA.get_type("Statement")
    assert isinstance(statement, GraphQLObjectType)
    described = {c["name"]: c["description"] for c in _schemas()["statements"]["fields"]}
    for column, link in EXTRAS["statements"].links.items():
        assert statement.fields[_camel(link.forward)].description == described[column]


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    missing = []
    for name, graphql_type in SCHEMA.type_map.items():
        if name.startswith("__") or name in ("String", "Int", "Boolean", "ID", "Float"):
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, d in graphql_type.values.items() if not d.description]
        if isinstance(
            graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType
        ):
            for field_name, field in graphql_type.fields.items():
                if not field.description:
                    missing.append(f"{name}.{field_name}")
                for arg_name, arg in getattr(field, "args", {}).items():
                    if not arg.description:
                        missing.append(f"{name}.{field_name}({arg_name})")
    assert missing == []


def test_every_closed_vocabulary_is_an_enum_of_its_values() -> None:
    checked = 0
    for table, type_name in TYPES.items():
        graphql_type = SCHEMA.get_type(type_name)
        assert isinstance(graphql_type, GraphQLObjectType)
        for name, column in _scalar_columns(table):
            allowed = column.get("constraints", {}).get("enum")
            named = get_named_type(graphql_type.fields[name].type)
            if allowed is None:
                assert not isinstance(named, GraphQLEnumType), (table, name)
                continue
            assert isinstance(named, GraphQLEnumType), (table, name)
            assert list(named.values) == allowed
            checked += 1
    assert checked >= 10


def test_enum_filters_are_typed_and_filter_names_are_camel_case() -> None:
    query = SCHEMA.query_type
    assert query is not None
    for table in [t for t in CATALOGUE.listed if t in query.fields]:
        field = query.fields[table]
        filter_type = get_named_type(field.args["filter"].type)
        assert isinstance(filter_type, GraphQLInputObjectType)
        assert sorted(filter_type.fields) == sorted(_camel(f) for f in CATALOGUE[table].filters)
        for name, flt in CATALOGUE[table].filters.items():
            named = get_named_type(filter_type.fields[_camel(name)].type)
            assert isinstance(named, GraphQLEnumType) == (flt.kind == "enum"), (table, name)
        sort = get_named_type(field.args["sort"].type)
        assert isinstance(sort, GraphQLEnumType)
        key = CATALOGUE[table].id_column
        assert list(sort.values) == [
            "id" if c == key else _camel(c) for c in CATALOGUE[table].sorts
        ]


def test_a_snake_case_filter_is_refused_and_an_enum_value_passes_as_a_variable(
    client: TestClient,
) -> None:
    answer = gql(client, '{ statements(filter: {via_outlet: "politico"}) { totalCount } }')
    assert "via_outlet" in answer["errors"][0]["message"]
    act = rows("statements")[0]["act"]
    got = data(
        client,
        "query($act: StatementAct) { statements(first: 100, filter: {act: $act}) {"
        " nodes { act } } }",
        act=act,
    )
    assert {n["act"] for n in got["statements"]["nodes"]} == {act}
    assert len(got["statements"]["nodes"]) == min(
        100, sum(s["act"] == act for s in rows("statements"))
    )


def test_sorting_by_an_enum_column(client: TestClient) -> None:
    got = data(client, "{ statements(first: 100, sort: speakerId) { nodes { id } } }")
    expected = sorted(rows("statements"), key=lambda s: (s["speaker_id"], s["statement_id"]))
    assert [n["id"] for n in got["statements"]["nodes"]] == [s["statement_id"] for s in expected][
        :100
    ]


def test_an_unknown_id_is_refused_with_the_nearest_ids(client: TestClient) -> None:
    answer = gql(client, '{ statements(filter: {speaker: "Blinken"}) { totalCount } }')
    error = answer["errors"][0]
    actors = [a["actor_id"] for a in rows("actors", include_retired=True)]
    containing = [a for a in actors if "blinken" in a]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["parameter"] == "speaker"
    assert error["extensions"]["nearest"] == containing[:3]
    assert containing[0] in error["message"]
    outlet = rows("outlets")[0]["outlet_id"]
    typo = outlet[:-1]
    answer = gql(
        client, "query($o: String) { statements(filter: {viaOutlet: $o}) { totalCount } }", o=typo
    )
    assert answer["errors"][0]["extensions"]["parameter"] == "viaOutlet"
    assert outlet in answer["errors"][0]["extensions"]["nearest"]


def test_a_known_id_costs_one_lookup(plain_client: TestClient) -> None:
    client = plain_client  # the resolvers' lookups (a compiled query checks it in its statement)
    db = client.app.state.db  # type: ignore[attr-defined]
    speaker = rows("statements")[0]["speaker_id"]
    query = "query($f: StatementFilter) { statements(filter: $f) { nodes { id } } }"
    spent = []
    for given in ({"act": "asserts"}, {"speaker": speaker}):
        before = db.executed
        data(client, query, f=given)
        spent.append(db.executed - before)
    assert spent[1] == spent[0] + 1


def test_edges_carry_cursors_that_page_on(client: TestClient) -> None:
    query = """query($after: String) { statements(first: 5, after: $after, sort: saidOn) {
        pageInfo { endCursor } nodes { id } edges { cursor node { id } } } }"""
    page = data(client, query, after=None)["statements"]
    assert [e["node"]["id"] for e in page["edges"]] == [n["id"] for n in page["nodes"]]
    assert page["edges"][-1]["cursor"] == page["pageInfo"]["endCursor"]
    expected = [
        s["statement_id"]
        for s in sorted(rows("statements"), key=lambda s: (s["said_on"], s["statement_id"]))
    ]
    for i, edge in enumerate(page["edges"]):
        after = data(client, query, after=edge["cursor"])["statements"]["nodes"]
        assert [n["id"] for n in after] == expected[i + 1 : i + 6]


@pytest.fixture
def small_pages(db_path: Path) -> Iterator[TestClient]:
    """Pages of at most 5 rows: a nested walk goes past what one batch fetches."""
    with TestClient(create_app(Settings(db_path=db_path, max_page_size=5))) as test_client:
        yield test_client


NESTED = """query($id: ID!, $after: String) { actor(id: $id) {
    statements(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } nodes { id } } } }"""


@pytest.mark.parametrize("which", ["client", "small_pages"])
def test_a_nested_list_pages_to_its_end(which: str, request: pytest.FixtureRequest) -> None:
    client: TestClient = request.getfixturevalue(which)
    statements = rows("statements")
    counts: dict[str, int] = {}
    for s in statements:
        counts[s["speaker_id"]] = counts.get(s["speaker_id"], 0) + 1
    actor = max(counts, key=lambda a: counts[a])
    seen: list[str] = []
    after = None
    while True:
        page = data(client, NESTED, id=actor, after=after)["actor"]["statements"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert counts[actor] > 6
    assert seen == sorted(s["statement_id"] for s in statements if s["speaker_id"] == actor)
    assert page["totalCount"] == counts[actor]


def test_a_cursor_of_another_list_is_refused(client: TestClient) -> None:
    top = data(client, "{ statements(first: 1) { pageInfo { endCursor } } }")
    cursor = top["statements"]["pageInfo"]["endCursor"]
    actor = rows("statements")[0]["speaker_id"]
    answer = gql(client, NESTED, id=actor, after=cursor)
    assert answer["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "parameter": "after"}


@pytest.fixture(scope="module")
def planning(db_path: Path) -> tuple[GraphQLSchema, Lists, Bounds]:
    schema = make_schema(SETTINGS)
    db = Database(db_path)
    bounds = Bounds(rows=json.loads(db.meta["counts"]), fan_out=json.loads(db.meta["fan_out"]))
    db.close()
    return build_schema(schema.as_str()), lists_of(schema), bounds


def test_edges_and_nested_pages_cost_what_their_answer_holds(
    client: TestClient, planning: tuple[GraphQLSchema, Lists, Bounds]
) -> None:
    schema, lists, bounds = planning
    query = """{ statements(first: 7) { pageInfo { endCursor }
        edges { cursor node { id speaker {
            statements(first: 1) { pageInfo { endCursor } nodes { id } } } } } } }"""
    answer = data(client, query)
    errors, costs = check(plan_document(schema, parse(query)), lists, bounds, {}, LIMITS)
    assert errors == []
    assert costs[0] == fields(answer)


def test_a_value_the_schema_defines_is_described_by_its_meaning() -> None:
    """GraphiQL shows each defined value (a Table Schema `categories` entry) with its meaning."""
    seen = 0
    for path in sorted((REPO / "schema").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        for field in spec["fields"]:
            if not field.get("categories"):
                continue
            graphql_type = SCHEMA.type_map[TYPES[path.stem]]
            assert isinstance(graphql_type, GraphQLObjectType)
            named = get_named_type(graphql_type.fields[_camel(field["name"])].type)
            assert isinstance(named, GraphQLEnumType), (path.stem, field["name"])
            for category in field["categories"]:
                said = named.values[category["value"]].description
                assert said == category["label"], (path.stem, field["name"], category["value"])
                seen += 1
    assert seen, "some column defines its values"
