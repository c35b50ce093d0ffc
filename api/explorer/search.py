"""Search over the FTS5 indexes, with the matching words marked and what identifies each hit."""

from __future__ import annotations

import functools
import json
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from statement_ledger.api.db import Database
from statement_ledger.api.explorer.formats import escaped
from statement_ledger.api.explorer.hits import (
    CLOSE,
    OPEN,
    SHOWN,
    Hit,
    hit_items,
    identify,
    identity,
    identity_columns,
    marked,
)
from statement_ledger.api.explorer.pages import render_main
from statement_ledger.api.explorer.store import directory
from statement_ledger.api.query import QueryError, invalid_search, search_match
from statement_ledger.api.search_terms import FTS, SYNTAXES, WORDS, as_words
from statement_ledger.database import layout
from statement_ledger.database.layout import (
    FIRST,
    FIRST_LISTED,
    ORDERED_FTS,
    ORDERED_ROWS,
    RANKED,
    RETIRED_FTS,
    SEARCH_FORMS_TABLE,
    TERMS,
    TOKEN_CHARACTERS,
    TOKENIZE,
    broad_keys,
)

LIMIT = 20  # hits on a page of one table's hits
# Hits of each table on the overview (OVERVIEW_OTHERS unless named; never more than LIMIT): the
# first of each, with a link to all of them. Each hit costs its highlight() and the lookups
# that identify it; 20 of every table made the page 30 KB and over the API's latency budget.
OVERVIEW = {"statements": 10}
OVERVIEW_OTHERS = 5
LISTED_AT_MOST = 500  # hits of a table that can be paged through here; beyond, the API


# Beyond this many matches in a table, its hits are not ranked by relevance: bm25 is computed
# for every match (with the join, about 4 µs each; 25 ms for a word in 8% of 100k statements).
# They are listed in the order of the table's sort index instead, which SQLite walks until it
# has a page (a search of one term reads the build's index of the rows in that order instead,
# `_term_hits`).
RANKED_AT_MOST = layout.RANKED_AT_MOST
# That order (`layout.BROAD_ORDER`): table -> (sort column, descending, how the page words it).
ORDER_WORDS = {
    "statements": "newest first",
    "contradictions": "by id",
    "actors": "by name",
    "outlets": "by name",
    "articles": "newest first",
    "events": "latest first",
}
BROAD_ORDER = {
    table: (column, descending, ORDER_WORDS[table])
    for table, (column, descending) in layout.BROAD_ORDER.items()
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
    notes: dict[str, Markup] = field(default_factory=dict)  # above a table's hits
    syntax: str = WORDS


@dataclass
class Found:
    """One table's hits, how many active rows match, and their order when not by relevance."""

    hits: list[Hit]
    total: int
    order: str | None = None


def _marks(db: Database, table: str, shown: list[str], index: str = "") -> str:
    """highlight() of the columns `shown` in the full-text index `index` (`{table}_fts`)."""
    columns = db.catalogue[table].search
    index = index or f"{table}_fts"
    return ", ".join(
        f"highlight(\"{index}\", {columns.index(c)}, '{OPEN}', '{CLOSE}') AS \"{c}\"" for c in shown
    )


def _hits(
    db: Database,
    table: str,
    rows: Iterable[Mapping[str, Any] | sqlite3.Row],
    mark: Callable[[str], str] | None = None,
) -> list[Hit]:
    """The hits of rows of `table` (each with its id as "id"): their marked columns and their
    IDENTITY (what a hit shows and the names looked up once per page, not per hit). The
    columns come marked by highlight(), or are marked here by `mark` (`_marker`)."""
    title, others = _shape(db, table)
    names = directory(db)
    mark = mark or _as_marked
    return [
        Hit(
            table,
            row["id"],
            marked(mark(row[title] or "")),
            [(c, marked(mark(row[c]), is_list)) for c, is_list in others if row[c]],
            identity(names, table, row),
        )
        for row in rows
    ]


def _as_marked(text: str) -> str:
    """A text highlight() has marked already."""
    return text


def _marker(db: Database, forms: tuple[str, ...]) -> Callable[[str], str] | None:
    """What marks a term's words in a text as highlight() marks them in the indexes: each of
    its written `forms` (SEARCH_FORMS_TABLE, `_term_counts`) with no token character
    (TOKEN_CHARACTERS) just before or after it. None without forms (a search then reads
    highlight()). At 100k statements highlight() cost a page of 10 statement hits 140 µs of
    its 220, and a page of ranked hits of another table read every match of the term (up to
    RANKED_AT_MOST) to mark 5 of them: 85-130 µs."""
    if not forms:
        return None
    klass, starting, continuing = _token_characters(db)
    return functools.partial(mark_forms, forms_pattern(forms, klass), starting, continuing)


def mark_forms(
    pattern: re.Pattern[str], starting: frozenset[str], continuing: frozenset[str], text: str
) -> str:
    """`text` with OPEN and CLOSE around each word found by `pattern` (`forms_pattern`) where
    a token starts: not after a character that starts a token (`starting`) and any that only
    continue one (`continuing`: diacritics, which start none)."""
    first = pattern.search(text)
    if first is None:  # most columns of a hit: 0.4 µs, where the loop below took 1.2 µs
        return text
    out: list[str] = []
    last = 0
    for found in pattern.finditer(text, first.start()):
        start = found.start()
        before = start - 1
        while before >= 0 and text[before] in continuing:
            before -= 1
        if before >= 0 and text[before] in starting:
            continue  # the end of a longer word (the pattern found its end: none starts here)
        out += (text[last:start], OPEN, found.group(), CLOSE)
        last = found.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _token_characters(db: Database) -> tuple[str, frozenset[str], frozenset[str]]:
    """The characters of the searched text that start a token and those that only continue
    one (TOKEN_CHARACTERS): all of them as a character class for a regular expression, then
    each kind as a set."""

    def read() -> tuple[str, frozenset[str], frozenset[str]]:
        starting, continuing = (str(k) for k in json.loads(db.meta[TOKEN_CHARACTERS]))
        klass = "".join(re.escape(c) for c in starting + continuing)
        return klass, frozenset(starting), frozenset(continuing)

    return db.memo(("search", "token characters"), read)


@functools.lru_cache(maxsize=1024)
def forms_pattern(forms: tuple[str, ...], inside: str) -> re.Pattern[str]:
    """The forms, longest first (so that a form is not found as the start of a longer one),
    each with no token character (`inside`, a character class) after it: where one is found,
    what precedes it is tested by `mark_forms`. Kept for 1,024 terms."""
    ordered = sorted(forms, key=lambda f: (-len(f), f))
    after = f"(?![{inside}])" if inside else ""
    return re.compile("(?:" + "|".join(re.escape(f) for f in ordered) + ")" + after)


def _shape(db: Database, table: str) -> tuple[str, list[tuple[str, bool]]]:
    """What a hit of `table` shows (SHOWN): its title column, and the others with whether each
    is a list (a JSON array)."""

    def compute() -> tuple[str, list[tuple[str, bool]]]:
        title, others = SHOWN[table]
        lists = db.catalogue[table].lists
        return title, [(c, c in lists) for c in others]

    return db.memo(("search", "shape", table), compute)


@dataclass
class Counted:
    """How many rows of a table a query matches (retired ones too), and how many of those are
    retired (counted in the table's index of rows not active, `build.RETIRED_FTS`)."""

    matches: int
    retired: int

    @property
    def active(self) -> int:
        return self.matches - self.retired


def counted(db: Database, tables: list[str], match: str) -> dict[str, Counted]:
    """The matches of every table in `tables`, all counted by FTS5 in one statement (one query
    a count cost a search page a dozen queries). Raises sqlite3.OperationalError when the
    query is not valid FTS5."""
    indexes = [index for table in tables for index in (f"{table}_fts", f"{table}{RETIRED_FTS}")]
    row = db.query(
        "SELECT "
        + ", ".join(f'(SELECT count(*) FROM "{i}" WHERE "{i}" MATCH ?1)' for i in indexes),
        [match],
    )[0]
    return {table: Counted(int(row[2 * n]), int(row[2 * n + 1])) for n, table in enumerate(tables)}


def _precomputed(db: Database) -> bool:
    """Whether the database holds what a one-word search reads (`build._search_orders`); one
    built before has not, and its searches all take the general path."""

    def present() -> bool:
        ends = (ORDERED_FTS, ORDERED_ROWS, TERMS, RANKED, FIRST)
        names = sorted([*(f"{t}{end}" for t in SHOWN for end in ends), SEARCH_FORMS_TABLE])
        found = db.query(
            f"SELECT count(*) FROM sqlite_master WHERE name IN ({', '.join('?' * len(names))})",
            names,
        )
        return int(found[0][0]) == len(names)

    return db.memo(("search", "precomputed"), present)


def one_term(query: str, match: str) -> str | None:
    """The term FTS5 looks up for a search of one word (in WORDS syntax, `match` its MATCH
    expression) that its tokenizer reads as one token; None for any other search."""
    words = query.split()
    if len(words) != 1 or as_words(words[0]) != match:
        return None
    tokens = _tokens(words[0])
    return tokens[0] if len(tokens) == 1 else None


@functools.lru_cache(maxsize=4096)
def _tokens(word: str) -> tuple[str, ...]:
    """The terms of `word`, one per token, as the indexes' tokenizer (TOKENIZE) makes them: the
    word is put in a scratch index and read back through fts5vocab, never stemmed here."""
    scratch = _scratch("words", ["word"])
    scratch.execute(
        'CREATE VIRTUAL TABLE IF NOT EXISTS "words_vocab" USING fts5vocab("words_fts", instance)'
    )
    scratch.execute("BEGIN")
    try:
        scratch.execute('INSERT INTO "words_fts"(rowid, word) VALUES (1, ?)', [word])
        terms = scratch.execute('SELECT term FROM "words_vocab" ORDER BY "offset"').fetchall()
    finally:
        scratch.execute("ROLLBACK")
    return tuple(str(t[0]) for t in terms)


def _term_counts(
    db: Database, tables: list[str], term: str
) -> tuple[dict[str, Counted], tuple[str, ...]]:
    """What `counted` counts for a search of the one term `term`, read from each table's
    `{table}{TERMS}`, and the term's written forms (SEARCH_FORMS_TABLE, in order), in one
    statement."""

    def sql() -> str:
        return "SELECT " + ", ".join(
            [
                *(
                    f'(SELECT {c} FROM "{t}{TERMS}" WHERE term = ?1)'
                    for t in tables
                    for c in ("matches", "retired")
                ),
                "(SELECT group_concat(form, char(10)) FROM (SELECT form FROM "
                f'"{SEARCH_FORMS_TABLE}" WHERE term = ?1 ORDER BY form))',
            ]
        )

    row = db.query(db.memo(("search", "terms", *tables), sql), [term])[0]
    counts = {
        t: Counted(int(row[2 * n] or 0), int(row[2 * n + 1] or 0)) for n, t in enumerate(tables)
    }
    forms = row[2 * len(tables)]  # a newline is never in a form: it separates tokens
    return counts, tuple(str(forms).split("\n")) if forms else ()


def _term_hits(
    db: Database,
    table: str,
    term: str,
    match: str,
    count: Counted,
    offset: int = 0,
    limit: int = 0,
    mark: Callable[[str], str] | None = None,
) -> Found:
    """The hits `_table_hits` finds, for a search of the one term `term` (`match`), from what
    the build keeps for it, marked by `mark` (`_marker`). Beyond RANKED_AT_MOST matches, the
    first page is read in `{table}{FIRST}`, a later one from the start of
    `{table}{ORDERED_FTS}` (its rowids follow BROAD_ORDER), which stops after it. Fewer are
    ranked in `{table}{RANKED}`: the page's rows are read there by position. A term without
    its list, or without forms to mark, is searched for as the general path searches."""
    limit = limit or LIMIT
    if not count.matches:
        return Found([], 0)
    if mark is None:
        return _table_hits(db, table, match, count, offset, limit)
    broad, ranked, first = db.memo(("search", "term", table), lambda: _term_sql(db, table))
    if count.matches > RANKED_AT_MOST:
        order = BROAD_ORDER[table][2]
        if offset + limit <= FIRST_LISTED:
            rows = db.query(first, [term, limit, offset])
            if rows or count.active <= offset:
                return Found(_hits(db, table, rows, mark), count.active, order)
        rows = db.query(broad, [match, limit, offset])
        return Found(_hits(db, table, rows, mark), count.active, order)
    rows = db.query(ranked, [term, limit, offset])
    if not rows:  # past the last active row, or no ranked list is kept for this term
        if count.active > offset:
            return _table_hits(db, table, match, count, offset, limit)
        return Found([], count.active)
    return Found(_hits(db, table, rows, mark), count.active)


def _term_sql(db: Database, table: str) -> tuple[str, str, str]:
    """The statements `_term_hits` runs for `table`, reading the columns a hit shows as they
    are: a page of broad hits (parameters: match, limit, offset), a page of the ranked list
    and one of the first broad hits (term, limit, offset)."""
    title, others = SHOWN[table]
    columns = ", ".join(
        [f't."{db.catalogue[table].id_column}" AS id', *(f't."{c}"' for c in [title, *others])]
    )
    identity = identity_columns(table, "t")
    index = f"{table}{ORDERED_FTS}"
    broad = (
        f'SELECT {columns}, {identity} FROM "{index}" JOIN "{table}{ORDERED_ROWS}" o '
        f'ON o.position = "{index}".rowid JOIN "{table}" t ON t.rowid = o.row '
        f'WHERE "{index}" MATCH ? ORDER BY "{index}".rowid LIMIT ? OFFSET ?'
    )
    ranked, first = (
        f'SELECT {columns}, {identity} FROM "{table}{suffix}" r JOIN "{table}" t '
        "ON t.rowid = r.row WHERE r.term = ? ORDER BY r.position LIMIT ? OFFSET ?"
        for suffix in (RANKED, FIRST)
    )
    return broad, ranked, first


def _table_hits(
    db: Database, table: str, match: str, count: Counted, offset: int = 0, limit: int = 0
) -> Found:
    """The hits of a table from `offset` on (`limit`, or LIMIT, at most), and the active rows
    matching."""
    limit = limit or LIMIT
    if not count.matches:
        return Found([], 0)
    if count.matches > RANKED_AT_MOST:
        return _broad_hits(db, table, match, count.active, offset, limit)
    fts = f'"{table}_fts"'
    title, others = SHOWN[table]
    rows = db.query(
        f'SELECT t."{db.catalogue[table].id_column}" AS id, {_marks(db, table, [title, *others])}, '
        f'{identity_columns(table, "t")} FROM {fts} JOIN "{table}" t ON t.rowid = {fts}.rowid '
        f"WHERE {fts} MATCH ? AND t.record_status = 'active' ORDER BY rank LIMIT ? OFFSET ?",
        [match, limit, offset],
    )
    hits = _hits(db, table, rows)
    return Found(hits, count.active)


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


def _broad_hits(db: Database, table: str, match: str, total: int, offset: int, limit: int) -> Found:
    """A page of a table's hits in its BROAD_ORDER: SQLite walks the sort index (the first
    WALK_AT_MOST entries at most) and keeps the entries that match. If the matches lie beyond
    that, it sorts them all. Then the words are marked in the rows of the page only."""
    column, descending, words = BROAD_ORDER[table]
    id_column = db.catalogue[table].id_column
    key = db.catalogue[table].sort_expression(column)
    keys = broad_keys(key, id_column, column, descending)
    matching = f'rowid IN (SELECT rowid FROM "{table}_fts" WHERE "{table}_fts" MATCH ?)'
    columns = f'rowid, "{id_column}" AS id'
    # `+rowid` keeps SQLite on the sort index while walking; plain, it starts from the matches
    select = f'SELECT {columns} FROM "{table}" WHERE +{matching} '
    from_matches = f'SELECT {columns} FROM "{table}" WHERE {matching} '
    active = "AND record_status = 'active'"
    bound = _walk_bound(db, table, key, descending)
    within = f"AND {key} {'>=' if descending else '<='} ?" if bound is not None else ""
    rows = db.query(
        f"{select} {active} {within} ORDER BY {keys} LIMIT ? OFFSET ?",
        [match, *([bound] if bound is not None else []), limit, offset],
    )
    if len(rows) < min(limit, total - offset):  # beyond the walk: from the matches, sorted
        rows = db.query(
            f"{from_matches} {active} ORDER BY {keys} LIMIT ? OFFSET ?", [match, limit, offset]
        )
    return _marked_hits(db, table, match, [r["rowid"] for r in rows], total, words)


def _marked_hits(
    db: Database, table: str, match: str, rowids: list[int], total: int, order: str | None
) -> Found:
    """The hits of the rows `rowids` of `table`, in that order, their words marked."""
    if not rowids:
        return Found([], total, order)
    page = _read_marked(db, table, match, rowids)
    return Found(_hits(db, table, (page[r] for r in rowids)), total, order)


def _read_marked(db: Database, table: str, match: str, rowids: list[int]) -> dict[int, Any]:
    """The rows `rowids` of `table` by rowid, what identifies each (`identity_columns`) and the
    columns a hit shows, those with the matching words marked as FTS5's highlight() marks them.

    highlight() in the table's own index walks every match of `match` to reach these rows (0.6
    ms for a word in 8% of 100k statements; a `rowid =` probe per row is a new full-text query
    each, 60 µs), so the rows are read by rowid and marked in a scratch index holding only them:
    the same columns and tokenizer, so the same words are marked."""
    title, others = SHOWN[table]
    shown = [title, *others]
    search_columns = list(db.catalogue[table].search)
    marks = ", ".join("?" for _ in rowids)
    rows = db.query(
        f'SELECT t.rowid AS rowid, t."{db.catalogue[table].id_column}" AS id, '
        f"{', '.join(f't.{_q(c)}' for c in search_columns)}, "
        f'{identity_columns(table, "t")} FROM "{table}" t WHERE t.rowid IN ({marks})',
        rowids,
    )
    scratch = _scratch(table, search_columns)
    name = _q(f"{table}_fts")
    scratch.execute("BEGIN")  # rolled back: cheaper than deleting the rows (0.1 ms vs 0.4)
    try:
        scratch.executemany(
            f"INSERT INTO {name}(rowid, {', '.join(map(_q, search_columns))}) "
            f"VALUES (?{', ?' * len(search_columns)})",
            [[r["rowid"], *(r[c] for c in search_columns)] for r in rows],
        )
        marked_columns = {
            r[0]: r[1:]
            for r in scratch.execute(
                f"SELECT rowid, {_marks(db, table, shown)} FROM {name} WHERE {name} MATCH ?",
                [match],
            )
        }
    finally:
        scratch.execute("ROLLBACK")
    page = {}
    for row in rows:
        values = dict(zip(row.keys(), row, strict=True))
        # every row shown matched in the table's index, so it matches here; were it not, it
        # would be shown unmarked rather than not at all
        values.update(zip(shown, marked_columns.get(row["rowid"], ()), strict=False))
        page[row["rowid"]] = values
    return page


def _q(name: str) -> str:
    return f'"{name}"'


class _Scratches(threading.local):
    """Per thread, an in-memory database with an index like each searchable table's (`_scratch`)."""

    def __init__(self) -> None:
        self.connection: sqlite3.Connection | None = None
        self.made: set[tuple[str, tuple[str, ...]]] = set()


_SCRATCHES = _Scratches()


def _scratch(table: str, columns: list[str]) -> sqlite3.Connection:
    """This thread's scratch database, with an empty FTS5 index `{table}_fts` over `columns`
    made with the tokenizer of the built indexes (`layout.TOKENIZE`); outside a transaction."""
    scratch = _SCRATCHES
    if scratch.connection is None:
        scratch.connection = sqlite3.connect(":memory:", isolation_level=None)
    made = (table, tuple(columns))
    if made not in scratch.made:
        name = _q(f"{table}_fts")
        scratch.connection.execute(f"DROP TABLE IF EXISTS {name}")
        scratch.connection.execute(
            f"CREATE VIRTUAL TABLE {name} USING fts5({', '.join(map(_q, columns))}, {TOKENIZE})"
        )
        scratch.made.add(made)
    return scratch.connection


def last_page(total: int) -> int:
    """The last page of a table's hits that can be listed here (LISTED_AT_MOST of them)."""
    return max(1, -(-min(total, LISTED_AT_MOST) // LIMIT))


def search(
    db: Database,
    query: str,
    only: str | None = None,
    page: int = 1,
    syntax: str = WORDS,
    precomputed: bool = True,
) -> Results:
    """The first page of hits of every table; or, with `only`, page `page` of that table's
    (clamped to 1 … its last page). The query is read in `syntax` (search_terms); QueryError
    when it cannot be run (in FTS syntax, when SQLite cannot parse it). A search of one word
    reads what the build precomputed for it (`_term_hits`), unless `precomputed` is False or
    the database has none: the same page, found by the general path."""
    match = search_match(query, syntax)
    term = None
    if precomputed and syntax == WORDS and _precomputed(db):
        term = one_term(query, match)
    try:
        return _search(db, query, match, only, page, syntax, term)
    except sqlite3.OperationalError as exc:
        if syntax != FTS:
            raise
        raise invalid_search(exc) from None


def _search(
    db: Database,
    query: str,
    match: str,
    only: str | None,
    page: int,
    syntax: str,
    term: str | None,
) -> Results:
    tables = [only] if only in SHOWN else list(SHOWN)
    results = Results(query, only=tables[0] if len(tables) == 1 else None, syntax=syntax)
    mark = None
    if term is None:
        counts = counted(db, tables, match)
    else:
        counts, forms = _term_counts(db, tables, term)
        mark = _marker(db, forms)
    if results.only:
        results.page = min(max(page, 1), last_page(counts[tables[0]].active))
    offset = (results.page - 1) * LIMIT
    for table in tables:
        shown = LIMIT if results.only else min(LIMIT, OVERVIEW.get(table, OVERVIEW_OTHERS))
        if term is None:
            found = _table_hits(db, table, match, counts[table], offset, shown)
        else:
            found = _term_hits(db, table, term, match, counts[table], offset, shown, mark)
        results.hits[table] = found.hits
        results.totals[table] = found.total
        results.notes[table] = identify(db, table, found.hits)
        if found.order and found.hits:
            results.orders[table] = found.order
    return results


def search_page(request: Request, db: Database) -> Response:
    params = request.query_params
    query = params.get("q", "").strip()
    syntax = params.get("syntax") or WORDS
    if not query:
        return render_main(
            request, {"title": "Search", "q": query, "main": main_html(query, syntax)}
        )
    only = params.get("in")
    try:
        page = int(params.get("page", "1"))
    except ValueError:
        page = 1
    try:
        if syntax not in SYNTAXES:
            raise QueryError("syntax", f"“{syntax[:40]}” is not {' or '.join(SYNTAXES)}")
        results = search(db, query, only if only in SHOWN else None, page, syntax)
    except QueryError as exc:
        main = main_html(query, syntax, error=exc.message)
        return render_main(request, {"title": "Search", "q": query, "main": main}, 400)
    title = f"Search: {query}" + (f" ({results.only}, page {results.page})" if results.only else "")
    return render_main(
        request, {"title": title, "q": query, "main": main_html(query, syntax, results)}
    )


def main_html(query: str, syntax: str, results: Results | None = None, error: str = "") -> str:
    """The page below the header: the search form, what is wrong with the search, if
    anything, and the results (written here, so the page goes in base.html's frame without
    Jinja: `pages.render_main`)."""
    out = [
        '\n<h1>Search</h1>\n<form class="big-search" role="search" action="/search" method="get">\n'
        '  <label for="q">Words to find: every word must occur, in any order; <em>warn</em> also '
        "finds <em>warned</em>, <em>warning</em> and <em>warns</em></label>\n"
        f'  <div><input id="q" name="q" type="search" value="{escaped(query)}">'
    ]
    if results is not None and results.only:
        out.append(f'<input type="hidden" name="in" value="{escaped(results.only)}">')
    fts = syntax == FTS
    out.append(
        ' <button type="submit">Search</button></div>\n  <p class="syntax-choice"><input '
        'id="syntax" name="syntax" type="checkbox" value="fts" aria-describedby="syntax-hint"'
        f'{" checked" if fts else ""}> <label for="syntax">Read as a query in FTS5 syntax</label> '
        '<span id="syntax-hint" class="meta">(for <code>invad*</code>, <code>"territorial '
        'integrity"</code>, <code>Blinken NOT Miller</code>, <code>quote:Azerbaijan</code>)'
        "</span></p>\n</form>\n"
    )
    if error:
        out.append(f'<p class="warning" role="alert">This search cannot be run: {escaped(error)}.')
        if fts:
            out.append(
                f' <a href="/search?q={escaped(quote(query, safe="/"))}">Search for the words as '
                "typed</a>."
            )
        out.append("</p>")
    out.append("\n")
    if results is not None:
        out.append(f"\n{results_html(results)}")
    out.append("\n")
    return "".join(out)


LABELS = {
    "statements": "Statements",
    "contradictions": "Contradictions",
    "actors": "People and bodies",
    "outlets": "Outlets",
    "articles": "Articles",
    "events": "Events",
}


def results_html(results: Results) -> Markup:
    """The results part of a search page: the totals, then each table's hits with their order,
    note, pages or the link to all of them (written here, not in the template: its loops and
    filters cost the page more than a table's hits)."""
    query, also = escaped(results.query), "&amp;syntax=fts" if results.syntax == FTS else ""
    address = escaped(quote(results.query, safe="/"))
    out = []
    if results.only:
        total = results.totals[results.only]
        out.append(
            f"<p>{total} {LABELS[results.only].lower()} match &ldquo;{query}&rdquo;. "
            f'<a href="/search?q={address}{also}">Results of every kind</a></p>\n'
        )
    else:
        out.append(f"<p>{sum(results.totals.values())} results for &ldquo;{query}&rdquo;.</p>\n")
    first = (results.page - 1) * LIMIT + 1
    for table, hits in results.hits.items():
        if not hits:
            continue
        total, label = results.totals[table], LABELS[table]
        out.append(
            f'<section aria-labelledby="r-{table}">\n<h2 id="r-{table}">{label} ({total})</h2>\n'
        )
        if table in results.orders:
            out.append(
                f'<p class="order">More than {RANKED_AT_MOST} match: too many to rank by '
                f"relevance, so they are listed {results.orders[table]}. Add words to rank "
                "them.</p>\n"
            )
        else:
            out.append('<p class="order">Best matches first.</p>\n')
        out.append(
            f'{results.notes[table]}\n<ol class="list results" start="{first}">\n'
            f"{hit_items(table, hits)}</ol>\n"
        )
        in_table = f"/search?q={address}&amp;in={table}"
        if results.only:
            last = last_page(total)
            out.append(
                f'<nav class="pages" aria-label="Pages of {label.lower()}"><p>{first}&ndash;'
                f"{first + len(hits) - 1} of {total}, page {results.page} of {last}.\n"
            )
            if results.page > 1:
                out.append(
                    f'<a rel="prev" href="{in_table}&amp;page={results.page - 1}{also}">'
                    "Previous page</a>"
                )
            out.append("\n")
            if results.page < last:
                out.append(
                    f'<a rel="next" href="{in_table}&amp;page={results.page + 1}{also}">'
                    "Next page</a>"
                )
            out.append("</p>\n")
            if total > LISTED_AT_MOST:
                api = f"/api/v1/{table}?search="
                out.append(
                    f'<p class="hint">Only the first {LISTED_AT_MOST} are listed here: add words '
                    f"to narrow the search, or page through all {total} with the API: "
                    f'<a href="{api}{address}{also}">{api}{query}{also}</a>.</p>'
                )
            out.append("</nav>\n")
        elif total > len(hits):
            out.append(
                f'<p class="more"><a href="{in_table}{also}">All {total} {label.lower()} '
                f"matching &ldquo;{query}&rdquo;</a></p>\n"
            )
        out.append("</section>\n")
    return Markup("".join(out))
