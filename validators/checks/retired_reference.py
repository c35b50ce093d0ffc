"""retired-reference: an active row does not point at a retired one (only at its replacement)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statement_ledger.validators.checks.base import finding, index
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import ID_TABLES, Package, Row, Table

RULE = "retired-reference"


def final_replacement(rows: dict[str, Row], start: str) -> str | None:
    """The active row that following replaced_by from `start` ends at, if there is one."""
    seen = [start]
    current = rows[start].get("replaced_by") if start in rows else ""
    while current and current in rows and current not in seen:
        seen.append(current)
        current = rows[current].get("replaced_by")
    if len(seen) == 1 or current or rows[seen[-1]].get("record_status") == "retired":
        return None
    return seen[-1]


def _retired(rows: dict[str, Row], value: str) -> Row | None:
    """The row `value` refers to, if it is retired with a reason.

    A row retired without its reason is reported once, by retired-reason: it may be a slip
    in the wrong row, which would otherwise flood every reference to it with findings.
    """
    row = rows.get(value) if value else None
    if row is None or row.get("record_status") != "retired" or not row.get("retired_reason"):
        return None
    return row


def _references(package: Package, table: Table, fk: dict[str, Any]) -> Iterator[Finding]:
    column = fk["fields"]
    target = package.table(fk["reference"]["resource"] or table.name)
    rows = index(target, fk["reference"]["fields"])
    for row in table.active():
        value = row.get(column)
        ref = _retired(rows, value)
        if ref is None:
            continue
        replacement = final_replacement(rows, value)
        yield finding(
            table,
            row,
            RULE,
            column,
            f"{value} is retired in {target.path} ({ref.get('retired_reason')}).",
            f"Point {column} at {replacement}, which replaces {value}."
            if replacement
            else f"Point {column} at an active row, or retire this row too, with a retired_reason.",
        )


def check(package: Package) -> Iterator[Finding]:
    # contradiction_sides is left to retired-side: a side may keep a retired statement as
    # the record of what an already resolved contradiction compared.
    for name in ID_TABLES:
        table = package.table(name)
        for fk in table.schema.get("foreignKeys", []):
            if fk["fields"] != "replaced_by":
                yield from _references(package, table, fk)
