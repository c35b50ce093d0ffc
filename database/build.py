"""Build a read-only SQLite database from a validated package ("baked data").

One table per resource with its primary and foreign keys, an index on every foreign key and
filter column, FTS5 indexes over the searchable text, and a metadata table holding the package
version and the data version (a hash of the content). The same package gives the same file.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from statement_ledger.catalogue import furniture, tables
from statement_ledger.catalogue.tables import TABLES, Catalogue
from statement_ledger.catalogue.text import FoldedText, fold_needles, place
from statement_ledger.database.layout import (
    BROAD_ORDER,
    FILES_TABLE,
    FIRST,
    FIRST_LISTED,
    LAYOUT,
    META_TABLE,
    ORDERED_FTS,
    ORDERED_ROWS,
    QUOTE_SPANS_TABLE,
    RANKED,
    RANKED_AT_MOST,
    RETIRED_FTS,
    SEARCH_FORMS_TABLE,
    TERMS,
    TOKEN_CHARACTERS,
    TOKENIZE,
    broad_keys,
)
from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.package import Package, Table
from statement_ledger.validators.report import render_text

if TYPE_CHECKING:  # the fast engine (pyarrow, DuckDB) is imported only by a build
    from statement_ledger.validators.columnar import CPackage, CTable

PROGRESS_EVERY = 100_000


class BuildRefused(CannotRun):
    """The package did not validate; the message carries the findings."""


def _ddl(table: Table | CTable) -> str:
    columns = []
    for field in table.fields:
        required = field.get("constraints", {}).get("required")
        columns.append(f'"{field["name"]}" TEXT{" NOT NULL" if required else ""}')
    keys = ", ".join(f'"{k}"' for k in table.primary_key)
    columns.append(f"PRIMARY KEY ({keys})")
    for fk in table.schema.get("foreignKeys", []):
        target = fk["reference"]["resource"] or table.name
        columns.append(
            f'FOREIGN KEY ("{fk["fields"]}") REFERENCES "{target}" ("{fk["reference"]["fields"]}")'
        )
    return f'CREATE TABLE "{table.name}" (\n  ' + ",\n  ".join(columns) + "\n)"


def _indexes(table: tables.Table) -> list[str]:
    """An index on every foreign key and on the columns the catalogue says are filtered on, and
    one per sort column on (sort expression, id): keyset pages walk it instead of sorting."""
    columns = [fk["fields"] for fk in table.schema.get("foreignKeys", [])]
    columns += table.indexed
    columns += ["record_status"] if "record_status" in table.column_names else []
    unique = sorted(set(columns) - set(table.primary_key[:1]))
    out = [f'CREATE INDEX "idx_{table.name}_{c}" ON "{table.name}" ("{c}")' for c in unique]
    name, id_column = table.name, table.id_column
    for column in table.sorts[1:]:
        key = table.sort_expression(column)
        out.append(f'CREATE INDEX "sort_{name}_{column}" ON "{name}" ({key}, "{id_column}")')
    for column in ACTIVE_COUNTED.get(name, ()):
        out.append(
            f'CREATE INDEX "active_{name}_{column}" ON "{name}" ("{column}", "record_status")'
        )
    for number, (column, order) in enumerate(NEWEST_LISTED.get(name, ())):
        index = f"newest_{name}_{column}" + (f"_{number}" if number else "")
        out.append(f'CREATE INDEX "{index}" ON "{name}" ("{column}", {order})')
    return out


# Foreign keys whose active rows the explorer counts per key, many keys a page (an outlet page:
# the statements of each of its 100 latest articles): an index holding record_status too
# answers each count from the index alone, without reading a row per statement.
ACTIVE_COUNTED = {"statements": ("article_id",)}
# Foreign keys whose rows a page lists in an order of its own, with that order: the page walks
# the index and stops after the rows it shows, where it read and sorted all of them (3,000 for
# the busiest speaker at 100k). A speaker's page lists theirs newest first, undated last (the
# explorer's lists, api.explorer.store.NEWEST), the timeline of one speaker the dated ones
# oldest first (api.explorer.timeline_page.SAID); an outlet's page its articles newest first.
# The first also holds what a speaker's page counts (their active statements and utterances),
# which it then reads from the index alone (1.4 ms for the busiest at 100k, reading rows).
# Both also hold every column the page shows of each statement (store.LISTED,
# timeline_page.DRAWN): a speaker's statements are then one range of one index, read in a few
# pages, where each row listed was a B-tree seek to a page of its own (at 100k, 36 pages read
# for a speaker's page and 47 for their timeline, 16-17 with these; 47 MB more in the file).
LISTED_COLUMNS = "said_on_precision, said_on_basis, article_id, attribution, claim"
NEWEST_LISTED = {
    "statements": (
        (
            "speaker_id",
            "said_on IS NULL, said_on DESC, statement_id, record_status, utterance_id, "
            + LISTED_COLUMNS,
        ),
        (
            "speaker_id",
            "coalesce(said_on, ''), statement_id, record_status, said_on, occasion_event_id, "
            "about_event_id, " + LISTED_COLUMNS,
        ),
    ),
    "articles": (("outlet_id", "published_on DESC, article_id"),),
}


def _lists(table: tables.Table) -> list[tuple[int, str]]:
    """(position, delimiter) of the list columns, stored as JSON arrays."""
    lists = table.lists
    return [(i, lists[name]) for i, name in enumerate(table.column_names) if name in lists]


def _records(table: Table | CTable) -> Iterator[list[str]]:
    """The rows in primary-key order, whatever their order in the CSV: a table's rowids then
    follow its key, which lets a full-text search page through its matches in the FTS index's
    own rowid order (`query.fetch_page`) instead of sorting them all."""
    if not isinstance(table, Table):
        yield from table.records(in_key_order=True)
    else:
        names = table.field_names
        key = table.primary_key
        rows = sorted(table.rows, key=lambda row: [row.cells[k] for k in key])
        yield from ([row.cells[n] for n in names] for row in rows)


def _load(
    db: sqlite3.Connection,
    table: Table | CTable,
    described: tables.Table,
    say: Callable[[str], None],
) -> int:
    """Insert the rows in key order: an empty cell is NULL, a list a JSON array."""
    placeholders = ", ".join("?" for _ in table.field_names)
    lists = _lists(described)
    count = 0

    def rows() -> Iterator[list[str | None]]:
        nonlocal count
        for cells in _records(table):
            row: list[str | None] = [value or None for value in cells]
            for i, delimiter in lists:
                value = row[i]
                if value is not None:
                    row[i] = json.dumps(value.split(delimiter), ensure_ascii=False)
            count += 1
            if count % PROGRESS_EVERY == 0:
                say(f"  {table.name}: {count:,} rows")
            yield row

    db.executemany(f'INSERT INTO "{table.name}" VALUES ({placeholders})', rows())
    return count


def _search_indexes(db: sqlite3.Connection, catalogue: Catalogue) -> None:
    """Per searchable table, `{table}_fts` over every row, and `{table}_fts_retired` (no
    content, the same tokenizer) over the rows that are not active: a search's count of active
    rows is then the difference of two counts inside FTS5, where reading each match's
    record_status took 75 ms for a word in 5% of 1M statements (3.4 ms this way)."""
    for name in catalogue.listed:
        cols = ", ".join(catalogue[name].search)
        db.execute(
            f'CREATE VIRTUAL TABLE "{name}_fts" USING fts5({cols}, content="{name}", '
            f'content_rowid="rowid", {TOKENIZE})'
        )
        db.execute(f'INSERT INTO "{name}_fts"("{name}_fts") VALUES (\'rebuild\')')
        db.execute(
            f'CREATE VIRTUAL TABLE "{name}{RETIRED_FTS}" USING fts5({cols}, content="", {TOKENIZE})'
        )
        db.execute(
            f'INSERT INTO "{name}{RETIRED_FTS}"(rowid, {cols}) SELECT rowid, {cols} '
            f"FROM \"{name}\" WHERE record_status <> 'active' ORDER BY rowid"
        )


def _search_orders(db: sqlite3.Connection, catalogue: Catalogue) -> None:
    """Per table of BROAD_ORDER, its active rows in that order: `{table}{ORDERED_ROWS}` maps a
    row's position (from 1) to its rowid, and `{table}{ORDERED_FTS}` (the same columns and
    tokenizer as `{table}_fts`, without content: the page marks its hits with the words' forms,
    `_search_forms`) holds each row's words under its position; and `{table}{TERMS}`, the
    counts of each term. A search with more
    matches than it ranks then reads its first page from the start of the index, where it
    walked the sort index testing each row against all the matches (1 ms for a word in 8% of
    100k statements)."""
    for name, (column, descending) in BROAD_ORDER.items():
        if name not in catalogue.listed:
            continue
        table = catalogue[name]
        cols = ", ".join(table.search)
        rows, ordered = f'"{name}{ORDERED_ROWS}"', f'"{name}{ORDERED_FTS}"'
        keys = broad_keys(table.sort_expression(column), table.id_column, column, descending)
        db.execute(f"CREATE TABLE {rows} (position INTEGER PRIMARY KEY, row INTEGER NOT NULL)")
        db.execute(
            f"INSERT INTO {rows} (position, row) SELECT row_number() OVER "
            f'(ORDER BY {keys}), rowid FROM "{name}" '
            "WHERE record_status = 'active'"
        )
        db.execute(
            f"CREATE VIRTUAL TABLE {ordered} USING fts5({cols}, content='', "
            f"columnsize=0, {TOKENIZE})"
        )
        db.execute(
            f"INSERT INTO {ordered}(rowid, {cols}) SELECT o.position, "
            + ", ".join(f"t.{c}" for c in table.search)
            + f' FROM {rows} o JOIN "{name}" t ON t.rowid = o.row ORDER BY o.position'
        )
        _terms(db, name)
        _ranked(db, name)


def _terms(db: sqlite3.Connection, name: str) -> None:
    """`{name}{TERMS}`: per term of `{name}_fts`, the rows holding it and how many of them are
    retired (from fts5vocab tables over the two indexes, dropped after)."""
    vocab = {}
    for index in (f"{name}_fts", f"{name}{RETIRED_FTS}"):
        vocab[index] = f'temp."{index}_vocab"'
        db.execute(f'CREATE VIRTUAL TABLE {vocab[index]} USING fts5vocab(main, "{index}", row)')
    terms = f'"{name}{TERMS}"'
    db.execute(
        f"CREATE TABLE {terms} (term TEXT PRIMARY KEY, matches INTEGER NOT NULL, "
        "retired INTEGER NOT NULL) WITHOUT ROWID"
    )
    everything, retired = vocab.values()
    db.execute(
        f"INSERT INTO {terms} SELECT a.term, a.doc, coalesce(r.doc, 0) FROM {everything} a "
        f"LEFT JOIN (SELECT term, doc FROM {retired}) r ON r.term = a.term ORDER BY a.term"
    )
    for table in vocab.values():
        db.execute(f"DROP TABLE {table}")


def _ranked(db: sqlite3.Connection, name: str) -> None:
    """`{name}{RANKED}`: per term of `{name}{TERMS}` matching RANKED_AT_MOST rows at most (and
    active ones), those active rows in the order a search of that term ranks them, found by
    the same query (`api.explorer.search`: FTS5 sorts on bm25); and `{name}{FIRST}`: per term
    matching more, the first FIRST_LISTED active rows in BROAD_ORDER. Each list is found by a
    search of one of the term's written forms (SEARCH_FORMS_TABLE), which the tokenizer reads
    as the term, where the term itself may be read as another (the stemmer run on its own
    output may change it)."""
    fts, ordered = f'"{name}_fts"', f'"{name}{ORDERED_FTS}"'
    ranked_sql = (
        f'SELECT {fts}.rowid FROM {fts} JOIN "{name}" t ON t.rowid = {fts}.rowid '
        f"WHERE {fts} MATCH ? AND t.record_status = 'active' ORDER BY rank"
    )
    first_sql = (
        f'SELECT o.row FROM {ordered} JOIN "{name}{ORDERED_ROWS}" o '
        f"ON o.position = {ordered}.rowid WHERE {ordered} MATCH ? ORDER BY {ordered}.rowid "
        f"LIMIT {FIRST_LISTED}"
    )
    for suffix in (RANKED, FIRST):
        db.execute(
            f'CREATE TABLE "{name}{suffix}" (term TEXT NOT NULL, position INTEGER NOT NULL, '
            "row INTEGER NOT NULL, PRIMARY KEY (term, position)) WITHOUT ROWID"
        )
    terms = db.execute(
        f'SELECT t.term, t.matches, min(f.form) FROM "{name}{TERMS}" t '
        f'JOIN "{SEARCH_FORMS_TABLE}" f ON f.term = t.term WHERE t.matches > t.retired '
        "GROUP BY t.term ORDER BY t.term"
    ).fetchall()
    for term, matches, form in terms:
        ranks = matches <= RANKED_AT_MOST
        rows = db.execute(
            ranked_sql if ranks else first_sql, ['"' + str(form).replace('"', '""') + '"']
        ).fetchall()
        db.executemany(
            f'INSERT INTO "{name}{RANKED if ranks else FIRST}" VALUES (?, ?, ?)',
            [(term, position, row) for position, (row,) in enumerate(rows, 1)],
        )


def _search_forms(db: sqlite3.Connection, searched: Mapping[str, Sequence[str]]) -> tuple[str, str]:
    """`SEARCH_FORMS_TABLE`: each word of the `searched` columns (table -> columns) as it is
    written (stored lists as their JSON text, which the indexes read), under the term the
    indexes keep for it. Returns the characters of the text that start a token and those that
    only continue one (`token_characters`), each as one string (for the meta key
    TOKEN_CHARACTERS). A word is what the tokenizer reads as a token: a character that starts
    one, then any that continue it; so the search page, finding a term's forms where a token
    begins and ends, marks what FTS5's highlight() marks."""
    chunks: set[str] = set()  # whitespace is never in a token (test_search_forms)
    for name, columns in searched.items():
        for column in columns:
            for (text,) in db.execute(f'SELECT "{column}" FROM "{name}" WHERE "{column}" <> \'\''):
                chunks.update(str(text).split())
    starting, continuing = token_characters({c for chunk in chunks for c in chunk})
    words: list[str] = []
    if starting:
        first, then = (
            "".join(re.escape(c) for c in sorted(group))
            for group in (starting, starting | continuing)
        )
        run = re.compile(f"[{first}][{then}]*")
        words = sorted({word for chunk in chunks for word in run.findall(chunk)})
    db.execute(
        f'CREATE TABLE "{SEARCH_FORMS_TABLE}" (term TEXT NOT NULL, form TEXT NOT NULL, '
        "PRIMARY KEY (term, form)) WITHOUT ROWID"
    )
    db.executemany(
        f'INSERT INTO "{SEARCH_FORMS_TABLE}" VALUES (?, ?)',
        sorted((term, word) for word, term in zip(words, tokens(words), strict=True) if term),
    )
    return "".join(sorted(starting)), "".join(sorted(continuing))


def _scratch() -> sqlite3.Connection:
    """An index in memory with the indexes' tokenizer, and its vocabulary by instance."""
    scratch = sqlite3.connect(":memory:")
    scratch.execute(f"CREATE VIRTUAL TABLE words USING fts5(word, {TOKENIZE})")
    scratch.execute("CREATE VIRTUAL TABLE words_vocab USING fts5vocab(words, instance)")
    return scratch


def tokens(words: list[str]) -> list[str]:
    """The term the tokenizer makes of each of `words`; "" for one it reads as no token or as
    several."""
    scratch = _scratch()
    try:
        scratch.executemany("INSERT INTO words(rowid, word) VALUES (?, ?)", enumerate(words, 1))
        found = dict.fromkeys(range(1, len(words) + 1), "")
        for doc, term, count in scratch.execute(
            "SELECT doc, min(term), count(*) FROM words_vocab GROUP BY doc"
        ):
            found[doc] = str(term) if count == 1 else ""
        return list(found.values())
    finally:
        scratch.close()


def token_characters(characters: set[str]) -> tuple[set[str], set[str]]:
    """Those of `characters` that start a token (alone, one is a token: letters, numbers,
    private use), and those that only continue one ("a", the character, "b" is one token: the
    diacritics the tokenizer removes). Asked of SQLite, whose Unicode tables are not Python's
    (at SQLite 3.40 and Python 3.11, about 970,000 code points differ, among them symbols,
    combining marks, private use and unassigned ones)."""
    listed = sorted(characters)
    alone = tokens(listed)
    inside = tokens([f"a{c}b" for c in listed])
    starting = {c for c, term in zip(listed, alone, strict=True) if term}
    continuing = {c for c, term in zip(listed, inside, strict=True) if term} - starting
    return starting, continuing


def fan_out(db: sqlite3.Connection, catalogue: Catalogue) -> dict[str, int]:
    """Per relation read backward (`table.name`, as GraphQL's related lists name it), the most
    active rows one parent has: how long a related list can be, which bounds the cost of a
    GraphQL query asking for it."""
    out = {}
    for table in catalogue.tables.values():
        for name, relation in sorted(table.backward.items()):
            (largest,) = db.execute(
                f"SELECT COALESCE(MAX(n), 0) FROM (SELECT {relation.key} AS k, COUNT(*) AS n "
                f'FROM "{relation.table}" t {relation.join} WHERE {relation.key} IS NOT NULL '
                "AND t.\"record_status\" = 'active' GROUP BY k)"
            ).fetchone()
            out[f"{table.name}.{name}"] = int(largest)
        if "reference_ids" in table.column_names:  # a list, stored as a JSON array
            (longest,) = db.execute(
                f'SELECT COALESCE(MAX(json_array_length("reference_ids")), 0) FROM "{table.name}" '
                "WHERE \"record_status\" = 'active'"
            ).fetchone()
            out[f"{table.name}.references"] = int(longest)
    return out


# Every statement with its article's archived text and furniture, the statements of one text
# together.
QUOTED = """
    SELECT a.seed_path, a.furniture_lines, s.statement_id, s.quote
    FROM statements s JOIN articles a ON a.article_id = s.article_id
    ORDER BY a.seed_path
"""


def quote_spans(db: sqlite3.Connection, texts: dict[str, bytes]) -> int:
    """QUOTE_SPANS_TABLE: where each statement's quote lies in its article's archived text
    (`texts`: path -> bytes), as a page marks it (`catalogue.text.locate`), so that pages read
    it instead of folding and searching the text on every request. Each text is folded once,
    and its statements' quotes together. Returns how many quotes were not found."""
    db.execute(
        f'CREATE TABLE "{QUOTE_SPANS_TABLE}" (statement_id TEXT PRIMARY KEY, '
        '"start" INTEGER, "end" INTEGER) WITHOUT ROWID'
    )
    missing = 0

    def spans() -> Iterator[tuple[str, int | None, int | None]]:
        nonlocal missing
        for path, group in groupby(db.execute(QUOTED), key=itemgetter(0)):
            try:  # as the pages decode it (store.seed_texts)
                text = texts[path].decode("utf-8")
            except (KeyError, UnicodeDecodeError):
                continue  # no row: a page locates the quote itself, as before
            folded = FoldedText(text)
            rows = list(group)
            needles = fold_needles([row[3] for row in rows])
            ranges: dict[str | None, tuple[furniture.Mark, ...]] = {}
            for (_, cell, statement_id, _), needle in zip(rows, needles, strict=True):
                if cell not in ranges:
                    ranges[cell] = furniture.marks(json.loads(cell) if cell else None)
                found = place(text, folded.find_folded(needle), ranges[cell])
                if found is None:
                    missing += 1
                    yield statement_id, None, None
                else:
                    yield statement_id, *found

    db.executemany(f'INSERT INTO "{QUOTE_SPANS_TABLE}" VALUES (?, ?, ?)', spans())
    return missing


MEDIA_TYPES = {".json": "application/json", ".csv": "text/csv", ".txt": "text/plain"}


def _files(package: Package | CPackage) -> list[tuple[str, str, str, bytes]]:
    """The descriptor, schemas, tables and archived articles, as (path, type, sha256, bytes)."""
    paths = ["datapackage.json"]
    paths += [t.schema_path for t in package.tables.values()]
    paths += [t.path for t in package.tables.values()]
    paths += [f"seeds/{p.name}" for p in sorted((package.root / "seeds").glob("*"))]
    out = []
    for path in sorted(set(paths)):
        data = (package.root / path).read_bytes()
        media = MEDIA_TYPES.get(Path(path).suffix, "application/octet-stream")
        out.append((path, media, hashlib.sha256(data).hexdigest(), data))
    return out


def data_version(package: Package | CPackage, files: dict[str, bytes]) -> str:
    """A hash of every table's bytes and every archived article (`files`: path -> bytes, as
    `_files` read them): changes iff the data does."""
    digest = hashlib.sha256()
    named = [(name, files[package.table(name).path]) for name in TABLES]
    named += [(p.removeprefix("seeds/"), files[p]) for p in sorted(files) if p.startswith("seeds/")]
    for name, data in named:
        for part in (name.encode(), b"\0", data, b"\0"):
            digest.update(part)
    return digest.hexdigest()[:16]


def _validated(root: Path, engine: str) -> Package | CPackage:
    """The package read by the validation engine, refused unless it is valid."""
    # imported here: the server imports this module for its names, and needs no validator
    from statement_ledger.validators.validate import AUTO_BYTES, csv_bytes, validate

    if engine == "auto":
        engine = "fast" if csv_bytes(root) > AUTO_BYTES else "reference"
    package: Package | CPackage | None
    if engine == "fast":
        from statement_ledger.validators import fast

        findings, _, package = fast.run(root)
    else:
        result = validate(root, engine="reference")
        findings, package = result.findings, result.package
    if findings:
        raise BuildRefused("the package is not valid; nothing was built.\n" + render_text(findings))
    assert package is not None
    return package


def build(
    root: Path, out: Path, say: Callable[[str], None] | None = None, engine: str = "auto"
) -> dict[str, int]:
    """Validate the package at `root`, then write the database to `out` atomically."""
    say = say or (lambda message: print(message, file=sys.stderr))
    package = _validated(root, engine)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.unlink(missing_ok=True)
    counts: dict[str, int] = {}
    try:
        db = sqlite3.connect(tmp)
        # A new file, replaced atomically when done: no journal or sync is needed, and a page
        # cache of up to 512 MiB keeps index building and VACUUM off the disk (100k: 22 -> 17 s)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -524288"):
            db.execute(f"PRAGMA {pragma}")
        catalogue = tables.describe({name: package.table(name).schema for name in TABLES})
        with db:
            for name in TABLES:
                table = package.table(name)
                db.execute(_ddl(table))
                counts[name] = _load(db, table, catalogue[name], say)
                for statement in _indexes(catalogue[name]):
                    db.execute(statement)
                say(f"loaded {name}: {counts[name]:,} rows")
            _search_indexes(db, catalogue)
            searched = {name: catalogue[name].search for name in catalogue.listed}
            characters = _search_forms(db, searched)
            _search_orders(db, catalogue)
            files = _files(package)
            db.execute(f'CREATE TABLE "{META_TABLE}" (key TEXT PRIMARY KEY, value TEXT NOT NULL)')
            meta = {
                "version": str(package.descriptor.get("version", "")),
                "data_version": data_version(package, {f[0]: f[3] for f in files}),
                "name": str(package.descriptor.get("name", "")),
                "counts": json.dumps(counts, sort_keys=True),
                "fan_out": json.dumps(fan_out(db, catalogue), sort_keys=True),
                "layout": LAYOUT,
                TOKEN_CHARACTERS: json.dumps(characters),  # [starting, continuing]
            }
            db.executemany(f'INSERT INTO "{META_TABLE}" VALUES (?, ?)', sorted(meta.items()))
            db.execute(
                f'CREATE TABLE "{FILES_TABLE}" (path TEXT PRIMARY KEY, media_type TEXT NOT NULL, '
                "sha256 TEXT NOT NULL, content BLOB NOT NULL)"
            )
            db.executemany(f'INSERT INTO "{FILES_TABLE}" VALUES (?, ?, ?, ?)', files)
            missing = quote_spans(db, {f[0]: f[3] for f in files if f[0].startswith("seeds/")})
            say(f"placed the quotes in their texts ({missing:,} not found)")
        # Statistics for the planner: without them it filters on the unselective record_status
        # index and sorts every row, instead of walking the sort index (6x slower pages at 100k).
        db.execute("ANALYZE")
        db.execute("VACUUM")
        db.close()
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    say(f"built {out} (version {meta['version']}, data version {meta['data_version']})")
    return counts
