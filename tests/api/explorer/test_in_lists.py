"""IN lists padded to a power of two: the same rows, and few statement texts for pages."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.db import Database
from statement_ledger.api.relations import in_list
from statement_ledger.api.settings import Settings


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 17, 64, 65, 100, 1000])
def test_in_list_pads_to_a_power_of_two_with_keys_already_there(count: int) -> None:
    keys = [f"k{n}" for n in range(count)]
    padded, marks = in_list(keys)
    assert len(padded) & (len(padded) - 1) == 0
    assert count <= len(padded) < 2 * count
    assert padded[:count] == keys and set(padded) == set(keys)
    assert marks.split(", ") == ["?"] * len(padded)


def test_padded_in_lists_select_the_same_rows(db_path: Path) -> None:
    db = Database(db_path)
    try:
        ids = [r[0] for r in db.query("SELECT statement_id FROM statements ORDER BY 1")]
        assert len(ids) > 40
        select = "SELECT statement_id FROM statements WHERE statement_id IN ({}) ORDER BY 1"
        for count in (1, 3, 7, 21, 40):
            wanted = ids[::2][:count]
            padded, marks = in_list(wanted)
            plain = ", ".join("?" * len(wanted))
            found = [r[0] for r in db.query(select.format(marks), padded)]
            assert found == [r[0] for r in db.query(select.format(plain), wanted)] == sorted(wanted)
    finally:
        db.close()


def test_timeline_pages_of_every_speaker_run_few_statement_texts(
    generated_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite keeps 128 prepared statements a connection: pages of every speaker, whose lists
    of ids all differ in length, stay well within them."""
    texts: set[str] = set()
    query = Database.query

    def spy(self: Database, sql: str, params: object = ()) -> list[sqlite3.Row]:
        texts.add(sql)
        return query(self, sql, params)  # type: ignore[arg-type]

    with sqlite3.connect(f"file:{generated_path}?mode=ro", uri=True) as connection:
        speakers = [r[0] for r in connection.execute("SELECT DISTINCT speaker_id FROM statements")]
    assert len(speakers) > 100
    monkeypatch.setattr(Database, "query", spy)
    with TestClient(create_app(Settings(db_path=generated_path))) as client:
        texts.clear()
        for speaker in speakers:
            assert client.get(f"/timeline?actor={speaker}").status_code == 200
    assert len(texts) <= 40, len(texts)
