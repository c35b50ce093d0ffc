"""One GraphQL type per table, converted explicitly from a row; relations go through loaders."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

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


def _date(row: Row, prefix: str, note: str | None) -> FuzzyDate:
    keys = row.keys()
    return FuzzyDate(
        date=row[prefix],
        precision=row[f"{prefix}_precision"],
        basis=row[f"{prefix}_basis"] if f"{prefix}_basis" in keys else None,
        note=row[note] if note else None,
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


def _record(row: Row, id_column: str) -> dict[str, Any]:
    keys = row.keys()
    return {
        "id": strawberry.ID(row[id_column]),
        "record_status": row["record_status"],
        "retired_reason": row["retired_reason"],
        "replaced_by": row["replaced_by"] if "replaced_by" in keys else None,
        "redirected_from": [],
        "row": row,
    }


N = TypeVar("N")


def _group(node: Any, table: str, row: Row) -> Group:
    group: Group | None = node.group
    if group is None:  # made alone (not from a page or a relation)
        group = node.group = Group(table, [row])
    return group


def _one(
    info: Info[Any, Any],
    node: Any,
    table: str,
    row: Row,
    target: str,
    column: str,
    make: Callable[[Row], N],
) -> N | None:
    """The `target` row that `column` of `node` (made from `row` of `table`) points to, fetched
    for `node`'s whole group at once, as made by `make`."""
    key = row[column]
    found, group = _ctx(info).loaders.follow(_group(node, table, row), target, column, key)
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


@strawberry.type(description="A page of the outside record that rows cite (see references).")
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

    @classmethod
    def from_row(cls, row: Row) -> Reference:
        return cls(
            id=strawberry.ID(row["reference_id"]),
            url=row["url"],
            title=row["title"],
            publisher=row["publisher"],
            published_on=_date(row, "published_on", None),
            accessed_on=row["accessed_on"],
            archived_url=row["archived_url"],
            note=row["note"],
            record_status=row["record_status"],
        )


def _references(info: Info[Any, Any], node: Any, table: str, row: Row) -> list[Reference]:
    """The references `row` of `table` cites, in its order, fetched for `node`'s whole group."""
    found = _ctx(info).loaders.cited(_group(node, table, row))
    return [
        Reference.from_row(cited)
        for key in _list(row["reference_ids"])
        if (cited := found.get(key)) is not None
    ]


@strawberry.type(description="Who publishes.")
class Outlet(Record):
    name: str
    homepage: str | None
    country: str | None
    kind: str
    ownership: str
    wikidata_id: str | None
    notes: str | None

    @classmethod
    def from_row(cls, row: Row) -> Outlet:
        return cls(
            **_record(row, "outlet_id"),
            name=row["name"],
            homepage=row["homepage"],
            country=row["country"],
            kind=row["kind"],
            ownership=row["ownership"],
            wikidata_id=row["wikidata_id"],
            notes=row["notes"],
        )

    @strawberry.field(description="The outside record this row relies on, in the order cited.")
    def references(self, info: Info[Any, Any]) -> list[Reference]:
        return _references(info, self, "outlets", self.row)

    @strawberry.field(description="Articles archived from this outlet.")
    def articles(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Article]:
        return _related(
            info, self, "outlets", self.row, "articles_by_outlet", first, Article.from_row
        )

    @strawberry.field(description="Statements reported in this outlet's articles.")
    def statements(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Statement]:
        return _related(
            info, self, "outlets", self.row, "statements_by_outlet", first, Statement.from_row
        )

    @strawberry.field(description="Statements other articles credit to this outlet.")
    def cited_statements(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Statement]:
        return _related(
            info, self, "outlets", self.row, "statements_by_via_outlet", first, Statement.from_row
        )


@strawberry.type(description="An archived source document.")
class Article(Record):
    title: str
    url: str | None
    published_on: FuzzyDate
    language: str
    seed_path: str
    sha256: str
    furniture_lines: list[str]
    notes: str | None
    outlet_id: strawberry.Private[str]
    text_origin_outlet_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: Row) -> Article:
        return cls(
            **_record(row, "article_id"),
            title=row["title"],
            url=row["url"],
            published_on=_date(row, "published_on", "published_on_note"),
            language=row["language"],
            seed_path=row["seed_path"],
            sha256=row["sha256"],
            furniture_lines=_list(row["furniture_lines"]),
            notes=row["notes"],
            outlet_id=row["outlet_id"],
            text_origin_outlet_id=row["text_origin_outlet_id"],
        )

    @strawberry.field(description="The outside record this row relies on, in the order cited.")
    def references(self, info: Info[Any, Any]) -> list[Reference]:
        return _references(info, self, "articles", self.row)

    @strawberry.field
    def outlet(self, info: Info[Any, Any]) -> Outlet | None:
        return _one(info, self, "articles", self.row, "outlets", "outlet_id", Outlet.from_row)

    @strawberry.field(description="The outlet whose story this text was taken from, if any.")
    def text_origin(self, info: Info[Any, Any]) -> Outlet | None:
        return _one(
            info, self, "articles", self.row, "outlets", "text_origin_outlet_id", Outlet.from_row
        )

    @strawberry.field
    def statements(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Statement]:
        return _related(
            info, self, "articles", self.row, "statements_by_article", first, Statement.from_row
        )


@strawberry.type(description="Who speaks, or is spoken for.")
class Actor(Record):
    name: str
    aliases: list[str]
    misspellings: list[str]
    kind: str
    country: str | None
    wikidata_id: str | None
    notes: str | None
    affiliation_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: Row) -> Actor:
        return cls(
            **_record(row, "actor_id"),
            name=row["name"],
            aliases=_list(row["aliases"]),
            misspellings=_list(row["misspellings"]),
            kind=row["kind"],
            country=row["country"],
            wikidata_id=row["wikidata_id"],
            notes=row["notes"],
            affiliation_id=row["affiliation_id"],
        )

    @strawberry.field(description="The outside record this row relies on, in the order cited.")
    def references(self, info: Info[Any, Any]) -> list[Reference]:
        return _references(info, self, "actors", self.row)

    @strawberry.field(description="The body this actor speaks for.")
    def affiliation(self, info: Info[Any, Any]) -> Actor | None:
        return _one(info, self, "actors", self.row, "actors", "affiliation_id", Actor.from_row)

    @strawberry.field(description="Actors affiliated with this one.")
    def members(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Actor]:
        return _related(
            info, self, "actors", self.row, "actors_by_affiliation", first, Actor.from_row
        )

    @strawberry.field(description="Statements this actor is reported to have made.")
    def statements(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Statement]:
        return _related(
            info, self, "actors", self.row, "statements_by_speaker", first, Statement.from_row
        )

    @strawberry.field(description="Statements this actor relayed as an intermediary.")
    def relayed_statements(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Statement]:
        return _related(
            info, self, "actors", self.row, "statements_by_source", first, Statement.from_row
        )


@strawberry.type(description="What statements are made at, or about.")
class Event(Record):
    name: str
    kind: str
    start_date: FuzzyDate
    end_date: FuzzyDate
    location: str | None
    description: str | None
    wikidata_id: str | None
    parent_event_id: strawberry.Private[str | None]

    @classmethod
    def from_row(cls, row: Row) -> Event:
        return cls(
            **_record(row, "event_id"),
            name=row["name"],
            kind=row["kind"],
            start_date=_date(row, "start_date", "date_note"),
            end_date=_date(row, "end_date", "date_note"),
            location=row["location"],
            description=row["description"],
            wikidata_id=row["wikidata_id"],
            parent_event_id=row["parent_event_id"],
        )

    @strawberry.field(description="The outside record this row relies on, in the order cited.")
    def references(self, info: Info[Any, Any]) -> list[Reference]:
        return _references(info, self, "events", self.row)

    @strawberry.field
    def parent(self, info: Info[Any, Any]) -> Event | None:
        return _one(info, self, "events", self.row, "events", "parent_event_id", Event.from_row)

    @strawberry.field
    def children(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Event]:
        return _related(info, self, "events", self.row, "events_by_parent", first, Event.from_row)

    @strawberry.field(description="Statements made at this event.")
    def statements_made(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Statement]:
        return _related(
            info, self, "events", self.row, "statements_by_occasion", first, Statement.from_row
        )

    @strawberry.field(description="Statements about this event.")
    def statements_about(self, info: Info[Any, Any], first: int = 20) -> RelatedList[Statement]:
        return _related(
            info, self, "events", self.row, "statements_by_about", first, Statement.from_row
        )


@strawberry.type(description="One attributed claim as reported in one archived article.")
class Statement(Record):
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

    @classmethod
    def from_row(cls, row: Row) -> Statement:
        return cls(
            **_record(row, "statement_id"),
            quote=row["quote"],
            claim=row["claim"],
            quote_kind=row["quote_kind"],
            act=row["act"],
            channel=row["channel"],
            attribution=row["attribution"],
            speaker_as_reported=row["speaker_as_reported"],
            speaker_role=row["speaker_role"],
            said_on=_date(row, "said_on", "said_on_note"),
            utterance_id=row["utterance_id"],
            notes=row["notes"],
        )

    def _to(
        self, info: Info[Any, Any], table: str, column: str, make: Callable[[Row], N]
    ) -> N | None:
        return _one(info, self, "statements", self.row, table, column, make)

    @strawberry.field(description="The outside record this row relies on, in the order cited.")
    def references(self, info: Info[Any, Any]) -> list[Reference]:
        return _references(info, self, "statements", self.row)

    @strawberry.field(description="Who is reported to have said it.")
    def speaker(self, info: Info[Any, Any]) -> Actor | None:
        return self._to(info, "actors", "speaker_id", Actor.from_row)

    @strawberry.field(description="The intermediary the article knows it through, if any.")
    def source(self, info: Info[Any, Any]) -> Actor | None:
        return self._to(info, "actors", "source_actor_id", Actor.from_row)

    @strawberry.field(description="The archived article that reports it.")
    def article(self, info: Info[Any, Any]) -> Article | None:
        return self._to(info, "articles", "article_id", Article.from_row)

    @strawberry.field(description="The outlet that published the reporting article.")
    def outlet(self, info: Info[Any, Any]) -> Outlet | None:
        loaders = _ctx(info).loaders
        article, articles = loaders.follow(
            _group(self, "statements", self.row), "articles", "article_id", self.row["article_id"]
        )
        if article is None:
            return None
        key = article["outlet_id"]
        row, outlets = loaders.follow(articles, "outlets", "outlet_id", key)
        return _made(Outlet.from_row, row, outlets, key)

    @strawberry.field(description="The outlet the article credits for it.")
    def via_outlet(self, info: Info[Any, Any]) -> Outlet | None:
        return self._to(info, "outlets", "via_outlet_id", Outlet.from_row)

    @strawberry.field(description="The event where it was said.")
    def occasion(self, info: Info[Any, Any]) -> Event | None:
        return self._to(info, "events", "occasion_event_id", Event.from_row)

    @strawberry.field(description="The event it is about.")
    def about(self, info: Info[Any, Any]) -> Event | None:
        return self._to(info, "events", "about_event_id", Event.from_row)

    @strawberry.field(description="The contradictions it takes part in, with its side.")
    def contradictions(
        self, info: Info[Any, Any], first: int = 20
    ) -> RelatedList[ContradictionSide]:
        return _related(
            info,
            self,
            "statements",
            self.row,
            "sides_by_statement",
            first,
            ContradictionSide.from_row,
        )


@strawberry.type(description="Where reports conflict.")
class Contradiction(Record):
    kind: str
    summary: str
    resolution: str
    supported_side: str | None
    resolution_note: str | None

    @classmethod
    def from_row(cls, row: Row) -> Contradiction:
        return cls(
            **_record(row, "contradiction_id"),
            kind=row["kind"],
            summary=row["summary"],
            resolution=row["resolution"],
            supported_side=row["supported_side"],
            resolution_note=row["resolution_note"],
        )

    @strawberry.field(description="The outside record this row relies on, in the order cited.")
    def references(self, info: Info[Any, Any]) -> list[Reference]:
        return _references(info, self, "contradictions", self.row)

    @strawberry.field(
        description="Sides made of the outside record (references) rather than statements."
    )
    def record_sides(self, info: Info[Any, Any], first: int = 20) -> RelatedList[RecordSide]:
        return _related(
            info,
            self,
            "contradictions",
            self.row,
            "record_sides_by_contradiction",
            first,
            RecordSide.from_row,
        )

    @strawberry.field(description="The statements taking part, each with its side label.")
    def sides(self, info: Info[Any, Any], first: int = 20) -> RelatedList[ContradictionSide]:
        return _related(
            info,
            self,
            "contradictions",
            self.row,
            "sides_by_contradiction",
            first,
            ContradictionSide.from_row,
        )


@strawberry.type(description="A statement's part in a contradiction.")
class ContradictionSide:
    side: str
    note: str | None
    record_status: str
    contradiction_id: strawberry.Private[str]
    statement_id: strawberry.Private[str]
    row: strawberry.Private[Row]
    group: strawberry.Private[Group | None] = None

    @classmethod
    def from_row(cls, row: Row) -> ContradictionSide:
        return cls(
            side=row["side"],
            note=row["note"],
            record_status=row["record_status"],
            contradiction_id=row["contradiction_id"],
            statement_id=row["statement_id"],
            row=row,
        )

    @strawberry.field
    def statement(self, info: Info[Any, Any]) -> Statement | None:
        return _one(
            info,
            self,
            "contradiction_sides",
            self.row,
            "statements",
            "statement_id",
            Statement.from_row,
        )

    @strawberry.field
    def contradiction(self, info: Info[Any, Any]) -> Contradiction | None:
        return _one(
            info,
            self,
            "contradiction_sides",
            self.row,
            "contradictions",
            "contradiction_id",
            Contradiction.from_row,
        )


@strawberry.type(description="The outside record as a side of a contradiction.")
class RecordSide:
    side: str
    note: str | None
    record_status: str
    row: strawberry.Private[Row]
    group: strawberry.Private[Group | None] = None

    @classmethod
    def from_row(cls, row: Row) -> RecordSide:
        return cls(side=row["side"], note=row["note"], record_status=row["record_status"], row=row)

    @strawberry.field(description="The references that make up this side.")
    def references(self, info: Info[Any, Any]) -> list[Reference]:
        return _references(info, self, "record_sides", self.row)
