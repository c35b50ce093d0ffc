"""What the pages read: rows by id in batches, so a page costs a fixed number of queries."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from statement_ledger.api import relations
from statement_ledger.api.db import Database
from statement_ledger.database.layout import FILES_TABLE, QUOTE_SPANS_TABLE

Row = dict[str, Any]


def as_dict(db: Database, row: sqlite3.Row) -> Row:
    """A row as a dict, list cells (stored as JSON arrays) decoded."""
    out = dict(zip(row.keys(), row))  # noqa: B905 (dict(row) looks each key up by name)
    for key in db.catalogue.list_columns:
        if isinstance(out.get(key), str):
            out[key] = json.loads(out[key])
    return out


def as_dicts(db: Database, rows: list[sqlite3.Row]) -> list[Row]:
    """Rows of one query as dicts, list cells decoded: the columns to decode found once for
    all the rows (as_dict looks for every list column in each row)."""
    if not rows:
        return []
    keys = rows[0].keys()
    return _decoded(db, [dict(zip(keys, row)) for row in rows])  # noqa: B905 (its query's keys)


def _decoded(db: Database, rows: list[Row]) -> list[Row]:
    """Rows with the same keys, their list cells decoded (the columns found once)."""
    for key in [key for key in rows[0] if key in db.catalogue.list_columns] if rows else ():
        for found in rows:
            if isinstance(found[key], str):
                found[key] = json.loads(found[key])
    return rows


def by_ids(
    db: Database, table: str, ids: Iterable[str | None], columns: Sequence[str] | None = None
) -> dict[str, Row]:
    """Rows of `table` for the given ids, by id (whole rows, or the id and `columns`)."""
    found = relations.by_ids(db, table, ids, columns)
    return dict(zip(found, as_dicts(db, list(found.values()))))  # noqa: B905 (as many)


def named(db: Database, table: str, ids: Iterable[str | None]) -> dict[str, Row]:
    """The actors or outlets with the given ids, by id, each as its id and name: what
    `by_ids(db, table, ids, ("name",))` reads, taken from the names every list shows
    (`directory`, read once per database) instead of a query."""
    names = directory(db).actors if table == "actors" else directory(db).outlets
    id_column = "actor_id" if table == "actors" else "outlet_id"
    return {key: {id_column: key, "name": names[key]} for key in ids if key and key in names}


def references_of(db: Database, rows: Iterable[Row]) -> dict[str, Row]:
    """The references the given rows cite (their decoded reference_ids; one query), by id."""
    wanted = sorted({i for row in rows for i in row.get("reference_ids") or ()})
    return by_ids(db, "references", wanted) if wanted else {}


def cited(row: Row, references: dict[str, Row]) -> list[Row]:
    """The references `row` cites, in its order (ids without a row left out)."""
    return [references[i] for i in row.get("reference_ids") or () if i in references]


# The sides of a contradiction that are not statements, in one query: its record sides (the
# outside record) and its article sides (an article as a whole), each article side with the
# columns of its article a page shows.
OTHER_SIDES = """
    SELECT 'record_sides' AS kind, side, note, reference_ids, NULL AS article_id, NULL AS title,
        NULL AS printed_date, NULL AS published_on, NULL AS published_on_precision,
        NULL AS published_on_basis
    FROM record_sides WHERE contradiction_id = ? AND record_status = 'active'
    UNION ALL
    SELECT 'article_sides', s.side, s.note, NULL, s.article_id, a.title, a.printed_date,
        a.published_on, a.published_on_precision, a.published_on_basis
    FROM article_sides s LEFT JOIN articles a ON a.article_id = s.article_id
    WHERE s.contradiction_id = ? AND s.record_status = 'active'
    ORDER BY side
"""


def other_sides_of(db: Database, contradiction_id: str) -> tuple[list[Row], list[Row]]:
    """The active record sides and article sides of a contradiction, each by label."""
    rows = [as_dict(db, row) for row in db.query(OTHER_SIDES, [contradiction_id] * 2)]
    return (
        [r for r in rows if r["kind"] == "record_sides"],
        [r for r in rows if r["kind"] == "article_sides"],
    )


def with_other_sides(db: Database) -> frozenset[str]:
    """The contradictions with an active record side or article side (`other_sides_of`): they
    depend on the data alone, so they are read once per database (a fifth of the
    contradictions at 100k: 1,880 ids, about 0.2 MB), and the page of a contradiction without
    one skips that query (0.03 ms)."""
    sql = (
        "SELECT contradiction_id FROM record_sides WHERE record_status = 'active' UNION "
        "SELECT contradiction_id FROM article_sides WHERE record_status = 'active'"
    )
    return db.memo("other_sides", lambda: frozenset(str(row[0]) for row in db.query(sql)))


def column_of(db: Database, table: str, column: str, ids: Iterable[str | None]) -> dict[str, Any]:
    """One column of `table` for the given ids, by id: what a long list needs (a name, a
    summary) without reading and decoding whole rows."""
    return {key: row[column] for key, row in relations.by_ids(db, table, ids, [column]).items()}


def seed_texts(db: Database, paths: Iterable[str]) -> dict[str, str]:
    """The archived texts for seed paths (one query), by path."""
    wanted = sorted(set(paths))
    if not wanted:
        return {}
    keys, marks = relations.in_list(wanted)
    rows = db.query(f"SELECT path, content FROM ledger_files WHERE path IN ({marks})", keys)
    return {row["path"]: bytes(row["content"]).decode("utf-8") for row in rows}


# Where a quote lies in its article's text: (start, end) offsets, or None when it is not found.
Placed = tuple[int, int] | None


def _spans_stored(db: Database) -> bool:
    """Whether the database has QUOTE_SPANS_TABLE (a build made before it has not)."""
    return db.memo(
        "quote_spans:stored",
        lambda: bool(
            db.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                     [QUOTE_SPANS_TABLE])
        ),
    )  # fmt: skip


def quote_spans(db: Database, statement_ids: Iterable[str]) -> dict[str, Placed]:
    """Where the build placed the given statements' quotes in their texts (one query per
    relations.CHUNK ids), by id; a statement without a row is left out, and so is every one
    when the database was built without the table (its pages locate the quotes themselves)."""
    wanted = list(dict.fromkeys(statement_ids))
    out: dict[str, Placed] = {}
    if not _spans_stored(db):
        return out
    for start in range(0, len(wanted), relations.CHUNK):
        chunk, marks = relations.in_list(wanted[start : start + relations.CHUNK])
        sql = f'SELECT * FROM "{QUOTE_SPANS_TABLE}" WHERE statement_id IN ({marks})'
        for key, low, high in db.query(sql, chunk):
            out[key] = None if low is None else (low, high)
    return out


@dataclass
class Related:
    """Everything statements point at, loaded in one query per table."""

    actors: dict[str, Row] = field(default_factory=dict)
    outlets: dict[str, Row] = field(default_factory=dict)
    articles: dict[str, Row] = field(default_factory=dict)
    events: dict[str, Row] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    placed: dict[str, Placed] = field(default_factory=dict)  # quote_spans, with the texts

    def text_of(self, article_id: str) -> str | None:
        article = self.articles.get(article_id)
        return self.texts.get(article["seed_path"]) if article else None


# What a statement shown in full reads of the rows it points at, in one query: its speaker and
# source actor (name, kind, wikidata_id: view_models.chain, statement_full, jsonld), its
# occasion and the event it is about (their names), its article (the whole row) and, with the
# texts, the archived text and where the build placed the quote in it (quote_spans); and the
# statements themselves when a page has not read them yet. One query for what took six (0.035
# ms each at 100k: a third of a contradiction page); the outlets' names come from `directory`.
AGENTS = (
    "sp.actor_id", "sp.name", "sp.kind", "sp.wikidata_id", "so.actor_id", "so.name", "so.kind",
    "so.wikidata_id", "oe.event_id", "oe.name", "ae.event_id", "ae.name", "t.via_outlet_id",
)  # fmt: skip
AGENT_KEYS = ("actor_id", "name", "kind", "wikidata_id")
ACTORS, EVENTS, VIA = (0, 4), (8, 10), 12  # where each actor's and event's columns are in AGENTS
JOINS = (
    "LEFT JOIN actors sp ON sp.actor_id = t.speaker_id "
    "LEFT JOIN actors so ON so.actor_id = t.source_actor_id "
    "LEFT JOIN events oe ON oe.event_id = t.occasion_event_id "
    "LEFT JOIN events ae ON ae.event_id = t.about_event_id "
    "LEFT JOIN articles a ON a.article_id = t.article_id"
)
TEXTS = (("f.content",), f'LEFT JOIN "{FILES_TABLE}" f ON f.path = a.seed_path')
SPANS = (
    ("q.statement_id", 'q."start"', 'q."end"'),
    f'LEFT JOIN "{QUOTE_SPANS_TABLE}" q ON q.statement_id = t.statement_id',
)


@dataclass
class _Shape:
    """The text of a RELATED query and where its parts start in a row."""

    sql: str
    statement_columns: tuple[str, ...]
    article_columns: tuple[str, ...]
    first: int  # the statement's first column (after a side's, when read from its sides)
    agents: int
    text: int | None
    span: int | None
    article: int


# A contradiction's sides (relations.children reads them: the same columns, in the same order),
# each with its statement, in the RELATED query: one query less a contradiction page.
SIDE_COLUMNS = ("contradiction_id", "statement_id", "side", "note", "record_status")


def _shape(db: Database, with_statements: bool, with_text: bool, sides: bool = False) -> _Shape:
    def compute() -> _Shape:
        statement_columns = db.catalogue["statements"].column_names if with_statements else ()
        article_columns = db.catalogue["articles"].column_names
        parts = ([TEXTS, SPANS] if _spans_stored(db) else [TEXTS]) if with_text else []
        selected = [f's."{c}"' for c in SIDE_COLUMNS] if sides else []
        first = len(selected)  # each part starts where the columns before it end
        selected += [f't."{c}"' for c in statement_columns]
        agents = len(selected)
        selected += AGENTS
        text = span = None
        if parts:
            text = len(selected)
            selected += TEXTS[0]
        if len(parts) == 2:
            span = len(selected)
            selected += SPANS[0]
        article = len(selected)
        selected += [f'a."{c}"' for c in article_columns]
        if sides:
            relation = db.catalogue["contradictions"].backward["sides"]
            order = relation.order or db.catalogue[relation.table].primary_key
            source = (
                f'"{relation.table}" s LEFT JOIN statements t ON t.statement_id = s."statement_id"'
            )
            where = f'WHERE s."{relation.column}" = ? ORDER BY '
            where += ", ".join(f's."{c}"' for c in order)
        else:
            source, where = "statements t", "WHERE t.statement_id IN ({marks})"
        sql = (
            f"SELECT {', '.join(selected)} FROM {source} {JOINS} "
            f"{' '.join(part[1] for part in parts)} {where}"
        )
        return _Shape(sql, statement_columns, article_columns, first, agents, text, span, article)

    return db.memo(("related", with_statements, with_text, sides), compute)


def statements_related(
    db: Database, ids: Iterable[str], with_text: bool = False
) -> tuple[dict[str, Row], Related]:
    """The statements with the given ids, by id, and what they point at (`related`), in one
    query per relations.CHUNK ids."""
    shape = _shape(db, True, with_text)
    return _related(db, shape, _found(db, shape, ids))


def sides_related(
    db: Database, contradiction_id: str, with_text: bool = False
) -> tuple[list[Side], dict[str, Row], Related]:
    """The sides of a contradiction (`sides_of`), its statements by id, and what they point at
    (`related`), in one query."""
    shape = _shape(db, True, with_text, sides=True)
    found = db.query(shape.sql, [contradiction_id])
    sides = [Side(row[0], row[1], row[2], row[3], row[4] != "active") for row in found]
    return (sides, *_related(db, shape, [row for row in found if row[shape.first] is not None]))


def related(db: Database, statements: list[Row], with_text: bool = False) -> Related:
    """The actors, articles, outlets and events of `statements` (and the archived texts, with
    where the quotes lie in them), by id, in one query per relations.CHUNK."""
    shape = _shape(db, False, with_text)
    return _related(db, shape, _found(db, shape, (s["statement_id"] for s in statements)))[1]


def _found(db: Database, shape: _Shape, ids: Iterable[str]) -> list[sqlite3.Row]:
    found: list[sqlite3.Row] = []
    wanted = list(dict.fromkeys(ids))
    for start in range(0, len(wanted), relations.CHUNK):
        chunk, marks = relations.in_list(wanted[start : start + relations.CHUNK])
        found += db.query(shape.sql.format(marks=marks), chunk)
    return found


def _related(
    db: Database, shape: _Shape, found: list[sqlite3.Row]
) -> tuple[dict[str, Row], Related]:
    """The statements (when the shape reads them) and the Related of the rows of a RELATED
    query."""
    out = Related()
    agents, text, span, at = shape.agents, shape.text, shape.span, shape.article
    articles = []
    for row in found:
        for start in ACTORS:
            if row[agents + start] is not None:
                actor = row[agents + start : agents + start + 4]
                out.actors[actor[0]] = dict(zip(AGENT_KEYS, actor, strict=True))
        for start in EVENTS:
            if row[agents + start] is not None:
                event = row[agents + start : agents + start + 2]
                out.events[event[0]] = {"event_id": event[0], "name": event[1]}
        if row[at] is None:  # no article
            continue
        article = dict(zip(shape.article_columns, row[at:], strict=True))
        articles.append(article)
        if text is not None and row[text] is not None:
            out.texts[article["seed_path"]] = bytes(row[text]).decode("utf-8")
        if span is not None and row[span] is not None:
            out.placed[row[span]] = (
                None if row[span + 1] is None else (row[span + 1], row[span + 2])
            )
    out.articles = {row["article_id"]: row for row in _decoded(db, articles)}
    out.outlets = named(
        db,
        "outlets",
        [row[agents + VIA] for row in found]
        + [a["outlet_id"] for a in out.articles.values()]
        + [a["text_origin_outlet_id"] for a in out.articles.values()],
    )
    first, names = shape.first, shape.statement_columns
    statements = [dict(zip(names, row[first : first + len(names)], strict=True)) for row in found]
    return {row["statement_id"]: row for row in _decoded(db, statements) if row}, out


# The columns of a statement a list item shows.
LISTED = (
    "statement_id, claim, said_on, said_on_precision, said_on_basis, record_status, "
    "speaker_id, article_id, attribution, utterance_id"
)


@dataclass
class Directory:
    """The names lists show beside rows, by id: every actor's name, every outlet's name, and
    the outlet that published each article. They depend on the data alone: read once per
    database (three scans, 20 ms at 100k), then a dict lookup a listed row, where a lookup by
    key in SQL (one to three B-tree seeks a row) was half the cost of a list of 100."""

    actors: dict[str, str]
    outlets: dict[str, str]
    outlet_of: dict[str, str]  # article id -> outlet id

    def outlet_name(self, article_id: str | None) -> str | None:
        return self.outlets.get(self.outlet_of.get(article_id or "", ""))


def directory(db: Database) -> Directory:
    """The Directory of this database (Database.memo)."""

    def compute() -> Directory:
        outlets = {str(k): str(v) for k, v in db.query("SELECT outlet_id, name FROM outlets")}
        # each outlet id once in memory, however many articles it published
        ids = {key: key for key in outlets}
        return Directory(
            actors={str(k): str(v) for k, v in db.query("SELECT actor_id, name FROM actors")},
            outlets=outlets,
            outlet_of={
                str(k): ids.get(v, v)
                for k, v in db.query("SELECT article_id, outlet_id FROM articles")
                if v is not None
            },
        )

    return db.memo("directory", compute)


# Newest first, undated last: the order of an index the build makes for the speaker's lists
# (database.build.NEWEST_LISTED).
NEWEST = "ORDER BY {t}said_on IS NULL, {t}said_on DESC, {t}statement_id"


def _listing(where: str, include_retired: bool, columns: str) -> str:
    active = "" if include_retired else " AND record_status = 'active'"
    return f"SELECT {columns} FROM statements WHERE ({where}){active} {NEWEST.format(t='')} LIMIT ?"


@dataclass
class Listed:
    """The newest statements related to one row (their LISTED columns, as the rows SQLite
    returns: a list item reads each column once, and a dict of each would cost more than
    that), how many are active, and how many distinct utterances those report (a statement
    without an utterance_id is one of its own)."""

    rows: list[sqlite3.Row]
    count: int
    utterances: int


def statements_of(db: Database, table: str, relation: str, key: str, limit: int) -> Listed:
    """The statements related to one row of `table` by `relation` (as the catalogue names it,
    read backward): the newest `limit`, and how many there are."""
    column = db.catalogue[table].backward[relation].column
    listed = db.query(_listing(f'"{column}" = ?', False, LISTED), [key, limit])
    if len(listed) < limit:  # every one is listed: counted here, without another query
        utterances = {row["utterance_id"] or row["statement_id"] for row in listed}
        return Listed(listed, len(listed), len(utterances))
    counted = db.query(
        "SELECT count(*), count(DISTINCT coalesce(utterance_id, statement_id)) FROM statements "
        f"WHERE \"{column}\" = ? AND record_status = 'active'",
        [key],
    )[0]
    return Listed(listed, int(counted[0]), int(counted[1]))


# Every side of an active contradiction that is active: its contradiction's kind and
# resolution, and the act of the statement on it.
CONTESTED = """
SELECT statement_id,
       max(kind = 'denial' AND denying AND NOT side_denies) AS denied,
       max(resolution = 'open') AS disputed
FROM (
    SELECT statement_id, kind, resolution,
           max(denies) OVER (PARTITION BY contradiction_id, side) AS side_denies,
           max(denies) OVER (PARTITION BY contradiction_id) AS denying
    FROM (
        SELECT s.contradiction_id, s.side, s.statement_id, c.kind, c.resolution,
               coalesce(t.act, '') = 'denies' AS denies
        FROM contradiction_sides s
        JOIN contradictions c ON c.contradiction_id = s.contradiction_id
        LEFT JOIN statements t ON t.statement_id = s.statement_id
        WHERE s.record_status = 'active' AND c.record_status = 'active'
    )
)
GROUP BY statement_id
HAVING denied OR disputed
"""

# What a marker says, in the order a list item shows them.
MARKERS = {
    "anonymous": "anonymous sources",
    "second-hand": "second hand",
    "denied": "denied",
    "disputed": "disputed (open)",
}


# The few sets of markers contradictions give, shared by every statement that has one.
_CONTESTED_MARKS = {
    (denied, disputed): frozenset(
        ({"denied"} if denied else set()) | ({"disputed"} if disputed else set())
    )
    for denied in (False, True)
    for disputed in (False, True)
}


def contested(db: Database) -> dict[str, frozenset[str]]:
    """The markers statements get from the contradictions they are on a side of, by id (only
    statements that have one): "denied" when, in a denial contradiction, a statement on
    another side denies and none on its own side does; "disputed" when the contradiction is
    open. They depend on the data alone: worked out once per database, by one query that groups
    the active sides by statement (a query a list took 0.1 ms a page at 100k), and kept as
    one of four shared sets per statement (20 MB at 1M statements)."""

    def compute() -> dict[str, frozenset[str]]:
        rows = db.query(CONTESTED)
        return {row[0]: _CONTESTED_MARKS[bool(row[1]), bool(row[2])] for row in rows}

    return db.memo("contested", compute)


def marker_names(found: frozenset[str], attribution: str | None) -> list[str]:
    """The markers (MARKERS keys, in order) of a statement with the markers it gets from
    contradictions (`contested`) and its attribution."""
    if attribution == "anonymous_sources":
        found = found | {"anonymous"}
    elif attribution == "second_hand":
        found = found | {"second-hand"}
    return [m for m in MARKERS if m in found]


def markers(db: Database, statements: list[Row]) -> dict[str, list[str]]:
    """The markers of each listed statement (MARKERS keys), by id: how it is attributed
    (anonymous sources, second hand), whether a statement on another side of a denial
    contradiction denies it, and whether it is on a side of an open contradiction."""
    known = contested(db)
    empty: frozenset[str] = frozenset()
    return {
        str(row["statement_id"]): marker_names(
            known.get(str(row["statement_id"]), empty), row.get("attribution")
        )
        for row in statements
    }


@dataclass
class Side:
    """One statement on one side of a contradiction."""

    contradiction_id: str
    statement_id: str
    side: str
    note: str | None
    retired: bool


def sides_of(db: Database, contradiction_ids: list[str]) -> dict[str, list[Side]]:
    """The sides of the given contradictions, in side order."""
    relation = db.catalogue["contradictions"].backward["sides"]
    return {
        key: [
            Side(
                row["contradiction_id"],
                row["statement_id"],
                row["side"],
                row["note"],
                row["record_status"] != "active",
            )
            for row in rows
        ]
        for key, rows in relations.children(db, relation, contradiction_ids).items()
    }


def contradictions_of(db: Database, statement_id: str) -> list[tuple[Row, str]]:
    """The active contradictions a statement takes part in, with its side label."""
    relation = db.catalogue["statements"].backward["contradictions"]
    pairs = relations.far_ends(db, relation, statement_id)
    return [(as_dict(db, row), str(link["side"])) for row, link in pairs]


def active_counts(db: Database, tables: list[str]) -> dict[str, int]:
    """Active rows per table: all rows (counted by the build, in the metadata) less the
    retired ones, a short range of the record_status index (record_status is active or
    retired). Counting the active rows directly reads the whole index: 43 ms at 1M."""
    built = json.loads(db.meta.get("counts", "{}"))
    sql = " UNION ALL ".join(
        f"SELECT '{t}', count(*) FROM \"{t}\" WHERE record_status = 'retired'" for t in tables
    )
    retired = {row[0]: int(row[1]) for row in db.query(sql)}
    out = {}
    for table in tables:
        total = built.get(table)
        if total is None:
            total = db.query(f'SELECT count(*) FROM "{table}"')[0][0]
        out[table] = int(total) - retired[table]
    return out


# Sides of contradictions from the newest statement down: the said_on index, then each side
# and its contradiction by key (CROSS JOIN keeps that order; without it SQLite starts from the
# contradictions and sorts every side).
NEWEST_SIDES = (
    "SELECT c.*, st.said_on AS latest, st.said_on_precision AS latest_precision "
    "FROM statements st CROSS JOIN contradiction_sides s "
    "ON s.statement_id = st.statement_id CROSS JOIN contradictions c "
    "ON c.contradiction_id = s.contradiction_id WHERE st.said_on IS NOT NULL "
    "ORDER BY st.said_on DESC LIMIT ?"
)


def latest_contradictions(db: Database, limit: int) -> list[Row]:
    """Active contradictions, the one with the most recent statement first (ties by id).

    Reads sides from the newest statement down, until `limit` active contradictions are seen
    (at date D) and every side dated D has been read: the first row of each contradiction
    carries its latest date, and no contradiction whose latest date is before D can be among
    the first `limit`. Same answer as grouping every side (which took 180 ms at 100k)."""
    walk = 16 * limit
    while True:
        rows = db.query(NEWEST_SIDES, [walk])
        first: dict[str, sqlite3.Row] = {}
        floor = None
        for row in rows:
            if floor is not None and row["latest"] < floor:
                break
            if row["record_status"] == "active" and row["contradiction_id"] not in first:
                first[row["contradiction_id"]] = row
                if len(first) == limit:
                    floor = row["latest"]
        else:
            if len(rows) == walk:
                walk *= 8  # more sides dated D (or later than any seen) may follow
                continue
            if floor is None:  # fewer than `limit` active contradictions have a dated side
                rows = db.query(
                    "SELECT c.*, max(st.said_on) AS latest, "
                    "st.said_on_precision AS latest_precision FROM contradictions c "
                    "JOIN contradiction_sides s ON s.contradiction_id = c.contradiction_id "
                    "JOIN statements st ON st.statement_id = s.statement_id "
                    "WHERE c.record_status = 'active' GROUP BY c.contradiction_id "
                    "ORDER BY latest IS NULL, latest DESC, c.contradiction_id LIMIT ?",
                    [limit],
                )
                return [as_dict(db, r) for r in rows]
        break
    by_id = sorted(first.values(), key=lambda r: str(r["contradiction_id"]))
    ranked = sorted(by_id, key=lambda r: str(r["latest"]), reverse=True)  # stable: ties by id
    return [as_dict(db, r) for r in ranked[:limit]]
