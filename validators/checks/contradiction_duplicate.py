"""contradiction-duplicate: no two contradictions with the same set of statements."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.columnar import CPackage, finding
from statement_ledger.validators.findings import Finding

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


def check(package: CPackage) -> Iterator[Finding]:
    contradictions = package.table("contradictions")
    for index, contradiction, first in package.sql(QUERY):
        yield finding(
            contradictions,
            index,
            RULE,
            "contradiction_id",
            f"{contradiction} has exactly the same statements as {first}.",
            "Merge the two: retire one with replaced_by pointing at the other, and "
            "move anything it adds into the one kept.",
        )
