"""File-level checks of each CSV: encoding, BOM, line endings, syntax, header, row length.

These run first; a table that cannot be read as CSV is not checked further.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Row, Table, decode, records

# Findings that leave the table readable; the others stop further checks of the package.
NON_BLOCKING = {"csv-bom", "csv-line-endings"}


def _finding(
    table: Table,
    rule: str,
    message: str,
    fix: str,
    line: int | None = None,
    value: str | None = None,
) -> Finding:
    return Finding.at(table, line, "file", rule, None, value, message, fix)


def check_file(table: Table) -> Iterator[Finding]:
    """Parse `table` (filling header and rows) and yield what is wrong with the file itself."""
    text = decode(table)
    if not text.strip():
        yield _finding(
            table,
            "csv-empty",
            "The file is empty: it has no header row.",
            f"Restore the header row: {','.join(table.field_names)}",
        )
        return
    if text.startswith("\ufeff"):
        yield _finding(
            table,
            "csv-bom",
            "The file starts with a byte-order mark (BOM).",
            "Save as UTF-8 without BOM, or run `statement-ledger fmt`.",
            line=1,
        )
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        yield _finding(
            table,
            "csv-line-endings",
            "The file uses Windows (CRLF) line endings.",
            "Save with LF line endings, or run `statement-ledger fmt`.",
            line=line,
        )
    try:
        recs = records(text)
    except csv.Error as exc:
        error_line = _error_line(text) or getattr(exc, "line", None)
        yield _finding(
            table,
            "csv-syntax",
            f"The CSV cannot be read here: {exc}.",
            "Check the quote marks on this line: a cell that contains a comma, a quote "
            "or a line break must be wrapped in double quotes, and a double quote inside "
            'it written twice ("").',
            line=error_line,
        )
        return
    (_, header), body = recs[0], recs[1:]
    table.header = header
    yield from _check_header(table, header)
    for line, cells in body:
        if not any(c.strip() for c in cells) and len(cells) <= 1:
            yield _finding(
                table, "csv-blank-row", "This line is empty.", "Delete the empty line.", line=line
            )
            continue
        if len(cells) != len(header):
            yield _finding(
                table,
                "csv-row-length",
                f"This row has {len(cells)} cells but the header has {len(header)}.",
                "Each row needs exactly one cell per column: look for a missing or extra "
                "comma, or a cell with a comma that is not wrapped in double quotes.",
                line=line,
            )
            continue
        table.rows.append(Row(line=line, cells=dict(zip(header, cells, strict=True))))
    table.parsed = True


def _check_header(table: Table, header: list[str]) -> Iterator[Finding]:
    expected = table.field_names
    if header == expected:
        return
    missing = [n for n in expected if n not in header]
    extra = [n for n in header if n not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s): " + ", ".join(missing))
        if extra:
            parts.append("unknown column(s): " + ", ".join(extra))
        message = "The header row does not match the schema: " + "; ".join(parts) + "."
    else:
        message = "The header row has the right columns in the wrong order."
    yield _finding(
        table,
        "csv-header",
        message,
        f"Use exactly this header row (see {table.schema_path}): " + ",".join(expected),
        line=1,
        value=",".join(header),
    )


def _error_line(text: str) -> int | None:
    # csv.Error carries no position; find the first line with an odd number of quote marks.
    quotes = 0
    for number, line in enumerate(text.split("\n"), start=1):
        quotes += line.count('"')
        if quotes % 2:
            return number
    return None
