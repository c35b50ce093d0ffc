"""The short path for plain attributes (api/graphql/execution.py) answers exactly as
graphql-core's own path: the same data, and the same errors when a value is missing, null for
a non-null field, or refused by its scalar."""

from __future__ import annotations

import asyncio
import enum
from typing import Any

import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from statement_ledger.api.graphql.execution import execution_context, plain_leaves


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


def test_the_short_path_answers_as_graphql_core_does() -> None:
    stock = strawberry.Schema(query=Query)
    short = strawberry.Schema(query=Query)
    short.execution_context_class = execution_context(plain_leaves(short))
    assert short.execution_context_class is not StrawberryGraphQLCoreExecutionContext
    expected, got = _run(stock), _run(short)
    assert expected["errors"], expected  # the query does hit each kind of error
    assert got == expected
