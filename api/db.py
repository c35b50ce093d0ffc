"""Read-only access to the SQLite build, under a per-request deadline checked before and during
every query."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from statement_ledger.catalogue.tables import Catalogue, describe
from statement_ledger.database.layout import FILES_TABLE, LAYOUT, META_TABLE

T = TypeVar("T")


class OutdatedDatabase(ValueError):
    """The file was built by another version of the builder than this server's."""


class BudgetExceeded(Exception):
    """The request used up its SQL time budget."""


@dataclass
class Budget:
    """What one request may spend: a deadline for its SQL."""

    deadline: float


current_budget: ContextVar[Budget | None] = ContextVar("current_budget", default=None)


class Database:
    """Read-only connections to an immutable database file: one per thread that reads it (the
    event loop's, and the threads GraphQL operations run in), opened when a thread first
    reads."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"database not found: {path} (run `statement-ledger build`)")
        self.uri = f"file:{path.resolve()}?mode=ro&immutable=1"
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._functions: dict[str, tuple[int, Callable[..., Any]]] = {}
        self._trace: Callable[[str], object] | None = None
        self._lock = threading.Lock()
        self.executed = 0  # every query run, for tests that count them
        self._memo: dict[Any, Any] = {}
        self.meta = {
            row["key"]: row["value"] for row in self.query(f'SELECT * FROM "{META_TABLE}"')
        }
        if self.meta.get("layout") != LAYOUT:
            self.close()
            raise OutdatedDatabase(
                f"{path} was built by another version of statement-ledger (database layout "
                f"{self.meta.get('layout', '1')}, this server reads {LAYOUT}): run "
                "`statement-ledger build` again"
            )

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.uri, uri=True, check_same_thread=False)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA query_only = ON")
            with self._lock:
                for name, (arity, function) in self._functions.items():
                    connection.create_function(name, arity, function, deterministic=True)
                connection.set_trace_callback(self._trace)
                self._opened.append(connection)
            self._local.connection = connection
        return connection

    def create_function(self, name: str, arity: int, function: Callable[..., Any]) -> None:
        """A deterministic SQL function on every connection, those opened later included."""
        with self._lock:
            self._functions[name] = (arity, function)
            opened = list(self._opened)
        for connection in opened:
            connection.create_function(name, arity, function, deterministic=True)

    def file(self, path: str) -> tuple[bytes, str, str] | None:
        """A file of the package as built: (content, media type, sha256), or None."""
        rows = self.query(
            f'SELECT content, media_type, sha256 FROM "{FILES_TABLE}" WHERE path = ?', [path]
        )
        if not rows:
            return None
        return bytes(rows[0]["content"]), str(rows[0]["media_type"]), str(rows[0]["sha256"])

    def schemas(self) -> dict[str, dict[str, Any]]:
        """The Table Schemas as built, by table name."""
        out = {}
        for row in self.query(
            f'SELECT path, content FROM "{FILES_TABLE}" WHERE path LIKE ?', ["schema/%"]
        ):
            out[str(row["path"])[len("schema/") : -len(".json")]] = json.loads(row["content"])
        return out

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """`compute()`, run once for this database under `key`: for what depends on the data
        alone (totals, the latest rows, lists a page offers), since the file is opened
        read-only and immutable and never changes while it is served. It is not charged to
        the SQL time budget of the request that happens to come first."""
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        token = current_budget.set(None)
        try:
            value = self._memo[key] = compute()
        finally:
            current_budget.reset(token)
        return value

    @cached_property
    def catalogue(self) -> Catalogue:
        """What each table is, from the Table Schemas this database was built from."""
        return describe(self.schemas())

    @property
    def data_version(self) -> str:
        return str(self.meta["data_version"])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        self.executed += 1
        if current_budget.get() is None:
            return self.connection.execute(sql, params).fetchall()
        with self._budgeted() as connection:
            return connection.execute(sql, params).fetchall()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of `sql` one at a time, as tuples, under the request's time budget as in
        `query`: for a result too large to hold at once (the whole timeline counted by speaker
        and day at 1M: 600,000 groups, about 120 MB as a list of rows)."""
        self.executed += 1
        with self._budgeted() as connection:
            cursor = connection.cursor()
            cursor.row_factory = None
            yield from cursor.execute(sql, params)

    @contextmanager
    def _budgeted(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection, held to the request's SQL time budget while it is used:
        BudgetExceeded when the deadline has passed, or passes while a statement runs."""
        connection = self.connection
        budget = current_budget.get()
        if budget is None:
            yield connection
            return
        if time.monotonic() > budget.deadline:
            raise BudgetExceeded("the request took longer than its time budget")
        connection.set_progress_handler(lambda: int(time.monotonic() > budget.deadline), 1000)
        try:
            yield connection
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise BudgetExceeded("the request took longer than its time budget") from None
            raise
        finally:
            connection.set_progress_handler(None, 0)

    def set_trace_callback(self, trace: Callable[[str], object] | None) -> None:
        """Every statement any connection runs, passed to `trace` (None: no more)."""
        with self._lock:
            self._trace = trace
            opened = list(self._opened)
        for connection in opened:
            connection.set_trace_callback(trace)

    def close(self) -> None:
        with self._lock:
            opened, self._opened = self._opened, []
        for connection in opened:
            connection.close()


@contextmanager
def budget(seconds: float) -> Iterator[Budget]:
    """Run a request under a fresh SQL time budget."""
    with budget_until(time.monotonic() + seconds) as spent:
        yield spent


@contextmanager
def budget_until(deadline: float) -> Iterator[Budget]:
    """Run under a budget ending at `deadline` (`time.monotonic()`), which may have been set
    before: a GraphQL request's starts when it arrives and covers all its operations."""
    spent = Budget(deadline=deadline)
    token = current_budget.set(spent)
    try:
        yield spent
    finally:
        current_budget.reset(token)
