"""spreadsheet-formula: no free-text cell starts with a character a spreadsheet would execute."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package, Table

RULE = "spreadsheet-formula"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def free_text_columns(table: Table) -> list[str]:
    """String columns without an enum or pattern: the ones a curator types freely."""
    return [
        f["name"]
        for f in table.fields
        if f.get("type") in ("string", "list")
        and not {"enum", "pattern"} & set(f.get("constraints", {}))
    ]


def check(package: Package) -> Iterator[Finding]:
    for table in package.tables.values():
        columns = free_text_columns(table)
        for row in table.rows:
            for column in columns:
                value = row.get(column)
                if value.startswith(TRIGGERS):
                    yield finding(
                        table,
                        row,
                        RULE,
                        column,
                        f"The cell starts with {value[0]!r}, which a spreadsheet "
                        "would run as a formula.",
                        "Start the text with a word (drop a leading dash or bullet); "
                        "if the character belongs to a quote, quote from the next "
                        "word.",
                    )
