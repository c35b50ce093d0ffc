"""Layer 1: the stock frictionless validation, its errors turned into curator findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import frictionless

from statement_ledger.validators.columnar import CTable
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.hints import expected
from statement_ledger.validators.package import Package, Table


def check(package: Package) -> Iterator[Finding]:
    """Run frictionless on datapackage.json exactly as `frictionless validate` does."""
    report = frictionless.Package(str(package.root / "datapackage.json")).validate()
    by_path = {t.path: t for t in package.tables.values()}
    for error in report.errors:
        yield descriptor_finding(error.message)
    for task in report.tasks:
        table = by_path.get(task.place) or package.tables.get(task.name)
        for error in task.errors:
            if table is None:
                yield Finding(
                    rule=error.type,
                    layer="frictionless",
                    file=task.place,
                    message=error.message,
                    fix="See the frictionless documentation.",
                )
                continue
            yield _convert(table, error)


def descriptor_finding(message: str) -> Finding:
    return Finding(
        rule="descriptor",
        layer="frictionless",
        file="datapackage.json",
        message=message,
        fix="Correct datapackage.json as the message says.",
    )


def _line(table: Table, row_number: int | None) -> int | None:
    if row_number is None:
        return None
    index = row_number - 2  # frictionless counts the header as row 1
    if 0 <= index < len(table.rows):
        return table.rows[index].line
    return row_number


def _convert(table: Table, error: Any) -> Finding:
    line = _line(table, getattr(error, "row_number", None))
    column: str | None = getattr(error, "field_name", None)
    value: str | None = getattr(error, "cell", None)
    if error.type == "foreign-key":
        names = list(getattr(error, "field_names", None) or [])
        column = ",".join(names) or None
        row = next((r for r in table.rows if r.line == line), None)
        value = ",".join(row.get(n) for n in names) if row else None
    return to_finding(table, error, line, column, value)


def to_finding(
    table: Table | CTable, error: Any, line: int | None, column: str | None, value: str | None
) -> Finding:
    """A frictionless error (or one shaped like it) as a curator finding at `line`."""
    message, fix = _words(table, error, column, value)
    return Finding(
        rule=error.type,
        layer="frictionless",
        file=table.path,
        line=line,
        column=column,
        value=value,
        message=message,
        fix=fix,
        context=table.line_text(line) if line else None,
    )


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
