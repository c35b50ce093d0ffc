"""List items read their columns by position from SQLite's rows: the same items as from dicts."""

from __future__ import annotations

from pathlib import Path

from statement_ledger.api.db import Database
from statement_ledger.api.explorer.store import LISTED, as_dicts
from statement_ledger.api.explorer.view_models import statement_items


def test_statement_items_same_from_rows_and_dicts(db_path: Path) -> None:
    db = Database(db_path)
    try:
        rows = db.query(f"SELECT attribution, {LISTED} FROM statements ORDER BY claim")
        from_rows = statement_items(db, rows)
        from_dicts = statement_items(db, as_dicts(db, rows))
        assert len(from_rows) == len(rows) > 1
        assert list(from_rows) == list(from_dicts)
        assert from_rows.html == "".join(from_dicts) and from_rows.note == from_dicts.note
        first = rows[0]
        assert f'href="/statements/{first["statement_id"]}"' in from_rows[0]
        assert statement_items(db, []) == [] and statement_items(db, []).html == ""
    finally:
        db.close()
