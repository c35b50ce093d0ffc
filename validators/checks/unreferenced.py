"""unreferenced: every active actor, outlet and event is referenced by something."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package

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


def check(package: Package) -> Iterator[Finding]:
    for name, (id_column, sources) in REFERENCES.items():
        used = {
            row.get(column) for source, column in sources for row in package.table(source).active()
        }
        table = package.table(name)
        for row in table.active():
            if row.get(id_column) not in used:
                yield finding(
                    table,
                    row,
                    RULE,
                    id_column,
                    f"Nothing refers to {row.get(id_column)}.",
                    "Refer to it from a statement (or article), or retire it with a "
                    "reason if it was added by mistake.",
                )
