"""contradiction-duplicate: no two contradictions with the same set of statements."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "contradiction-duplicate"

# Each active contradiction with active sides, its set of statements as a sorted list, and the
# first active contradiction (in file order) with the same set.
QUERY = """
    WITH members AS (
        SELECT contradiction_id, list_sort(list(DISTINCT statement_id)) AS statements
        FROM contradiction_sides WHERE record_status <> 'retired' GROUP BY contradiction_id
    ),
    keyed AS (
        SELECT c._row, c.contradiction_id,
            first_value(c.contradiction_id) OVER same AS first,
            row_number() OVER same AS n
        FROM contradictions c JOIN members m ON m.contradiction_id = c.contradiction_id
        WHERE c.record_status <> 'retired'
        WINDOW same AS (PARTITION BY m.statements ORDER BY c._row)
    )
    SELECT _row, contradiction_id, first FROM keyed WHERE n > 1 ORDER BY _row
"""


def _duplicates(package: RPackage) -> list[tuple[Any, ...]]:
    """QUERY in Python."""
    members: dict[str, set[str]] = {}
    for _, cells in package.table("contradiction_sides").active():
        members.setdefault(cells["contradiction_id"], set()).add(cells["statement_id"])
    first: dict[tuple[str, ...], str] = {}
    out = []
    for row, cells in package.table("contradictions").active():
        contradiction = cells["contradiction_id"]
        if contradiction not in members:
            continue
        key = tuple(sorted(members[contradiction]))
        if key in first:
            out.append((row, contradiction, first[key]))
        else:
            first[key] = contradiction
    return out


def check(package: AnyPackage) -> Iterator[Finding]:
    contradictions = package.table("contradictions")
    for index, contradiction, first in package.query(QUERY, _duplicates):
        yield finding(
            contradictions,
            index,
            RULE,
            "contradiction_id",
            f"{contradiction} has exactly the same statements as {first}.",
            "Merge the two: retire one with replaced_by pointing at the other, and "
            "move anything it adds into the one kept.",
        )
