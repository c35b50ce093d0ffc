"""contradiction-sides: at least two sides, or one side plus the outside evidence."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.columnar import CPackage, finding
from statement_ledger.validators.findings import Finding

RULE = "contradiction-sides"

# The distinct side labels of each contradiction, from its active sides ("" is a label too).
LABELS = (
    "SELECT contradiction_id, list(DISTINCT side) AS labels FROM contradiction_sides "
    "WHERE record_status <> 'retired' GROUP BY contradiction_id"
)


def check(package: CPackage) -> Iterator[Finding]:
    contradictions = package.table("contradictions")
    query = f"""
        WITH labels AS ({LABELS}),
        found AS (
            SELECT c._row, c.evidence_url, coalesce(len(l.labels), 0) AS n
            FROM contradictions c LEFT JOIN labels l ON l.contradiction_id = c.contradiction_id
            WHERE c.record_status <> 'retired'
        )
        SELECT _row, n FROM found
        WHERE n = 0 OR (n = 1 AND evidence_url = '')
        ORDER BY _row
    """
    for index, n in package.sql(query):
        if n:
            message = "This contradiction has only one side and no evidence_url."
        else:
            message = "This contradiction has no sides in contradiction_sides.csv."
        yield finding(
            contradictions,
            index,
            RULE,
            "contradiction_id",
            message,
            "Add the conflicting statements to contradiction_sides.csv with different "
            "side labels (a, b, ...), or, for a report that conflicts with the outside "
            "record, give the record's URL in evidence_url.",
        )
