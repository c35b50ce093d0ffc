"""unreferenced: every active actor, outlet and event is referenced by something."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "unreferenced"

# table -> its id column, and the (table, column) pairs that may point at it
REFERENCES = {
    "outlets": (
        "outlet_id",
        [
            ("articles", "outlet_id"),
            ("articles", "text_origin_outlet_id"),
            ("statements", "via_outlet_id"),
        ],
    ),
    "actors": (
        "actor_id",
        [
            ("statements", "speaker_id"),
            ("statements", "source_actor_id"),
            ("actors", "affiliation_id"),
        ],
    ),
    "events": (
        "event_id",
        [
            ("statements", "occasion_event_id"),
            ("statements", "about_event_id"),
            ("events", "parent_event_id"),
        ],
    ),
}


def _unused(name: str) -> Callable[[RPackage], list[tuple[Any, ...]]]:
    """The query of `check` in Python, for table `name`."""
    id_column, sources = REFERENCES[name]

    def rows(package: RPackage) -> list[tuple[Any, ...]]:
        used = {
            cells[column]
            for source, column in sources
            for _, cells in package.table(source).active()
        }
        return [
            (row, cells[id_column])
            for row, cells in package.table(name).active()
            if cells[id_column] not in used
        ]

    return rows


def check(package: AnyPackage) -> Iterator[Finding]:
    for name, (id_column, sources) in REFERENCES.items():
        used = " UNION ".join(
            f"SELECT {column} AS id FROM {source} WHERE record_status <> 'retired'"
            for source, column in sources
        )
        table = package.table(name)
        query = (
            f"SELECT _row, {id_column} FROM {name} WHERE record_status <> 'retired' "
            f"AND {id_column} NOT IN ({used}) ORDER BY _row"
        )
        for index, value in package.query(query, _unused(name)):
            yield finding(
                table,
                index,
                RULE,
                id_column,
                f"Nothing refers to {value}.",
                "Refer to it from a statement (or article), or retire it with a "
                "reason if it was added by mistake.",
            )
