"""retired-side: a side of an open contradiction keeps at least one active statement."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "retired-side"

# The active side rows of open contradictions whose (contradiction, side label) group has
# only retired statements, a statement standing for the first row with its id. A statement
# missing altogether is the foreign-key rule's finding, not this one's: it keeps the group
# out. Groups come in the order they first appear, rows in file order within a group.
QUERY = """
    WITH retired AS (
        SELECT statement_id, arg_min(record_status, _row) AS status,
            arg_min(replaced_by, _row) AS replacement
        FROM statements
        WHERE statement_id IN (SELECT statement_id FROM statements WHERE record_status = 'retired')
        GROUP BY statement_id
    ),
    sides AS (
        SELECT s._row, s.contradiction_id, s.side, s.statement_id, r.replacement,
            coalesce(r.status = 'retired', false) AS gone
        FROM contradiction_sides s LEFT JOIN retired r ON r.statement_id = s.statement_id
        WHERE s.record_status <> 'retired' AND s.contradiction_id IN (
            SELECT contradiction_id FROM contradictions
            WHERE record_status <> 'retired' AND resolution = 'open'
        )
    ),
    grouped AS (
        SELECT *, bool_and(gone) OVER side_group AS all_gone, min(_row) OVER side_group AS first
        FROM sides
        WINDOW side_group AS (PARTITION BY contradiction_id, side)
    )
    SELECT _row, contradiction_id, side, statement_id, replacement FROM grouped
    WHERE all_gone
    ORDER BY first, _row
"""


def _alone(package: RPackage) -> list[tuple[Any, ...]]:
    """QUERY in Python."""
    first: dict[str, tuple[str, str]] = {}  # statement -> its first row's status, replacement
    cells = [r.cells for r in package.table("statements").rows]
    retired = {c["statement_id"] for c in cells if c["record_status"] == "retired"}
    for c in cells:
        if c["statement_id"] in retired:
            first.setdefault(c["statement_id"], (c["record_status"], c["replaced_by"]))
    open_ones = {
        c["contradiction_id"]
        for _, c in package.table("contradictions").active()
        if c["resolution"] == "open"
    }
    groups: dict[tuple[str, str], list[tuple[Any, ...]]] = {}  # in order of their first row
    gone: dict[tuple[str, str], bool] = {}
    for row, c in package.table("contradiction_sides").active():
        if c["contradiction_id"] not in open_ones:
            continue
        group = (c["contradiction_id"], c["side"])
        status, replacement = first.get(c["statement_id"], ("", ""))
        groups.setdefault(group, []).append(
            (row, c["contradiction_id"], c["side"], c["statement_id"], replacement)
        )
        gone[group] = gone.get(group, True) and status == "retired"
    return [row for group, rows in groups.items() if gone[group] for row in rows]


def check(package: AnyPackage) -> Iterator[Finding]:
    table = package.table("contradiction_sides")
    for index, contradiction, label, statement, replacement in package.query(QUERY, _alone):
        yield finding(
            table,
            index,
            RULE,
            "statement_id",
            f"{statement} is retired, and side '{label}' of the open "
            f"contradiction {contradiction} has no active statement left.",
            f"Put {replacement} (which replaces it) in statement_id instead."
            if replacement
            else "Resolve the contradiction (with a resolution_note saying what became of "
            "this side), retire it with a retired_reason, or keep the statement active.",
        )
