"""Rows by id and rows by relation: the SQL of every lookup that REST details, the GraphQL loaders
and the explorer's pages make, written once over the catalogue's relations.

Every function takes many keys and runs one query per `CHUNK` of them, never one per key.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from statement_ledger.api.db import Database
from statement_ledger.catalogue.tables import Catalogue, Relation

Row = sqlite3.Row

# Keys per `IN (...)` query (SQLite allows 32,766 parameters; groups are bounded by the cost).
CHUNK = 1000
ACTIVE = "t.\"record_status\" = 'active'"


K = TypeVar("K")


def in_list(keys: Sequence[K]) -> tuple[list[K], str]:
    """Parameters and `?` marks for `IN (...)` with these keys (at least one), their number
    rounded up to a power of two by repeating the last key, which IN ignores: a query then has
    one text for every 2^n keys rather than one per number of keys, so that SQLite's cache of
    prepared statements (128 a connection) keeps it. Unpadded, a page's lists of 1 to 100 ids
    made a hundred texts that pushed each other out, and each was parsed and planned again
    (15-30 µs a query)."""
    size = 1 << (len(keys) - 1).bit_length()
    padded = [*keys, *[keys[-1]] * (size - len(keys))]
    return padded, ", ".join("?" * size)


def _chunks(keys: Iterable[str | None]) -> Iterator[tuple[list[str], str]]:
    """The distinct keys given (empty ones left out), CHUNK at a time, with their `?` marks
    (`in_list`)."""
    wanted = list(dict.fromkeys(k for k in keys if k))
    for start in range(0, len(wanted), CHUNK):
        yield in_list(wanted[start : start + CHUNK])


def by_ids(
    db: Database, table: str, ids: Iterable[str | None], columns: Sequence[str] | None = None
) -> dict[str, Row]:
    """The rows of `table` with these ids, by id (the whole rows, or the id and `columns`)."""
    id_column = db.catalogue[table].id_column
    select = "*" if columns is None else ", ".join(f'"{c}"' for c in (id_column, *columns))
    out: dict[str, Row] = {}
    for chunk, marks in _chunks(ids):
        sql = f'SELECT {select} FROM "{table}" WHERE "{id_column}" IN ({marks})'
        out.update((row[id_column], row) for row in db.query(sql, chunk))
    return out


def _order(catalogue: Catalogue, relation: Relation) -> str:
    """What the rows of a relation are ordered by: its own order, or their primary key."""
    columns = relation.order or catalogue[relation.table].primary_key
    return ", ".join(f't."{c}"' for c in columns)


@dataclass
class Related:
    """The first rows of a relation for one parent, and how many there are in all."""

    rows: list[Row] = field(default_factory=list)
    total: int = 0


def grouped(db: Database, relation: Relation, keys: Iterable[str], cap: int) -> dict[str, Related]:
    """The first `cap` active rows of a relation read backward for each key (the parent's id),
    with how many there are in all, by key."""
    key, order = relation.key, _order(db.catalogue, relation)
    by_parent: dict[str, Related] = {}
    for chunk, marks in _chunks(keys):
        sql = (
            "SELECT * FROM (SELECT t.*, "
            f"{key} AS _key, ROW_NUMBER() OVER (PARTITION BY {key} ORDER BY {order}) "
            f'AS _n, COUNT(*) OVER (PARTITION BY {key}) AS _total FROM "{relation.table}" t '
            f"{relation.join} WHERE {key} IN ({marks}) AND {ACTIVE}) "
            f"WHERE _n <= {cap} ORDER BY _key, _n"
        )
        for row in db.query(sql, chunk):
            entry = by_parent.setdefault(row["_key"], Related())
            entry.rows.append(row)
            entry.total = int(row["_total"])
    return by_parent


def children(
    db: Database,
    relation: Relation,
    keys: Iterable[str],
    include_retired: bool = True,
    order_by: Sequence[str] = (),
) -> dict[str, list[Row]]:
    """Every row of a relation read backward for each key, by key, in the relation's order
    (or by the columns `order_by`): a contradiction's sides, an actor's members."""
    out: dict[str, list[Row]] = {}
    order = ", ".join(f't."{c}"' for c in order_by) or _order(db.catalogue, relation)
    for chunk, marks in _chunks(keys):
        out.update((k, []) for k in chunk)
        active = "" if include_retired else f" AND {ACTIVE}"
        sql = (
            f'SELECT t.* FROM "{relation.table}" t WHERE t."{relation.column}" IN ({marks})'
            f"{active} ORDER BY {order}"
        )
        for row in db.query(sql, chunk):
            out[row[relation.column]].append(row)
    return out


def _far(catalogue: Catalogue, relation: Relation) -> Relation:
    """The other foreign key of the link table a relation reads backward."""
    forward = catalogue[relation.table].forward.values()
    return next(r for r in forward if r.column != relation.column)


def far_ends(
    db: Database, relation: Relation, key: str, include_retired: bool = False
) -> list[tuple[Row, Row]]:
    """Through a link table (`relation` reads it backward from `key`): the rows at its other
    end, by id, each with its link row: a statement's contradictions, with its side."""
    far = _far(db.catalogue, relation)
    links = children(db, relation, [key], include_retired)[key]
    found = by_ids(db, far.table, (link[far.column] for link in links))
    pairs = [
        (row, link)
        for link in links
        if (row := found.get(link[far.column])) is not None
        and (include_retired or row["record_status"] == "active")
    ]
    id_column = db.catalogue[far.table].id_column
    return sorted(pairs, key=lambda pair: str(pair[0][id_column]))


def detail_columns(catalogue: Catalogue, relation: Relation) -> list[str]:
    """The columns a REST detail gives of each related row: all but the one pointing back."""
    return [c for c in catalogue[relation.table].column_names if c != relation.column]


def detail(db: Database, table: str, key: str, include_retired: bool) -> dict[str, Any]:
    """What a REST detail of `table` carries besides its own columns (the catalogue's
    `details`): the rows of a relation, or the ids at the far end of a link table."""
    spec = db.catalogue[table]
    out: dict[str, Any] = {}
    for name, kind in spec.details.items():
        relation = spec.backward[name]
        if kind == "rows":
            columns = detail_columns(db.catalogue, relation)
            lists = db.catalogue[relation.table].lists  # JSON arrays in the database
            rows = children(db, relation, [key], include_retired)[key]
            out[name] = [
                {c: json.loads(row[c]) if c in lists and row[c] else row[c] for c in columns}
                for row in rows
            ]
        else:
            far = _far(db.catalogue, relation)
            pairs = far_ends(db, relation, key, include_retired)
            out[name] = [str(link[far.column]) for _, link in pairs]
    return out
