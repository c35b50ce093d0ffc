"""Helpers shared by the cross-table rules."""

from __future__ import annotations

import datetime as dt
import hashlib
from calendar import monthrange

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package, Row, Table


def finding(
    table: Table,
    row: Row,
    rule: str,
    column: str | None,
    message: str,
    fix: str,
    value: str | None = None,
) -> Finding:
    """A layer-3 finding located at `row` of `table`."""
    if value is None and column:
        value = row.get(column) or None
    return Finding(
        rule=rule,
        layer="package",
        file=table.path,
        line=row.line,
        column=column,
        value=value,
        message=message,
        fix=fix,
        context=table.line_text(row.line),
    )


def index(table: Table, key: str) -> dict[str, Row]:
    """Rows by the value of `key` (the first row wins if a key repeats)."""
    out: dict[str, Row] = {}
    for row in table.rows:
        out.setdefault(row.get(key), row)
    return out


def seed_text(package: Package, seed_path: str) -> str | None:
    """The archived text at `seed_path`, or None if it is missing or not UTF-8."""
    path = package.root / seed_path
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def seed_sha256(package: Package, seed_path: str) -> str | None:
    try:
        return hashlib.sha256((package.root / seed_path).read_bytes()).hexdigest()
    except OSError:
        return None


def date_bounds(value: dt.date | None, precision: str) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest day a date of this precision can stand for."""
    if value is None or precision == "unknown":
        return None
    if precision == "year":
        return value.replace(month=1, day=1), value.replace(month=12, day=31)
    if precision == "month":
        last = monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    return value, value
