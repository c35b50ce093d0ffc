"""Layer 1: the stock frictionless validation, its errors turned into curator findings."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import frictionless

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package, Table
from statement_ledger.validators.schema_findings import descriptor_finding, to_finding

__all__ = ["check", "descriptor_finding", "to_finding"]


def check(package: Package) -> Iterator[Finding]:
    """Run frictionless on datapackage.json exactly as `frictionless validate` does."""
    try:
        report = frictionless.Package(str(package.root / "datapackage.json")).validate()
    except frictionless.FrictionlessException as exception:  # a descriptor it cannot open
        for problem in exception.to_errors():
            yield descriptor_finding(problem.message)
        return
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
