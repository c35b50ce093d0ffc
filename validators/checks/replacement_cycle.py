"""replacement-cycle: following replaced_by ends at a row that is not itself replaced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import ID_TABLES
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "replacement-cycle"


def cycles(target: dict[str, str]) -> dict[str, list[str]]:
    """The ids whose replaced_by chain comes back to them, with the chain walked."""
    found: dict[str, list[str]] = {}
    for start in target:
        seen = [start]
        visited = {start}
        current = target.get(start)
        while current and current not in visited:
            seen.append(current)
            visited.add(current)
            current = target.get(current)
        if current and current == start and len(seen) > 1:
            found[start] = seen
    return found


def _replaced(name: str, column: str) -> Callable[[RPackage], list[tuple[Any, ...]]]:
    """The replaced rows' (id, replaced_by), in Python."""

    def rows(package: RPackage) -> list[tuple[Any, ...]]:
        found = (r.cells for r in package.table(name).rows)
        return [(c[column], c["replaced_by"]) for c in found if c["replaced_by"]]

    return rows


def _rows_of(name: str, column: str, ids: set[str]) -> Callable[[RPackage], list[tuple[Any, ...]]]:
    """The (row, id) of the rows with one of `ids`, in Python."""

    def rows(package: RPackage) -> list[tuple[Any, ...]]:
        found = enumerate(package.table(name).column(column))
        return [(row, value) for row, value in found if value in ids]

    return rows


def check(package: AnyPackage) -> Iterator[Finding]:
    for name in ID_TABLES:
        table = package.table(name)
        column = table.primary_key[0]
        # Only the rows that are replaced; a repeated id keeps its last replacement.
        replaced = package.query(
            f'SELECT "{column}", replaced_by FROM "{name}" WHERE replaced_by <> \'\' ORDER BY _row',
            _replaced(name, column),
        )
        found = cycles(dict(replaced))
        if not found:
            continue
        rows = package.query(
            f'SELECT _row, "{column}" FROM "{name}" '
            f'WHERE "{column}" IN (SELECT unnest(?::VARCHAR[])) ORDER BY _row',
            _rows_of(name, column, set(found)),
            [list(found)],
        )
        for index, start in rows:
            yield finding(
                table,
                index,
                RULE,
                "replaced_by",
                "replaced_by goes round in a circle: " + " → ".join([*found[start], start]) + ".",
                "The row kept must not itself be replaced: empty its replaced_by.",
            )
