"""The timeline and search pages: what they select, handed to timeline.py and search.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from statement_ledger.api.db import Database
from statement_ledger.api.explorer import timeline
from statement_ledger.api.explorer.pages import render
from statement_ledger.api.explorer.search import search as run_search
from statement_ledger.api.explorer.store import as_dict, by_ids, related, sides_of

MAX_MARKS = 2000  # statements drawn at most; narrow with filters beyond


def _date(value: str | None) -> str | None:
    try:
        return dt.date.fromisoformat(value).isoformat() if value else None
    except ValueError:
        return None


def _selection(request: Request) -> dict[str, str | None]:
    params = request.query_params
    colour = params.get("colour")
    return {
        "actor": params.get("actor") or None,
        "event": params.get("event") or None,
        "from": _date(params.get("from")),
        "to": _date(params.get("to")),
        "colour": colour if colour in ("speaker", "outlet") else "speaker",
    }


def _statements(db: Database, chosen: dict[str, str | None]) -> list[dict[str, Any]]:
    where, params = ["said_on IS NOT NULL", "record_status = 'active'"], []
    if chosen["actor"]:
        where.append("speaker_id = ?")
        params.append(chosen["actor"])
    if chosen["event"]:
        where.append("(occasion_event_id = ? OR about_event_id = ?)")
        params += [chosen["event"]] * 2
    if chosen["from"]:
        where.append("said_on >= ?")
        params.append(chosen["from"])
    if chosen["to"]:
        where.append("said_on <= ?")
        params.append(chosen["to"])
    rows = db.query(
        f"SELECT * FROM statements WHERE {' AND '.join(where)} "
        "ORDER BY said_on, statement_id LIMIT ?",
        [*params, MAX_MARKS + 1],
    )
    return [as_dict(r) for r in rows]


def _events(db: Database, chosen: dict[str, str | None]) -> list[dict[str, Any]]:
    where, params = ["start_date IS NOT NULL", "record_status = 'active'"], []
    if chosen["event"]:
        where.append("(event_id = ? OR parent_event_id = ?)")
        params += [chosen["event"]] * 2
    if chosen["from"]:
        where.append("coalesce(end_date, start_date) >= ?")
        params.append(chosen["from"])
    if chosen["to"]:
        where.append("start_date <= ?")
        params.append(chosen["to"])
    rows = db.query(f"SELECT * FROM events WHERE {' AND '.join(where)} ORDER BY start_date", params)
    return [as_dict(r) for r in rows]


def timeline_page(request: Request, db: Database) -> Response:
    chosen = _selection(request)
    statements = _statements(db, chosen)
    truncated = len(statements) > MAX_MARKS
    statements = statements[:MAX_MARKS]
    events = _events(db, chosen)
    rel = related(db, statements)
    if chosen["colour"] == "outlet":
        key_of = {s["statement_id"]: rel.articles[s["article_id"]]["outlet_id"] for s in statements}
        names = {k: v["name"] for k, v in rel.outlets.items()}
        prefix = "/outlets/"
    else:
        key_of = {s["statement_id"]: s["speaker_id"] for s in statements}
        names = {k: v["name"] for k, v in rel.actors.items()}
        prefix = "/actors/"
    lanes = timeline.lanes_for(statements, key_of, names)
    for lane in lanes:
        lane.href = prefix + lane.key
    ids = [s["statement_id"] for s in statements]
    contradiction_ids = _contradictions_among(db, ids)
    contradictions = by_ids(db, "contradictions", contradiction_ids)
    summaries = {k: v["summary"] for k, v in contradictions.items()}
    chart = timeline.render(
        statements, events, sides_of(db, contradiction_ids), summaries, lanes, key_of
    )
    actors = db.query(
        "SELECT actor_id, name FROM actors WHERE record_status = 'active' AND actor_id IN "
        "(SELECT speaker_id FROM statements WHERE said_on IS NOT NULL) ORDER BY name"
    )
    all_events = db.query(
        "SELECT event_id, name FROM events WHERE record_status = 'active' ORDER BY name"
    )
    return render(request, "timeline.html", {
        "title": "Timeline", "chart": chart, "chosen": chosen, "truncated": truncated,
        "actors": actors, "events": all_events, "lane_of": key_of, "rel": rel,
        "max_marks": MAX_MARKS,
    })  # fmt: skip


def _contradictions_among(db: Database, statement_ids: list[str]) -> list[str]:
    """Contradictions with at least two of these statements (one query)."""
    if len(statement_ids) < 2:
        return []
    marks = ", ".join("?" for _ in statement_ids)
    rows = db.query(
        "SELECT s.contradiction_id FROM contradiction_sides s JOIN contradictions c "
        "ON c.contradiction_id = s.contradiction_id WHERE c.record_status = 'active' "
        f"AND s.record_status = 'active' AND s.statement_id IN ({marks}) "
        "GROUP BY s.contradiction_id HAVING count(DISTINCT s.side) > 1",
        statement_ids,
    )
    return [r[0] for r in rows]


def search_page(request: Request, db: Database) -> Response:
    query = request.query_params.get("q", "").strip()[:500]
    if not query:
        return render(request, "search.html", {"title": "Search", "results": None, "q": ""})
    results = run_search(db, query)
    return render(request, "search.html", {
        "title": f"Search: {query}", "results": results, "q": query,
    })  # fmt: skip
