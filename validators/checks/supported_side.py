"""supported-side: the side the record supports is one of the contradiction's sides."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statement_ledger.validators.checks.contradiction_sides import LABELS, labels
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "supported-side"


QUERY = f"""
    WITH labels AS ({LABELS})
    SELECT c._row, c.supported_side, l.labels
    FROM contradictions c LEFT JOIN labels l ON l.contradiction_id = c.contradiction_id
    WHERE c.record_status <> 'retired' AND c.supported_side <> ''
        AND NOT coalesce(list_contains(l.labels, c.supported_side), false)
    ORDER BY c._row
"""


def _unsupported(package: RPackage) -> list[tuple[Any, ...]]:
    """QUERY in Python."""
    found = labels(package)
    return [
        (row, cells["supported_side"], found.get(cells["contradiction_id"]))
        for row, cells in package.table("contradictions").active()
        if cells["supported_side"]
        and cells["supported_side"] not in found.get(cells["contradiction_id"], ())
    ]


def check(package: AnyPackage) -> Iterator[Finding]:
    contradictions = package.table("contradictions")
    for index, side, sides in package.query(QUERY, _unsupported):
        found: list[str] = sorted(sides or [])
        yield finding(
            contradictions,
            index,
            RULE,
            "supported_side",
            f"Side '{side}' is not a side of this contradiction (its sides: "
            f"{', '.join(found) or 'none'}).",
            "Use a side label from contradiction_sides.csv, or empty the cell.",
        )
