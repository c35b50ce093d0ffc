"""Per-request DataLoaders: every relation is one SQL query per batch, never one per row."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from strawberry.dataloader import DataLoader

from statement_ledger.api.db import Database
from statement_ledger.api.query import SPECS

Row = sqlite3.Row


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
}


@dataclass
class Related:
    """The first rows of a relation for one parent, and how many there are in all."""

    rows: list[Row] = field(default_factory=list)
    total: int = 0


class Loaders:
    """Created afresh for every request (a loader caches; sharing one would leak)."""

    def __init__(self, db: Database, cap: int) -> None:
        self.db = db
        self.cap = cap
        self.rows = {table: self._row_loader(table) for table in SPECS}
        self.related = {name: self._related_loader(rel) for name, rel in RELATIONS.items()}

    def _row_loader(self, table: str) -> DataLoader[str, Row | None]:
        id_column = SPECS[table].id_column

        async def load(keys: Sequence[str]) -> list[Row | None]:
            marks = ", ".join("?" for _ in keys)
            rows = self.db.query(
                f'SELECT * FROM "{table}" WHERE "{id_column}" IN ({marks})', list(keys)
            )
            found = {row[id_column]: row for row in rows}
            return [found.get(key) for key in keys]

        return DataLoader(load_fn=load)

    def _related_loader(self, relation: Relation) -> DataLoader[str, Related]:
        async def load(keys: Sequence[str]) -> list[Related]:
            grouped: dict[str, Related] = defaultdict(Related)
            for row in self.db.query(relation.sql(len(keys), self.cap), list(keys)):
                entry = grouped[row["_key"]]
                entry.rows.append(row)
                entry.total = int(row["_total"])
            return [grouped.get(key, Related()) for key in keys]

        return DataLoader(load_fn=load)
