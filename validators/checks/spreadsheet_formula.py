"""spreadsheet-formula: no free-text cell starts with a character a spreadsheet would execute."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Schemed
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "spreadsheet-formula"
_STARTS = r"^[=+@\t\r-]"  # a cell starting with =, +, -, @, a tab or a carriage return


def free_text_columns(table: Schemed) -> list[str]:
    """String columns without an enum or pattern: the ones a curator types freely."""
    return [
        f["name"]
        for f in table.fields
        if f.get("type") in ("string", "list")
        and not {"enum", "pattern"} & set(f.get("constraints", {}))
    ]


def check(package: AnyPackage) -> Iterator[Finding]:
    for table in package.tables.values():
        columns = free_text_columns(table)
        cells: list[tuple[int, int]] = []  # (row, n-th column)
        for number, column in enumerate(columns):
            cells.extend((row, number) for row in table.matching(column, _STARTS))
        for row, number in sorted(cells):
            value = table.cell(row, columns[number])
            yield finding(
                table,
                row,
                RULE,
                columns[number],
                f"The cell starts with {value[0]!r}, which a spreadsheet would run as a formula.",
                "Start the text with a word (drop a leading dash or bullet); "
                "if the character belongs to a quote, quote from the next word.",
            )
