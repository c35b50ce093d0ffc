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
from statement_ledger.api.relations import Related, by_ids, grouped

Row = sqlite3.Row


@dataclass(eq=False)
class Group:
    """Rows of `table` fetched together; what was fetched for all of them, by relation; the
    objects made of its rows, by id (a row pointed to from many rows is made once); and the
    request's loaders, which fetch the relations of its rows when they are read."""

    table: str
    rows: list[Row]
    links: dict[Any, Any] = field(default_factory=dict)
    made: dict[str, Any] = field(default_factory=dict)
    loaders: Loaders | None = None


class Loaders:
    """Created afresh for every request (it caches rows; sharing one would leak)."""

    def __init__(self, db: Database, cap: int) -> None:
        self.db = db
        self.cap = cap
        self.cache: dict[str, dict[str, Row | None]] = {}

    def rows(self, table: str, keys: Iterable[str]) -> dict[str, Row | None]:
        """The rows of `table` with these ids (None where there is none), fetched at most once
        per request."""
        cache = self.cache.setdefault(table, {})
        missing = [key for key in dict.fromkeys(keys) if key not in cache]
        if missing:
            cache.update(by_ids(self.db, table, missing))
            for key in missing:
                cache.setdefault(key, None)
        return cache

    def cited(self, group: Group) -> dict[str, Row | None]:
        """The references cited by the rows of `group` (their reference_ids), fetched for all
        of them at once, by reference id."""
        if "references" not in group.links:
            ids = [i for row in group.rows for i in json.loads(row["reference_ids"] or "[]")]
            self.rows("references", ids)
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
            link = Group(table, [row for k in keys if (row := found[k]) is not None], loaders=self)
            group.links[(table, column)] = link
        if not key:
            return None, link
        found = self.cache.get(table, {})
        if key not in found:  # not a row of the group: fetch it alone
            found = self.rows(table, [key])
        return found[key], link

    def related(
        self, group: Group, name: str, key: str, first: int, offset: int = 0
    ) -> tuple[Related, Group]:
        """The rows of relation `name` (read backward, as the catalogue names it) of one row of
        `group` (whose id is `key`), at least its first `offset + first`, and the group of the
        rows `offset` to `offset + first` of the relation for every row of `group`."""
        relation = self.db.catalogue[group.table].backward[name]
        # the first `cap` rows of every parent serve any page within them; a page past them
        # is fetched, for the whole group again, as far as it reaches
        reach = max(self.cap, offset + first)
        by_parent: dict[str, Related] | None = group.links.get((name, "reach", reach))
        if by_parent is None:
            id_column = self.db.catalogue[group.table].id_column
            keys = [*(row[id_column] for row in group.rows), key]
            by_parent = grouped(self.db, relation, keys, reach)
            group.links[(name, "reach", reach)] = by_parent
        children: Group | None = group.links.get((name, first, offset))
        if children is None:
            children = Group(
                relation.table,
                [
                    row
                    for entry in by_parent.values()
                    for row in entry.rows[offset : offset + first]
                ],
                loaders=self,
            )
            group.links[(name, first, offset)] = children
        return by_parent.get(key) or Related(), children
