"""The timeline page: what it selects (statements, events, filter choices), drawn by timeline.py."""

from __future__ import annotations

import datetime as dt
import html
import sqlite3
from array import array
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial
from operator import itemgetter
from typing import Any
from urllib.parse import quote

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response

from statement_ledger.api.db import Database
from statement_ledger.api.explorer import timeline, timeline_html, timeline_zoom
from statement_ledger.api.explorer.formats import words
from statement_ledger.api.explorer.pages import render_main
from statement_ledger.api.explorer.store import active_counts, column_of, directory, sides_of
from statement_ledger.api.relations import in_list

MAX_MARKS = 100  # statements drawn at most; narrow with filters beyond
MAX_EVENTS = 150  # events drawn at most; beyond, those the statements drawn refer to
MAX_CHOICES = 300  # speakers or events listed in a filter at most; beyond, it takes an id
# The columns of a statement the timeline draws and lists (not the quote, notes and the rest).
DRAWN = (
    "statement_id, claim, said_on, said_on_precision, said_on_basis, speaker_id, article_id, "
    "occasion_event_id, about_event_id, attribution"
)
EVENT_DRAWN = "event_id, name, start_date, start_date_precision, end_date, end_date_precision"


def _dicts(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Rows as dicts: dict(row) looks each column up by name (a scan of the row's names), 2.5 µs
    a row; zipped with the names, 1.5 µs (a keyword to zip, strict=, would add 0.5 µs)."""
    if not rows:
        return []
    keys = rows[0].keys()
    return [dict(zip(keys, row)) for row in rows]  # noqa: B905 (see above)


YEARS = range(1000, 3000)  # a bound outside is ignored: the axis pads it and zooms around it


def _date(value: str | None) -> str | None:
    try:
        day = dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return day.isoformat() if day and day.year in YEARS else None


COLOURS = ("speaker", "outlet", "attribution")
FIRST_DAY, LAST_DAY = "FIRSTDAY", "LASTDAY"  # stand for a bar's dates in its lane's address
LINKS = ("auto", "on", "off")
LINKS_AUTO = 8  # contradictions whose arcs are drawn unasked; beyond, links=on draws them


def _selection(request: Request) -> dict[str, str | None]:
    params = request.query_params
    colour, links = params.get("colour"), params.get("links")
    chosen = {
        "actor": params.get("actor") or None,
        "event": params.get("event") or None,
        "from": _date(params.get("from")),
        "to": _date(params.get("to")),
        "colour": colour if colour in COLOURS else "speaker",
        "links": links if links in LINKS else "auto",
    }
    if chosen["from"] and chosen["to"] and chosen["from"] > chosen["to"]:
        chosen["from"], chosen["to"] = chosen["to"], chosen["from"]
    return chosen


def href(chosen: dict[str, str | None], **changes: str | None) -> str:
    """The timeline's address for this selection with some of it changed (None: left out);
    defaults are left out too."""
    merged = {**chosen, **changes}
    # what urlencode(..., quote_via=quote) writes, each value quoted once per process (a page
    # writes a dozen addresses from the same few values; urlencode took 8 µs each)
    query = "&".join(f"{k}={_quoted(v)}" for k, v in merged.items() if v and _DEFAULTS.get(k) != v)
    return "/timeline" + (f"?{query}" if query else "")


_DEFAULTS = {"colour": "speaker", "links": "auto"}
_quote_kept = lru_cache(maxsize=1024)(partial(quote, safe=""))


def _quoted(value: str) -> str:
    # ids, dates and choices are short; anything long (a hostile address) is not kept
    return _quote_kept(value) if len(value) <= 100 else quote(value, safe="")


# The said_on sort index holds (coalesce(said_on, ''), statement_id): bounding and ordering by
# that expression walks it and stops after the rows drawn. On said_on alone, SQLite sorts every
# statement of the first date (year-precision dates are all 1 January: 979 rows on 2023-01-01
# at 100k, so a timeline from that day read and sorted all of them).
SAID = "coalesce(said_on, '')"


def _where(chosen: dict[str, str | None], table: str = "") -> tuple[str, list[str]]:
    """The SQL condition on statements (named `table`, when given) for the selection."""
    t = f"{table}." if table else ""
    said = f"coalesce({t}said_on, '')"
    where, params = [f"{t}record_status = 'active'", f"{said} > ''"], []  # '': no date
    if chosen["from"]:
        where[1] = f"{said} >= ?"  # one lower bound, which SQLite seeks to
        params.append(chosen["from"])
    if chosen["to"]:
        where.append(f"{said} <= ?")
        params.append(chosen["to"])
    if chosen["actor"]:
        where.append(f"{t}speaker_id = ?")
        params.append(chosen["actor"])
    if chosen["event"]:
        where.append(f"({t}occasion_event_id = ? OR {t}about_event_id = ?)")
        params += [chosen["event"]] * 2
    return " AND ".join(where), params


def _statements(db: Database, chosen: dict[str, str | None]) -> list[dict[str, Any]]:
    where, params = _where(chosen)
    rows = _dicts(db.query(
        f"SELECT {DRAWN} FROM statements WHERE {where} ORDER BY {SAID}, statement_id LIMIT ?",
        [*params, MAX_MARKS + 1],
    ))  # fmt: skip
    # The names of the rows kept, from the names every page shares (store.directory): the
    # speaker's, and the outlet's when the marks are coloured by it.
    names = directory(db)
    outlet = chosen["colour"] == "outlet"
    for row in rows:
        row["speaker_name"] = names.actors.get(row["speaker_id"])
        if outlet:
            row["outlet_id"] = names.outlet_of.get(row["article_id"])
            row["outlet_name"] = names.outlets.get(row["outlet_id"] or "")
    return rows


def _crowded(db: Database) -> frozenset[str]:
    """The speakers with more than MAX_MARKS dated statements (Database.memo; one pass over the
    speaker index, 35 ms at 100k): their timelines are counted, and MAX_MARKS + 1 whole rows
    were read to learn it, a third of the page's time (7% of speakers at 100k, 127 of 1,952;
    at 1M some thousands of ids, under 1 MB)."""

    def compute() -> frozenset[str]:
        where, params = _where(dict.fromkeys(("actor", "event", "from", "to")))
        rows = db.query(
            f"SELECT speaker_id FROM statements WHERE {where} GROUP BY speaker_id "
            "HAVING count(*) > ?",
            [*params, MAX_MARKS],
        )
        return frozenset(r[0] for r in rows)

    return db.memo("timeline:crowded", compute)


def _more_than(db: Database, chosen: dict[str, str | None], limit: int) -> bool:
    """Whether the selection holds more than `limit` statements: counted in the index, before
    any is read (unfiltered, 2,001 whole rows with their names were read to be counted)."""
    where, params = _where(chosen)
    probe = f"SELECT count(*) FROM (SELECT 1 FROM statements WHERE {where} LIMIT ?)"
    return bool(db.query(probe, [*params, limit + 1])[0][0] > limit)


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
    """The dated events of the selection, or None when there are more than MAX_EVENTS. Those
    of a selection that does not narrow them (no event, no dates) depend on the data alone:
    read once per database. Those of an event (it and its parts) are taken from every dated
    event in memory (`_dated`): the count and the read were two queries, 0.1 ms a page."""
    if chosen["event"]:
        known = _dated(db)
        ids = {chosen["event"], *known.children.get(chosen["event"], ())}
        kept = _kept([known.by_id[key] for key in ids if key in known.by_id], chosen)
        return None if len(kept) > MAX_EVENTS else kept
    if not (chosen["from"] or chosen["to"]):
        every = dict.fromkeys(("event", "from", "to"))
        return db.memo("timeline:events", lambda: _read_events(db, every))
    return _read_events(db, chosen)


def _read_events(db: Database, chosen: dict[str, str | None]) -> list[dict[str, Any]] | None:
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


@dataclass
class Dated:
    """Every dated, active event (the columns drawn), by id, and the ids of each event's parts
    (by parent id, whatever the parent's own date and status)."""

    by_id: dict[str, dict[str, Any]]
    parent_of: dict[str, str]
    children: dict[str, list[str]]


def _dated(db: Database) -> Dated:
    """The Dated events of this database (Database.memo): they depend on the data alone (one
    scan, about 5 ms for the 5,000 events at 100k)."""

    def compute() -> Dated:
        rows = db.query(
            f"SELECT {EVENT_DRAWN}, parent_event_id FROM events "
            "WHERE start_date IS NOT NULL AND record_status = 'active'"
        )
        known = Dated({}, {}, {})
        for row in _dicts(rows):
            parent = row.pop("parent_event_id")
            known.by_id[row["event_id"]] = row
            if parent is not None:
                known.parent_of[row["event_id"]] = parent
                known.children.setdefault(parent, []).append(row["event_id"])
        return known

    return db.memo("timeline:dated", compute)


def _kept(events: list[dict[str, Any]], chosen: dict[str, str | None]) -> list[dict[str, Any]]:
    """Those of these dated events that fall in the dates chosen, in the order of
    `_read_events` (what its SQL condition on dates keeps, compared as the same text)."""
    first, last = chosen["from"], chosen["to"]
    if first or last:
        events = [
            e
            for e in events
            if (not first or (e["start_date"] if e["end_date"] is None else e["end_date"]) >= first)
            and (not last or e["start_date"] <= last)
        ]
    # itemgetter rather than a lambda: a speaker's timeline sorts some 15 events
    return sorted(events, key=_EVENT_ORDER)


_EVENT_ORDER = itemgetter("start_date", "event_id")


def _referred(
    db: Database, statements: list[dict[str, Any]], chosen: dict[str, str | None]
) -> list[dict[str, Any]]:
    """The dated events of the selection that the statements drawn were made at or are about,
    from every dated event in memory (`_dated`; one query for them took 0.08 ms a page)."""
    known = _dated(db)
    ids = {s["occasion_event_id"] for s in statements} | {s["about_event_id"] for s in statements}
    event, by_id = chosen["event"], known.by_id
    if not event:  # a speaker's timeline: every event referred to (0.04 ms a page at 100k)
        return _kept([by_id[key] for key in ids if key in by_id], chosen)
    return _kept(
        [
            by_id[key]
            for key in ids
            if key in by_id and (key == event or known.parent_of.get(key) == event)
        ],
        chosen,
    )


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


@dataclass
class Counted:
    """A selection's statements counted per lane and bucket, over the days they span."""

    lanes: list[timeline.Lane]
    counts: timeline.Counts
    domain: tuple[dt.date, dt.date]


def _counted(db: Database, chosen: dict[str, str | None]) -> Counted:
    """The selection counted (one GROUP BY over its statements). The counts depend on the data
    and the selection alone, and the database does not change while served: kept for the
    last COUNTED selections (all 100k statements took about 0.3 s to count, by speaker)."""
    key = (db.data_version, *(chosen[k] for k in ("actor", "event", "from", "to", "colour")))
    if key in _COUNTED:
        _COUNTED.move_to_end(key)
        return _COUNTED[key]
    where, params = _where(chosen, "s")
    column = {"speaker": "s.speaker_id", "outlet": "a.outlet_id"}.get(
        chosen["colour"] or "", "s.attribution"
    )
    join = " JOIN articles a ON a.article_id = s.article_id" if chosen["colour"] == "outlet" else ""
    # NOT INDEXED: one pass over the table; through the speaker or date index it read the rows
    # in the index's order, twice as long at 100k (with a filter, an index narrows it first)
    scan = (
        ""
        if chosen["actor"] or chosen["event"] or chosen["from"] or chosen["to"]
        else (" NOT INDEXED")
    )
    # the span first (its bucket, day or month or year, decides each group's cell), then the
    # groups one at a time, added up by key and bucket: held as rows at once, the 600,000
    # groups of speaker and day at 1M made the start-up's peak 315 MB (the target is 300)
    if chosen["from"] and chosen["to"]:
        low, high = (dt.date.fromisoformat(chosen[k] or "") for k in ("from", "to"))
    else:
        # each end read from the date's sort index (min() and max() scanned: 0.8 s at 1M)
        end = f"SELECT s.said_on FROM statements s{join} WHERE {where} ORDER BY {SAID} %s LIMIT 1"
        first, last = db.query(f"SELECT ({end % 'ASC'}), ({end % 'DESC'})", params * 2)[0]
        low = dt.date.fromisoformat(chosen["from"] or first)
        high = dt.date.fromisoformat(chosen["to"] or last)
    kind = timeline_zoom.bucket_kind(low, high)
    per_key: dict[str, int] = {}
    by_key: dict[tuple[str, dt.date], int] = {}
    start_of: dict[str, dt.date] = {}  # each distinct day's bucket, worked out once
    for lane_key, said_on, count in db.rows(
        f"SELECT {column}, s.said_on, count(*) FROM statements s{scan}{join} WHERE {where} "
        "GROUP BY 1, 2",
        params,
    ):
        lane_key = lane_key or ""
        per_key[lane_key] = per_key.get(lane_key, 0) + count
        start = start_of.get(said_on)
        if start is None:
            day = dt.date.fromisoformat(said_on)
            start = start_of[said_on] = timeline_zoom.bucket(day, kind)[0]
        by_key[(lane_key, start)] = by_key.get((lane_key, start), 0) + count
    names = _lane_names(db, chosen["colour"] or "speaker", list(per_key))
    lanes, lane_of = timeline.lanes_for(per_key, names, chosen["colour"] or "speaker")
    cells: dict[tuple[str, dt.date], int] = {}
    for (lane_key, start), count in by_key.items():
        cell = (lane_of[lane_key], start)
        cells[cell] = cells.get(cell, 0) + count
    if kind != "day":
        high = max(high, timeline_zoom.bucket(high, kind)[1]) if not chosen["to"] else high
    counted = _COUNTED[key] = Counted(lanes, timeline.Counts(kind, cells), (low, high))
    if len(_COUNTED) > COUNTED:
        _COUNTED.popitem(last=False)
    return counted


def warm(db: Database) -> None:
    """Count and draw the whole timeline in each colour before the first request: what its
    unfiltered views show (the GROUP BY of every statement took 0.3 s at 100k, and would take
    seconds at 1M under a request's time budget), and read what every drawn timeline looks up
    in memory: the dated events, the sides of contradictions and the speakers whose timelines
    are counted."""
    _dated(db)
    _sided(db)
    _crowded(db)
    for colour in COLOURS:
        whole: dict[str, str | None] = dict.fromkeys(("actor", "event", "from", "to"))
        whole.update(colour=colour, links="auto")
        if not _more_than(db, whole, MAX_MARKS):
            return  # drawn one by one, not counted
        _whole_chart(db, whole)


COUNTED = 64
_COUNTED: OrderedDict[tuple[str | None, ...], Counted] = OrderedDict()


def _lane_names(db: Database, colour: str, keys: list[str]) -> dict[str, str]:
    """What each lane's key reads as: a speaker's or outlet's name, an attribution in words."""
    if colour == "attribution":
        return {k: words(k).capitalize() for k in keys}
    table = "outlets" if colour == "outlet" else "actors"
    return {k: v for k, v in column_of(db, table, "name", keys).items() if v}


def _hrefs(lanes: list[timeline.Lane], colour: str) -> None:
    """Each lane's label links to its speaker or outlet, the shared lane to the list of them."""
    if colour == "attribution":
        return
    prefix = "/outlets" if colour == "outlet" else "/actors"
    for lane in lanes:
        lane.href = prefix if lane.key == timeline.OTHER else f"{prefix}/{lane.key}"


def _zoom(chosen: dict[str, str | None], domain: tuple[dt.date, dt.date]) -> dict[str, Any]:
    """Links to the periods around and inside the one shown: zoom out, in, earlier, later."""
    out: dict[str, Any] = {"period": None, "out": None, "in": [], "along": None}
    dated = _dated_href(chosen)
    if chosen["from"] or chosen["to"]:
        period = out["period"] = timeline_zoom.named(*domain)
        wider = timeline_zoom.zoom_out(period)
        out["out"] = (
            (wider.label, dated(wider.first, wider.last))
            if wider
            else ("everything", href(chosen, **{"from": None, "to": None}))
        )
        around = timeline_zoom.along(period)
        if around:
            out["along"] = [(p.label, dated(p.first, p.last)) for p in around]
    out["in"] = [(p.label, dated(p.first, p.last)) for p in timeline_zoom.zoom_in(*domain)]
    return out


def _dated_href(chosen: dict[str, str | None]) -> Callable[[dt.date, dt.date], str]:
    """`href` of this selection from one day to another: written once with stand-ins for the
    days, which each link fills in (href took 4 µs a link, a dozen links a page). The days
    come after the speaker and event (href keeps the selection's order), so the stand-ins are
    found from the end, whatever those ids hold."""
    link = href(chosen, **{"from": FIRST_DAY, "to": LAST_DAY})
    rest, tail = link.rsplit(LAST_DAY, 1)
    head, middle = rest.rsplit(FIRST_DAY, 1)
    return lambda first, last: f"{head}{first.isoformat()}{middle}{last.isoformat()}{tail}"


def timeline_page(request: Request, db: Database) -> Response:
    chosen = _selection(request)
    # Without a speaker or an event, a selection is mostly too large to draw: counted first.
    # With one, it mostly is not, and the rows read answer the question.
    statements: list[dict[str, Any]] = []
    if (
        chosen["actor"]
        and not (chosen["event"] or chosen["from"] or chosen["to"])
        and (chosen["actor"] in _crowded(db))
    ):
        many = True
    elif chosen["actor"] or chosen["event"]:
        statements = _statements(db, chosen)
        many = len(statements) > MAX_MARKS
    else:
        many = _more_than(db, chosen, MAX_MARKS)
        statements = [] if many else _statements(db, chosen)
    colour = chosen["colour"] or "speaker"
    context: dict[str, Any] = {
        "title": "Timeline", "chosen": chosen, "max_marks": MAX_MARKS, "max_events": MAX_EVENTS,
        "links_auto": LINKS_AUTO, "linked": 0, "counted": None, "events_referred": False,
        "events_hidden": False, "colour_noun": {"outlet": "outlet"}.get(colour, colour),
        "href": lambda **changes: href(chosen, **changes),
    }  # fmt: skip
    if many:
        # The whole timeline (no speaker, event or dates) depends on the data alone: its chart
        # is drawn once per database and colour (227 bars at 100k, 0.4 ms), like home's figures.
        whole = not any(chosen[k] for k in ("actor", "event", "from", "to"))
        counted, chart, context["events_hidden"] = (
            _whole_chart(db, chosen) if whole else _counted_chart(db, chosen)
        )
        context.update(counted=counted, chart=chart, listing=Markup(""), domain=counted.domain)
    else:
        chart, domain = _marks(db, chosen, statements, context)
        context.update(chart=chart, domain=domain, listing=timeline.listing(
            chart, {s["speaker_id"]: s["speaker_name"] for s in statements if s["speaker_name"]}
        ))  # fmt: skip
    if context["domain"]:
        context["zoom"] = _zoom(chosen, context["domain"])
    active = db.memo("timeline:active", lambda: active_counts(db, ["actors", "events"]))
    # EXISTS probes the speaker index; IN read every statement
    actors = _choices(db, active["actors"],
        "SELECT actor_id, name FROM actors a WHERE record_status = 'active' AND EXISTS "
        "(SELECT 1 FROM statements s WHERE s.speaker_id = a.actor_id AND s.said_on IS NOT NULL) "
        "ORDER BY name"
    )  # fmt: skip
    all_events = _choices(db, active["events"],
        "SELECT event_id, name FROM events WHERE record_status = 'active' ORDER BY name"
    )  # fmt: skip
    context.update(
        actors=actors, events=all_events,
        actor_options=timeline.options(actors or [], chosen["actor"]),
        event_options=timeline.options(all_events or [], chosen["event"]),
    )  # fmt: skip
    context["main"] = timeline_html.main(context)
    return render_main(request, context)


def _whole_chart(
    db: Database, chosen: dict[str, str | None]
) -> tuple[Counted, timeline.Timeline, bool]:
    """`_counted_chart` of the whole timeline, once per database, colour and choice of arcs."""
    return db.memo(
        ("timeline:whole", chosen["colour"], chosen["links"]), lambda: _counted_chart(db, chosen)
    )


def _counted_chart(
    db: Database, chosen: dict[str, str | None]
) -> tuple[Counted, timeline.Timeline, bool]:
    """A selection too large to draw one by one: its statements counted per lane and bucket,
    the chart of those counts, and whether its events are left out (too many)."""
    colour = chosen["colour"] or "speaker"
    counted = _counted(db, chosen)
    events = _events(db, chosen)
    _hrefs(counted.lanes, colour)

    # One address per lane, its dates filled in per bar: a bar's own urlencode and escape
    # took 10 µs, 7 ms for the 720 bars of an unfiltered page at 100k.
    # The address is cut where the dates go (from before to), and each date is written
    # once for every lane that has a bar on it.
    lane_link: dict[str, tuple[str, str, str]] = {}
    iso: dict[dt.date, str] = {}

    def zoom(key: str, first: dt.date, last: dt.date) -> str:
        cut = lane_link.get(key)
        if cut is None:
            actor = key if colour == "speaker" and key != timeline.OTHER else chosen["actor"]
            link = html.escape(href(chosen, actor=actor, **{"from": FIRST_DAY, "to": LAST_DAY}))
            head, rest = link.split(FIRST_DAY)
            middle, tail = rest.split(LAST_DAY)
            cut = lane_link[key] = (head, middle, tail)
        start = iso.get(first) or iso.setdefault(first, first.isoformat())
        end = iso.get(last) or iso.setdefault(last, last.isoformat())
        return f"{cut[0]}{start}{cut[1]}{end}{cut[2]}"

    chart = timeline.render_counts(
        counted.counts, events or [], counted.lanes, counted.domain, zoom, _heads(db)
    )
    return counted, chart, events is None


def _marks(
    db: Database,
    chosen: dict[str, str | None],
    statements: list[dict[str, Any]],
    context: dict[str, Any],
) -> tuple[timeline.Timeline, tuple[dt.date, dt.date] | None]:
    """The chart of these statements one mark each, with the events and the contradiction
    arcs of the selection (and what the page says of them in `context`), and its span."""
    events = _events(db, chosen)
    context["events_referred"] = events is None
    if events is None:
        events = _referred(db, statements, chosen)
    colour = chosen["colour"] or "speaker"
    lane_key = {"outlet": "outlet_id", "attribution": "attribution"}.get(colour, "speaker_id")
    per_key: dict[str, int] = {}
    for s in statements:
        per_key[s[lane_key] or ""] = per_key.get(s[lane_key] or "", 0) + 1
    if colour == "speaker":
        names = {s["speaker_id"]: s["speaker_name"] for s in statements if s["speaker_name"]}
    elif colour == "outlet":
        names = {s["outlet_id"]: s["outlet_name"] for s in statements if s["outlet_name"]}
    else:
        names = _lane_names(db, colour, list(per_key))
    lanes, lane_of = timeline.lanes_for(per_key, names, colour)
    _hrefs(lanes, colour)
    key_of = {s["statement_id"]: lane_of[s[lane_key] or ""] for s in statements}
    contradiction_ids = _contradictions_among(db, [s["statement_id"] for s in statements])
    drawn = chosen["links"] == "on" or (
        chosen["links"] == "auto"
        and (len(contradiction_ids) <= LINKS_AUTO or bool(chosen["actor"]))
    )
    context.update(linked=len(contradiction_ids), links_drawn=drawn and bool(contradiction_ids))
    shown = contradiction_ids if drawn else []
    # none, mostly, on a speaker's timeline: the three look-ups found nothing in 0.014 ms
    summaries = column_of(db, "contradictions", "summary", shown) if shown else {}
    resolutions = column_of(db, "contradictions", "resolution", shown) if shown else {}
    texts = db.memo("timeline:texts", timeline.Texts)
    domain = _domain(chosen, statements, events, texts)
    chart = timeline.render(
        statements, events, sides_of(db, shown) if shown else {}, summaries, lanes, key_of,
        domain, resolutions, texts, _heads(db),
    )  # fmt: skip
    return chart, domain


def _heads(db: Database) -> timeline.Heads:
    """The events' marks as far as they depend on the event alone, kept for the database."""
    return db.memo("timeline:heads", timeline.Heads)


def _domain(
    chosen: dict[str, str | None],
    statements: list[dict[str, Any]],
    events: list[dict[str, Any]],
    texts: timeline.Texts,
) -> tuple[dt.date, dt.date] | None:
    """The days the axis spans: the range chosen, where chosen, else the statements' dates (the
    events' when there are no statements). The statements' days are their Texts, which the
    chart then draws from (parsing their dates here again took 0.03 ms a page at 100k)."""
    spans = [(text[3], text[4]) for text in texts.of(statements)]
    if not spans:
        spans = [
            (first.toordinal(), last.toordinal())
            for first, last in (
                timeline._span(e["start_date"], e["start_date_precision"])
                for e in events
                if e["start_date"]
            )
        ]
    if not spans:
        return None
    low = dt.date.fromisoformat(chosen["from"]) if chosen["from"] else None
    high = dt.date.fromisoformat(chosen["to"]) if chosen["to"] else None
    low = low or dt.date.fromordinal(min(d[0] for d in spans))
    high = high or dt.date.fromordinal(max(d[1] for d in spans))
    return low, max(low, high)


def _contradictions_among(db: Database, statement_ids: list[str]) -> list[str]:
    """Active contradictions with at least two of these statements on different active sides
    (one query). The contradiction's own status is read once a group, after grouping: joined
    to the sides, it led SQLite (at 10k) to scan every side, 1.2 ms, instead of looking up
    these statements' sides in their index, 0.17 ms."""
    if len(statement_ids) < 2 or not _may_link(_sided(db), statement_ids):
        return []
    keys, marks = in_list(statement_ids)
    rows = db.query(
        "SELECT s.contradiction_id FROM contradiction_sides s WHERE s.record_status = 'active' "
        f"AND s.statement_id IN ({marks}) GROUP BY s.contradiction_id "
        "HAVING count(DISTINCT s.side) > 1 AND (SELECT c.record_status FROM contradictions c "
        "WHERE c.contradiction_id = s.contradiction_id) = 'active'",
        keys,
    )
    return [r[0] for r in rows]


@dataclass
class Sided:
    """Every active side of an active contradiction, compactly: the hash of its statement's id
    (sorted), and in the same order its contradiction and its side, numbered. About 25 bytes
    a side (22,000 at 100k), where the ids themselves would take some 200."""

    keys: array[int]
    contradictions: array[int]
    sides: array[int]


def _sided(db: Database) -> Sided:
    """The Sided of this database (Database.memo; one query, about 30 ms at 100k)."""

    def compute() -> Sided:
        rows = db.query(
            "SELECT s.statement_id, s.contradiction_id, s.side FROM contradiction_sides s "
            "JOIN contradictions c ON c.contradiction_id = s.contradiction_id "
            "WHERE s.record_status = 'active' AND c.record_status = 'active'"
        )
        numbers: dict[str, int] = {}
        sides: dict[str, int] = {}
        triples = sorted(
            (hash(r[0]), numbers.setdefault(r[1], len(numbers)), sides.setdefault(r[2], len(sides)))
            for r in rows
        )
        return Sided(
            array("q", (t[0] for t in triples)),
            array("q", (t[1] for t in triples)),
            array("q", (t[2] for t in triples)),
        )

    return db.memo("timeline:sided", compute)


def _may_link(sided: Sided, statement_ids: list[str]) -> bool:
    """Whether two of these statements may be on different sides of one contradiction: False
    only when none are (two ids with the same hash make it True, never False). At 100k a
    speaker's statements are almost never opposed to each other, and the query that finds
    those that are took 0.08 ms a page, to find none; this, 0.01 ms."""
    keys, contradictions, sides = sided.keys, sided.contradictions, sided.sides
    side_of: dict[int, int] = {}
    for statement_id in statement_ids:
        key = hash(statement_id)
        i = bisect_left(keys, key)
        while i < len(keys) and keys[i] == key:
            if side_of.setdefault(contradictions[i], sides[i]) != sides[i]:
                return True
            i += 1
    return False
