"""contradiction-sides: at least two sides, a record side (the outside record) or an article side
(the page itself) counting as one, and each label used by one kind of side only."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "contradiction-sides"

# The distinct side labels of each contradiction, from its active statement, record and article
# sides together ("" is a label too).
LABELS = (
    "SELECT contradiction_id, list(DISTINCT side) AS labels FROM ("
    "SELECT contradiction_id, side FROM contradiction_sides WHERE record_status <> 'retired' "
    "UNION ALL "
    "SELECT contradiction_id, side FROM record_sides WHERE record_status <> 'retired' "
    "UNION ALL "
    "SELECT contradiction_id, side FROM article_sides WHERE record_status <> 'retired'"
    ") GROUP BY contradiction_id"
)

SIDE_TABLES = ("contradiction_sides", "record_sides", "article_sides")


def labels(package: RPackage) -> dict[str, set[str]]:
    """LABELS in Python: each contradiction's side labels."""
    found: dict[str, set[str]] = {}
    for name in SIDE_TABLES:
        for _, cells in package.table(name).active():
            found.setdefault(cells["contradiction_id"], set()).add(cells["side"])
    return found


# Active record or article sides whose label is also a label of an active side of another kind:
# two different things would be merged into one side. {table} is the one reported.
SHARED = """
    SELECT r._row, r.side FROM {table} r
    WHERE r.record_status <> 'retired' AND EXISTS (
        SELECT 1 FROM {other} s
        WHERE s.contradiction_id = r.contradiction_id AND s.side = r.side
            AND s.record_status <> 'retired'
    )
    ORDER BY r._row
"""
# (reported table, other table, what each is)
PAIRS = (
    ("record_sides", "contradiction_sides", "the outside record", "a statement side"),
    ("article_sides", "contradiction_sides", "an article side", "a statement side"),
    ("article_sides", "record_sides", "an article side", "a record side"),
)


def _shared(table: str, other: str) -> Callable[[RPackage], list[tuple[Any, ...]]]:
    """SHARED in Python."""

    def rows(package: RPackage) -> list[tuple[Any, ...]]:
        labelled = {(c["contradiction_id"], c["side"]) for _, c in package.table(other).active()}
        return [
            (row, cells["side"])
            for row, cells in package.table(table).active()
            if (cells["contradiction_id"], cells["side"]) in labelled
        ]

    return rows


def check(package: AnyPackage) -> Iterator[Finding]:
    yield from _too_few(package)
    for table, other, this, that in PAIRS:
        reported = package.table(table)
        shared = SHARED.format(table=table, other=other)
        for index, side in package.query(shared, _shared(table, other)):
            yield finding(
                reported,
                index,
                RULE,
                "side",
                f"Side '{side}' is both {this} and {that}.",
                f"Give the {table.removesuffix('s').replace('_', ' ')} a label of its own "
                "(the next free letter).",
            )


def _counts(package: RPackage) -> list[tuple[Any, ...]]:
    """The _too_few query in Python."""
    found = labels(package)
    counted = (
        (row, len(found.get(cells["contradiction_id"], ())))
        for row, cells in package.table("contradictions").active()
    )
    return [(row, n) for row, n in counted if n < 2]


def _too_few(package: AnyPackage) -> Iterator[Finding]:
    contradictions = package.table("contradictions")
    query = f"""
        WITH labels AS ({LABELS}),
        found AS (
            SELECT c._row, coalesce(len(l.labels), 0) AS n
            FROM contradictions c LEFT JOIN labels l ON l.contradiction_id = c.contradiction_id
            WHERE c.record_status <> 'retired'
        )
        SELECT _row, n FROM found
        WHERE n < 2
        ORDER BY _row
    """
    for index, n in package.query(query, _counts):
        if n:
            message = "This contradiction has only one side."
        else:
            message = "This contradiction has no sides (statement, record or article sides)."
        yield finding(
            contradictions,
            index,
            RULE,
            "contradiction_id",
            message,
            "Add the conflicting statements to contradiction_sides.csv with different "
            "side labels (a, b, ...), or, for a report that conflicts with the outside "
            "record, add the record as a side in record_sides.csv citing its references "
            "(an article as a whole, such as the date it prints, goes in article_sides.csv).",
        )
