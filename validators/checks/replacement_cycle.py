"""replacement-cycle: following replaced_by ends at a row that is not itself replaced."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import ID_TABLES, Package

RULE = "replacement-cycle"


def check(package: Package) -> Iterator[Finding]:
    for name in ID_TABLES:
        table = package.table(name)
        column = table.primary_key[0]
        target = {r.get(column): r.get("replaced_by") for r in table.rows if r.get("replaced_by")}
        for row in table.rows:
            start = row.get(column)
            seen = [start]
            current = target.get(start)
            while current and current not in seen:
                seen.append(current)
                current = target.get(current)
            if current and current == start and len(seen) > 1:
                yield finding(
                    table,
                    row,
                    RULE,
                    "replaced_by",
                    "replaced_by goes round in a circle: " + " → ".join([*seen, start]) + ".",
                    "The row kept must not itself be replaced: empty its replaced_by.",
                )
