"""id-removed: every id in the manifest of published ids is still in its table."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package

RULE = "id-removed"


def id_column(package: Package, table: str) -> str:
    return package.table(table).primary_key[0]


def check(package: Package) -> Iterator[Finding]:
    manifest = package.table("id_manifest")
    present: dict[str, set[str]] = {}
    for row in manifest.rows:
        name = row.get("table")
        if name not in package.tables or name == "id_manifest":
            continue  # an unknown table name is reported by the enum constraint
        if name not in present:
            column = id_column(package, name)
            present[name] = {r.get(column) for r in package.table(name).rows}
        if row.get("id") not in present[name]:
            yield finding(
                manifest,
                row,
                RULE,
                "id",
                f"{row.get('id')} was published in {name} (version "
                f"{row.get('first_version')}) but is no longer in "
                f"{package.table(name).path}.",
                "Ids are never deleted or renamed: put the row back, and if it is "
                "wrong, set record_status to retired with a retired_reason (and "
                "replaced_by for a duplicate).",
            )
