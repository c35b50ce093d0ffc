"""Per-request loading of relations: every relation is one SQL query per group of rows that
were fetched together (a page, or the rows of one relation of such a group), never one per
row.

The first time a relation is asked of a row, it is fetched for every row of its group, in one
query, and kept; the rows of the group then find theirs without SQL. This is the batching a
DataLoader does, done synchronously: no future, task or event-loop turn per field.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from statement_ledger.api.db import Database
from statement_ledger.api.query import SPECS

Row = sqlite3.Row

# Ids per `IN (...)` query (SQLite allows 32,766 parameters; groups are bounded by the cost).
CHUNK = 1000


@dataclass(frozen=True)
class Relation:
    """Rows of `table` grouped by a key: a column, or an expression over a join."""

    table: str
    key: str  # SQL expression giving the parent's id for each row
    join: str = ""
    order: str = ""

    def sql(self, count: int, cap: int) -> str:
        marks = ", ".join("?" for _ in range(count))
        id_column = SPECS[self.table].id_column if self.table in SPECS else "statement_id"
        order = self.order or f't."{id_column}"'
        return (
            "SELECT * FROM (SELECT t.*, "
            f"{self.key} AS _key, ROW_NUMBER() OVER (PARTITION BY {self.key} ORDER BY {order}) "
            f'AS _n, COUNT(*) OVER (PARTITION BY {self.key}) AS _total FROM "{self.table}" t '
            f"{self.join} WHERE {self.key} IN ({marks}) AND t.\"record_status\" = 'active') "
            f"WHERE _n <= {cap} ORDER BY _key, _n"
        )


RELATIONS: dict[str, Relation] = {
    "statements_by_speaker": Relation("statements", 't."speaker_id"'),
    "statements_by_source": Relation("statements", 't."source_actor_id"'),
    "statements_by_article": Relation("statements", 't."article_id"'),
    "statements_by_via_outlet": Relation("statements", 't."via_outlet_id"'),
    "statements_by_outlet": Relation(
        "statements", 'a."outlet_id"', 'JOIN "articles" a ON a."article_id" = t."article_id"'
    ),
    "statements_by_occasion": Relation("statements", 't."occasion_event_id"'),
    "statements_by_about": Relation("statements", 't."about_event_id"'),
    "articles_by_outlet": Relation("articles", 't."outlet_id"'),
    "actors_by_affiliation": Relation("actors", 't."affiliation_id"'),
    "events_by_parent": Relation("events", 't."parent_event_id"'),
    "sides_by_contradiction": Relation(
        "contradiction_sides", 't."contradiction_id"', order='t."side", t."statement_id"'
    ),
    "sides_by_statement": Relation(
        "contradiction_sides", 't."statement_id"', order='t."contradiction_id"'
    ),
    "record_sides_by_contradiction": Relation(
        "record_sides", 't."contradiction_id"', order='t."side"'
    ),
}


@dataclass
class Related:
    """The first rows of a relation for one parent, and how many there are in all."""

    rows: list[Row] = field(default_factory=list)
    total: int = 0


@dataclass(eq=False)
class Group:
    """Rows of `table` fetched together; what was fetched for all of them, by relation; and the
    objects made of its rows, by id (a row pointed to from many rows is made once)."""

    table: str
    rows: list[Row]
    links: dict[Any, Any] = field(default_factory=dict)
    made: dict[str, Any] = field(default_factory=dict)


class Loaders:
    """Created afresh for every request (it caches rows; sharing one would leak)."""

    def __init__(self, db: Database, cap: int) -> None:
        self.db = db
        self.cap = cap
        self.cache: dict[str, dict[str, Row | None]] = {}

    def rows(
        self, table: str, keys: Iterable[str], id_column: str | None = None
    ) -> dict[str, Row | None]:
        """The rows of `table` with these ids (None where there is none), fetched at most once
        per request."""
        cache = self.cache.setdefault(table, {})
        missing = [key for key in dict.fromkeys(keys) if key not in cache]
        if missing:
            id_column = id_column or SPECS[table].id_column
            for start in range(0, len(missing), CHUNK):
                chunk = missing[start : start + CHUNK]
                marks = ", ".join("?" for _ in chunk)
                for row in self.db.query(
                    f'SELECT * FROM "{table}" WHERE "{id_column}" IN ({marks})', chunk
                ):
                    cache[row[id_column]] = row
                for key in chunk:
                    cache.setdefault(key, None)
        return cache

    def cited(self, group: Group) -> dict[str, Row | None]:
        """The references cited by the rows of `group` (their reference_ids), fetched for all
        of them at once, by reference id."""
        if "references" not in group.links:
            ids = [i for row in group.rows for i in json.loads(row["reference_ids"] or "[]")]
            self.rows("references", ids, "reference_id")
            group.links["references"] = True
        return self.cache.get("references", {})

    def follow(
        self, group: Group, table: str, column: str, key: str | None
    ) -> tuple[Row | None, Group]:
        """The row of `table` that `column` of one row of `group` points to (`key`), and the
        group of the rows it points to from every row of `group`."""
        link: Group | None = group.links.get((table, column))
        if link is None:
            keys = list(dict.fromkeys(row[column] for row in group.rows if row[column]))
            found = self.rows(table, keys)
            link = Group(table, [row for k in keys if (row := found[k]) is not None])
            group.links[(table, column)] = link
        if not key:
            return None, link
        found = self.cache.get(table, {})
        if key not in found:  # not a row of the group: fetch it alone
            found = self.rows(table, [key])
        return found[key], link

    def related(self, group: Group, name: str, key: str, first: int) -> tuple[Related, Group]:
        """The first rows of relation `name` of one row of `group` (whose id is `key`), and the
        group of the first `first` rows of the relation for every row of `group`."""
        by_parent: dict[str, Related] | None = group.links.get(name)
        if by_parent is None:
            relation = RELATIONS[name]
            id_column = SPECS[group.table].id_column
            keys = list(dict.fromkeys(row[id_column] for row in group.rows))
            if key not in keys:
                keys.append(key)
            by_parent = {}
            for start in range(0, len(keys), CHUNK):
                chunk = keys[start : start + CHUNK]
                for row in self.db.query(relation.sql(len(chunk), self.cap), chunk):
                    entry = by_parent.get(row["_key"])
                    if entry is None:
                        entry = by_parent[row["_key"]] = Related()
                    entry.rows.append(row)
                    entry.total = int(row["_total"])
            group.links[name] = by_parent
        children: Group | None = group.links.get((name, first))
        if children is None:
            children = Group(
                RELATIONS[name].table,
                [row for entry in by_parent.values() for row in entry.rows[:first]],
            )
            group.links[(name, first)] = children
        return by_parent.get(key) or Related(), children
