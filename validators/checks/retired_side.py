"""retired-side: a side of an open contradiction keeps at least one active statement."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding, index
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package, Row

RULE = "retired-side"


def _open_sides(package: Package) -> dict[tuple[str, str], list[Row]]:
    """The active side rows of each open contradiction, by (contradiction, side label)."""
    open_ids = {
        row.get("contradiction_id")
        for row in package.table("contradictions").active()
        if row.get("resolution") == "open"
    }
    sides: dict[tuple[str, str], list[Row]] = defaultdict(list)
    for row in package.table("contradiction_sides").active():
        if row.get("contradiction_id") in open_ids:
            sides[(row.get("contradiction_id"), row.get("side"))].append(row)
    return sides


def check(package: Package) -> Iterator[Finding]:
    statements = index(package.table("statements"), "statement_id")
    table = package.table("contradiction_sides")
    for (contradiction, label), rows in _open_sides(package).items():
        # A statement missing altogether is the foreign-key rule's finding, not this one's.
        found = [statements.get(r.get("statement_id")) for r in rows]
        if not all(s is not None and s.get("record_status") == "retired" for s in found):
            continue
        for row, statement in zip(rows, found, strict=True):
            assert statement is not None
            replacement = statement.get("replaced_by")
            yield finding(
                table,
                row,
                RULE,
                "statement_id",
                f"{row.get('statement_id')} is retired, and side '{label}' of the open "
                f"contradiction {contradiction} has no active statement left.",
                f"Put {replacement} (which replaces it) in statement_id instead."
                if replacement
                else "Resolve the contradiction (with a resolution_note saying what became of "
                "this side), retire it with a retired_reason, or keep the statement active.",
            )
