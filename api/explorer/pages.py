"""The explorer's pages: one endpoint per kind of page, each under the SQL time budget."""

from __future__ import annotations

import functools
import html
import json
import sqlite3
from array import array
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from statement_ledger.api import assets, urls
from statement_ledger.api.db import BudgetExceeded, Database, budget
from statement_ledger.api.explorer import bodies, jsonld
from statement_ledger.api.explorer.formats import date_iso, date_text, when, when_html, words
from statement_ledger.api.explorer.frame import Frame
from statement_ledger.api.explorer.highlight import article_lines, furniture_ranges, lines_html
from statement_ledger.api.explorer.store import (
    LISTED,
    NEWEST,
    Row,
    active_counts,
    as_dict,
    by_ids,
    cited,
    contested,
    contradictions_of,
    directory,
    latest_contradictions,
    named,
    other_sides_of,
    quote_spans,
    references_of,
    related,
    seed_texts,
    sides_related,
    statements_of,
    with_other_sides,
)
from statement_ledger.api.explorer.view_models import (
    contradiction_html,
    statement_full,
    statement_items,
    view,
)
from statement_ledger.api.query import resolve_id
from statement_ledger.api.settings import Settings

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
# The templates are part of the installed package: loaded once, not checked on disk for changes
# (three stat calls a page).
templates.env.auto_reload = False
templates.env.filters["date_text"] = date_text
templates.env.filters["date_iso"] = date_iso
templates.env.filters["words"] = words
templates.env.globals["asset"] = assets.url  # content-hashed static URLs
templates.env.globals["when"] = when  # Python, not a macro: called for every row of a list
templates.env.globals["statement_full"] = statement_full
DESCRIPTION = (
    "Who said what about the Armenia–Azerbaijan conflict, as reported by which outlet, "
    "and where the reports contradict each other: a curated, open dataset."
)
# Statements (and articles) an actor, outlet or event page lists: the newest, as many as a page
# of the statements list shows (lists.PAGE_SIZE), which has the rest, with filters.
LIST_LIMIT = 50

Endpoint = Callable[[Request], Awaitable[Response]]


def page(fn: Callable[[Request, Database], Response]) -> Endpoint:
    """An endpoint reading the database under the request's SQL time budget."""

    @functools.wraps(fn)
    async def endpoint(request: Request) -> Response:
        settings: Settings = request.app.state.settings
        try:
            with budget(settings.time_budget_ms / 1000):
                return fn(request, request.app.state.db)
        except BudgetExceeded:
            return render(request, "error.html", {"title": "Too slow", "message": (
                "This page took longer to gather than the server allows. Try again, or narrow "
                "it down."
            )}, 503)  # fmt: skip

    return endpoint


def _base(request: Request) -> dict[str, Any]:
    """What base.html writes on every page, besides the page's own values."""
    db: Database = request.app.state.db
    return {
        "version": db.meta.get("version", ""),
        "data_version": db.data_version,
        "description": DESCRIPTION,  # a page may say more of itself
    }


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(
        request, name, {**_base(request), **context}, status_code=status
    )


FRAME = Frame(templates.env)


def render_main(request: Request, context: dict[str, Any], status: int = 200) -> Response:
    """A page whose main part (`context["main"]`) and head (`context["jsonld"]`, if any) are
    written in Python, put in base.html's frame without Jinja (`frame.Frame`): the same page
    as a template that only writes them in base.html's blocks."""
    values = {**_base(request), **context}
    page = FRAME.html(values, str(context.get("jsonld", "")), str(context["main"]))
    return HTMLResponse(page, status_code=status)


def not_found(request: Request, what: str, key: str) -> Response:
    message = f"There is no {what} with the id “{key}” in this dataset."
    return render(request, "error.html", {"title": "Not found", "message": message}, 404)


def lookup(request: Request, db: Database, table: str, what: str) -> Row | Response:
    """The row named in the URL; a 308 to its replacement's page, or a 404 page."""
    key = request.path_params["id"]
    row, path = resolve_id(db, table, key)
    if row is None:
        return not_found(request, what, key)
    if path:
        target = f"/{table}/{row[db.catalogue[table].id_column]}"
        return RedirectResponse(urls.same_query(request, target), status_code=308)
    return as_dict(db, row)


def base_url(request: Request) -> str:
    """What page URLs in JSON-LD start with: the configured public address, or nothing
    (relative to the page)."""
    return urls.link(request, "")


HOME_TABLES = ["statements", "contradictions", "actors", "outlets", "articles", "events"]


def warm(db: Database) -> None:
    """Work out what the pages read once per database (Database.memo) before the first
    request: the home page's figures, the markers statements get from contradictions
    (a pass over every side: 0.3 s at 100k, which the first list page would wait for), the
    names lists show (store.directory) and what outlet, article, actor and event pages
    read of other rows."""
    home_figures(db)
    contested(db)
    directory(db)
    outlet_counts(db)
    article_counts(db)
    article_sides(db)
    related_names(db, "actors", "members", MEMBERS_ORDER)
    related_names(db, "events", "children", PARTS_ORDER)


def home_figures(db: Database) -> tuple[dict[str, int], dict[str, Any], list[Row]]:
    """The home page's totals, package descriptor and latest contradictions: they depend on
    the data alone, so they are gathered once per database."""
    counts = db.memo("home:counts", lambda: active_counts(db, HOME_TABLES))
    meta = db.memo("home:meta", lambda: package_descriptor(db))
    latest = db.memo("home:latest", lambda: latest_contradictions(db, 8))
    return counts, meta, latest


def home(request: Request, db: Database) -> Response:
    counts, meta, latest = home_figures(db)
    return render(request, "home.html", {
        "title": "Who said what about the Armenia–Azerbaijan conflict",
        "counts": counts, "meta": meta, "tables": HOME_TABLES,
        "resources": [r["name"] for r in meta.get("resources", [])],
        "latest": latest,
        "listed": ["statements", "contradictions", "actors", "outlets", "events"],
    })  # fmt: skip


def package_descriptor(db: Database) -> dict[str, Any]:
    """The package's datapackage.json as built, or {}."""
    descriptor = db.file("datapackage.json")
    return json.loads(descriptor[0]) if descriptor else {}


def statement(request: Request, db: Database) -> Response:
    found = lookup(request, db, "statements", "statement")
    if isinstance(found, Response):
        return found
    contradictions = contradictions_of(db, found["statement_id"])
    rel = related(db, [found], with_text=True)
    base = base_url(request)
    data = jsonld.claim(found, rel, base)
    refs = references_of(db, [c for c, _ in contradictions])
    reviews = [
        jsonld.review(c, found, side, rel, base, cited(c, refs)) for c, side in contradictions
    ]
    script = jsonld.script({"@graph": [data, *reviews]} if reviews else data)
    return render(request, "statement.html", {
        "title": found["claim"], "s": view(found, rel), "contradictions": contradictions,
        "jsonld": script,
    })  # fmt: skip


def contradiction(request: Request, db: Database) -> Response:
    found = lookup(request, db, "contradictions", "contradiction")
    if isinstance(found, Response):
        return found
    key = found["contradiction_id"]
    sides, rows, rel = sides_related(db, key, with_text=True)
    columns: dict[str, list[tuple[Any, Any]]] = {}
    for side in sides:
        if side.statement_id in rows:
            columns.setdefault(side.side, []).append((side, view(rows[side.statement_id], rel)))
    records, pages = other_sides_of(db, key) if key in with_other_sides(db) else ([], [])
    refs = references_of(db, [found, *records])
    base = base_url(request)
    reviews = [
        jsonld.review(found, rows[s.statement_id], s.side, rel, base, cited(found, refs))
        for s in sides
        if s.statement_id in rows and not s.retired
    ]
    main = contradiction_html(
        found, cited(found, refs), sorted(columns.items()),
        [(r, cited(r, refs)) for r in records], pages,
    )  # fmt: skip
    return render_main(request, {
        "title": found["summary"], "main": f"\n{main}\n",
        "jsonld": jsonld.script({"@graph": reviews}),
    })  # fmt: skip


# The order an actor's members and an event's parts are shown in.
MEMBERS_ORDER = "name, rowid"
PARTS_ORDER = "start_date, event_id"


def related_names(
    db: Database, table: str, relation: str, order: str
) -> dict[str, list[sqlite3.Row]]:
    """The active rows of `table` that `relation` (as the catalogue names it, read backward)
    relates to each key, by key, each as its id and name, in `order`: an actor's members, an
    event's parts. Read once per database rather than queried on each page (0.02 ms a page at
    100k); few rows have one (776 of 2,000 actors and 977 of 5,000 events at 100k)."""
    spec = db.catalogue[table]
    column = spec.backward[relation].column

    def compute() -> dict[str, list[sqlite3.Row]]:
        out: dict[str, list[sqlite3.Row]] = {}
        for row in db.query(
            f'SELECT "{column}", "{spec.id_column}", name FROM "{table}" '
            f"WHERE \"{column}\" IS NOT NULL AND record_status = 'active' "
            f'ORDER BY "{column}", {order}'
        ):
            out.setdefault(row[0], []).append(row)
        return out

    return db.memo(("related names", table, relation), compute)


def actor(request: Request, db: Database) -> Response:
    found = lookup(request, db, "actors", "actor")
    if isinstance(found, Response):
        return found
    key = found["actor_id"]
    said = statements_of(db, "actors", "statements", key, LIST_LIMIT)
    relayed = statements_of(db, "actors", "relayed_statements", key, LIST_LIMIT)
    members = related_names(db, "actors", "members", MEMBERS_ORDER).get(key, [])
    context = {
        "title": found["name"], "a": found,
        "said": statement_items(db, said.rows),
        "relayed": statement_items(db, relayed.rows),
        "said_count": said.count, "relayed_count": relayed.count,
        "said_utterances": said.utterances, "relayed_utterances": relayed.utterances,
        "members": members, "affiliation": named(db, "actors", [found["affiliation_id"]]),
        "limit": LIST_LIMIT,
    }  # fmt: skip
    return render_main(request, {**context, "main": f"\n{bodies.actor(context)}\n"})


# An outlet's newest active articles: the build's index on outlet_id, published_on DESC,
# article_id is walked and left after the rows listed. How many statements each has comes from
# article_counts, by rowid.
OUTLET_ARTICLES = (
    "SELECT rowid, article_id, title, published_on, published_on_precision, published_on_basis "
    "FROM articles WHERE outlet_id = ? AND record_status = 'active' "
    "ORDER BY published_on DESC, article_id LIMIT ?"
)


def article_counts(db: Database) -> array[int]:
    """The active statements of each article, at the article's rowid. They depend on the data
    alone: counted once per database (0.05–0.09 s at 100k) rather than for each article an outlet
    page lists (a lookup in the statements' index per article: 0.07 ms a page at 100k). Four
    bytes an article: 0.8 MB at 200k articles, where a dict by id would take 23."""

    def compute() -> array[int]:
        size = int(db.query("SELECT coalesce(max(rowid), 0) + 1 FROM articles")[0][0])
        counts = array("I", bytes(4 * size))
        for rowid, n in db.query(
            "SELECT a.rowid, (SELECT count(*) FROM statements s WHERE s.article_id = a.article_id "
            "AND s.record_status = 'active') FROM articles a"
        ):
            counts[rowid] = n
        return counts

    return db.memo("article:counts", compute)


def _html_escaped(value: str) -> str:
    """html.escape(value), without its five replacements when there is nothing to escape, as in
    most titles and every id (0.3 µs rather than 0.7; an outlet page escapes 40 or more)."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return html.escape(value)
    return value


def outlet_articles(db: Database, key: str) -> Markup:
    """An outlet's newest articles as the items of its page's list: title, date, how many
    statements. Written here, in one string, as statement lists are."""
    counts = article_counts(db)
    e = _html_escaped
    return Markup("".join([
        f'<li><a href="/articles/{e(article_id)}">{e(title)}</a> <span class="meta">'
        f"{when_html(on, precision, basis)} · {counts[rowid]} statements</span></li>"
        for rowid, article_id, title, on, precision, basis in db.query(
            OUTLET_ARTICLES, [key, LIST_LIMIT]
        )
    ]))  # fmt: skip


def outlet_counts(db: Database) -> dict[str, tuple[int, int, int]]:
    """Per outlet: its active articles, the active statements in its articles, and the active
    articles reusing its text. They depend on the data alone: counted once per database (three
    GROUP BYs) rather than on every outlet page (a count over the statements of every article,
    0.15 ms a page at 100k)."""

    def compute() -> dict[str, tuple[int, int, int]]:
        def per_outlet(sql: str) -> dict[str, int]:
            return {str(row[0]): int(row[1]) for row in db.query(sql) if row[0] is not None}

        articles = per_outlet(
            "SELECT outlet_id, count(*) FROM articles WHERE record_status = 'active' GROUP BY 1"
        )
        statements = per_outlet(
            "SELECT a.outlet_id, count(*) FROM statements s JOIN articles a "
            "ON a.article_id = s.article_id WHERE s.record_status = 'active' GROUP BY 1"
        )
        reused = per_outlet(
            "SELECT text_origin_outlet_id, count(*) FROM articles "
            "WHERE record_status = 'active' GROUP BY 1"
        )
        keys = articles.keys() | statements.keys() | reused.keys()
        return {k: (articles.get(k, 0), statements.get(k, 0), reused.get(k, 0)) for k in keys}

    return db.memo("outlet:counts", compute)


def outlet(request: Request, db: Database) -> Response:
    found = lookup(request, db, "outlets", "outlet")
    if isinstance(found, Response):
        return found
    key = found["outlet_id"]
    cited = statements_of(db, "outlets", "cited_statements", key, LIST_LIMIT)
    article_count, statement_count, reused_count = outlet_counts(db).get(key, (0, 0, 0))
    context = {
        "title": found["name"], "o": found, "articles": outlet_articles(db, key),
        "article_count": article_count, "reused_count": reused_count,
        "statement_count": statement_count,
        "cited": statement_items(db, cited.rows),
        "cited_count": cited.count,
        "limit": LIST_LIMIT,
    }  # fmt: skip
    return render_main(request, {**context, "main": f"\n{bodies.outlet(context)}\n"})


# An article's active statements, newest first: the columns its list shows and the quote its
# text marks (every column, as dicts, cost 0.04 ms more a page at 100k).
ARTICLE_STATEMENTS = (
    f"SELECT {LISTED}, quote FROM statements WHERE article_id = ? AND record_status = 'active' "
    f"{NEWEST.format(t='')} LIMIT 10000"
)


def article_sides(db: Database) -> dict[str, list[sqlite3.Row]]:
    """The contradictions each article is a side of as a whole (active sides), by article id:
    a short curated list, read once per database rather than queried on every article page."""

    def compute() -> dict[str, list[sqlite3.Row]]:
        out: dict[str, list[sqlite3.Row]] = {}
        for row in db.query(
            "SELECT article_id, contradiction_id, side FROM article_sides "
            "WHERE record_status = 'active' ORDER BY contradiction_id"
        ):
            out.setdefault(row["article_id"], []).append(row)
        return out

    return db.memo("article:sides", compute)


def article(request: Request, db: Database) -> Response:
    found = lookup(request, db, "articles", "article")
    if isinstance(found, Response):
        return found
    statements = db.query(ARTICLE_STATEMENTS, [found["article_id"]])
    text = seed_texts(db, [found["seed_path"]]).get(found["seed_path"], "")
    furniture = furniture_ranges(found["furniture_lines"])
    quotes = {s["statement_id"]: s["quote"] for s in statements}
    lines, missing = article_lines(text, quotes, furniture, quote_spans(db, quotes))
    context = {
        "title": found["title"], "art": found, "lines": lines_html(lines), "missing": missing,
        "statements": statement_items(db, statements),
        "outlet": named(db, "outlets", [found["outlet_id"]]).get(found["outlet_id"]),
        "origin": named(db, "outlets", [found["text_origin_outlet_id"]]),
        "origin_actor": named(db, "actors", [found["text_origin_actor_id"]]),
        "sides": article_sides(db).get(found["article_id"], []),
        "furniture": furniture,
    }  # fmt: skip
    return render_main(request, {**context, "main": f"\n{bodies.article(context)}\n"})


def event(request: Request, db: Database) -> Response:
    found = lookup(request, db, "events", "event")
    if isinstance(found, Response):
        return found
    key = found["event_id"]
    made = statements_of(db, "events", "statements_made", key, LIST_LIMIT)
    about = statements_of(db, "events", "statements_about", key, LIST_LIMIT)
    children = related_names(db, "events", "children", PARTS_ORDER).get(key, [])
    context = {
        "title": found["name"], "e": found, "children": children,
        "references": cited(found, references_of(db, [found])),
        "parent": by_ids(db, "events", [found["parent_event_id"]]),
        "made": statement_items(db, made.rows),
        "about": statement_items(db, about.rows),
        "made_count": made.count, "about_count": about.count,
        "made_utterances": made.utterances, "about_utterances": about.utterances,
        "limit": LIST_LIMIT,
    }  # fmt: skip
    return render_main(request, {**context, "main": f"\n{bodies.event(context)}\n"})
