"""replacement-cycle: following replaced_by ends at a row that is not itself replaced."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.columnar import CPackage, finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import ID_TABLES

RULE = "replacement-cycle"


def cycles(target: dict[str, str]) -> dict[str, list[str]]:
    """The ids whose replaced_by chain comes back to them, with the chain walked."""
    found: dict[str, list[str]] = {}
    for start in target:
        seen = [start]
        visited = {start}
        current = target.get(start)
        while current and current not in visited:
            seen.append(current)
            visited.add(current)
            current = target.get(current)
        if current and current == start and len(seen) > 1:
            found[start] = seen
    return found


def check(package: CPackage) -> Iterator[Finding]:
    for name in ID_TABLES:
        table = package.table(name)
        column = table.primary_key[0]
        # Only the rows that are replaced; a repeated id keeps its last replacement.
        replaced = package.sql(
            f'SELECT "{column}", replaced_by FROM "{name}" WHERE replaced_by <> \'\' ORDER BY _row'
        )
        found = cycles(dict(replaced))
        if not found:
            continue
        rows = package.sql(
            f'SELECT _row, "{column}" FROM "{name}" '
            f'WHERE "{column}" IN (SELECT unnest(?::VARCHAR[])) ORDER BY _row',
            [list(found)],
        )
        for index, start in rows:
            yield finding(
                table,
                index,
                RULE,
                "replaced_by",
                "replaced_by goes round in a circle: " + " → ".join([*found[start], start]) + ".",
                "The row kept must not itself be replaced: empty its replaced_by.",
            )
