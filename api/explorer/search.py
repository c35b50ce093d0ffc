"""Search over the FTS5 indexes, with the matching words marked."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from statement_ledger.api.build import SEARCH_COLUMNS
from statement_ledger.api.db import Database
from statement_ledger.api.query import SPECS

OPEN, CLOSE = "\x02", "\x03"  # never in the text; become <mark> after escaping
LIMIT = 50
# What a hit shows: table -> (title column, other columns shown), all searched columns.
SHOWN = {
    "statements": ("claim", ["quote", "speaker_as_reported"]),
    "contradictions": ("summary", ["resolution_note"]),
    "actors": ("name", ["aliases", "misspellings"]),
    "outlets": ("name", []),
    "articles": ("title", []),
    "events": ("name", ["description"]),
}


def marked(value: str | None, column: str = "") -> Markup:
    """FTS5 highlight() output, escaped, with its markers turned into <mark>."""
    value = value or ""
    if column in ("aliases", "misspellings"):  # stored as a JSON array
        value = value.removeprefix('["').removesuffix('"]').replace('","', ", ")
    text = str(escape(value)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return Markup(text)


@dataclass
class Hit:
    table: str
    id: str
    title: Markup
    details: list[tuple[str, Markup]]


@dataclass
class Results:
    query: str
    hits: dict[str, list[Hit]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    rewritten: str | None = None  # the query as run, when the original was not valid FTS5


def _table_hits(db: Database, table: str, match: str) -> tuple[list[Hit], int]:
    columns = SEARCH_COLUMNS[table]
    title, others = SHOWN[table]
    id_column = SPECS[table].id_column
    shown = [title, *others]
    marks = ", ".join(
        f"highlight(\"{table}_fts\", {columns.index(c)}, '{OPEN}', '{CLOSE}') AS \"{c}\""
        for c in shown
    )
    where = f"\"{table}_fts\" MATCH ? AND t.record_status = 'active'"
    joined = f'"{table}_fts" JOIN "{table}" t ON t.rowid = "{table}_fts".rowid'
    total = db.query(f"SELECT count(*) FROM {joined} WHERE {where}", [match])[0][0]
    rows = db.query(
        f'SELECT t."{id_column}" AS id, {marks} FROM {joined} WHERE {where} ORDER BY rank LIMIT ?',
        [match, LIMIT],
    )
    hits = [
        Hit(
            table, row["id"], marked(row[title]), [(c, marked(row[c], c)) for c in others if row[c]]
        )
        for row in rows
    ]
    return hits, int(total)


def as_phrases(query: str) -> str:
    """Each word of a query that FTS5 cannot parse as a quoted phrase (so 'Nagorno-Karabakh'
    and 'U.S.' work)."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in query.split())


def search(db: Database, query: str) -> Results:
    results = Results(query)
    match = query
    try:  # the first table tells whether FTS5 can parse the query; its hits are kept
        first = _table_hits(db, "statements", match)
    except sqlite3.OperationalError:
        match = as_phrases(query)
        results.rewritten = match
        first = _table_hits(db, "statements", match)
    for table in SHOWN:
        hits, total = first if table == "statements" else _table_hits(db, table, match)
        results.hits[table] = hits
        results.totals[table] = total
    return results
