"""Search over the FTS5 indexes, with the matching words marked."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import Response

from statement_ledger.api.db import Database
from statement_ledger.api.explorer.pages import render
from statement_ledger.api.query import fts_count, retired_matches

OPEN, CLOSE = "\x02", "\x03"  # never in the text; become <mark> after escaping
LIMIT = 20  # hits of a table on a page (the overview shows the first page of each table)
LISTED_AT_MOST = 500  # hits of a table that can be paged through here; beyond, the API
# What a hit shows: table -> (title column, other columns shown), all searched columns.
SHOWN = {
    "statements": ("claim", ["quote", "speaker_as_reported"]),
    "contradictions": ("summary", ["resolution_note"]),
    "actors": ("name", ["aliases", "misspellings"]),
    "outlets": ("name", []),
    "articles": ("title", []),
    "events": ("name", ["description"]),
}


def marked(value: str | None, is_list: bool = False) -> Markup:
    """FTS5 highlight() output, escaped, with its markers turned into <mark>."""
    value = value or ""
    if is_list:  # stored as a JSON array
        value = value.removeprefix('["').removesuffix('"]').replace('","', ", ")
    text = str(escape(value)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return Markup(text)


@dataclass
class Hit:
    table: str
    id: str
    title: Markup
    details: list[tuple[str, Markup]]


# Beyond this many matches in a table, its hits are not ranked by relevance: bm25 is computed
# for every match (with the join, about 4 µs each; 25 ms for a word in 8% of 100k statements).
# They are listed in the order of the table's sort index instead, which SQLite walks until it
# has a page.
RANKED_AT_MOST = 500
# That order: table -> (sort column, descending, how the page words it).
BROAD_ORDER = {
    "statements": ("said_on", True, "newest first"),
    "contradictions": ("contradiction_id", False, "by id"),
    "actors": ("name", False, "by name"),
    "outlets": ("name", False, "by name"),
    "articles": ("published_on", True, "newest first"),
    "events": ("start_date", True, "latest first"),
}
WALK_AT_MOST = 20_000  # index entries read looking for a page of broad hits; beyond, sort them


@dataclass
class Results:
    query: str
    only: str | None = None  # the one table listed, page by page; None: the first page of each
    page: int = 1
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    orders: dict[str, str] = field(default_factory=dict)  # tables not ranked: their order
    rewritten: str | None = None  # the query as run, when the original was not valid FTS5


@dataclass
class Found:
    """One table's hits, how many active rows match, and their order when not by relevance."""

    hits: list[Hit]
    total: int
    order: str | None = None


def _marks(db: Database, table: str, shown: list[str]) -> str:
    columns = db.catalogue[table].search
    return ", ".join(
        f"highlight(\"{table}_fts\", {columns.index(c)}, '{OPEN}', '{CLOSE}') AS \"{c}\""
        for c in shown
    )


def _hit(db: Database, table: str, key: str, row: sqlite3.Row) -> Hit:
    title, others = SHOWN[table]
    lists = db.catalogue[table].lists
    details = [(c, marked(row[c], c in lists)) for c in others if row[c]]
    return Hit(table, key, marked(row[title]), details)


def matches_in(db: Database, table: str, match: str) -> int:
    """Rows of a table (retired ones too) that the query matches: FTS5 counts its own index.
    Raises sqlite3.OperationalError when the query is not valid FTS5."""
    return fts_count(db, f"{table}_fts", match)


def _table_hits(db: Database, table: str, match: str, matches: int, offset: int = 0) -> Found:
    """The hits of a table from `offset` on (LIMIT at most), and the active rows matching."""
    if not matches:
        return Found([], 0)
    if matches > RANKED_AT_MOST:
        return _broad_hits(db, table, match, matches, offset)
    fts = f'"{table}_fts"'
    title, others = SHOWN[table]
    rows = db.query(
        f'SELECT t."{db.catalogue[table].id_column}" AS id, {_marks(db, table, [title, *others])} '
        f'FROM {fts} JOIN "{table}" t ON t.rowid = {fts}.rowid '
        f"WHERE {fts} MATCH ? AND t.record_status = 'active' ORDER BY rank LIMIT ? OFFSET ?",
        [match, LIMIT, offset],
    )
    hits = [_hit(db, table, row["id"], row) for row in rows]
    every = matches <= LIMIT and not offset  # then the hits are every active match
    return Found(hits, len(hits) if every else _active_total(db, table, match, matches))


def _active_total(db: Database, table: str, match: str, matches: int) -> int:
    """The matches less those among the rows not active, counted in their own index."""
    return matches - retired_matches(db, table, match)


def _walk_bound(db: Database, table: str, key: str, descending: bool) -> str | None:
    """The sort key WALK_AT_MOST entries into a table's BROAD_ORDER (None: the table is
    shorter); the database does not change, so it is looked up once per table and data."""
    cached = (db.data_version, table, WALK_AT_MOST)
    if cached not in _BOUNDS:
        rows = db.query(
            f'SELECT {key} FROM "{table}" ORDER BY {key}{" DESC" if descending else ""} '
            "LIMIT 1 OFFSET ?",
            [WALK_AT_MOST],
        )
        _BOUNDS[cached] = rows[0][0] if rows else None
    return _BOUNDS[cached]


_BOUNDS: dict[tuple[str, str, int], str | None] = {}


def _broad_hits(db: Database, table: str, match: str, matches: int, offset: int = 0) -> Found:
    """A page of a table's hits in its BROAD_ORDER: SQLite walks the sort index (the first
    WALK_AT_MOST entries at most) and keeps the entries that match. If the matches lie beyond
    that, it sorts them all. Then the words are marked in the rows of the page only."""
    column, descending, words = BROAD_ORDER[table]
    id_column = db.catalogue[table].id_column
    key = db.catalogue[table].sort_expression(column)
    direction = " DESC" if descending else ""
    keys = f"{key}{direction}" + (f', "{id_column}"{direction}' if column != id_column else "")
    matching = f'rowid IN (SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH ?)'
    # `+rowid` keeps SQLite on the sort index while walking; plain, it starts from the matches
    select = f'SELECT rowid, "{id_column}" AS id FROM "{table}" WHERE +{matching} '
    from_matches = f'SELECT rowid, "{id_column}" AS id FROM "{table}" WHERE {matching} '
    active = "AND record_status = 'active'"
    total = _active_total(db, table, match, matches)
    bound = _walk_bound(db, table, key, descending)
    within = f"AND {key} {'>=' if descending else '<='} ?" if bound is not None else ""
    rows = db.query(
        f"{select} {active} {within} ORDER BY {keys} LIMIT ? OFFSET ?",
        [match, *([bound] if bound is not None else []), LIMIT, offset],
    )
    if len(rows) < min(LIMIT, total - offset):  # beyond the walk: from the matches, sorted
        rows = db.query(
            f"{from_matches} {active} ORDER BY {keys} LIMIT ? OFFSET ?", [match, LIMIT, offset]
        )
    if not rows:
        return Found([], total, words)
    title, others = SHOWN[table]
    marks = ", ".join("?" for _ in rows)
    marked_rows = {
        r["rowid"]: r
        for r in db.query(
            f'SELECT rowid, {_marks(db, table, [title, *others])} FROM "{table}_fts" '
            f'WHERE "{table}_fts" MATCH ? AND +rowid IN ({marks})',
            [match, *(r["rowid"] for r in rows)],
        )
    }
    hits = [_hit(db, table, r["id"], marked_rows[r["rowid"]]) for r in rows]
    return Found(hits, total, words)


def as_phrases(query: str) -> str:
    """Each word of a query that FTS5 cannot parse as a quoted phrase (so 'Nagorno-Karabakh'
    and 'U.S.' work)."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in query.split())


def last_page(total: int) -> int:
    """The last page of a table's hits that can be listed here (LISTED_AT_MOST of them)."""
    return max(1, -(-min(total, LISTED_AT_MOST) // LIMIT))


def search(db: Database, query: str, only: str | None = None, page: int = 1) -> Results:
    """The first page of hits of every table; or, with `only`, page `page` of that table's
    (clamped to 1 … its last page)."""
    tables = [only] if only in SHOWN else list(SHOWN)
    results = Results(query, only=tables[0] if len(tables) == 1 else None)
    match = query
    try:  # the first count tells whether FTS5 can parse the query
        first = matches_in(db, tables[0], match)
    except sqlite3.OperationalError:
        match = as_phrases(query)
        results.rewritten = match
        first = matches_in(db, tables[0], match)
    if results.only:
        results.page = min(max(page, 1), last_page(_active_total(db, tables[0], match, first)))
    offset = (results.page - 1) * LIMIT
    for table in tables:
        matches = first if table == tables[0] else matches_in(db, table, match)
        found = _table_hits(db, table, match, matches, offset)
        results.hits[table] = found.hits
        results.totals[table] = found.total
        if found.order and found.hits:
            results.orders[table] = found.order
    return results


def search_page(request: Request, db: Database) -> Response:
    params = request.query_params
    query = params.get("q", "").strip()[:500]
    if not query:
        return render(request, "search.html", {"title": "Search", "results": None, "q": ""})
    only = params.get("in")
    try:
        page = int(params.get("page", "1"))
    except ValueError:
        page = 1
    results = search(db, query, only if only in SHOWN else None, page)
    title = f"Search: {query}" + (f" ({results.only}, page {results.page})" if results.only else "")
    return render(request, "search.html", {
        "title": title, "results": results, "q": query, "ranked_at_most": RANKED_AT_MOST,
        "limit": LIMIT, "listed_at_most": LISTED_AT_MOST, "last_page": last_page,
    })  # fmt: skip
