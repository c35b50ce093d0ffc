"""The short paths of api/graphql/execution.py answer exactly as graphql-core's own path: the
same data, and the same errors when a value is missing, null for a non-null field, refused by
its scalar, or when a relation fails."""

from __future__ import annotations

import asyncio
import enum
from typing import Any

import pytest
import strawberry
from starlette.testclient import TestClient
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from statement_ledger.api.graphql import types
from statement_ledger.api.graphql.execution import execution_context, plain_leaves

from ledger_data import gql


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"


@strawberry.type
class Thing:
    name: str
    maybe: str | None
    count: int
    colour: Colour
    tags: list[str]

    @strawberry.field
    def shout(self) -> str:
        return self.name.upper()


@strawberry.type
class Query:
    @strawberry.field
    def things(self) -> list[Thing | None]:
        good = Thing(name="a", maybe=None, count=1, colour=Colour.RED, tags=["x"])
        null_name = Thing(name=None, maybe="m", count=2, colour=Colour.RED, tags=[])  # type: ignore[arg-type]
        bad_count = Thing(name="c", maybe=None, count="many", colour=Colour.RED, tags=[])  # type: ignore[arg-type]
        bad_colour = Thing(name="d", maybe=None, count=4, colour="blue", tags=[])  # type: ignore[arg-type]
        missing = Thing(name="e", maybe=None, count=5, colour=Colour.RED, tags=[])
        del missing.maybe
        return [good, null_name, bad_count, bad_colour, missing]


QUERY = "{ things { name maybe count colour tags shout alias: name } }"


def _run(schema: strawberry.Schema) -> dict[str, Any]:
    result = asyncio.run(schema.execute(QUERY))
    return {
        "data": result.data,
        "errors": sorted(
            (str(e.message), tuple(e.path or ()), str(e.locations)) for e in result.errors or []
        ),
    }


def test_plain_leaves_are_the_scalar_and_enum_attributes() -> None:
    schema = strawberry.Schema(query=Query)
    leaves = plain_leaves(schema)
    assert set(leaves["Thing"]) == {"name", "maybe", "count", "colour"}  # not tags, not shout
    assert "Query" not in leaves


def _full_path_fields(schema: strawberry.Schema, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The fields of the first (well-formed) thing that graphql-core's own path executes."""
    seen: set[str] = set()
    full = StrawberryGraphQLCoreExecutionContext.execute_field

    def recording(
        self: Any, parent_type: Any, source: Any, details: Any, path: Any, *rest: Any
    ) -> Any:
        if path.as_list()[:2] == ["things", 0]:
            seen.add(path.key)
        return full(self, parent_type, source, details, path, *rest)

    with monkeypatch.context() as patch:
        patch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_field", recording)
        _run(schema)
    return seen


def test_the_short_path_answers_as_graphql_core_does(monkeypatch: pytest.MonkeyPatch) -> None:
    stock = strawberry.Schema(query=Query)
    short = strawberry.Schema(query=Query)
    short.execution_context_class = execution_context(plain_leaves(short))
    expected, got = _run(stock), _run(short)
    assert expected["errors"], expected  # the query does hit each kind of error
    assert got == expected
    # and the answer did come from the short path: of a well-formed thing, graphql-core's path
    # executes only the fields that are not plain attributes (a list, a resolver)
    answered = set(expected["data"]["things"][0])
    assert _full_path_fields(stock, monkeypatch) == answered
    plain = set(plain_leaves(short)["Thing"]) | {"alias"}  # `alias: name` reads an attribute too
    assert _full_path_fields(short, monkeypatch) == answered - plain


def test_a_failing_relation_is_null_with_a_located_masked_error(
    plain_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Relations without arguments are called by the execution context itself: an error in
    one nulls that field only, located and masked as graphql-core would."""

    def broken(cls: object, row: object) -> object:
        raise RuntimeError("SELECT secret FROM internals")

    monkeypatch.setattr(types.Actor, "from_row", classmethod(broken))
    answer = gql(
        plain_client, "{ statements(first: 2) { nodes { id speaker { name } outlet { id } } } }"
    )
    nodes = answer["data"]["statements"]["nodes"]
    assert [node["speaker"] for node in nodes] == [None, None]
    assert all(node["id"] and node["outlet"]["id"] for node in nodes)
    assert [e["path"] for e in answer["errors"]] == [
        ["statements", "nodes", 0, "speaker"],
        ["statements", "nodes", 1, "speaker"],
    ]
    assert {e["message"] for e in answer["errors"]} == {"Internal error."}
    assert "SELECT" not in str(answer)
