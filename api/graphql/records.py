"""One record compiled to SQL: the JSON object a row of a table makes under a selection, with
its columns, dates, list columns, the rows its relations reach and the references it cites,
as types.py makes them (compile.py puts these objects together)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from statement_ledger.api.graphql.plan import Entry, Plan
from statement_ledger.api.graphql.sqljson import (
    CURSOR,
    Fallback,
    Unsupported,
    array,
    boolean,
    json_list,
    nested,
    obj,
    quoted,
    text,
)
from statement_ledger.api.graphql.types import _offset
from statement_ledger.api.graphql.vocabulary import camel
from statement_ledger.api.query import QueryError
from statement_ledger.api.relations import ACTIVE, _order

if TYPE_CHECKING:
    from statement_ledger.api.graphql.compile import Build

REFERENCES = "references"


class Record:
    """The object a row (alias `a`) of `table` makes; `redirected` is the SQL of its
    `redirectedFrom` (the ids a lookup followed to it; none for a listed row)."""

    def __init__(self, build: Build, table: str, a: str, redirected: str) -> None:
        self.build_ = build
        self.spec = build.catalogue[table]
        self.a = a
        self.redirected = redirected

    def col(self, name: str) -> str:
        return f"{self.a}.{quoted(name)}"

    def build(self, plan: Plan) -> str:
        return obj([(key, self.value(plan, entry)) for key, entry in plan.entries.items()])

    def value(self, plan: Plan, entry: Entry) -> str:
        name, lists = entry.name, self.build_.lists
        if name == "__typename":
            return text(plan.type_name)
        if name == "id" and len(self.spec.primary_key) == 1:
            return self.col(self.spec.id_column)
        if name == "redirectedFrom":
            return f"json({self.redirected})"
        relation = lists.relations.get((plan.type_name, name))
        if relation is not None:
            return self.many(plan, entry, relation.split(".", 1)[1])
        if lists.plain.get((plan.type_name, name)) == f"{self.spec.name}.{REFERENCES}":
            return self.cited(entry)
        forward = {camel(n): n for n in self.spec.forward}
        if entry.plans and name in forward:
            return self.one(entry, forward[name])
        column = {camel(c): c for c in self.spec.column_names}.get(name)
        if column is None:
            raise Unsupported(name)
        if entry.plans:
            return self.date(self.build_.only(entry), column)
        if column in self.spec.lists:
            return json_list(self.col(column))
        return self.col(column)

    def date(self, plan: Plan, prefix: str) -> str:
        """A FuzzyDate: the date column `prefix` with its precision, basis and note."""
        columns = self.spec.column_names
        note = f"{prefix}_note" if f"{prefix}_note" in columns else "date_note"
        values = {
            "date": self.col(prefix),
            "precision": self.col(f"{prefix}_precision"),
            "basis": self.col(f"{prefix}_basis") if f"{prefix}_basis" in columns else "NULL",
            "note": self.col(note) if note in columns else "NULL",
            "__typename": text(plan.type_name),
        }
        pairs = []
        for key, entry in plan.entries.items():
            if entry.name not in values:
                raise Unsupported(entry.name)
            pairs.append((key, values[entry.name]))
        return obj(pairs)

    def one(self, entry: Entry, name: str) -> str:
        """The row relation `name` points to (over two keys when it goes `via` another), or
        null: retired rows too, as the loaders follow them."""
        catalogue, relation = self.build_.catalogue, self.spec.forward[name]
        key = self.col(relation.column)
        if relation.via is not None:
            first = self.spec.forward[relation.via]
            first_id = quoted(catalogue[first.table].id_column)
            key = (
                f"(SELECT f.{quoted(relation.column)} FROM {quoted(first.table)} f "
                f"WHERE f.{first_id} = {self.col(first.column)})"
            )
        b = self.build_.alias()
        target = relation.table
        made = Record(self.build_, target, b, "'[]'").build(self.build_.only(entry))
        target_id = quoted(catalogue[target].id_column)
        return nested(f"SELECT {made} FROM {quoted(target)} {b} WHERE {b}.{target_id} = {key}")

    def many(self, plan: Plan, entry: Entry, name: str) -> str:
        """A page of the active rows of relation `name` read backward, in its order, with how
        many there are and a cursor of the rows given so far (as `_related` writes them)."""
        build = self.build_
        relation = self.spec.backward[name]
        site, _ = build.site(plan, entry)
        cap = build.max_first

        def first(args: dict[str, Any]) -> int:
            if not 0 <= args["first"] <= cap:
                raise Fallback("first")
            return int(args["first"])

        def offset(args: dict[str, Any]) -> int:
            try:
                return _offset(name, args.get("after"))
            except QueryError:
                raise Fallback("after") from None

        size, skip = build.params.add(site, first), build.params.add(site, offset)
        order = _order(build.catalogue, relation)
        parent = self.col(self.spec.id_column)
        where = (
            f"FROM {quoted(relation.table)} t {relation.join} "
            f"WHERE {relation.key} = {parent} AND {ACTIVE}"
        )
        given = f"max(0, min({size}, q.n - {skip}))"
        values: dict[str, str] = {"totalCount": "q.n"}
        listing = build.only(entry)
        for key, part in listing.entries.items():
            if part.name == "pageInfo":
                values[key] = build.page_info(
                    build.only(part),
                    boolean(f"q.n > {skip} + {given}"),
                    f"CASE WHEN {given} > 0 THEN {CURSOR}({text(name)}, "
                    f"CAST({skip} + {given} AS TEXT)) END",
                )
            elif part.name == "nodes":
                c = build.alias()
                rows = f"SELECT t.rowid AS _r {where} ORDER BY {order} LIMIT {size} OFFSET {skip}"
                made = Record(build, relation.table, c, "'[]'").build(build.only(part))
                values[key] = nested(array(rows, relation.table, made, c))
        pairs = []
        for key, part in listing.entries.items():
            if part.name == "__typename":
                pairs.append((key, text(listing.type_name)))
            elif part.name == "totalCount":
                pairs.append((key, values["totalCount"]))
            elif key in values:
                pairs.append((key, values[key]))
            else:
                raise Unsupported(part.name)
        return nested(f"SELECT {obj(pairs)} FROM (SELECT count(*) AS n {where}) q")

    def cited(self, entry: Entry) -> str:
        """The references the row's `reference_ids` cite, in their order (missing ones left
        out), as the loaders find them."""
        ids = self.col("reference_ids")
        c = self.build_.alias()
        rows = (
            f"SELECT r.rowid AS _r FROM json_each(CASE WHEN {ids} IS NULL OR {ids} = '' "
            f"THEN '[]' ELSE {ids} END) j JOIN {quoted(REFERENCES)} r "
            f"ON r.{quoted(self.build_.catalogue[REFERENCES].id_column)} = j.value "
            "ORDER BY j.key LIMIT -1"
        )
        made = Record(self.build_, REFERENCES, c, "'[]'").build(self.build_.only(entry))
        return nested(array(rows, REFERENCES, made, c))
