"""supported-side: the side the record supports is one of the contradiction's sides."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.checks.contradiction_sides import side_labels
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package

RULE = "supported-side"


def check(package: Package) -> Iterator[Finding]:
    labels = side_labels(package)
    contradictions = package.table("contradictions")
    for row in contradictions.active():
        side = row.get("supported_side")
        found = labels.get(row.get("contradiction_id"), set())
        if side and side not in found:
            yield finding(
                contradictions,
                row,
                RULE,
                "supported_side",
                f"Side '{side}' is not a side of this contradiction (its sides: "
                f"{', '.join(sorted(found)) or 'none'}).",
                "Use a side label from contradiction_sides.csv, or empty the cell.",
            )
