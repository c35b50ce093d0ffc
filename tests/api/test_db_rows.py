"""`Database.rows`: a query's rows one at a time, as tuples, under the request's SQL time budget
as `Database.query` is (a real SQLite file of the project's layout)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from statement_ledger.api.db import Budget, BudgetExceeded, Database, current_budget
from statement_ledger.database.layout import LAYOUT, META_TABLE

COUNT = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
    "SELECT i, i % 7 FROM n"
)


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "ledger.db"
    connection = sqlite3.connect(path)
    connection.execute(f'CREATE TABLE "{META_TABLE}" (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
    connection.execute(f'INSERT INTO "{META_TABLE}" VALUES (?, ?)', ["layout", LAYOUT])
    connection.commit()
    connection.close()
    database = Database(path)
    yield database
    database.close()


def test_rows_are_the_query_s_as_tuples(db: Database) -> None:
    streamed = db.rows(COUNT, [5000])
    assert next(streamed) == (1, 1)
    assert [(1, 1), *streamed] == [tuple(row) for row in db.query(COUNT, [5000])]


def test_a_spent_budget_stops_before_the_first_row(db: Database) -> None:
    token = current_budget.set(Budget(deadline=time.monotonic() - 1))
    try:
        with pytest.raises(BudgetExceeded):
            next(db.rows(COUNT, [10]))
    finally:
        current_budget.reset(token)


def test_a_budget_running_out_stops_the_rows_and_leaves_the_connection_as_it_was(
    db: Database,
) -> None:
    token = current_budget.set(Budget(deadline=time.monotonic() + 0.05))
    read = 0
    try:
        with pytest.raises(BudgetExceeded):
            for _ in db.rows(COUNT, [100_000_000]):
                read += 1
    finally:
        current_budget.reset(token)
    assert 0 < read < 100_000_000
    assert db.query("SELECT count(*) FROM (" + COUNT + ")", [200_000])[0][0] == 200_000
