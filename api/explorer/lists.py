"""List pages (/contradictions, /statements, /actors, /outlets, /events): the REST lists as
pages, with the same filter, sort and cursor parameters, facet counts as links, and
next/previous links.

An unknown parameter is a 400 page, as in REST: a misspelt filter (`speakr=`) would otherwise
show every row under a heading that looks filtered."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup, escape
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import Response

from statement_ledger.api.db import Database
from statement_ledger.api.explorer.formats import when, words
from statement_ledger.api.explorer.pages import render
from statement_ledger.api.explorer.store import as_dict, column_of
from statement_ledger.api.explorer.view_models import Items, statement_items
from statement_ledger.api.query import (
    ListRequest,
    Page,
    QueryError,
    decode_cursor,
    encode_cursor,
    facet,
    fetch_page,
    invalid_search,
)
from statement_ledger.api.rest_params import list_query
from statement_ledger.api.settings import Settings
from statement_ledger.catalogue.tables import Table

PAGE_SIZE = 50  # rows a list page shows unless `first` says otherwise
FACET_ROWS = 10_000  # facets are counted over at most this many selected rows
FACET_SHOWN = 15  # values a facet shows, most frequent first
TITLES = {
    "contradictions": "Contradictions",
    "statements": "Statements",
    "actors": "Actors",
    "outlets": "Outlets",
    "events": "Events",
}
LABELS = {"actors": "name", "outlets": "name", "events": "name", "articles": "title"}
# Newest first where a table has a date, unless the URL sorts otherwise.
DEFAULT_SORT = {"statements": ("said_on", "desc"), "events": ("start_date", "desc")}
PAGING = ("search", "syntax", "sort", "order", "first", "after", "before", "include_retired")


@dataclass
class Link:
    label: str
    href: str
    count: int | None = None
    current: bool = False


@dataclass
class Facet:
    name: str
    active: Link | None  # the filter set on it, with the link that removes it
    values: list[Link]
    more: int  # values not shown


def href(path: str, params: dict[str, str]) -> str:
    return f"{path}?{urlencode(params)}" if params else path


def parse(spec: Table, query: QueryParams, settings: Settings, enums: Any) -> ListRequest:
    """The list request a page's URL asks for (QueryError names the parameter at fault)."""
    known = [*spec.filters, *PAGING]
    for name in query:
        if name not in known:
            raise QueryError(name, f"unknown parameter; this page takes: {', '.join(known)}")
    before = query.get("before")
    if len(query.getlist("before")) > 1:
        raise QueryError("before", "given more than once")
    rest = QueryParams([(k, v) for k, v in query.multi_items() if k != "before"])
    request = list_query(spec, rest, settings, enums).request
    if "first" not in query:
        request.first = min(PAGE_SIZE, settings.max_page_size)
    if "sort" not in query and "order" not in query and spec.name in DEFAULT_SORT:
        request.sort, order = DEFAULT_SORT[spec.name]
        request.descending = order == "desc"
    if before is not None:
        if request.after:
            raise QueryError("before", "give either after or before, not both")
        try:
            decode_cursor(before)
        except QueryError as exc:
            raise QueryError("before", exc.message) from None
        request.after = before
        request.descending = not request.descending  # walk back from the cursor
    return request


def cursor(spec: Table, request: ListRequest, row: sqlite3.Row) -> str:
    sort = request.sort or spec.id_column
    return encode_cursor([row[sort] or "", row[spec.id_column]])


def walk(db: Database, spec: Table, request: ListRequest, enums: Any, backward: bool) -> Any:
    """The page's rows in display order, and whether rows come before and after them."""
    try:
        page: Page = fetch_page(db, request, enums, 10_000)
    except sqlite3.OperationalError as exc:
        if request.search is None:
            raise
        raise invalid_search(exc) from None
    rows = list(page.rows)
    if backward:
        request.descending = not request.descending  # back to the order the page shows
        return list(reversed(rows)), page.has_next, True, page.total
    return rows, bool(request.after), page.has_next, page.total


def facets(
    db: Database,
    spec: Table,
    request: ListRequest,
    enums: Any,
    params: dict[str, str],
    total: int,
) -> list[Facet]:
    """Each facet's counts over the selected rows, as links that add its filter: the most
    frequent FACET_SHOWN values. Above FACET_ROWS selected rows nothing is counted (each count
    reads every selected row: 8 facets over 100k statements took 620 ms); enum facets then
    list their values as links without counts, and the others wait for a narrower list."""
    out = []
    base = {k: v for k, v in params.items() if k not in ("after", "before")}
    for name, flt in ((n, spec.filters.get(n)) for n in spec.facets):
        enum = flt is not None and flt.kind == "enum" and flt.column is not None
        if name in params:
            counts: list[tuple[str | None, int | None]] = [(params[name], None)]
        elif total <= FACET_ROWS:
            counts = list(facet(db, request, name, enums))
        elif enum and flt is not None and flt.column is not None:
            counts = [(v, None) for v in enums.get((spec.name, flt.column), [])]
        else:
            continue
        shown = counts[:FACET_SHOWN]
        relation = spec.forward.get(name)
        labels: dict[str, Any] = {}
        if relation is not None and relation.table in LABELS:
            labels = column_of(db, relation.table, LABELS[relation.table], (v for v, _ in shown))
        if name in params:
            rest = {k: v for k, v in base.items() if k != name}
            label = str(labels.get(params[name], words(params[name])))
            out.append(Facet(name, Link(label, href(f"/{spec.name}", rest)), [], 0))
            continue
        values = [
            Link(
                str(labels.get(v, words(v))) if v is not None else "none",
                href(f"/{spec.name}", {**base, name: v}) if v is not None else "",
                n,
            )
            for v, n in shown
        ]
        out.append(Facet(name, None, values, len(counts) - len(shown)))
    return out


def active_filters(spec: Table, params: dict[str, str]) -> list[Link]:
    """The filters set that are not facets (dates, ids), each with a link removing it."""
    base = {k: v for k, v in params.items() if k not in ("after", "before")}
    return [
        Link(
            f"{name} = {value}", href(f"/{spec.name}", {k: v for k, v in base.items() if k != name})
        )
        for name, value in params.items()
        if name in spec.filters and name not in spec.facets
    ]


def sorts(spec: Table, params: dict[str, str]) -> list[Link]:
    base = {k: v for k, v in params.items() if k not in ("after", "before", "sort", "order")}
    usual = DEFAULT_SORT.get(spec.name, (spec.id_column, "asc"))
    current = (
        (params.get("sort", spec.id_column), params.get("order", "asc"))
        if "sort" in params or "order" in params
        else usual
    )
    return [
        Link(
            f"{words(column)} {'↑' if order == 'asc' else '↓'}",
            href(f"/{spec.name}", {**base, "sort": column, "order": order}),
            current=(column, order) == current,
        )
        for column in spec.sorts
        for order in ("asc", "desc")
    ]


def items(db: Database, table: str, rows: list[sqlite3.Row]) -> Items:
    """The rows as list items, as each table's page shows them."""
    if table == "statements":
        return statement_items(db, rows)
    found = [as_dict(db, row) for row in rows]
    out = Items()
    for row in found:
        key = escape(row[db.catalogue[table].id_column])
        label = escape(row.get("summary") or row.get("name") or key)
        meta = [words(row.get("kind"))]
        if table == "contradictions":
            meta.append(f'<span class="tag res-{escape(row["resolution"])}">'
                        f"{escape(words(row['resolution']))}</span>")  # fmt: skip
            meta[0] = f'<span class="tag">{escape(meta[0])}</span>'
        else:
            meta = [escape(m) for m in meta]
        if table == "outlets" and row.get("ownership"):
            meta.append(escape(words(row["ownership"])))
        if table in ("actors", "outlets") and row.get("country"):
            meta.append(escape(row["country"]))
        if table == "events":
            meta.append(when(row, "start_date"))
        out.append(Markup(
            f'<li><a href="/{table}/{key}">{label}</a> <span class="meta">{" · ".join(meta)}'
            "</span></li>"
        ))  # fmt: skip
    return out


def list_page(table: str) -> Any:
    """The page function (run by pages.page, under the time budget) listing `table`."""

    def show(request: Request, db: Database) -> Response:
        spec = db.catalogue[table]
        settings: Settings = request.app.state.settings
        enums = request.app.state.enums
        params = dict(request.query_params.items())
        try:
            req = parse(spec, request.query_params, settings, enums)
            backward = "before" in params
            rows, has_previous, has_next, total = walk(db, spec, req, enums, backward)
            counted = facets(db, spec, req, enums, params, total or 0)
        except QueryError as exc:
            message = f"The parameter “{exc.parameter}” cannot be used: {exc.message}."
            return render(request, "error.html", {"title": "Bad request", "message": message}, 400)
        base = {k: v for k, v in params.items() if k not in ("after", "before")}
        path = f"/{table}"
        return render(request, "list.html", {
            "title": TITLES[table], "table": table, "spec": spec, "params": params,
            "rows": items(db, table, rows), "total": total, "facets": counted,
            "filters": active_filters(spec, params), "sorts": sorts(spec, params),
            "previous": href(path, {**base, "before": cursor(spec, req, rows[0])})
            if rows and has_previous else None,
            "next": href(path, {**base, "after": cursor(spec, req, rows[-1])})
            if rows and has_next else None,
            "rest_query": href("", base),
            "counted": (total or 0) <= FACET_ROWS, "facet_rows": FACET_ROWS,
            "dates": [(n, f) for n, f in spec.filters.items() if f.kind == "date"],
            "hidden": {k: v for k, v in base.items()
                       if spec.filters.get(k) is None or spec.filters[k].kind != "date"},
        })  # fmt: skip

    show.__name__ = f"{table}_list"
    return show
