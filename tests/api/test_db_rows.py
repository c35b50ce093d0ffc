"""`Database.rows`: a query's rows one at a time, as tuples, under the request's SQL time budget
as `Database.query` is (a real SQLite file of the project's layout); both stop when it runs
out."""

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


def read(db: Database, how: str, count: int) -> int:
    """Rows of COUNT read by `Database.query` or `Database.rows`."""
    if how == "query":
        return len(db.query(COUNT, [count]))
    return sum(1 for _ in db.rows(COUNT, [count]))


@pytest.mark.parametrize("how", ["query", "rows"])
def test_a_spent_budget_stops_before_the_first_row(db: Database, how: str) -> None:
    token = current_budget.set(Budget(deadline=time.monotonic() - 1))
    try:
        with pytest.raises(BudgetExceeded):
            read(db, how, 10)
    finally:
        current_budget.reset(token)


@pytest.mark.parametrize("how", ["query", "rows"])
def test_a_budget_running_out_stops_the_statement_and_leaves_the_connection_as_it_was(
    db: Database, how: str
) -> None:
    token = current_budget.set(Budget(deadline=time.monotonic() + 0.05))
    started = time.monotonic()
    try:
        with pytest.raises(BudgetExceeded):
            read(db, how, 100_000_000)
    finally:
        current_budget.reset(token)
    assert time.monotonic() - started < 10  # not the 100,000,000 rows
    assert db.query("SELECT count(*) FROM (" + COUNT + ")", [200_000])[0][0] == 200_000
    within = Budget(deadline=time.monotonic() + 60)
    token = current_budget.set(within)
    try:
        assert read(db, how, 1000) == 1000
    finally:
        current_budget.reset(token)
