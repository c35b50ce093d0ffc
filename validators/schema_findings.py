"""Frictionless's Table Schema errors (or errors shaped like them) as curator findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.hints import expected

if TYPE_CHECKING:  # the columns engine pulls in pyarrow and DuckDB, which this module does not
    from statement_ledger.validators.columnar import CTable
    from statement_ledger.validators.package import Table


@dataclass(frozen=True)
class Error:
    """An error as frictionless would report it (the fields `to_finding` reads), made by the
    engines that check a package without frictionless."""

    type: str
    note: str
    row: int | None = None  # record index, 0-based; None for a whole-file error
    field_name: str | None = None
    cell: str | None = None
    field_names: tuple[str, ...] = ()
    order: int = 0  # position among the errors of one row, as frictionless emits them
    message: str = ""  # frictionless's message, for an error without words of our own


def descriptor_finding(message: str) -> Finding:
    return Finding(
        rule="descriptor",
        layer="frictionless",
        file="datapackage.json",
        message=message,
        fix="Correct datapackage.json as the message says.",
    )


def to_finding(
    table: Table | CTable, error: Any, line: int | None, column: str | None, value: str | None
) -> Finding:
    """A frictionless error (or one shaped like it) as a curator finding at `line`."""
    message, fix = _words(table, error, column, value)
    return Finding.at(table, line, "frictionless", error.type, column, value, message, fix)


def _words(
    table: Table | CTable, error: Any, column: str | None, value: str | None
) -> tuple[str, str]:
    kind: str = error.type
    field = table.field(column) if column else None
    note: str = getattr(error, "note", "") or ""
    if kind == "type-error" and field:
        return (
            f"'{value}' is not a valid {field['type']} for {column}.",
            f"Write {expected(field)}.",
        )
    if kind == "constraint-error" and field:
        if note.startswith('constraint "required"'):
            return (f"{column} is required but empty.", f"Fill in {column} with {expected(field)}.")
        if note.startswith('constraint "unique"'):
            return (
                f"'{value}' appears more than once in {column}.",
                "Each row needs its own value here: give this row a new one.",
            )
        return (f"'{value}' is not allowed in {column}.", f"Write {expected(field)}.")
    if kind in ("unique-error", "primary-key"):
        return (
            f"The key of this row is already used by another row ({note}).",
            "Give this row its own id; to record a duplicate, retire one of the two rows.",
        )
    if kind == "foreign-key":
        return (
            f"A reference points at nothing: {note}.",
            "Use an id that exists in the referenced table (check the spelling), or add the "
            "missing row there first.",
        )
    if kind in ("hash-count", "byte-count"):
        return (
            f"The checksum of {table.path} in datapackage.json is out of date ({note}).",
            "Run `statement-ledger fmt` to rewrite the CSVs and refresh the checksums.",
        )
    return (error.message, "Correct the cell or row as the message says.")
