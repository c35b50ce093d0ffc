"""A planned GraphQL query compiled into one SQLite statement that returns its `data` as JSON.

The planner's merged selections (plan.py) are walked once per document, operation and shape
of variables: top-level lists become keyset pages (CTEs) with the filters, search and sorts
the catalogue declares, lookups by id follow replacements, and every relation is a correlated
subquery over the SQL `api/relations.py` writes. The statement is kept, and run with the
request's values as parameters; the text it returns is the answer's `data`.

Whatever the compiler does not cover raises `Unsupported` (that document and shape are then
always answered by Strawberry), and whatever a request's values make Strawberry answer with
an error raises `Fallback` (that request is answered by Strawberry): an answer given here is
always the one Strawberry would give.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from graphql import (
    DirectiveNode,
    DocumentNode,
    GraphQLEnumType,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    Visitor,
    get_argument_values,
    get_named_type,
    get_variable_values,
    type_from_ast,
    visit,
)

from statement_ledger.api.db import BudgetExceeded, Database
from statement_ledger.api.graphql.plan import DocumentPlan, Entry, Lists, Plan
from statement_ledger.api.graphql.records import Record
from statement_ledger.api.graphql.sqljson import (
    CURSOR,
    Fallback,
    Getter,
    Params,
    Unsupported,
    array,
    boolean,
    cursor,
    nested,
    obj,
    quoted,
    text,
)
from statement_ledger.api.graphql.vocabulary import camel, type_name
from statement_ledger.api.query import ISO_DATE, QueryError, decode_cursor, search_match
from statement_ledger.api.search_terms import WORDS
from statement_ledger.catalogue.tables import Catalogue, Table

# Statements kept: one per document, operation and shape of variables, from query texts of
# at most this many characters.
CACHE_SIZE = 512
MAX_CACHED_QUERY = 8192
# Replacements followed from an id at most (a chain the build allows is far shorter).
MAX_REPLACEMENTS = 100


class Prepared:
    """One compiled statement and where its parameters come from."""

    def __init__(self, sql: str, params: Params) -> None:
        self.sql = sql
        self.params = params

    def values(self, variables: Any) -> list[Any]:
        """The parameters for one request (raises Fallback for values Strawberry refuses);
        `variables` as graphql-core coerced them."""
        args = [get_argument_values(d, n, variables) for d, n in self.params.sites]
        return [get(args[site]) for site, get in self.params.getters]


class _HasDirectives(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.found = False

    def enter_directive(self, node: DirectiveNode, *_: Any) -> Any:
        self.found = True


def _has_directives(document: DocumentNode) -> bool:
    visitor = _HasDirectives()
    visit(document, visitor)
    return visitor.found


def _shape(value: Any, keep: bool) -> Any:
    """What of a variable's value decides the statement: null or not, an object's keys, and
    the value itself for an enum or a Boolean (a sort, an order, `includeRetired`)."""
    if value is None or keep:
        return value if not isinstance(value, list) else tuple(value)
    if isinstance(value, dict):
        return tuple(sorted((k, _shape(v, False)) for k, v in value.items()))
    if isinstance(value, list):
        return ("list", len(value))
    return type(value).__name__


class Compiler:
    """Compiles operations once per shape and answers them; counts what it answered."""

    def __init__(self, schema: GraphQLSchema, lists: Lists, max_first: int) -> None:
        self.schema = schema
        self.lists = lists
        self.max_first = max_first
        self.cache: OrderedDict[tuple[Any, ...], Prepared | None] = OrderedDict()
        self.registered: set[int] = set()
        self.lock = threading.Lock()  # operations are answered in several threads
        self.answered = 0  # operations answered by one statement (tests read it)

    def _operation(
        self, planned: DocumentPlan, name: str | None
    ) -> tuple[OperationDefinitionNode, Plan] | None:
        found = [
            (o, p)
            for o, p in planned.operations
            if name is None or (o.name is not None and o.name.value == name)
        ]
        return found[0] if len(found) == 1 else None

    def _shape(self, operation: OperationDefinitionNode, variables: Mapping[str, Any]) -> Any:
        shape = []
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in variables:
                continue
            kind = get_named_type(type_from_ast(self.schema, definition.type))
            keep = isinstance(kind, GraphQLEnumType) or getattr(kind, "name", "") == "Boolean"
            shape.append((name, _shape(variables[name], keep)))
        return tuple(shape)

    def answer(
        self,
        db: Database,
        enums: Mapping[tuple[str, str], list[str]],
        query: str,
        document: DocumentNode,
        planned: DocumentPlan,
        operation_name: str | None,
        raw: Mapping[str, Any] | None,
    ) -> str | None:
        """The `data` of the operation as JSON text, or None when Strawberry must answer."""
        found = self._operation(planned, operation_name)
        if found is None:
            return None
        operation, plan = found
        values: Any = get_variable_values(
            self.schema, operation.variable_definitions or (), dict(raw or {})
        )
        if isinstance(values, list):  # the variables' errors: Strawberry reports them
            return None
        coerced = getattr(values, "coerced", values)  # graphql-core 3.3 wraps them
        key = (query, operation_name, self._shape(operation, coerced))
        with self.lock:
            known = key in self.cache
            prepared = self.cache[key] if known else None
            if known:
                self.cache.move_to_end(key)
        if not known:
            prepared = self._prepare(db, enums, document, plan, values)
            if len(query) <= MAX_CACHED_QUERY:  # a longer text is compiled for each request
                with self.lock:
                    self.cache[key] = prepared
                    while len(self.cache) > CACHE_SIZE:
                        self.cache.popitem(last=False)
        if prepared is None:
            return None
        if id(db) not in self.registered:
            db.create_function(CURSOR, 2, cursor)
            self.registered.add(id(db))
        try:
            rows = db.query(prepared.sql, prepared.values(values))
        except sqlite3.Error as exc:
            if "stack overflow" in str(exc):  # nested past SQLite's parser: never again
                with self.lock:
                    if key in self.cache:
                        self.cache[key] = None
            return None
        except (Fallback, QueryError, BudgetExceeded):
            return None
        answer = rows[0][0] if rows else None
        if answer is None:  # a guard failed (an id a filter names does not exist)
            return None
        self.answered += 1
        return str(answer)

    def _prepare(
        self,
        db: Database,
        enums: Mapping[tuple[str, str], list[str]],
        document: DocumentNode,
        plan: Plan,
        variables: Any,
    ) -> Prepared | None:
        if _has_directives(document):
            return None
        build = Build(self, db.catalogue, enums, variables)
        try:
            return build.root(plan)
        except (Unsupported, Fallback, QueryError, KeyError):
            return None


class Build:
    """The SQL of one operation under one shape of variables."""

    def __init__(
        self,
        compiler: Compiler,
        catalogue: Catalogue,
        enums: Mapping[tuple[str, str], list[str]],
        variables: Any,
    ) -> None:
        self.schema = compiler.schema
        self.lists = compiler.lists
        self.max_first = compiler.max_first
        self.catalogue = catalogue
        self.enums = enums
        self.variables = variables
        self.params = Params()
        self.ctes: list[str] = []
        # Conditions the whole answer needs (else Strawberry answers: an error it reports).
        self.guards: list[str] = []
        self.aliases = 0
        self.tables = {type_name(t): t for t in catalogue}

    def alias(self) -> str:
        self.aliases += 1
        return f"r{self.aliases}"

    def field(self, plan: Plan, entry: Entry) -> Any:
        parent = self.schema.get_type(plan.type_name)
        if not isinstance(parent, GraphQLObjectType) or entry.name not in parent.fields:
            raise Unsupported(entry.name)
        return parent.fields[entry.name]

    def site(self, plan: Plan, entry: Entry) -> tuple[int, dict[str, Any]]:
        """A field with arguments: its site, and its arguments under this request's values."""
        definition = self.field(plan, entry)
        site = self.params.site(definition, entry.node)
        return site, get_argument_values(definition, entry.node, self.variables)

    @staticmethod
    def only(entry: Entry) -> Plan:
        if len(entry.plans) != 1:
            raise Unsupported(entry.name)
        return entry.plans[0]

    # --- the operation ----------------------------------------------------------------------

    def root(self, plan: Plan) -> Prepared:
        if plan.type_name != "Query":
            raise Unsupported(plan.type_name)
        pairs = []
        for key, entry in plan.entries.items():
            if entry.name == "__typename":
                pairs.append((key, text("Query")))
                continue
            table = self.lists.tables.get(("Query", entry.name))
            if table is not None:
                pairs.append((key, self.page(plan, entry, table)))
            else:
                pairs.append((key, self.lookup(plan, entry)))
        with_ = f"WITH {', '.join(self.ctes)} " if self.ctes else ""
        answer = obj(pairs)
        if self.guards:
            answer = f"CASE WHEN {' AND '.join(self.guards)} THEN {answer} END"
        return Prepared(f"{with_}SELECT {answer}", self.params)

    def lookup(self, plan: Plan, entry: Entry) -> str:
        """`statement(id:)`: the row, following replacements as `resolve_id` does."""
        named = get_named_type(self.field(plan, entry).type)
        table = self.tables.get(named.name)
        if table is None or table not in self.catalogue.listed:
            raise Unsupported(entry.name)
        spec = self.catalogue[table]
        site, _ = self.site(plan, entry)
        key = self.params.add(site, lambda args: str(args["id"]))
        t, i = quoted(table), quoted(spec.id_column)
        replacement = f"(SELECT t.replaced_by FROM {t} t WHERE t.{i} = {{}})"
        # each step a scalar subquery: a join with the table would make SQLite 3.40 scan it
        chain = (
            f"WITH RECURSIVE chain(k, n, path, r) AS (SELECT {key}, 0, '[]', "
            f"{replacement.format(key)} UNION ALL SELECT chain.r, chain.n + 1, "
            f"json_insert(chain.path, '$[#]', chain.k), {replacement.format('chain.r')} "
            "FROM chain WHERE coalesce(chain.r, '') != '' AND chain.r != chain.k AND NOT EXISTS "
            "(SELECT 1 FROM json_each(chain.path) WHERE value = chain.r) "
            f"AND chain.n < {MAX_REPLACEMENTS})"
        )
        row = self.alias()
        found = self.record(self.only(entry), row, table, redirected="e.path")
        return nested(
            f"{chain} SELECT {found} FROM (SELECT k, path FROM chain ORDER BY n DESC LIMIT 1) e "
            f"JOIN {t} {row} ON {row}.{i} = e.k"
        )

    # --- top-level lists ----------------------------------------------------------------------

    def _filters(self, spec: Table, site: int, given: Mapping[str, Any]) -> tuple[list[str], str]:
        """The conditions of the filters given, in `_conditions`'s order, and the guards that
        every id they name exists (else `_known` refuses it)."""
        names = {camel(n): n for n in spec.filters}
        chosen = sorted(names[k] for k, v in given.items() if v is not None and k in names)
        if any(k not in names for k in given):
            raise Unsupported("filter")
        where, guards = [], []
        for name in chosen:
            flt, wanted = spec.filters[name], camel(name)
            allowed = self.enums.get((spec.name, flt.column or ""), [])

            def get(
                args: dict[str, Any],
                wanted: str = wanted,
                kind: str = flt.kind,
                allowed: list[str] = allowed,
            ) -> str:
                value = str(args["filter"][wanted])
                if kind == "enum" and value not in allowed:
                    raise Fallback(wanted)
                if kind == "date":
                    try:
                        dt.date.fromisoformat(value)
                    except ValueError:
                        raise Fallback(wanted) from None
                    if not ISO_DATE.fullmatch(value):
                        raise Fallback(wanted)
                return value

            mark = self.params.add(site, get)
            where.append(flt.sql.replace("?", mark))
            relation = spec.forward.get(name)
            target = relation.table if relation is not None else f"{name}s"
            if target in self.catalogue.listed and flt.kind == "id":
                key = quoted(self.catalogue[target].id_column)
                guards.append(f"EXISTS (SELECT 1 FROM {quoted(target)} WHERE {key} = {mark})")
        return where, " AND ".join(guards)

    def page(self, plan: Plan, entry: Entry, table: str) -> str:
        spec = self.catalogue[table]
        site, args = self.site(plan, entry)
        where, guards = self._filters(spec, site, args.get("filter") or {})
        if not args["includeRetired"]:
            where.append("\"record_status\" = 'active'")
        if args.get("search") is not None:
            if not spec.searchable:
                raise Unsupported("search")

            def search(args: dict[str, Any]) -> str:
                # the same reading of the words as REST and the resolvers; a search that
                # cannot run is the resolvers' error to report
                try:
                    return search_match(str(args["search"]), str(args.get("syntax") or WORDS))
                except QueryError:
                    raise Fallback("search") from None

            fts = quoted(f"{table}_fts")
            where.append(f"rowid IN (SELECT rowid FROM {fts} WHERE {fts} MATCH "
                         f"{self.params.add(site, search)})")  # fmt: skip
        sorts = {("id" if c == spec.id_column else camel(c)): c for c in spec.sorts}
        column = sorts[args["sort"]] if args.get("sort") is not None else spec.id_column
        order = "DESC" if args["order"] == "DESC" else "ASC"

        def first(args: dict[str, Any]) -> int:
            if not 1 <= args["first"] <= self.max_first:
                raise Fallback("first")
            return int(args["first"])

        size = self.params.add(site, first)
        more = self.params.add(site, lambda args: first(args) + 1)
        sort, key = spec.sort_expression(column), quoted(spec.id_column)
        counted = " AND ".join(where) or "1"
        paged = list(where)
        if args.get("after") is not None:
            at = [self.params.add(site, _after_part(n)) for n in (0, 1)]
            paged.append(f"({sort}, {key}) {'<' if order == 'DESC' else '>'} ({at[0]}, {at[1]})")
        by = f"{sort} {order}, {key} {order}"
        cte = f"p{len(self.ctes)}"
        self.ctes.append(
            f"{cte} AS (SELECT _r, _k, _i, row_number() OVER (ORDER BY _s {order}, _i {order}) "
            f"AS _n FROM (SELECT rowid AS _r, {quoted(column)} AS _k, {key} AS _i, {sort} AS _s "
            f"FROM {quoted(table)} WHERE {' AND '.join(paged) or '1'} ORDER BY {by} "
            f"LIMIT {more}))"
        )
        edge_cursor = f"{CURSOR}(coalesce({{a}}.{quoted(column)}, ''), {{a}}.\"{spec.id_column}\")"
        pairs = []
        for name, part in self.only(entry).entries.items():
            if part.name == "__typename":
                pairs.append((name, text(self.only(entry).type_name)))
            elif part.name == "totalCount":
                pairs.append((name, f"(SELECT count(*) FROM {quoted(table)} WHERE {counted})"))
            elif part.name == "pageInfo":
                a = self.alias()
                end = (
                    f"(SELECT {CURSOR}(coalesce({a}._k, ''), {a}._i) FROM {cte} {a} "
                    f"WHERE {a}._n <= {size} ORDER BY {a}._n DESC LIMIT 1)"
                )
                has_next = boolean(f"(SELECT count(*) FROM {cte}) > {size}")
                pairs.append((name, self.page_info(self.only(part), has_next, end)))
            elif part.name in ("nodes", "edges"):
                a = self.alias()
                if part.name == "edges":
                    value = self.edge(self.only(part), a, table, edge_cursor.format(a=a))
                else:
                    value = self.record(self.only(part), a, table)
                rows = f"SELECT _r FROM {cte} WHERE _n <= {size} ORDER BY _n LIMIT {size}"
                pairs.append((name, nested(array(rows, table, value, a))))
            else:
                raise Unsupported(part.name)
        if guards:
            self.guards.append(guards)
        return obj(pairs)

    def edge(self, plan: Plan, a: str, table: str, cursor_sql: str) -> str:
        pairs = []
        for name, part in plan.entries.items():
            if part.name == "cursor":
                pairs.append((name, cursor_sql))
            elif part.name == "node":
                pairs.append((name, self.record(self.only(part), a, table)))
            elif part.name == "__typename":
                pairs.append((name, text(plan.type_name)))
            else:
                raise Unsupported(part.name)
        return obj(pairs)

    @staticmethod
    def page_info(plan: Plan, has_next: str, end: str) -> str:
        values = {"hasNextPage": has_next, "endCursor": end, "__typename": text(plan.type_name)}
        return obj([(name, values[part.name]) for name, part in plan.entries.items()])

    # --- records ----------------------------------------------------------------------------

    def record(self, plan: Plan, a: str, table: str, redirected: str = "'[]'") -> str:
        """A row (alias `a`) of `table` as the object `plan` selects."""
        return Record(self, table, a, redirected).build(plan)


def _after_part(n: int) -> Getter:
    """Part `n` of the top-level cursor `after` (Fallback for one this API did not write)."""

    def get(args: dict[str, Any]) -> Any:
        try:
            return decode_cursor(args["after"])[n]
        except QueryError:
            raise Fallback("after") from None

    return get


class Answer(str):
    """The `data` of an answer as JSON text, written into the response as it is."""


def encode(data: object) -> str:
    """A response (or a batch of them) as JSON, compiled answers' text included unparsed."""
    if isinstance(data, list):
        return "[" + ",".join(encode(item) for item in data) + "]"
    if isinstance(data, dict) and isinstance(data.get("data"), Answer):
        rest = {k: v for k, v in data.items() if k != "data"}
        tail = "," + json.dumps(rest, separators=(",", ":"))[1:] if rest else "}"
        return '{"data":' + str(data["data"]) + tail
    return json.dumps(data, separators=(",", ":"))
