"""supported-side: the side the record supports is one of the contradiction's sides."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.contradiction_sides import LABELS
from statement_ledger.validators.columnar import CPackage, finding
from statement_ledger.validators.findings import Finding

RULE = "supported-side"


def check(package: CPackage) -> Iterator[Finding]:
    contradictions = package.table("contradictions")
    query = f"""
        WITH labels AS ({LABELS})
        SELECT c._row, c.supported_side, l.labels
        FROM contradictions c LEFT JOIN labels l ON l.contradiction_id = c.contradiction_id
        WHERE c.record_status <> 'retired' AND c.supported_side <> ''
            AND NOT coalesce(list_contains(l.labels, c.supported_side), false)
        ORDER BY c._row
    """
    for index, side, labels in package.sql(query):
        found: list[str] = sorted(labels or [])
        yield finding(
            contradictions,
            index,
            RULE,
            "supported_side",
            f"Side '{side}' is not a side of this contradiction (its sides: "
            f"{', '.join(found) or 'none'}).",
            "Use a side label from contradiction_sides.csv, or empty the cell.",
        )
