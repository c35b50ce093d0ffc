"""Filter inputs made from the catalogue's filters (the same names and descriptions REST takes).

The GraphQL schema is fixed before any database is opened (its SDL is committed), so it offers
the filters catalogue/tables.py declares; the query layer applies them as REST does.
"""

from __future__ import annotations

from typing import Any

import strawberry

from statement_ledger.catalogue.tables import LISTED, declared_filters


def _filter_input(table: str) -> type:
    name = "".join(part.capitalize() for part in table.rstrip("s").split("_")) + "Filter"
    namespace: dict[str, Any] = {"__annotations__": {}}
    for key, description in declared_filters(table):
        namespace["__annotations__"][key] = "str | None"
        namespace[key] = strawberry.field(default=None, description=description)
    cls = type(name, (), namespace)
    return strawberry.input(cls, description=f"Filters on {table}; all given must hold.")


FILTERS: dict[str, type] = {table: _filter_input(table) for table in LISTED}


def filter_values(table: str, given: object | None) -> dict[str, str]:
    """The filters a client set, by their shared names."""
    if given is None:
        return {}
    return {
        key: value
        for key, _ in declared_filters(table)
        if (value := getattr(given, key, None)) is not None
    }
