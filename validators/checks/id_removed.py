"""id-removed: every id in the manifest of published ids is still in its table."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "id-removed"


def _removed(package: RPackage) -> list[tuple[Any, ...]]:
    """The query of `check` in Python."""
    present = {
        name: set(table.column(table.primary_key[0]))
        for name, table in package.tables.items()
        if name != "id_manifest"
    }
    return [
        (row, cells["table"], cells["id"], cells["first_version"])
        for row, cells in enumerate(r.cells for r in package.table("id_manifest").rows)
        if cells["table"] in present and cells["id"] not in present[cells["table"]]
    ]


def check(package: AnyPackage) -> Iterator[Finding]:
    manifest = package.table("id_manifest")
    # An unknown table name is reported by the enum constraint, not here.
    names = [name for name in package.tables if name != "id_manifest"]
    if not names:
        return
    ids = " UNION ALL ".join(
        f'SELECT ? AS name, "{package.table(name).primary_key[0]}" AS id FROM "{name}"'
        for name in names
    )
    query = f"""
        SELECT m._row, m."table", m.id, m.first_version
        FROM id_manifest m
        ANTI JOIN ({ids}) present ON present.name = m."table" AND present.id = m.id
        WHERE list_contains(?::VARCHAR[], m."table")
        ORDER BY m._row
    """
    for index, name, value, version in package.query(query, _removed, [*names, names]):
        yield finding(
            manifest,
            index,
            RULE,
            "id",
            f"{value} was published in {name} (version {version}) but is no longer in "
            f"{package.table(name).path}.",
            "Ids are never deleted or renamed: put the row back, and if it is "
            "wrong, set record_status to retired with a retired_reason (and "
            "replaced_by for a duplicate).",
        )
