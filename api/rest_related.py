"""What a REST detail adds to its row: a contradiction's sides, a statement's contradictions."""

from __future__ import annotations

from typing import Any

from statement_ledger.api.db import Database

ACTIVE = "\"record_status\" = 'active'"
SIDE_COLUMNS = ("statement_id", "side", "note", "record_status", "retired_reason")
# Table -> (the key its detail adds, that key's JSON Schema); openapi.py describes details so.
EXTRAS: dict[str, tuple[str, dict[str, Any]]] = {
    "contradictions": ("sides", {"type": "array", "items": {"$ref": "#/components/schemas/Side"}}),
    "statements": ("contradictions", {"type": "array", "items": {"type": "string"}}),
}


def sides(db: Database, contradiction_id: str, include_retired: bool) -> list[dict[str, Any]]:
    """The contradiction's sides (statement id, side label, note, status), by side."""
    columns = ", ".join(f'"{c}"' for c in SIDE_COLUMNS)
    rows = db.query(
        f'SELECT {columns} FROM "contradiction_sides" WHERE "contradiction_id" = ?'
        + ("" if include_retired else f" AND {ACTIVE}")
        + ' ORDER BY "side", "statement_id"',
        [contradiction_id],
    )
    return [dict(row) for row in rows]


def contradictions(db: Database, statement_id: str, include_retired: bool) -> list[str]:
    """Ids of the contradictions the statement takes part in."""
    active = "" if include_retired else f" AND s.{ACTIVE} AND c.{ACTIVE}"
    rows = db.query(
        'SELECT DISTINCT s."contradiction_id" FROM "contradiction_sides" s '
        'JOIN "contradictions" c ON c."contradiction_id" = s."contradiction_id" '
        f'WHERE s."statement_id" = ?{active} ORDER BY 1',
        [statement_id],
    )
    return [str(row[0]) for row in rows]


def related(db: Database, table: str, key: str, include_retired: bool) -> dict[str, Any]:
    """The related rows a detail of `table` carries besides its own columns (see EXTRAS)."""
    if table == "contradictions":
        return {"sides": sides(db, key, include_retired)}
    if table == "statements":
        return {"contradictions": contradictions(db, key, include_retired)}
    return {}
