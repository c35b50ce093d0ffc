"""contradiction-duplicate: no two contradictions with the same set of statements."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package

RULE = "contradiction-duplicate"


def check(package: Package) -> Iterator[Finding]:
    members: dict[str, set[str]] = defaultdict(set)
    for row in package.table("contradiction_sides").active():
        members[row.get("contradiction_id")].add(row.get("statement_id"))
    contradictions = package.table("contradictions")
    seen: dict[frozenset[str], str] = {}
    for row in contradictions.active():
        key = frozenset(members.get(row.get("contradiction_id"), set()))
        if not key:
            continue
        if key in seen:
            yield finding(
                contradictions,
                row,
                RULE,
                "contradiction_id",
                f"{row.get('contradiction_id')} has exactly the same statements as {seen[key]}.",
                "Merge the two: retire one with replaced_by pointing at the other, and "
                "move anything it adds into the one kept.",
            )
        else:
            seen[key] = row.get("contradiction_id")
