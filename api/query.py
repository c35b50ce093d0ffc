"""Lists as GraphQL and REST ask for them: the catalogue's filters, facets and sorts, and keyset
pagination over them."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from statement_ledger.api.db import Database
from statement_ledger.api.search_terms import SYNTAXES, WORDS, UnusableSearch, match_expression
from statement_ledger.catalogue.tables import Table
from statement_ledger.database.layout import RETIRED_FTS

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


class QueryError(ValueError):
    """A client asked for something that cannot be answered; names the parameter at fault."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message
        # graphql-core copies these into the error it returns
        self.extensions = {"code": "BAD_USER_INPUT", "parameter": parameter}


@dataclass
class Page:
    rows: list[sqlite3.Row]
    total: int | None  # None when not asked for
    has_next: bool
    end_cursor: str | None


def encode_cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


MAX_CURSOR = 1000  # characters; a cursor this API hands out is well under 100


def decode_cursor(cursor: str) -> list[Any]:
    if len(cursor) > MAX_CURSOR:
        raise QueryError("after", "not a cursor returned by this API")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise QueryError("after", "not a cursor returned by this API") from None
    if not (
        isinstance(values, list) and len(values) == 2 and all(isinstance(v, str) for v in values)
    ):
        raise QueryError("after", "not a cursor returned by this API")
    return values


def invalid_search(exc: sqlite3.OperationalError) -> QueryError:
    """The error for a query in FTS5 syntax that SQLite could not run (FTS5 syntax, and what
    FTS5 reads as a column: `a-x`, `x:y`). A search of plain words never gets here."""
    return QueryError(
        "search",
        f"not a valid FTS5 query ({exc}); put words with punctuation in double quotes, "
        "or search for plain words (the default syntax)",
    )


def search_match(search: str, syntax: str = WORDS) -> str:
    """The FTS5 MATCH expression of a search in `syntax` (search_terms.match_expression); a
    QueryError naming `syntax` or `search` when it cannot be run."""
    try:
        return match_expression(search, syntax)
    except UnusableSearch as exc:
        raise QueryError("search" if syntax in SYNTAXES else "syntax", exc.message) from None


def _search_error(request: ListRequest, exc: sqlite3.OperationalError) -> None:
    """A failed query with a search is the search's fault (FTS5 syntax): say so as a 400."""
    if request.search is not None:
        raise invalid_search(exc) from None


@dataclass
class ListRequest:
    """A list query as both APIs receive it."""

    table: str
    filters: dict[str, str] = field(default_factory=dict)
    search: str | None = None
    syntax: str = WORDS  # how `search` reads: search_terms.WORDS or FTS
    sort: str | None = None
    descending: bool = False
    first: int = 20
    after: str | None = None
    include_retired: bool = False


def _conditions(
    spec: Table, request: ListRequest, enums: dict[tuple[str, str], list[str]]
) -> tuple[list[str], list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    for name, value in sorted(request.filters.items()):
        flt = spec.filters.get(name)
        if flt is None:
            raise QueryError(name, f"unknown filter; use one of {', '.join(sorted(spec.filters))}")
        if flt.kind == "enum" and flt.column:
            allowed = enums.get((spec.name, flt.column), [])
            if value not in allowed:
                raise QueryError(name, f"'{value}' is not one of {', '.join(allowed)}")
        if flt.kind == "date":
            # the extended form only: Python also reads 20220101, which compares as text
            try:
                if not ISO_DATE.fullmatch(value):
                    raise ValueError(value)
                dt.date.fromisoformat(value)
            except ValueError:
                raise QueryError(name, f"'{value}' is not a date (YYYY-MM-DD)") from None
        where.append(flt.sql)
        params += [value] * flt.sql.count("?")
    if not request.include_retired:
        where.append("\"record_status\" = 'active'")
    if request.search is not None:
        match = search_match(request.search, request.syntax)
        if not spec.searchable:
            raise QueryError("search", f"{spec.name} cannot be searched")
        where.append(
            f'rowid IN (SELECT rowid FROM "{spec.name}_fts" WHERE "{spec.name}_fts" MATCH ?)'
        )
        params.append(match)
    return where, params


def search_only(request: ListRequest) -> bool:
    """A full-text search with no other filter: FTS5 can count and page it by itself."""
    return request.search is not None and not request.filters


def fts_count(db: Database, index: str, match: str) -> int:
    """The rows a full-text index holds that a query matches, counted by FTS5 alone. Raises
    sqlite3.OperationalError when the query is not valid FTS5."""
    return int(db.query(f'SELECT count(*) FROM "{index}" WHERE "{index}" MATCH ?', [match])[0][0])


def retired_matches(db: Database, table: str, match: str) -> int:
    """How many rows of a table that are not active a full-text query matches, counted in
    their own index (`build.RETIRED_FTS`)."""
    return fts_count(db, f"{table}{RETIRED_FTS}", match)


def matches(db: Database, table: str, match: str, include_retired: bool = False) -> int:
    """How many rows of a table (active ones only, unless asked) a full-text query matches:
    every match, less those among the rows not active."""
    total = fts_count(db, f"{table}_fts", match)
    return total if include_retired else total - retired_matches(db, table, match)


def count(db: Database, request: ListRequest, enums: dict[tuple[str, str], list[str]]) -> int:
    """How many rows the list request selects, over all pages."""
    where, params = _conditions(db.catalogue[request.table], request, enums)
    try:
        if search_only(request):
            assert request.search is not None
            match = search_match(request.search, request.syntax)
            return matches(db, request.table, match, request.include_retired)
        rows = db.query(
            f'SELECT count(*) FROM "{request.table}" WHERE {" AND ".join(where) or "1"}', params
        )
    except sqlite3.OperationalError as exc:
        _search_error(request, exc)
        raise
    return int(rows[0][0])


def fetch_page(
    db: Database,
    request: ListRequest,
    enums: dict[tuple[str, str], list[str]],
    max_first: int,
    with_total: bool = True,
) -> Page:
    """One page of a table, keyset-paginated on (sort column, id); the total only if asked
    (counting is the costly part on a large table)."""
    spec = db.catalogue[request.table]
    sort = request.sort if request.sort is not None else spec.id_column
    if sort not in spec.sorts:
        raise QueryError("sort", f"cannot sort on '{sort}'; use one of {', '.join(spec.sorts)}")
    if not 1 <= request.first <= max_first:
        raise QueryError("first", f"must be between 1 and {max_first}")
    where, params = _conditions(spec, request, enums)
    after = decode_cursor(request.after) if request.after else None
    try:
        total = count(db, request, enums) if with_total else None
        if sort == spec.id_column and search_only(request):
            rows = _search_page(db, spec, request, after)
        else:
            rows = _page(db, spec, request, sort, where, params, after)
    except sqlite3.OperationalError as exc:
        _search_error(request, exc)
        raise
    has_next = len(rows) > request.first
    rows = rows[: request.first]
    end = encode_cursor([rows[-1][sort] or "", rows[-1][spec.id_column]]) if rows else None
    return Page(rows=rows, total=total, has_next=has_next, end_cursor=end)


def _page(
    db: Database,
    spec: Table,
    request: ListRequest,
    sort: str,
    where: list[str],
    params: list[Any],
    after: list[Any] | None,
) -> list[sqlite3.Row]:
    """The rows of a page (one more than asked, to tell whether another follows), ordered by
    (sort expression, id): SQLite walks the sort index, or sorts what the filters select."""
    key = spec.sort_expression(sort)
    order = "DESC" if request.descending else "ASC"
    page_where, page_params = " AND ".join(where) or "1", list(params)
    if after:
        op = "<" if request.descending else ">"
        page_where += f' AND ({key}, "{spec.id_column}") {op} (?, ?)'
        page_params += after
    return db.query(
        f'SELECT * FROM "{spec.name}" WHERE {page_where} '
        f'ORDER BY {key} {order}, "{spec.id_column}" {order} LIMIT ?',
        [*page_params, request.first + 1],
    )


def _search_page(
    db: Database, spec: Table, request: ListRequest, after: list[Any] | None
) -> list[sqlite3.Row]:
    """The same rows as `_page` for a search by id with no other filter, read in the FTS
    index's own rowid order, which is id order (the build stores rows in primary-key order):
    FTS5 stops after a page instead of every match being looked up and sorted (a word in 5%
    of 1M statements: 118 ms -> 0.6 ms). The cursor (k, i) becomes a rowid bound: after it
    come the ids > k, and k itself when k > i (as the row value comparison in `_page` says)."""
    fts, table, id_column = f'"{spec.name}_fts"', f'"{spec.name}"', f'"{spec.id_column}"'
    assert request.search is not None
    where, params = [f"{fts} MATCH ?"], [search_match(request.search, request.syntax)]
    if not request.include_retired:
        where.append("t.record_status = 'active'")
    if after:
        key, last = after
        if request.descending:  # ids < k, and k when k < i: below the first rowid after them
            op = ">" if key < last else ">="
            bound = (
                f"(SELECT rowid FROM {table} WHERE {id_column} {op} ? ORDER BY {id_column} LIMIT 1)"
            )
            where.append(f"{fts}.rowid < coalesce({bound}, 9223372036854775807)")
        else:  # ids > k, and k when k > i: above the last rowid before
            op = "<" if key > last else "<="
            bound = (
                f"(SELECT rowid FROM {table} WHERE {id_column} {op} ? "
                f"ORDER BY {id_column} DESC LIMIT 1)"
            )
            where.append(f"{fts}.rowid > coalesce({bound}, 0)")
        params.append(key)
    order = "DESC" if request.descending else "ASC"
    return db.query(
        f"SELECT t.* FROM {fts} JOIN {table} t ON t.rowid = {fts}.rowid "
        f"WHERE {' AND '.join(where)} ORDER BY {fts}.rowid {order} LIMIT ?",
        [*params, request.first + 1],
    )


def facet(
    db: Database, request: ListRequest, name: str, enums: dict[tuple[str, str], list[str]]
) -> list[tuple[str | None, int]]:
    """Counts of each value of facet `name` over the rows a list request selects."""
    spec = db.catalogue[request.table]
    expressions = spec.facets
    if name not in expressions:
        raise QueryError("facet", f"cannot count by '{name}'; use one of {', '.join(expressions)}")
    where, params = _conditions(spec, request, enums)
    try:
        rows = db.query(
            f'SELECT {expressions[name]} AS value, count(*) AS n FROM "{spec.name}" '
            f"WHERE {' AND '.join(where) or '1'} GROUP BY value ORDER BY n DESC, value",
            params,
        )
    except sqlite3.OperationalError as exc:
        _search_error(request, exc)
        raise
    return [(row["value"], int(row["n"])) for row in rows]


def resolve_id(db: Database, table: str, key: str) -> tuple[sqlite3.Row | None, list[str]]:
    """The row for `key`, following replaced_by to the row that replaces it (with the path)."""
    spec = db.catalogue[table]
    path: list[str] = []
    current = key
    while True:
        rows = db.query(f'SELECT * FROM "{table}" WHERE "{spec.id_column}" = ?', [current])
        if not rows:
            return None, path
        row = rows[0]
        replacement = row["replaced_by"]
        if not replacement or replacement in path or replacement == current:
            return row, path
        path.append(current)
        current = replacement
