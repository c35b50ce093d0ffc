"""The timeline page: what it selects (statements, events, filter choices), drawn by timeline.py."""

from __future__ import annotations

import datetime as dt
import sqlite3
from operator import itemgetter
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from statement_ledger.api.db import Database
from statement_ledger.api.explorer import timeline
from statement_ledger.api.explorer.pages import render
from statement_ledger.api.explorer.store import active_counts, column_of, sides_of

MAX_MARKS = 100  # statements drawn at most; narrow with filters beyond
MAX_EVENTS = 150  # events drawn at most; beyond, those the statements drawn refer to
MAX_CHOICES = 300  # speakers or events listed in a filter at most; beyond, it takes an id
# The columns of a statement the timeline draws and lists (not the quote, notes and the rest).
DRAWN = (
    "statement_id, claim, said_on, said_on_precision, said_on_basis, speaker_id, article_id, "
    "occasion_event_id, about_event_id"
)
EVENT_DRAWN = "event_id, name, start_date, start_date_precision, end_date, end_date_precision"


def _dicts(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Rows as dicts: dict(row) looks each column up by name (a scan of the row's names), 2.5 µs
    a row; zipped with the names, 1.5 µs (a keyword to zip, strict=, would add 0.5 µs)."""
    if not rows:
        return []
    keys = rows[0].keys()
    return [dict(zip(keys, row)) for row in rows]  # noqa: B905 (see above)


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


# The said_on sort index holds (coalesce(said_on, ''), statement_id): bounding and ordering by
# that expression walks it and stops after the rows drawn. On said_on alone, SQLite sorts every
# statement of the first date (year-precision dates are all 1 January: 979 rows on 2023-01-01
# at 100k, so a timeline from that day read and sorted all of them).
SAID = "coalesce(said_on, '')"


def _statements(db: Database, chosen: dict[str, str | None]) -> list[dict[str, Any]]:
    where, params = ["record_status = 'active'", f"{SAID} > ''"], []  # '': no date
    if chosen["from"]:
        where[1] = f"{SAID} >= ?"  # one lower bound, which SQLite seeks to
        params.append(chosen["from"])
    if chosen["to"]:
        where.append(f"{SAID} <= ?")
        params.append(chosen["to"])
    if chosen["actor"]:
        where.append("speaker_id = ?")
        params.append(chosen["actor"])
    if chosen["event"]:
        where.append("(occasion_event_id = ? OR about_event_id = ?)")
        params += [chosen["event"]] * 2
    # Names are joined to the rows kept only: joined before the LIMIT, they would be looked up
    # for every row the sort reads (all 3,218 of the busiest speaker at 100k). The outlet (two
    # lookups a row) only when the marks are coloured by it.
    outlet = chosen["colour"] == "outlet"
    rows = _dicts(db.query(
        "SELECT s.*, sp.name AS speaker_name"
        + (", a.outlet_id, o.name AS outlet_name" if outlet else "")
        + f" FROM (SELECT {DRAWN} FROM statements WHERE {' AND '.join(where)} "
        f"ORDER BY {SAID}, statement_id LIMIT ?) s "
        "LEFT JOIN actors sp ON sp.actor_id = s.speaker_id "
        + (
            "LEFT JOIN articles a ON a.article_id = s.article_id "
            "LEFT JOIN outlets o ON o.outlet_id = a.outlet_id "
            if outlet
            else ""
        ),
        [*params, MAX_MARKS + 1],
    ))  # fmt: skip
    # In the subquery's order (said_on is never '' or NULL here), which SQL does not promise
    # for the join without an ORDER BY; sorting here costs less than SQLite's sorter (already
    # in order, it is one pass).
    rows.sort(key=_BY_DATE)
    return rows


_BY_DATE = itemgetter("said_on", "statement_id")


def _event_conditions(chosen: dict[str, str | None]) -> tuple[str, list[str]]:
    """The SQL condition for the dated, active events of the selection, and its parameters."""
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
    return " AND ".join(where), params


def _events(db: Database, chosen: dict[str, str | None]) -> list[dict[str, Any]] | None:
    """The dated events of the selection, or None when there are more than MAX_EVENTS."""
    condition, params = _event_conditions(chosen)
    # Counted before they are read: unfiltered, 151 whole rows were read to be thrown away.
    probe = f"SELECT count(*) FROM (SELECT 1 FROM events WHERE {condition} LIMIT ?)"
    if db.query(probe, [*params, MAX_EVENTS + 1])[0][0] > MAX_EVENTS:
        return None
    rows = db.query(
        f"SELECT {EVENT_DRAWN} FROM events WHERE {condition} ORDER BY start_date, event_id",
        params,
    )
    return _dicts(rows)


def _referred(
    db: Database, statements: list[dict[str, Any]], chosen: dict[str, str | None]
) -> list[dict[str, Any]]:
    """The dated events of the selection that the statements drawn were made at or are about."""
    ids = sorted(
        {s[k] for s in statements for k in ("occasion_event_id", "about_event_id")} - {None}
    )
    if not ids:
        return []
    condition, params = _event_conditions(chosen)
    marks = ", ".join("?" for _ in ids)
    rows = db.query(
        f"SELECT {EVENT_DRAWN} FROM events WHERE event_id IN ({marks}) AND {condition} "
        "ORDER BY start_date, event_id",
        [*ids, *params],
    )
    return _dicts(rows)


def _choices(db: Database, active: int, sql: str) -> list[tuple[str, str]] | None:
    """(id, name) offered in a filter's list, or None (the filter takes an id) beyond
    MAX_CHOICES (of `active` rows). The lists depend on the data alone, not on the request,
    and the database does not change while served: read once per data version (the speakers
    with a dated statement took 0.8 ms a page at 10k, an EXISTS probe each)."""
    if active > MAX_CHOICES:
        return None
    key = (db.data_version, sql)
    if key not in _CHOICES:
        _CHOICES[key] = [(row[0], row[1]) for row in db.query(sql)]
    return _CHOICES[key]


_CHOICES: dict[tuple[str, str], list[tuple[str, str]]] = {}  # at most MAX_CHOICES a list


def timeline_page(request: Request, db: Database) -> Response:
    chosen = _selection(request)
    statements = _statements(db, chosen)
    truncated = len(statements) > MAX_MARKS
    statements = statements[:MAX_MARKS]
    events = _events(db, chosen)
    events_referred = events is None
    if events is None:
        events = _referred(db, statements, chosen)
    speakers = {s["speaker_id"]: s["speaker_name"] for s in statements if s["speaker_name"]}
    if chosen["colour"] == "outlet":
        key_of = {s["statement_id"]: s["outlet_id"] for s in statements}
        names = {s["outlet_id"]: s["outlet_name"] for s in statements if s["outlet_name"]}
        prefix = "/outlets/"
    else:
        key_of = {s["statement_id"]: s["speaker_id"] for s in statements}
        names = speakers
        prefix = "/actors/"
    lanes = timeline.lanes_for(statements, key_of, names)
    for lane in lanes:
        lane.href = prefix + lane.key
    ids = [s["statement_id"] for s in statements]
    contradiction_ids = _contradictions_among(db, ids)
    summaries = column_of(db, "contradictions", "summary", contradiction_ids)
    chart = timeline.render(
        statements, events, sides_of(db, contradiction_ids), summaries, lanes, key_of
    )
    active = active_counts(db, ["actors", "events"])
    # EXISTS probes the speaker index; IN read every statement
    actors = _choices(db, active["actors"],
        "SELECT actor_id, name FROM actors a WHERE record_status = 'active' AND EXISTS "
        "(SELECT 1 FROM statements s WHERE s.speaker_id = a.actor_id AND s.said_on IS NOT NULL) "
        "ORDER BY name"
    )  # fmt: skip
    all_events = _choices(db, active["events"],
        "SELECT event_id, name FROM events WHERE record_status = 'active' ORDER BY name"
    )  # fmt: skip
    return render(request, "timeline.html", {
        "title": "Timeline", "chart": chart, "chosen": chosen, "truncated": truncated,
        "actors": actors, "events": all_events, "listing": timeline.listing(chart, speakers),
        "actor_options": timeline.options(actors or [], chosen["actor"]),
        "event_options": timeline.options(all_events or [], chosen["event"]),
        "max_marks": MAX_MARKS, "events_referred": events_referred, "max_events": MAX_EVENTS,
    })  # fmt: skip


def _contradictions_among(db: Database, statement_ids: list[str]) -> list[str]:
    """Active contradictions with at least two of these statements on different active sides
    (one query). The contradiction's own status is read once a group, after grouping: joined
    to the sides, it led SQLite (at 10k) to scan every side, 1.2 ms, instead of looking up
    these statements' sides in their index, 0.17 ms."""
    if len(statement_ids) < 2:
        return []
    marks = ", ".join("?" for _ in statement_ids)
    rows = db.query(
        "SELECT s.contradiction_id FROM contradiction_sides s WHERE s.record_status = 'active' "
        f"AND s.statement_id IN ({marks}) GROUP BY s.contradiction_id "
        "HAVING count(DISTINCT s.side) > 1 AND (SELECT c.record_status FROM contradictions c "
        "WHERE c.contradiction_id = s.contradiction_id) = 'active'",
        statement_ids,
    )
    return [r[0] for r in rows]
