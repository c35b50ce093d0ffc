"""contradiction-sides: at least two sides, or one side plus the outside evidence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package

RULE = "contradiction-sides"


def side_labels(package: Package) -> dict[str, set[str]]:
    """The side labels of each contradiction, from its active sides."""
    labels: dict[str, set[str]] = defaultdict(set)
    for row in package.table("contradiction_sides").active():
        labels[row.get("contradiction_id")].add(row.get("side"))
    return labels


def check(package: Package) -> Iterator[Finding]:
    labels = side_labels(package)
    contradictions = package.table("contradictions")
    for row in contradictions.active():
        found = labels.get(row.get("contradiction_id"), set())
        if len(found) >= 2 or (len(found) == 1 and row.get("evidence_url")):
            continue
        if found:
            message = "This contradiction has only one side and no evidence_url."
        else:
            message = "This contradiction has no sides in contradiction_sides.csv."
        yield finding(
            contradictions,
            row,
            RULE,
            "contradiction_id",
            message,
            "Add the conflicting statements to contradiction_sides.csv with different "
            "side labels (a, b, ...), or, for a report that conflicts with the outside "
            "record, give the record's URL in evidence_url.",
        )
