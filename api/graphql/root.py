"""The GraphQL schema: top-level lists (cursor connections with facets) and lookups by id."""

import enum
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types import Info

from statement_ledger.api.graphql.inputs import FILTERS, filter_values
from statement_ledger.api.graphql.loaders import Group
from statement_ledger.api.graphql.types import (
    Actor,
    Article,
    Contradiction,
    Event,
    Facet,
    FacetValue,
    Outlet,
    PageInfo,
    Record,
    Statement,
    _ctx,
)
from statement_ledger.api.query import (
    ListRequest,
    QueryError,
    count,
    facet,
    fetch_page,
    resolve_id,
)

T = TypeVar("T")


@strawberry.enum(description="Sort direction.")
class Order(enum.Enum):
    ASC = "asc"
    DESC = "desc"


@strawberry.type(description="A page of a top-level list, keyset-paginated.")
class Connection(Generic[T]):
    page_info: PageInfo
    nodes: list[T]
    request: strawberry.Private[ListRequest]

    @strawberry.field(description="How many rows the list has over all pages (counted on request).")
    def total_count(self, info: Info[Any, Any]) -> int:
        context = _ctx(info)
        return count(context.db, self.request, context.enums)

    @strawberry.field(description="Counts of each value of the named facets over the whole list.")
    def facets(self, info: Info[Any, Any], by: list[str]) -> list[Facet]:
        context = _ctx(info)
        if len(by) > 5:
            raise QueryError("by", "at most 5 facets per list")
        return [
            Facet(
                name=name,
                values=[
                    FacetValue(value=value, count=count)
                    for value, count in facet(context.db, self.request, name, context.enums)
                ],
            )
            for name in by
        ]


def _list(
    info: Info[Any, Any],
    table: str,
    node: Callable[[Any], T],
    given: object | None,
    search: str | None,
    sort: str | None,
    order: Order,
    first: int,
    after: str | None,
    include_retired: bool,
) -> Connection[T]:
    context = _ctx(info)
    request = ListRequest(
        table=table,
        filters=filter_values(table, given),
        search=search,
        sort=sort,
        descending=order == Order.DESC,
        first=first,
        after=after,
        include_retired=include_retired,
    )
    page = fetch_page(
        context.db, request, context.enums, context.settings.max_page_size, with_total=False
    )
    group = Group(table, page.rows)  # relations asked of one row are fetched for the page
    nodes = []
    for row in page.rows:
        made = node(row)
        made.group = group  # type: ignore[attr-defined]
        nodes.append(made)
    return Connection(
        page_info=PageInfo(has_next_page=page.has_next, end_cursor=page.end_cursor),
        nodes=nodes,
        request=request,
    )


def _get(info: Info[Any, Any], table: str, key: str, node: Callable[[Any], Record]) -> Any:
    row, path = resolve_id(_ctx(info).db, table, key)
    if row is None:
        return None
    record = node(row)
    record.redirected_from = path
    return record


LIST_ARGS = (
    "search: full-text query (FTS5 syntax); sort: a column name; first: 1-100; after: a cursor"
)


def _list_field(table: str, node: type[Any], noun: str) -> Any:
    """A top-level list field of `table`, its filter input made from the shared vocabulary."""

    def resolver(
        info: Info[Any, Any],
        filter: Any = None,
        search: str | None = None,
        sort: str | None = None,
        order: Order = Order.ASC,
        first: int = 20,
        after: str | None = None,
        include_retired: bool = False,
    ) -> Any:
        return _list(
            info, table, node.from_row, filter, search, sort, order, first, after, include_retired
        )

    # Real types for strawberry (set here because they depend on the table).
    resolver.__annotations__ = {
        **resolver.__annotations__,
        "filter": FILTERS[table] | None,
        "return": Connection[node],  # type: ignore[valid-type]
    }
    return strawberry.field(
        resolver=resolver, description=f"{noun}. {LIST_ARGS}", metadata={"table": table}
    )


def _get_field(table: str, node: type[Any], noun: str) -> Any:
    """A lookup by id of `table`; a replaced id resolves to its replacement."""

    def resolver(info: Info[Any, Any], id: strawberry.ID) -> Any:
        return _get(info, table, id, node.from_row)

    resolver.__annotations__ = {**resolver.__annotations__, "return": node | None}
    return strawberry.field(
        resolver=resolver, description=f"{noun} by id (a replaced id resolves to its replacement)."
    )


@strawberry.type
class Query:
    statements = _list_field("statements", Statement, "Statements")
    contradictions = _list_field("contradictions", Contradiction, "Contradictions")
    actors = _list_field("actors", Actor, "Actors")
    outlets = _list_field("outlets", Outlet, "Outlets")
    articles = _list_field("articles", Article, "Archived articles")
    events = _list_field("events", Event, "Events")
    statement = _get_field("statements", Statement, "A statement")
    contradiction = _get_field("contradictions", Contradiction, "A contradiction")
    actor = _get_field("actors", Actor, "An actor")
    outlet = _get_field("outlets", Outlet, "An outlet")
    article = _get_field("articles", Article, "An article")
    event = _get_field("events", Event, "An event")
