"""What the GraphQL schema takes from the Table Schemas: each column's description, a GraphQL
enum for each closed vocabulary (a Table Schema `enum` constraint) and one for each table's
sort columns.

The schema is fixed before any database is opened (its SDL is committed), so it reads the
columns from `catalogue/columns.py`, generated from schema/*.json.

An enum's values are the Table Schema's own, as the CSV, REST and the facet counts write
them (`declines_to_comment`), so a value read anywhere can be passed back as it is.
"""

from __future__ import annotations

import enum
from functools import cache
from typing import Any, cast

import strawberry

from statement_ledger.catalogue.columns import COLUMNS, MEANINGS
from statement_ledger.catalogue.tables import EXTRAS

# Columns that carry the same vocabulary in every table: one enum each, named once.
SHARED = {
    "record_status": "RecordStatus",
    "precision": "DatePrecision",
    "basis": "DateBasis",
}


def type_name(table: str) -> str:
    """`contradiction_sides` -> `ContradictionSide`."""
    return "".join(part.capitalize() for part in table.removesuffix("s").split("_"))


def camel(name: str) -> str:
    """`said_on` -> `saidOn` (what Strawberry makes of a Python name)."""
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def description(table: str, column: str) -> str | None:
    """The description the Table Schema of `table` gives `column`, if it has the column."""
    found = COLUMNS.get(table, {}).get(column)
    return found[0] or None if found is not None else None


def _shared(column: str) -> str | None:
    for suffix, name in SHARED.items():
        if column == suffix or column.endswith(f"_{suffix}"):
            return name
    return None


@cache
def _enum(name: str, values: tuple[tuple[str, str, str], ...], about: str) -> Any:
    """A GraphQL enum `name` whose values are (GraphQL name, Python value, description)."""
    members = {
        graphql: strawberry.enum_value(value, description=said) for graphql, value, said in values
    }
    made = cast(Any, enum.Enum)(name, members)  # a name mypy cannot know
    return strawberry.enum(made, description=about)


def vocabulary(table: str, column: str) -> Any | None:
    """The GraphQL enum of `column` of `table`, or None when its values are not closed."""
    found = COLUMNS.get(table, {}).get(column)
    if found is None or found[1] is None:
        return None
    shared = _shared(column)
    if shared is not None:
        values = tuple((v, v, f"{shared} `{v}`.") for v in found[1])
        return _enum(shared, values, _SHARED_ABOUT[shared])
    meanings = MEANINGS.get(table, {}).get(column, {})
    values = tuple((v, v, meanings.get(v) or f"{table}.{column} is `{v}`.") for v in found[1])
    return _enum(type_name(table) + type_name(column + "s"), values, found[0])


_SHARED_ABOUT = {
    "RecordStatus": "active, or retired (a retired row stays so its id is never lost).",
    "DatePrecision": "How precise a date is: day, month, year, or unknown (then it is empty).",
    "DateBasis": "Whether a date is printed in the source (stated) or worked out (inferred).",
}


def id_column(table: str) -> str:
    return next(iter(COLUMNS[table]))


@cache
def sort_enum(table: str) -> Any:
    """The columns `table` sorts on, named as its fields are (the id as `id`)."""
    key = id_column(table)
    columns = (key, *EXTRAS[table].sorts)
    values = tuple(
        ("id" if c == key else camel(c), c, f"By {c}: {description(table, c)}") for c in columns
    )
    return _enum(
        type_name(table) + "Sort", values, f"The columns {table} sort on; ties are broken by id."
    )
