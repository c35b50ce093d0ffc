"""Filter inputs made from the shared vocabulary (api/query.py), so GraphQL and REST agree."""

from __future__ import annotations

from typing import Any

import strawberry

from statement_ledger.api.query import SPECS


def _filter_input(table: str) -> type:
    spec = SPECS[table]
    name = "".join(part.capitalize() for part in table.rstrip("s").split("_")) + "Filter"
    namespace: dict[str, Any] = {"__annotations__": {}}
    for key, flt in spec.filters.items():
        namespace["__annotations__"][key] = "str | None"
        namespace[key] = strawberry.field(default=None, description=flt.description)
    cls = type(name, (), namespace)
    return strawberry.input(cls, description=f"Filters on {table}; all given must hold.")


FILTERS: dict[str, type] = {table: _filter_input(table) for table in SPECS}


def filter_values(table: str, given: object | None) -> dict[str, str]:
    """The filters a client set, by their shared names."""
    if given is None:
        return {}
    return {
        key: value
        for key in SPECS[table].filters
        if (value := getattr(given, key, None)) is not None
    }
