"""Filter inputs made from the catalogue's filters (the names and descriptions REST takes, in
camelCase as GraphQL fields are; an enum filter typed by its column's enum).

The GraphQL schema is fixed before any database is opened (its SDL is committed), so it offers
the filters catalogue/tables.py declares; the query layer applies them as REST does.
"""

from __future__ import annotations

import enum
from typing import Any

import strawberry

from statement_ledger.api.graphql.vocabulary import camel, type_name, vocabulary
from statement_ledger.catalogue.tables import EXTRAS, LISTED, Declared, Equal


def _column(table: str, declared: Declared) -> str | None:
    """The column an equality filter compares with (None for any other filter)."""
    if not isinstance(declared, Equal):
        return None
    if declared.column is not None:
        return declared.column
    links = EXTRAS[table].links
    return next((c for c, link in links.items() if link.forward == declared.name), declared.name)


def _filter_input(table: str) -> type:
    namespace: dict[str, Any] = {"__annotations__": {}}
    for declared in EXTRAS[table].filters:
        column = _column(table, declared)
        enum_type = vocabulary(table, column) if column is not None else None
        namespace["__annotations__"][declared.name] = (
            "str | None" if enum_type is None else enum_type | None
        )
        namespace[declared.name] = strawberry.field(default=None, description=declared.description)
    cls = type(type_name(table) + "Filter", (), namespace)
    return strawberry.input(cls, description=f"Filters on {table}; all given must hold.")


FILTERS: dict[str, type] = {table: _filter_input(table) for table in LISTED}


def filter_values(table: str, given: object | None) -> dict[str, str]:
    """The filters a client set, by the names REST gives them (snake_case), their values as
    the columns write them."""
    if given is None:
        return {}
    out = {}
    for declared in EXTRAS[table].filters:
        value = getattr(given, declared.name, None)
        if value is not None:
            out[declared.name] = str(value.value if isinstance(value, enum.Enum) else value)
    return out


def graphql_name(name: str) -> str:
    """The name a filter has in GraphQL."""
    return camel(name)
