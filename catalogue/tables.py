"""What each table is, said once.

The Table Schemas (`schema/*.json`) say the columns, their types, the keys and the foreign keys.
`EXTRAS` below says only what they cannot: the names of each foreign key read both ways, which
columns sort, filter, facet, search and carry an index of their own, the filters whose SQL is not
a plain column equality, what a REST detail adds, and the order of the tables. `describe` joins
the two into a `Catalogue` for the schemas it is given (the package's at build time, the ones the
database stores at serve time): a column or a foreign key added to a schema appears in it with no
edit here (a foreign key `EXTRAS` does not name gets a relation and a filter named after it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType
from typing import Any

# The package's tables, in the order they are read, built and listed.
TABLES = (
    "outlets",
    "articles",
    "actors",
    "events",
    "statements",
    "contradictions",
    "contradiction_sides",
    "record_sides",
    "article_sides",
    "references",
    "id_manifest",
)
# Tables whose single-column primary key is an id that must never be lost; the APIs list them.
# The others are keyed by the rows they join (sides) or are the list of ids itself.
ID_TABLES = tuple(
    name
    for name in TABLES
    if name not in ("contradiction_sides", "record_sides", "article_sides", "id_manifest")
)
# The foreign key every id table has to itself: a retired duplicate's replacement, followed by
# the lookups by id, never a relation.
REPLACEMENT = "replaced_by"
# Table Schema's delimiter of a list field that names none.
LIST_DELIMITER = ","


# --- What the schemas cannot say (declarations) ---------------------------------------------


@dataclass(frozen=True)
class Link:
    """The names of a foreign key read both ways: `forward` from the row to the row it points
    to, `backward` from that row to the rows pointing at it (ordered by `order`, or by their
    primary key)."""

    forward: str
    backward: str
    order: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hop:
    """A relation over two foreign keys: `forward` follows `first` then `then` (a column of the
    table `first` points to); `backward` lists the rows reached the other way."""

    forward: str
    first: str
    then: str
    backward: str


@dataclass(frozen=True)
class Equal:
    """A filter on equality with one column: the foreign key of the relation named `name`, or
    `column`, or the column named `name`."""

    name: str
    description: str
    column: str | None = None


@dataclass(frozen=True)
class Bound:
    """A date filter: rows whose `column` is on or after (`>=`) or on or before (`<=`) it."""

    name: str
    description: str
    column: str
    op: str


@dataclass(frozen=True)
class Where:
    """A filter whose SQL is not a plain column equality (every ? takes the value); `facet`,
    when it can be counted, is the SQL expression counted."""

    name: str
    description: str
    sql: str
    facet: str | None = None


Declared = Equal | Bound | Where


@dataclass(frozen=True)
class Extras:
    """What a table's schema cannot say about it."""

    links: Mapping[str, Link] = field(default_factory=dict)  # foreign key column -> names
    hops: tuple[Hop, ...] = ()
    filters: tuple[Declared, ...] = ()
    sorts: tuple[str, ...] = ()  # besides the id, which always sorts
    facets: tuple[str, ...] = ()  # filter names (or column names) counted by value
    search: tuple[str, ...] = ()  # the columns of its full-text index
    indexed: tuple[str, ...] = ()  # columns with an index of their own besides foreign keys
    details: Mapping[str, str] = field(default_factory=dict)  # backward relation -> rows | ids


# In the order the APIs list the tables.
EXTRAS: dict[str, Extras] = {
    "statements": Extras(
        links={
            "article_id": Link("article", "statements"),
            "speaker_id": Link("speaker", "statements"),
            "occasion_event_id": Link("occasion", "statements_made"),
            "about_event_id": Link("about", "statements_about"),
            "source_actor_id": Link("source", "relayed_statements"),
            "via_outlet_id": Link("via_outlet", "cited_statements"),
        },
        hops=(Hop("outlet", "article_id", "outlet_id", "statements"),),
        filters=(
            Equal("speaker", "statements by this actor id"),
            Equal("article", "statements reported in this article id"),
            Where(
                "outlet",
                "statements reported in articles of this outlet id",
                '"article_id" IN (SELECT "article_id" FROM "articles" WHERE "outlet_id" = ?)',
                '(SELECT "outlet_id" FROM "articles" a WHERE a."article_id" = '
                '"statements"."article_id")',
            ),
            Equal("via_outlet", "statements an article credits to this outlet id"),
            Where(
                "event",
                "statements made at, or about, this event id",
                '("occasion_event_id" = ? OR "about_event_id" = ?)',
            ),
            Where(
                "contradiction",
                "statements taking part in this contradiction id",
                '"statement_id" IN (SELECT "statement_id" FROM "contradiction_sides" '
                """WHERE "contradiction_id" = ? AND "record_status" = 'active')""",
            ),
            Equal("utterance", "statements reporting this utterance id", "utterance_id"),
            Equal("act", "what the speaker does"),
            Equal("channel", "how it was said"),
            Equal("attribution", "how the article attributes it"),
            Equal("quote_kind", "direct, paraphrase or mixed"),
            Bound("said_from", "said on or after this date", "said_on", ">="),
            Bound("said_to", "said on or before this date", "said_on", "<="),
        ),
        sorts=("said_on", "speaker_id", "article_id", "act"),
        facets=(
            "speaker",
            "outlet",
            "article",
            "via_outlet",
            "act",
            "channel",
            "attribution",
            "quote_kind",
        ),
        search=("quote", "claim", "speaker_as_reported"),
        indexed=("said_on", "act", "channel", "attribution", "quote_kind", "utterance_id"),
        details={"contradictions": "ids"},
    ),
    "contradictions": Extras(
        filters=(
            Equal("kind", "kind of contradiction"),
            Equal("resolution", "open, resolved or not_a_contradiction"),
            Where(
                "statement",
                "contradictions this statement id takes part in",
                '"contradiction_id" IN (SELECT "contradiction_id" FROM "contradiction_sides" '
                """WHERE "statement_id" = ? AND "record_status" = 'active')""",
            ),
        ),
        sorts=("kind", "resolution"),
        facets=("kind", "resolution"),
        search=("summary", "resolution_note"),
        indexed=("kind", "resolution"),
        details={"sides": "rows", "record_sides": "rows", "article_sides": "rows"},
    ),
    "actors": Extras(
        links={"affiliation_id": Link("affiliation", "members")},
        filters=(
            Equal("kind", "kind of actor"),
            Equal("country", "ISO 3166-1 alpha-2 country"),
            Equal("affiliation", "members of this actor id"),
        ),
        sorts=("name", "kind"),
        facets=("kind", "country"),
        search=("name", "aliases", "misspellings"),
        indexed=("kind", "name"),
    ),
    "outlets": Extras(
        filters=(
            Equal("kind", "kind of outlet"),
            Equal("ownership", "ownership"),
            Equal("country", "ISO 3166-1 alpha-2 country"),
        ),
        sorts=("name", "kind", "country"),
        facets=("kind", "ownership", "country"),
        search=("name",),
        indexed=("kind", "country", "name"),
    ),
    "articles": Extras(
        links={
            "outlet_id": Link("outlet", "articles"),
            "text_origin_outlet_id": Link("text_origin", "articles_by_text_origin"),
            "text_origin_actor_id": Link("text_origin_actor", "articles_by_text_origin"),
        },
        filters=(
            Equal("outlet", "articles of this outlet id"),
            Bound("published_from", "published on or after", "published_on", ">="),
            Bound("published_to", "published on or before", "published_on", "<="),
        ),
        sorts=("published_on", "outlet_id"),
        facets=("outlet", "language"),
        search=("title",),
        indexed=("published_on",),
        details={"contradictions": "ids"},
    ),
    "events": Extras(
        links={"parent_event_id": Link("parent", "children")},
        filters=(
            Equal("kind", "kind of event"),
            Equal("parent", "events that are part of this event id"),
            Bound("start_from", "starting on or after", "start_date", ">="),
            Bound("start_to", "starting on or before", "start_date", "<="),
        ),
        sorts=("start_date", "kind", "name"),
        facets=("kind",),
        search=("name", "description"),
        indexed=("kind", "start_date"),
    ),
    "contradiction_sides": Extras(
        links={
            "contradiction_id": Link("contradiction", "sides", ("side", "statement_id")),
            "statement_id": Link("statement", "contradictions", ("contradiction_id",)),
        },
    ),
    "record_sides": Extras(
        links={"contradiction_id": Link("contradiction", "record_sides", ("side",))},
    ),
    "article_sides": Extras(
        links={
            "contradiction_id": Link("contradiction", "article_sides", ("side",)),
            "article_id": Link("article", "contradictions", ("contradiction_id",)),
        },
    ),
    "references": Extras(
        sorts=("published_on", "publisher"),
        facets=("publisher",),
        search=("title", "publisher", "note"),
        indexed=("published_on", "publisher"),
    ),
}


# The tables the APIs list and look up by id, in the order they list them (EXTRAS's order).
LISTED = tuple(name for name in EXTRAS if name in ID_TABLES)


def declared_filters(table: str) -> tuple[tuple[str, str], ...]:
    """(name, description) of the filters `EXTRAS` declares for `table`, in order: what a
    schema fixed before any package is read (the GraphQL SDL) can offer."""
    extras = EXTRAS.get(table, Extras())
    return tuple((f.name, f.description) for f in extras.filters)


# --- The description built from the schemas --------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column as its Table Schema field says."""

    name: str
    type: str
    required: bool
    enum: tuple[str, ...] | None
    delimiter: str | None  # list columns only
    spec: Mapping[str, Any]  # the schema's field, as given


@dataclass(frozen=True)
class Relation:
    """Rows of `table` related to a row of another: `key` is the SQL expression (over `t`, a
    row of `table`, and `join`) giving that other row's id; `many` when it lists rows."""

    name: str
    table: str
    column: str  # the column (of the row read forward, or of `table` read backward) holding it
    key: str
    join: str = ""
    order: tuple[str, ...] = ()
    many: bool = False
    via: str | None = None  # forward over two keys: the relation followed first


@dataclass(frozen=True)
class Filter:
    """One filter: its SQL condition (every ? takes the value) and how the value is checked."""

    sql: str
    description: str
    kind: str = "id"  # id | enum | date
    column: str | None = None  # for enum filters: the column whose schema enum applies
    equals: str | None = None  # for a plain equality: its column


@dataclass(frozen=True)
class Table:
    """A table as every layer sees it: its schema's columns and keys, with the extras."""

    name: str
    schema: Mapping[str, Any]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    forward: Mapping[str, Relation]
    backward: Mapping[str, Relation]
    filters: Mapping[str, Filter]
    sorts: tuple[str, ...]  # the id first
    facets: Mapping[str, str]  # name -> the SQL expression counted
    search: tuple[str, ...]
    indexed: tuple[str, ...]
    details: Mapping[str, str]

    @property
    def id_column(self) -> str:
        return self.primary_key[0]

    @property
    def searchable(self) -> bool:
        return bool(self.search)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def lists(self) -> Mapping[str, str]:
        """List columns (stored as JSON arrays) -> their delimiter in the CSV."""
        return {c.name: c.delimiter for c in self.columns if c.delimiter is not None}

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    def sort_expression(self, column: str) -> str:
        """The SQL a keyset page sorts on: NULL becomes '' so that rows compare (and page)
        stably."""
        if not self.column(column).required:
            return f"COALESCE(\"{column}\", '')"
        return f'"{column}"'


@dataclass(frozen=True)
class Catalogue:
    """Every table of a package, in `TABLES` order (then any other, by name)."""

    tables: Mapping[str, Table]

    def __getitem__(self, name: str) -> Table:
        return self.tables[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self.tables)

    def __contains__(self, name: object) -> bool:
        return name in self.tables

    @property
    def listed(self) -> tuple[str, ...]:
        """The tables the APIs list and look up by id."""
        return tuple(t for t in LISTED if t in self.tables)

    @cached_property
    def list_columns(self) -> frozenset[str]:
        """The names of the list columns of every table (stored as JSON arrays)."""
        return frozenset(c for table in self.tables.values() for c in table.lists)

    def enums(self) -> dict[tuple[str, str], list[str]]:
        """(table, column) -> allowed values, for the listed tables."""
        return {
            (name, c.name): list(c.enum)
            for name in self.listed
            for c in self.tables[name].columns
            if c.enum is not None
        }


def _column(spec: Mapping[str, Any]) -> Column:
    constraints = spec.get("constraints", {})
    enum = constraints.get("enum")
    is_list = spec.get("type") == "list"
    return Column(
        name=spec["name"],
        type=spec.get("type", "string"),
        required=bool(constraints.get("required")),
        enum=tuple(enum) if enum is not None else None,
        delimiter=spec.get("delimiter", LIST_DELIMITER) if is_list else None,
        spec=MappingProxyType(dict(spec)),
    )


def _foreign_keys(name: str, schema: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(column, target table, target column) of each single-column foreign key but the
    replacement."""
    out = []
    for fk in schema.get("foreignKeys", []):
        column, target = fk.get("fields"), fk.get("reference", {})
        if isinstance(column, str) and column != REPLACEMENT:
            out.append((column, target.get("resource") or name, str(target.get("fields"))))
    return out


def _derived(column: str, table: str) -> Link:
    """The names of a foreign key `EXTRAS` does not name: after its column."""
    forward = column.removesuffix("_id") if column.endswith("_id") else f"{column}_row"
    return Link(forward, f"{table}_by_{forward}")


def _relations(
    schemas: Mapping[str, Mapping[str, Any]],
) -> tuple[dict[str, dict[str, Relation]], dict[str, dict[str, Relation]], dict[str, set[str]]]:
    """Forward and backward relations of every table, and the foreign keys each names."""
    forward: dict[str, dict[str, Relation]] = {t: {} for t in schemas}
    backward: dict[str, dict[str, Relation]] = {t: {} for t in schemas}
    derived: dict[str, set[str]] = {t: set() for t in schemas}
    for name, schema in schemas.items():
        extras = EXTRAS.get(name, Extras())
        for column, target, _ in _foreign_keys(name, schema):
            link = extras.links.get(column)
            if link is None:
                link = _derived(column, name)
                derived[name].add(link.forward)
            forward[name][link.forward] = Relation(link.forward, target, column, f't."{column}"')
            if target in backward:
                backward[target][link.backward] = Relation(
                    link.backward, name, column, f't."{column}"', order=link.order, many=True
                )
    for name in schemas:  # once every foreign key is known
        for hop in EXTRAS.get(name, Extras()).hops:
            first = next(r for r in forward[name].values() if r.column == hop.first)
            second = next(r for r in forward[first.table].values() if r.column == hop.then)
            forward[name][hop.forward] = Relation(
                hop.forward, second.table, hop.then, "", via=first.name
            )
            join = f'JOIN "{first.table}" a ON a."{_key(schemas, first.table)}" = t."{hop.first}"'
            backward[second.table][hop.backward] = Relation(
                hop.backward, name, hop.first, f'a."{hop.then}"', join, many=True
            )
    return forward, backward, derived


def _key(schemas: Mapping[str, Mapping[str, Any]], table: str) -> str:
    key: list[str] = list(schemas[table].get("primaryKey", []))
    return key[0]


def _filter(
    declared: Declared, columns: Mapping[str, Column], links: Mapping[str, Relation]
) -> Filter:
    if isinstance(declared, Where):
        return Filter(declared.sql, declared.description)
    if isinstance(declared, Bound):
        return Filter(f'"{declared.column}" {declared.op} ?', declared.description, "date")
    link = links.get(declared.name)
    column = declared.column or (link.column if link else declared.name)
    if columns[column].enum is not None:
        return Filter(f'"{column}" = ?', declared.description, "enum", column, column)
    return Filter(f'"{column}" = ?', declared.description, equals=column)


def _table(
    name: str,
    schema: Mapping[str, Any],
    forward: dict[str, Relation],
    backward: dict[str, Relation],
    derived: set[str],
) -> Table:
    extras = EXTRAS.get(name, Extras())
    columns = tuple(_column(spec) for spec in schema.get("fields", []))
    by_name = {c.name: c for c in columns}
    primary_key = tuple(schema.get("primaryKey", ()))
    filters = {f.name: _filter(f, by_name, forward) for f in extras.filters}
    for relation_name in sorted(set(derived) - set(filters)):  # a declared filter keeps its name
        column = forward[relation_name].column
        description = f"{name} whose {column} is this {forward[relation_name].table} id"
        filters[relation_name] = Filter(f'"{column}" = ?', description, equals=column)
    facets = {}
    for facet in extras.facets:
        declared = next((f for f in extras.filters if f.name == facet), None)
        if isinstance(declared, Where) and declared.facet:
            facets[facet] = declared.facet
        else:
            flt = filters.get(facet)
            facets[facet] = f'"{flt.equals if flt is not None and flt.equals else facet}"'
    return Table(
        name=name,
        schema=MappingProxyType(dict(schema)),
        columns=columns,
        primary_key=primary_key,
        forward=MappingProxyType(forward),
        backward=MappingProxyType(backward),
        filters=MappingProxyType(filters),
        sorts=(primary_key[0], *extras.sorts) if len(primary_key) == 1 else extras.sorts,
        facets=MappingProxyType(facets),
        search=extras.search,
        indexed=extras.indexed,
        details=MappingProxyType(dict(extras.details)),
    )


def describe(schemas: Mapping[str, Mapping[str, Any]]) -> Catalogue:
    """The catalogue of a package whose Table Schemas, by table name, are `schemas`."""
    forward, backward, derived = _relations(schemas)
    order = [t for t in TABLES if t in schemas] + sorted(set(schemas) - set(TABLES))
    return Catalogue(
        MappingProxyType(
            {t: _table(t, schemas[t], forward[t], backward[t], derived[t]) for t in order}
        )
    )
