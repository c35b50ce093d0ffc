"""One GraphQL type per table, made from a row (the fields that are its columns, the dates put
together); relations go through loaders."""

from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar, cast

import strawberry
from strawberry.types import Info

from statement_ledger.api.graphql.loaders import Group
from statement_ledger.api.query import QueryError

if TYPE_CHECKING:
    from statement_ledger.api.graphql.context import Context

Row = sqlite3.Row


def _ctx(info: Info[Any, Any]) -> Context:
    context: Context = info.context
    return context


def _list(value: str | None) -> list[str]:
    return list(json.loads(value)) if value else []


@strawberry.type(description="A date as precise as the source allows, and how it was known.")
class FuzzyDate:
    date: str | None = strawberry.field(description="ISO date; empty when unknown.")
    precision: str = strawberry.field(description="day, month, year or unknown.")
    basis: str | None = strawberry.field(description="stated (printed) or inferred.")
    note: str | None = strawberry.field(description="How the date was established.")


def _date(row: Row, prefix: str, columns: tuple[str, ...]) -> FuzzyDate:
    """The date in column `prefix` with its precision, basis and note (`{prefix}_note`, or
    the row's `date_note` shared by its dates); `columns` are the row's."""
    basis, note = f"{prefix}_basis", f"{prefix}_note"
    note = note if note in columns else "date_note"
    return FuzzyDate(
        date=row[prefix],
        precision=row[f"{prefix}_precision"],
        basis=row[basis] if basis in columns else None,
        note=row[note] if note in columns else None,
    )


@strawberry.type(description="Where a list continues.")
class PageInfo:
    has_next_page: bool
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` for the next page (top-level lists only)."
    )


@strawberry.type
class FacetValue:
    value: str | None
    count: int


@strawberry.type
class Facet:
    name: str
    values: list[FacetValue]


@strawberry.interface(description="What every record carries: its stable id and status.")
class Record:
    id: strawberry.ID
    record_status: str
    retired_reason: str | None
    replaced_by: str | None = strawberry.field(
        description="For a retired duplicate: the id of the record that replaces it."
    )
    redirected_from: list[str] = strawberry.field(
        description="Ids that were asked for and are replaced by this record (merged duplicates)."
    )
    # The rows fetched with this one: its relations are fetched for all of them at once.
    row: strawberry.Private[Row]
    group: strawberry.Private[Group | None] = None
    key: ClassVar[str]  # the id column of its table

    @classmethod
    def from_row(cls, row: Row) -> Self:
        """Made from a row of its table (see `fill`)."""
        return fill(cls, row, id=strawberry.ID(row[cls.key]), redirected_from=[], row=row)


N = TypeVar("N")


@functools.lru_cache(maxsize=256)
def _fields(cls: Any, columns: tuple[str, ...]) -> tuple[tuple[str, str, int], ...]:
    """The fields of `cls` (not its resolvers) that are among `columns`, each with its kind
    (list, date or plain) and its position in the row; worked out once per type and query
    shape (a row read by position is faster than by name)."""
    kinds = {"FuzzyDate": "date"}
    return tuple(
        (
            f.name,
            "list" if str(f.type).startswith("list[") else kinds.get(str(f.type), "plain"),
            columns.index(f.name),
        )
        for f in dataclasses.fields(cls)
        if f.init and f.name in columns
    )


def fill(cls: type[N], source: Row, **given: Any) -> N:
    """A `cls` made from a row: `given`, and every other field of `cls` that is a column of the
    row, as the row holds it, but a list column (stored as a JSON array) decoded and a date
    column given with its precision, basis and note."""
    columns = tuple(source.keys())
    values = {}
    for name, kind, position in _fields(cast(Any, cls), columns):
        if name in given:
            continue
        if kind == "plain":
            values[name] = source[position]
        elif kind == "list":
            values[name] = _list(source[position])
        else:
            values[name] = _date(source, name, columns)
    return cls(**values, **given)


def _group(node: Any, table: str, row: Row) -> Group:
    group: Group | None = node.group
    if group is None:  # made alone (not from a page or a relation)
        group = node.group = Group(table, [row])
    return group


def _one(
    info: Info[Any, Any], node: Any, table: str, name: str, make: Callable[[Row], N]
) -> N | None:
    """The row that relation `name` (as the catalogue names it) of `node`, made from a row of
    `table`, points to, fetched for `node`'s whole group at once, as made by `make`."""
    loaders = _ctx(info).loaders
    relations = loaders.db.catalogue[table].forward
    relation, row = relations[name], node.row
    group = _group(node, table, row)
    if relation.via is not None:  # over two keys: the row the first points to, then its own
        first = relations[relation.via]
        row, group = loaders.follow(group, first.table, first.column, row[first.column])
        if row is None:
            return None
    key = row[relation.column]
    found, group = loaders.follow(group, relation.table, relation.column, key)
    return _made(make, found, group, key)


def _made(make: Callable[[Row], N], row: Row | None, group: Group, key: str) -> N | None:
    """`row` (whose id is `key`) as made by `make`, in `group`; made once per group."""
    if row is None:
        return None
    made: N | None = group.made.get(key)
    if made is None:
        made = group.made[key] = make(row)
        made.group = group  # type: ignore[attr-defined]
    return made


T = TypeVar("T")


@strawberry.type(description="A related list: its first rows and how many there are in all.")
class RelatedList(Generic[T]):
    total_count: int
    page_info: PageInfo
    nodes: list[T]


def _related(
    info: Info[Any, Any],
    parent: Any,
    table: str,
    row: Row,
    relation: str,
    first: int,
    node: Callable[[Row], T],
) -> RelatedList[T]:
    """The first rows of a relation of `parent` (made from `row` of `table`), fetched for its
    whole group at once, converted by `node`."""
    cap = _ctx(info).settings.max_page_size
    if not 0 <= first <= cap:
        raise QueryError("first", f"must be between 0 and {cap}")
    related, group = _ctx(info).loaders.related(
        _group(parent, table, row), relation, parent.id, first
    )
    rows = related.rows[:first]
    page = PageInfo(has_next_page=related.total > len(rows), end_cursor=None)
    nodes = []
    for r in rows:
        made = node(r)
        made.group = group  # type: ignore[attr-defined]
        nodes.append(made)
    return RelatedList(total_count=related.total, page_info=page, nodes=nodes)


def one(table: str, name: str, node: str, description: str | None = None) -> Any:
    """The field of relation `name` of `table` read forward (the catalogue's relation, named
    alike): the one `node` (a type of this module) it points to, or null."""

    def resolver(self: Any, info: Info[Any, Any]) -> Any:
        return _one(info, self, table, name, globals()[node].from_row)

    resolver.__annotations__ = {**resolver.__annotations__, "return": f"{node} | None"}
    return strawberry.field(resolver=resolver, description=description)


def many(table: str, name: str, node: str, description: str | None = None) -> Any:
    """The field of relation `name` of `table` read backward (the catalogue's relation, named
    alike): its first `first` rows as `node`s, and how many there are."""

    def resolver(self: Any, info: Info[Any, Any], first: int = 20) -> Any:
        return _related(info, self, table, self.row, name, first, globals()[node].from_row)

    resolver.__annotations__ = {**resolver.__annotations__, "return": f"RelatedList[{node}]"}
    return strawberry.field(resolver=resolver, description=description)


@strawberry.type(description="Who publishes.")
class Outlet(Record):
    key: ClassVar[str] = "outlet_id"
    name: str
    homepage: str | None
    country: str | None
    kind: str
    ownership: str
    wikidata_id: str | None
    evidence_url: str | None
    notes: str | None

    articles = many("outlets", "articles", "Article", "Articles archived from this outlet.")
    statements = many(
        "outlets", "statements", "Statement", "Statements reported in this outlet's articles."
    )
    cited_statements = many(
        "outlets",
        "cited_statements",
        "Statement",
        "Statements other articles credit to this outlet.",
    )


@strawberry.type(description="An archived source document.")
class Article(Record):
    key: ClassVar[str] = "article_id"
    title: str
    url: str | None
    published_on: FuzzyDate
    language: str
    seed_path: str
    sha256: str
    furniture_lines: list[str]
    evidence_url: str | None
    notes: str | None

    outlet = one("articles", "outlet", "Outlet")
    text_origin = one(
        "articles",
        "text_origin",
        "Outlet",
        "The outlet whose story this text was taken from, if any.",
    )
    statements = many("articles", "statements", "Statement")


@strawberry.type(description="Who speaks, or is spoken for.")
class Actor(Record):
    key: ClassVar[str] = "actor_id"
    name: str
    aliases: list[str]
    misspellings: list[str]
    kind: str
    country: str | None
    wikidata_id: str | None
    notes: str | None

    affiliation = one("actors", "affiliation", "Actor", "The body this actor speaks for.")
    members = many("actors", "members", "Actor", "Actors affiliated with this one.")
    statements = many(
        "actors", "statements", "Statement", "Statements this actor is reported to have made."
    )
    relayed_statements = many(
        "actors",
        "relayed_statements",
        "Statement",
        "Statements this actor relayed as an intermediary.",
    )


@strawberry.type(description="What statements are made at, or about.")
class Event(Record):
    key: ClassVar[str] = "event_id"
    name: str
    kind: str
    start_date: FuzzyDate
    end_date: FuzzyDate
    location: str | None
    description: str | None
    wikidata_id: str | None
    evidence_url: str | None

    parent = one("events", "parent", "Event")
    children = many("events", "children", "Event")
    statements_made = many(
        "events", "statements_made", "Statement", "Statements made at this event."
    )
    statements_about = many(
        "events", "statements_about", "Statement", "Statements about this event."
    )


@strawberry.type(description="One attributed claim as reported in one archived article.")
class Statement(Record):
    key: ClassVar[str] = "statement_id"
    quote: str
    claim: str
    quote_kind: str
    act: str
    channel: str
    attribution: str
    speaker_as_reported: str | None
    speaker_role: str | None
    said_on: FuzzyDate
    utterance_id: str | None
    notes: str | None

    speaker = one("statements", "speaker", "Actor", "Who is reported to have said it.")
    source = one(
        "statements", "source", "Actor", "The intermediary the article knows it through, if any."
    )
    article = one("statements", "article", "Article", "The archived article that reports it.")
    outlet = one(
        "statements", "outlet", "Outlet", "The outlet that published the reporting article."
    )
    via_outlet = one("statements", "via_outlet", "Outlet", "The outlet the article credits for it.")
    occasion = one("statements", "occasion", "Event", "The event where it was said.")
    about = one("statements", "about", "Event", "The event it is about.")
    contradictions = many(
        "statements",
        "contradictions",
        "ContradictionSide",
        "The contradictions it takes part in, with its side.",
    )


@strawberry.type(description="Where reports conflict.")
class Contradiction(Record):
    key: ClassVar[str] = "contradiction_id"
    kind: str
    summary: str
    resolution: str
    supported_side: str | None
    resolution_note: str | None
    evidence_url: str | None

    sides = many(
        "contradictions",
        "sides",
        "ContradictionSide",
        "The statements taking part, each with its side label.",
    )


@strawberry.type(description="A statement's part in a contradiction.")
class ContradictionSide:
    side: str
    note: str | None
    record_status: str
    row: strawberry.Private[Row]
    group: strawberry.Private[Group | None] = None

    @classmethod
    def from_row(cls, row: Row) -> ContradictionSide:
        return fill(cls, row, row=row)

    statement = one("contradiction_sides", "statement", "Statement")
    contradiction = one("contradiction_sides", "contradiction", "Contradiction")
