"""reference-unknown: every id in a reference_ids list is a row of references."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage, split
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "reference-unknown"

# Frictionless checks foreign keys of plain columns only, not of list items: each item of a
# reference_ids cell, in file order, that is not a reference_id. An empty or padded item is
# the list-item rule's finding, not this one's. ("references" is an SQL keyword, hence the
# quotes.)
QUERY = """
    WITH cited AS (
        SELECT _row, unnest(string_split(reference_ids, '|')) AS id
        FROM {table} WHERE reference_ids <> ''
    )
    SELECT _row, id FROM cited
    WHERE id <> '' AND id = trim(id) AND id NOT IN (SELECT reference_id FROM "references")
    ORDER BY _row
"""


def _unknown(name: str) -> Callable[[RPackage], list[tuple[Any, ...]]]:
    """QUERY in Python, for table `name` (SQL trim() strips spaces only)."""

    def rows(package: RPackage) -> list[tuple[Any, ...]]:
        known = set(package.table("references").column("reference_id"))
        return [
            (row, item)
            for row, cited in enumerate(package.table(name).column("reference_ids"))
            for item in split(cited)
            if item and item == item.strip(" ") and item not in known
        ]

    return rows


def check(package: AnyPackage) -> Iterator[Finding]:
    if "references" not in package.tables:
        return
    for name, table in package.tables.items():
        if "reference_ids" not in table.field_names:
            continue
        for index, missing in package.query(QUERY.format(table=f'"{name}"'), _unknown(name)):
            yield finding(
                table,
                index,
                RULE,
                "reference_ids",
                f"{missing} is not a reference_id in references.csv.",
                "Add the page to datapackage/references.csv under this id, or correct the "
                "id (reference ids are listed in references.csv).",
                value=missing,
            )
