"""The GraphQL schema: top-level lists (cursor connections with facets) and lookups by id."""

import difflib
import enum
from collections.abc import Callable
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from strawberry.types import Info

from statement_ledger.api.db import Database
from statement_ledger.api.graphql.inputs import FILTERS, filter_values, graphql_name
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
from statement_ledger.api.graphql.vocabulary import sort_enum
from statement_ledger.api.query import (
    ListRequest,
    QueryError,
    count,
    encode_cursor,
    facet,
    fetch_page,
    resolve_id,
)
from statement_ledger.api.search_terms import FTS, WORDS

T = TypeVar("T")


@strawberry.enum(description="Sort direction.")
class Order(enum.Enum):
    ASC = strawberry.enum_value("asc", description="Smallest first (empty cells first).")
    DESC = strawberry.enum_value("desc", description="Largest first (empty cells last).")


@strawberry.enum(description="How a list's `search` is read (REST's `syntax`).")
class SearchSyntax(enum.Enum):
    words = strawberry.enum_value(
        WORDS,
        description="Plain words (the default): every word must occur, in any order, each also "
        "as its inflected forms; quotes, `*`, `:`, AND/OR/NOT and brackets are taken as written.",
    )
    fts = strawberry.enum_value(
        FTS,
        description='SQLite FTS5 query syntax: `invad*`, `"territorial integrity"`, '
        "`Blinken NOT Miller`, `quote:Azerbaijan`; a query it cannot parse is an error.",
    )


@strawberry.type(description="A row of a page with the cursor that points just after it.")
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as `after` for the rows after this one.")
    node: T = strawberry.field(description="The row.")


@strawberry.type(description="A page of a top-level list, keyset-paginated.")
class Connection(Generic[T]):
    page_info: PageInfo = strawberry.field(description="Whether rows follow, and from where.")
    nodes: list[T] = strawberry.field(description="The rows of this page.")
    edges: list[Edge[T]] = strawberry.field(
        description="The rows of this page, each with its cursor (Relay's connection shape)."
    )
    request: strawberry.Private[ListRequest]

    @strawberry.field(description="How many rows the list has over all pages (counted on request).")
    def total_count(self, info: Info[Any, Any]) -> int:
        context = _ctx(info)
        return count(context.db, self.request, context.enums)

    @strawberry.field(description="Counts of each value of the named facets over the whole list.")
    def facets(
        self,
        info: Info[Any, Any],
        by: Annotated[
            list[str],
            strawberry.argument(description="Facet names (at most 5), as REST's `facet` takes."),
        ],
    ) -> list[Facet]:
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
    syntax: SearchSyntax,
    sort: enum.Enum | None,
    order: Order,
    first: int,
    after: str | None,
    include_retired: bool,
) -> Connection[T]:
    context = _ctx(info)
    filters = filter_values(table, given)
    for name, value in filters.items():
        _known(context.db, table, name, value)
    request = ListRequest(
        table=table,
        filters=filters,
        search=search,
        syntax=str(syntax.value),
        sort=sort.value if sort is not None else None,
        descending=order == Order.DESC,
        first=first,
        after=after,
        include_retired=include_retired,
    )
    page = fetch_page(
        context.db, request, context.enums, context.settings.max_page_size, with_total=False
    )
    # relations asked of one row are fetched for the page
    group = Group(table, page.rows, loaders=context.loaders)
    key = context.db.catalogue[table].id_column
    column = request.sort or key
    nodes, edges = [], []
    for row in page.rows:
        made = node(row)
        made.group = group  # type: ignore[attr-defined]
        nodes.append(made)
        edges.append(Edge(cursor=encode_cursor([row[column] or "", row[key]]), node=made))
    return Connection(
        page_info=PageInfo(has_next_page=page.has_next, end_cursor=page.end_cursor),
        nodes=nodes,
        edges=edges,
        request=request,
    )


NEAREST = 3  # ids suggested for one that does not exist


def _known(db: Database, table: str, name: str, value: str) -> None:
    """Refuse filter `name` of `table` when it names an id that no row of its table has,
    with the nearest ids: one lookup by primary key, and the table's ids read only on a miss."""
    spec = db.catalogue[table]
    relation = spec.forward.get(name)
    target = relation.table if relation is not None else f"{name}s"
    if target not in db.catalogue.listed or spec.filters[name].kind != "id":
        return
    key = db.catalogue[target].id_column
    if db.query(f'SELECT 1 FROM "{target}" WHERE "{key}" = ? LIMIT 1', [value]):
        return
    ids = [row[0] for row in db.query(f'SELECT "{key}" FROM "{target}"', [])]
    wanted = value.strip().lower()
    nearest = [i for i in ids if wanted and wanted in i][:NEAREST]
    for close in difflib.get_close_matches(wanted, ids, n=NEAREST, cutoff=0.5):
        if close not in nearest and len(nearest) < NEAREST:
            nearest.append(close)
    parameter = graphql_name(name)
    said = f"; the nearest: {', '.join(nearest)}" if nearest else ""
    error = QueryError(parameter, f"no {target} row has the id '{value}'{said}")
    error.extensions["nearest"] = nearest  # type: ignore[assignment]
    raise error


def _get(info: Info[Any, Any], table: str, key: str, node: Callable[[Any], Record]) -> Any:
    context = _ctx(info)
    row, path = resolve_id(context.db, table, key)
    if row is None:
        return None
    record = node(row)
    record.redirected_from = path
    record.group = Group(table, [row], loaders=context.loaders)
    return record


FILTER = "Filters; all given must hold. An id that no row has is refused with the nearest."
SEARCH = (
    "Full-text search: every word must occur, in any order, each also as its inflected forms "
    "(`warn` finds warned, warning); FTS5 syntax with `syntax: fts`."
)
SYNTAX = "How `search` is read: plain words (the default) or FTS5 syntax."
SORT = "The column to sort on (the id by default); ties are broken by id."
ORDER = "Ascending (the default) or descending."
FIRST = "The page size: 1 to 100 (20 by default)."
AFTER = "The `endCursor` of the previous page (or an edge's `cursor`): the rows after it."
RETIRED = "Also list retired rows (hidden by default)."
ID = "The id; a replaced id resolves to its replacement."


def _arg(kind: Any, said: str) -> Any:
    return Annotated[kind, strawberry.argument(description=said)]


def _list_field(table: str, node: type[Any], noun: str) -> Any:
    """A top-level list field of `table`, its filter input made from the shared vocabulary."""

    def resolver(
        info: Info[Any, Any],
        filter: Any = None,
        search: str | None = None,
        syntax: SearchSyntax = SearchSyntax.words,
        sort: Any = None,
        order: Order = Order.ASC,
        first: int = 20,
        after: str | None = None,
        include_retired: bool = False,
    ) -> Any:
        return _list(
            info,
            table,
            node.from_row,
            filter,
            search,
            syntax,
            sort,
            order,
            first,
            after,
            include_retired,
        )

    # Real types for strawberry (set here because they depend on the table).
    resolver.__annotations__ = {
        **resolver.__annotations__,
        "filter": _arg(FILTERS[table] | None, FILTER),
        "search": _arg(str | None, SEARCH),
        "syntax": _arg(SearchSyntax, SYNTAX),
        "sort": _arg(sort_enum(table) | None, SORT),
        "order": _arg(Order, ORDER),
        "first": _arg(int, FIRST),
        "after": _arg(str | None, AFTER),
        "include_retired": _arg(bool, RETIRED),
        "return": Connection[node],  # type: ignore[valid-type]
    }
    return strawberry.field(
        resolver=resolver, description=f"{noun}, a page at a time.", metadata={"table": table}
    )


def _get_field(table: str, node: type[Any], noun: str) -> Any:
    """A lookup by id of `table`; a replaced id resolves to its replacement."""

    def resolver(info: Info[Any, Any], id: strawberry.ID) -> Any:
        return _get(info, table, id, node.from_row)

    resolver.__annotations__ = {
        **resolver.__annotations__,
        "id": _arg(strawberry.ID, ID),
        "return": node | None,
    }
    return strawberry.field(
        resolver=resolver, description=f"{noun} by id (a replaced id resolves to its replacement)."
    )


@strawberry.type(description="Lists of the package's tables, and lookups by id.")
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
