"""One GraphQL type per table, made from a row (the fields that are its columns, the dates put
together); relations go through loaders."""

from __future__ import annotations

import dataclasses
import functools
import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Generic, Self, TypeVar, cast

import strawberry
from strawberry.types import Info

from statement_ledger.api.graphql.loaders import Group, Loaders
from statement_ledger.api.graphql.vocabulary import description, id_column, vocabulary
from statement_ledger.api.query import QueryError, decode_cursor, encode_cursor
from statement_ledger.catalogue.tables import EXTRAS

if TYPE_CHECKING:
    from statement_ledger.api.graphql.context import Context

Row = sqlite3.Row


def _ctx(info: Info[Any, Any]) -> Context:
    context: Context = info.context
    return context


def _list(value: str | None) -> list[str]:
    return list(json.loads(value)) if value else []


# The fields every record has from the `Record` interface (their annotations), described again
# by each table.
_INHERITED = {
    "id": "strawberry.ID",
    "record_status": "str",
    "retired_reason": "str | None",
    "replaced_by": "str | None",
}
RECORD_FIELDS = tuple(_INHERITED)
C = TypeVar("C", bound=type)


def columns(table: str, *, inherited: tuple[str, ...] = (), **typed: str) -> Callable[[C], C]:
    """Before `strawberry.type`: every field of the class (and the `inherited` ones) that is a
    column of `table` (`id` its id column) described as its Table Schema describes it, and
    typed by its enum when its values are closed; `typed` gives only the enum of a field from
    the named column (a date's precision and basis)."""

    def apply(cls: C) -> C:
        if "__annotations__" not in vars(cls):
            cls.__annotations__ = {}
        annotations: dict[str, Any] = cls.__annotations__
        for name in (*inherited, *list(annotations)):
            column = id_column(table) if name == "id" else typed.get(name, name)
            said = None if name in typed else description(table, column)
            enum = vocabulary(table, column)
            if said is None and enum is None:
                continue
            if name in inherited:
                annotations[name] = _INHERITED[name]
            if enum is not None:
                optional = "None" in str(annotations[name])
                annotations[name] = enum | None if optional else enum
            given = cls.__dict__.get(name)
            if said is not None and not (given is not None and given.description):
                setattr(cls, name, strawberry.field(description=said))
        return cls

    return apply


@strawberry.type(description="A date as precise as the source allows, and how it was known.")
@columns("statements", precision="said_on_precision", basis="said_on_basis")
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
    has_next_page: bool = strawberry.field(description="Whether rows follow this page.")
    end_cursor: str | None = strawberry.field(
        description="Pass as `after` for the next page; null when the page is empty."
    )


@strawberry.type(description="One value of a facet and how many rows have it.")
class FacetValue:
    value: str | None = strawberry.field(description="The value, as the column writes it.")
    count: int = strawberry.field(description="Rows of the whole filtered list with it.")


@strawberry.type(description="Counts of one facet's values, most frequent first.")
class Facet:
    name: str = strawberry.field(description="The facet counted (a name given in `by`).")
    values: list[FacetValue] = strawberry.field(description="Each value with its count.")


@strawberry.interface(description="What every record carries: its stable id and status.")
@columns("statements", record_status="record_status")
class Record:
    id: strawberry.ID = strawberry.field(description="Stable identifier, never changed or reused.")
    record_status: str = strawberry.field(
        description="active, or retired (the row stays so its id is never lost)."
    )
    retired_reason: str | None = strawberry.field(description="Why the row was retired.")
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
    return tuple(
        (f.name, _kind(_written(cls, f.name)), columns.index(f.name))
        for f in dataclasses.fields(cls)
        if f.init and f.name in columns and not isinstance(f.default, Fetched)
    )


def _written(cls: Any, name: str) -> str:
    """A field's type as the class (or a base) writes it: the text of its annotation, whatever
    Strawberry made of it."""
    for klass in cls.__mro__:
        written = vars(klass).get("__annotations__", {}).get(name)
        if written is not None:
            return written if isinstance(written, str) else getattr(written, "__name__", "")
    return ""


def _kind(written: str) -> str:
    """list, date or plain, from a field's annotation."""
    if written.startswith("list["):
        return "list"
    return "date" if written == "FuzzyDate" else "plain"


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


def _group(node: Any, table: str, row: Row, loaders: Loaders) -> Group:
    group: Group | None = node.group
    if group is None:  # made alone (not from a page or a relation)
        group = node.group = Group(table, [row], loaders=loaders)
    return group


def _loaders(node: Any) -> Loaders:
    """The loaders of the request `node` was made in (its group's)."""
    group: Group | None = node.group
    if group is None or group.loaders is None:
        raise LookupError(f"{type(node).__name__} was made outside a request: no loaders")
    return group.loaders


class Fetched:
    """The default value of a field whose value is fetched when first read: the field stays a
    plain attribute for Strawberry and graphql-core (read with the schema's default resolver,
    no Info built, no arguments converted), and reading it runs `fetch` on the object, once.

    A dataclass calls a descriptor default's `__set__` on construction; the descriptor is then
    given itself, which means "not fetched yet"."""

    def __init__(self, name: str, fetch: Callable[[Any], Any]) -> None:
        self.name = name
        self.fetch = fetch

    def __get__(self, node: Any, owner: Any = None) -> Any:
        if node is None:
            return self
        found = node.__dict__
        if self.name not in found:
            found[self.name] = self.fetch(node)
        return found[self.name]

    def __set__(self, node: Any, value: Any) -> None:
        if value is not self:
            node.__dict__[self.name] = value


def fetched(
    name: str, fetch: Callable[[Any], Any], kind: str, said: str | None, **meta: str
) -> Any:
    """A field `name` of GraphQL type `kind` (a type of this module, by name), described as
    `said`, whose value `fetch` makes from the object when first read (see `Fetched`)."""
    return strawberry.field(
        default=Fetched(name, fetch), graphql_type=kind, description=said, metadata=meta
    )


def _one(node: Any, table: str, name: str, make: Callable[[Row], N]) -> N | None:
    """The row that relation `name` (as the catalogue names it) of `node`, made from a row of
    `table`, points to, fetched for `node`'s whole group at once, as made by `make`."""
    loaders = _loaders(node)
    relations = loaders.db.catalogue[table].forward
    relation, row = relations[name], node.row
    group = _group(node, table, row, loaders)
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


@strawberry.type(description="A related list: a page of its rows and how many there are in all.")
class RelatedList(Generic[T]):
    total_count: int = strawberry.field(description="How many rows the list has over all pages.")
    page_info: PageInfo = strawberry.field(description="Whether rows follow, and from where.")
    nodes: list[T] = strawberry.field(description="The rows of this page, in the list's order.")


FIRST = "How many rows to give (0 to the page size limit, 100 by default)."
AFTER = "The `endCursor` of the previous page of this list: the rows after it."
First = Annotated[int, strawberry.argument(description=FIRST)]
After = Annotated[str | None, strawberry.argument(description=AFTER)]


def _offset(relation: str, after: str | None) -> int:
    """How many rows of `relation` a nested cursor says were given already."""
    if after is None:
        return 0
    name, given = decode_cursor(after)
    if name != relation or not given.isdigit() or len(given) > 9:
        raise QueryError("after", f"not a cursor of this list ({relation})")
    return int(given)


def _related(
    info: Info[Any, Any],
    parent: Any,
    table: str,
    row: Row,
    relation: str,
    first: int,
    after: str | None,
    node: Callable[[Row], T],
) -> RelatedList[T]:
    """The `first` rows after cursor `after` of a relation of `parent` (made from `row` of
    `table`), fetched for its whole group at once, converted by `node`. A nested cursor is
    the relation's name and the rows given so far: the relation's order is fixed, and its
    rows change only with the data version."""
    cap = _ctx(info).settings.max_page_size
    if not 0 <= first <= cap:
        raise QueryError("first", f"must be between 0 and {cap}")
    offset = _offset(relation, after)
    loaders = _ctx(info).loaders
    related, group = loaders.related(
        _group(parent, table, row, loaders), relation, parent.id, first, offset
    )
    rows = related.rows[offset : offset + first]
    end = encode_cursor([relation, str(offset + len(rows))]) if rows else None
    page = PageInfo(has_next_page=related.total > offset + len(rows), end_cursor=end)
    nodes = []
    for r in rows:
        made = node(r)
        made.group = group  # type: ignore[attr-defined]
        nodes.append(made)
    return RelatedList(total_count=related.total, page_info=page, nodes=nodes)


def _forward_column(table: str, name: str) -> str:
    """The foreign key column relation `name` of `table` reads forward (first, over two)."""
    extras = EXTRAS.get(table)
    links = extras.links if extras is not None else {}
    hops = extras.hops if extras is not None else ()
    found = [column for column, link in links.items() if link.forward == name]
    found += [hop.first for hop in hops if hop.forward == name]
    return found[0] if found else f"{name}_id"


def one(table: str, name: str, node: str, said: str | None = None) -> Any:
    """The field of relation `name` of `table` read forward (the catalogue's relation, named
    alike): the one `node` (a type of this module) it points to, or null; described as the
    Table Schema describes its foreign key unless `said`."""

    def fetch(self: Any) -> Any:
        return _one(self, table, name, globals()[node].from_row)

    said = said or description(table, _forward_column(table, name))
    return fetched(name, fetch, f"{node} | None", said)


def many(table: str, name: str, node: str, said: str) -> Any:
    """The field of relation `name` of `table` read backward (the catalogue's relation, named
    alike): a page of its rows as `node`s, and how many there are."""

    def resolver(self: Any, info: Info[Any, Any], first: First = 20, after: After = None) -> Any:
        return _related(info, self, table, self.row, name, first, after, globals()[node].from_row)

    resolver.__annotations__ = {**resolver.__annotations__, "return": f"RelatedList[{node}]"}
    # the planner bounds the list by this relation's largest fan-out (the build records it)
    metadata = {"relation": f"{table}.{name}"}
    return strawberry.field(resolver=resolver, description=said, metadata=metadata)


@strawberry.type(description="A page of the outside record that rows cite (see references).")
@columns("references")
class Reference:
    id: strawberry.ID
    url: str
    title: str | None
    publisher: str | None
    published_on: FuzzyDate
    accessed_on: str | None
    archived_url: str | None
    note: str | None
    record_status: str
    retired_reason: str | None
    replaced_by: str | None

    @classmethod
    def from_row(cls, row: Row) -> Reference:
        return cls(
            id=strawberry.ID(row["reference_id"]),
            url=row["url"],
            title=row["title"],
            publisher=row["publisher"],
            published_on=_date(row, "published_on", tuple(row.keys())),
            accessed_on=row["accessed_on"],
            archived_url=row["archived_url"],
            note=row["note"],
            record_status=row["record_status"],
            retired_reason=row["retired_reason"],
            replaced_by=row["replaced_by"],
        )


def _references(node: Any, table: str, row: Row) -> list[Reference]:
    """The references `row` of `table` cites, in its order, fetched for `node`'s whole group."""
    loaders = _loaders(node)
    found = loaders.cited(_group(node, table, row, loaders))
    return [
        Reference.from_row(cited)
        for key in _list(row["reference_ids"])
        if (cited := found.get(key)) is not None
    ]


def cites(table: str) -> Any:
    """The `references` field of a record of `table`: what its reference_ids cite."""

    def fetch(self: Any) -> list[Reference]:
        return _references(self, table, self.row)

    return fetched(
        "references",
        fetch,
        "list[Reference]",
        "The outside record this row relies on, in the order cited.",
        # the planner bounds the list by the most references a row cites (the build records it)
        list=f"{table}.references",
    )


@strawberry.type(description="Who publishes.")
@columns("outlets", inherited=RECORD_FIELDS)
class Outlet(Record):
    key: ClassVar[str] = "outlet_id"
    name: str
    homepage: str | None
    country: str | None
    kind: str
    ownership: str
    wikidata_id: str | None
    notes: str | None

    references = cites("outlets")
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
@columns("articles", inherited=RECORD_FIELDS)
class Article(Record):
    key: ClassVar[str] = "article_id"
    title: str
    url: str | None
    published_on: FuzzyDate
    printed_date: str | None
    language: str
    seed_path: str
    sha256: str
    furniture_lines: list[str]
    notes: str | None

    references = cites("articles")
    outlet = one("articles", "outlet", "Outlet")
    text_origin = one("articles", "text_origin", "Outlet")
    text_origin_actor = one("articles", "text_origin_actor", "Actor")
    statements = many("articles", "statements", "Statement", "Statements this article reports.")
    contradictions = many(
        "articles",
        "contradictions",
        "ArticleSide",
        "The contradictions this article itself is a side of (the date it prints, the source "
        "it credits), with its side.",
    )


@strawberry.type(description="Who speaks, or is spoken for.")
@columns("actors", inherited=RECORD_FIELDS)
class Actor(Record):
    key: ClassVar[str] = "actor_id"
    name: str
    aliases: list[str]
    misspellings: list[str]
    kind: str
    country: str | None
    wikidata_id: str | None
    notes: str | None

    references = cites("actors")
    affiliation = one("actors", "affiliation", "Actor")
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
@columns("events", inherited=RECORD_FIELDS)
class Event(Record):
    key: ClassVar[str] = "event_id"
    name: str
    kind: str
    start_date: FuzzyDate
    end_date: FuzzyDate
    location: str | None
    description: str | None
    wikidata_id: str | None

    references = cites("events")
    parent = one("events", "parent", "Event")
    children = many("events", "children", "Event", "Events that are part of this one.")
    statements_made = many(
        "events", "statements_made", "Statement", "Statements made at this event."
    )
    statements_about = many(
        "events", "statements_about", "Statement", "Statements about this event."
    )


@strawberry.type(description="One attributed claim as reported in one archived article.")
@columns("statements", inherited=RECORD_FIELDS)
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

    references = cites("statements")
    speaker = one("statements", "speaker", "Actor")
    source = one("statements", "source", "Actor")
    article = one("statements", "article", "Article")
    outlet = one(
        "statements", "outlet", "Outlet", "The outlet that published the reporting article."
    )
    via_outlet = one("statements", "via_outlet", "Outlet")
    occasion = one("statements", "occasion", "Event")
    about = one("statements", "about", "Event")
    contradictions = many(
        "statements",
        "contradictions",
        "ContradictionSide",
        "The contradictions it takes part in, with its side.",
    )


@strawberry.type(description="Where reports conflict.")
@columns("contradictions", inherited=RECORD_FIELDS)
class Contradiction(Record):
    key: ClassVar[str] = "contradiction_id"
    kind: str
    summary: str
    resolution: str
    supported_side: str | None
    resolution_note: str | None

    references = cites("contradictions")
    record_sides = many(
        "contradictions",
        "record_sides",
        "RecordSide",
        "Sides made of the outside record (references) rather than statements.",
    )
    article_sides = many(
        "contradictions",
        "article_sides",
        "ArticleSide",
        "Sides that are an archived article as a whole (the date it prints, the source it "
        "credits) rather than a statement it reports.",
    )
    sides = many(
        "contradictions",
        "sides",
        "ContradictionSide",
        "The statements taking part, each with its side label.",
    )


@strawberry.type(description="A statement's part in a contradiction.")
@columns("contradiction_sides")
class ContradictionSide:
    side: str
    note: str | None
    record_status: str
    retired_reason: str | None
    row: strawberry.Private[Row]
    group: strawberry.Private[Group | None] = None

    @classmethod
    def from_row(cls, row: Row) -> ContradictionSide:
        return fill(cls, row, row=row)

    statement = one("contradiction_sides", "statement", "Statement")
    contradiction = one("contradiction_sides", "contradiction", "Contradiction")


@strawberry.type(
    description="A side of a contradiction that is the outside record: references, no statement."
)
@columns("record_sides")
class RecordSide:
    side: str
    note: str | None
    record_status: str
    retired_reason: str | None
    row: strawberry.Private[Row]
    group: strawberry.Private[Group | None] = None

    @classmethod
    def from_row(cls, row: Row) -> RecordSide:
        return fill(cls, row, row=row)

    references = cites("record_sides")
    contradiction = one("record_sides", "contradiction", "Contradiction")


@strawberry.type(
    description="A side of a contradiction that is an archived article as a whole, not a "
    "statement it reports."
)
@columns("article_sides")
class ArticleSide:
    side: str
    note: str | None
    record_status: str
    retired_reason: str | None
    row: strawberry.Private[Row]
    group: strawberry.Private[Group | None] = None

    @classmethod
    def from_row(cls, row: Row) -> ArticleSide:
        return fill(cls, row, row=row)

    article = one("article_sides", "article", "Article")
    contradiction = one("article_sides", "contradiction", "Contradiction")
