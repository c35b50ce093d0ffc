"""contradiction-sides: at least two sides, a record side (the outside record) counting as one."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.columnar import CPackage, finding
from statement_ledger.validators.findings import Finding

RULE = "contradiction-sides"

# The distinct side labels of each contradiction, from its active statement sides and record
# sides together ("" is a label too).
LABELS = (
    "SELECT contradiction_id, list(DISTINCT side) AS labels FROM ("
    "SELECT contradiction_id, side FROM contradiction_sides WHERE record_status <> 'retired' "
    "UNION ALL "
    "SELECT contradiction_id, side FROM record_sides WHERE record_status <> 'retired'"
    ") GROUP BY contradiction_id"
)


# Active record sides whose label is also a label of an active statement side: the outside
# record and a statement would be merged into one side.
SHARED = """
    SELECT r._row, r.side FROM record_sides r
    WHERE r.record_status <> 'retired' AND EXISTS (
        SELECT 1 FROM contradiction_sides s
        WHERE s.contradiction_id = r.contradiction_id AND s.side = r.side
            AND s.record_status <> 'retired'
    )
    ORDER BY r._row
"""


def check(package: CPackage) -> Iterator[Finding]:
    yield from _too_few(package)
    record_sides = package.table("record_sides")
    for index, side in package.sql(SHARED):
        yield finding(
            record_sides,
            index,
            RULE,
            "side",
            f"Side '{side}' is both the outside record and a statement side.",
            "Give the record side a label of its own (the next free letter).",
        )


def _too_few(package: CPackage) -> Iterator[Finding]:
    contradictions = package.table("contradictions")
    query = f"""
        WITH labels AS ({LABELS}),
        found AS (
            SELECT c._row, coalesce(len(l.labels), 0) AS n
            FROM contradictions c LEFT JOIN labels l ON l.contradiction_id = c.contradiction_id
            WHERE c.record_status <> 'retired'
        )
        SELECT _row, n FROM found
        WHERE n < 2
        ORDER BY _row
    """
    for index, n in package.sql(query):
        if n:
            message = "This contradiction has only one side."
        else:
            message = "This contradiction has no sides (statement or record sides)."
        yield finding(
            contradictions,
            index,
            RULE,
            "contradiction_id",
            message,
            "Add the conflicting statements to contradiction_sides.csv with different "
            "side labels (a, b, ...), or, for a report that conflicts with the outside "
            "record, add the record as a side in record_sides.csv citing its references.",
        )
