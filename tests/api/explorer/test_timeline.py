"""The timeline's SVG and list, rendered directly: escaping, places on the axis, marks."""

from __future__ import annotations

import datetime as dt
import itertools
import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Sequence
from html import escape, unescape
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.explorer import timeline, timeline_page
from statement_ledger.api.explorer.store import Side
from statement_ledger.api.settings import Settings

TEMPLATES = Path(timeline.__file__).parent / "templates"
NASTY = "<b>\"Peace\" & 'war'</b> > <script>alert(1)</script>"


@pytest.mark.parametrize(
    "value", ["", "plain", NASTY, "&amp; already", "Ganja’s “line” — 2023", "'\"&<>" * 3]
)
def test_escape_leaves_no_markup_and_reads_back_the_same(value: str) -> None:
    escaped = timeline._e(value)
    assert type(escaped) is str and not set("<>\"'") & set(escaped)
    assert unescape(escaped) == value


def statement(key: str, said_on: str, precision: str = "day", **extra: Any) -> dict[str, Any]:
    return {
        "statement_id": key, "claim": f"Claim {key}", "said_on": said_on,
        "said_on_precision": precision, "said_on_basis": None, "speaker_id": "sp",
        "speaker_name": "Speaker", "occasion_event_id": None, "about_event_id": None, **extra,
    }  # fmt: skip


def draw(
    statements: list[dict[str, Any]],
    events: list[dict[str, Any]] | None = None,
    sides: dict[str, list[Side]] | None = None,
    resolutions: dict[str, str] | None = None,
    domain: tuple[dt.date, dt.date] | None = None,
) -> tuple[timeline.Timeline, Markup]:
    names = {s["speaker_id"]: s["speaker_name"] for s in statements}
    lanes, lane_of = timeline.lanes_for(Counter(s["speaker_id"] for s in statements), names)
    key_of = {s["statement_id"]: lane_of[s["speaker_id"]] for s in statements}
    chart = timeline.render(
        statements, events or [], sides or {}, {"ct": NASTY}, lanes, key_of, domain, resolutions
    )
    return chart, timeline.listing(chart, names)


def test_claims_ids_names_and_events_are_escaped_in_the_chart_and_the_list() -> None:
    chart, listing = draw(
        [statement("st-<1>", "2023-01-05", claim=NASTY, speaker_id="a&b", speaker_name=NASTY),
         statement("st-2", "2023-02-01")],
        [{"event_id": "ev-\"1\"", "name": NASTY, "start_date": "2023-01-10",
          "start_date_precision": "day", "end_date": None, "end_date_precision": "unknown"}],
        {"ct": [Side("ct", "st-<1>", "a", None, False), Side("ct", "st-2", "b", None, False)]},
    )  # fmt: skip
    for html in (str(chart.svg), str(listing)):
        assert "<script>" not in html and "<b>" not in html
        assert str(escape(NASTY)) in html
    svg = str(chart.svg)
    assert 'href="/statements/st-&lt;1&gt;"' in svg and 'href="/events/ev-&quot;1&quot;"' in svg
    assert f"<title>Event: {escape(NASTY)} (10 Jan 2023)</title>" in svg
    assert f"<title>Contradiction (settled): {escape(NASTY)}</title>" in svg
    assert f'<li><a href="/statements/st-&lt;1&gt;">{escape(NASTY)}</a>' in str(listing)


def test_scale_places_days_in_tenths_rounded_half_up() -> None:
    scale = timeline.Scale(dt.date(2023, 1, 11), dt.date(2023, 12, 31))
    low = dt.date(2023, 1, 1)  # ten days before the first day drawn
    assert scale.days == 374
    assert scale.at(low) == (2000, "200.0")
    assert scale.at(low + dt.timedelta(days=scale.days)) == (9800, "980.0")
    # 1 day = 780 / 374 = 2.0855... units
    assert scale.at(low + dt.timedelta(days=1)) == (2021, "202.1")
    assert scale.x(low + dt.timedelta(days=1)) == 202.1
    half = timeline.Scale(dt.date(2023, 1, 11), dt.date(2023, 1, 11) + dt.timedelta(days=1540))
    assert half.days == 1560  # 1 day = 0.5 units exactly: 200.5, not 200.4 or 201
    assert half.at(dt.date(2023, 1, 2)) == (2005, "200.5")
    quarter = timeline.Scale(dt.date(2023, 1, 11), dt.date(2023, 1, 11) + dt.timedelta(days=3100))
    assert quarter.days == 3120
    assert quarter.at(dt.date(2023, 1, 2)) == (2003, "200.3")  # 200.25, half up


def test_marks_are_dots_or_bars_hollow_when_inferred_and_stacked() -> None:
    chart, listing = draw([
        statement("st-1", "2023-03-01"), statement("st-2", "2023-03-01"),
        statement("st-3", "2023-01-01", "year", said_on_basis="inferred"),
        statement("st-4", "2023-06-01", "month"),
    ])  # fmt: skip
    svg = str(chart.svg)
    dots = re.findall(r'<circle class="mark statement c0" cx="([\d.]+)" cy="(\d+)" r="5"/>', svg)
    assert len(dots) == 2 and dots[0][0] == dots[1][0] and dots[0][1] != dots[1][1]
    bars = re.findall(r'<rect class="mark statement (c0(?: inferred)?)" x="([\d.]+)" y="\d+" '
                      r'width="([\d.]+)" height="8" rx="4"/>', svg)  # fmt: skip
    assert [b[0] for b in bars] == ["c0 inferred", "c0"]
    year, month = (float(b[2]) for b in bars)
    assert year > 11 * month > 0  # a year's bar is about twelve months' long
    assert "<title>Claim st-3 (2023, inferred)</title>" in svg
    assert "<title>Claim st-4 (Jun 2023)</title>" in svg
    assert [m for m in re.findall(r'href="/statements/([^"]+)"', str(listing))] == [
        "st-1",
        "st-2",
        "st-3",
        "st-4",
    ]
    assert len(chart.labels) == len(chart.shown) == 4


def test_nothing_dated_draws_nothing() -> None:
    chart, listing = draw([statement("st-1", "")])
    assert str(chart.svg) == "" and chart.shown == [] and str(listing) == ""


def test_the_timelines_template_is_ascii() -> None:
    """Characters beyond ASCII are written as references in the template a timeline uses: one
    '…' makes Python hold the whole ~100 KB page as two bytes a character, and encoding it to
    UTF-8 then cost 0.14 ms a page (0.003 ms as ASCII)."""
    text = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    assert text.isascii(), [c for c in text if not c.isascii()]


class Tables:
    """Just enough of a Database for chart's queries: the two contradiction tables in memory."""

    def __init__(self, contradictions: dict[str, str], sides: list[tuple[str, str, str, str]]):
        self.connection = sqlite3.connect(":memory:")
        self.connection.execute(
            "CREATE TABLE contradictions (contradiction_id TEXT PRIMARY KEY, record_status TEXT)"
        )
        self.connection.execute(
            "CREATE TABLE contradiction_sides (contradiction_id TEXT, statement_id TEXT, "
            "side TEXT, record_status TEXT)"
        )
        self.connection.execute(
            "CREATE INDEX idx_sides_statement ON contradiction_sides (statement_id)"
        )
        self.connection.executemany(
            "INSERT INTO contradictions VALUES (?, ?)", contradictions.items()
        )
        self.connection.executemany("INSERT INTO contradiction_sides VALUES (?, ?, ?, ?)", sides)

    @classmethod
    def of(cls, connection: sqlite3.Connection) -> Tables:
        """The same queries on an open database."""
        tables = cls.__new__(cls)
        tables.connection = connection
        return tables

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self.connection.execute(sql, params).fetchall()

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """What depends on the tables alone, worked out afresh each time."""
        return compute()


def test_contradictions_among_the_drawn_need_two_active_sides_of_an_active_one() -> None:
    db = Tables(
        {"ct-both": "active", "ct-retired": "retired", "ct-side-retired": "active",
         "ct-one-side": "active", "ct-outside": "active"},
        [("ct-both", "s1", "a", "active"), ("ct-both", "s2", "b", "active"),
         ("ct-retired", "s1", "a", "active"), ("ct-retired", "s2", "b", "active"),
         ("ct-side-retired", "s1", "a", "active"), ("ct-side-retired", "s3", "b", "retired"),
         ("ct-one-side", "s1", "a", "active"), ("ct-one-side", "s2", "a", "active"),
         ("ct-outside", "s1", "a", "active"), ("ct-outside", "s9", "b", "active"),
         ("ct-missing", "s1", "a", "active"), ("ct-missing", "s2", "b", "active")],
    )  # fmt: skip
    among = timeline_page._contradictions_among
    assert among(db, ["s1", "s2", "s3"]) == ["ct-both"]  # type: ignore[arg-type]
    assert among(db, ["s1", "s9"]) == ["ct-outside"]  # type: ignore[arg-type]
    assert among(db, ["s1"]) == []  # type: ignore[arg-type]


def test_filter_options_are_escaped_and_the_chosen_one_selected() -> None:
    html = str(timeline.options([("a&b", NASTY), ("c", "C")], "a&b"))
    assert html == (
        f'<option value="a&amp;b" selected>{escape(NASTY)}</option><option value="c">C</option>'
    )
    assert "selected" not in str(timeline.options([("c", "C")], None))


def test_the_lane_colours_are_in_the_stylesheet() -> None:
    """The chart has no <style> of its own (the pages' CSP allows only style.css)."""
    stylesheet = (Path(timeline.__file__).parent / "static" / "style.css").read_text()
    assert timeline.STYLE in stylesheet
    chart, _ = draw([])
    assert "<style" not in str(chart.svg)


def test_lanes_beyond_the_cap_share_one_and_colours_stay_distinct() -> None:
    counts = {f"sp-{i:02d}": 100 - i for i in range(20)}
    names = {key: f"Speaker {key}" for key in counts}
    lanes, lane_of = timeline.lanes_for(counts, names)
    assert len(lanes) == timeline.MAX_LANES
    own, rest = lanes[:-1], lanes[-1]
    assert [lane.key for lane in own] == [f"sp-{i:02d}" for i in range(timeline.MAX_LANES - 1)]
    assert rest.key == timeline.OTHER and rest.label == "9 more speakers"
    assert rest.count == sum(counts[f"sp-{i:02d}"] for i in range(11, 20))
    assert {lane_of[f"sp-{i:02d}"] for i in range(11, 20)} == {timeline.OTHER}
    coloured = [lane.colour for lane in lanes[: len(timeline.PALETTE)]]
    assert len(set(coloured)) == len(coloured) and "cx" not in coloured
    assert {lane.colour for lane in lanes[len(timeline.PALETTE) :]} == {"cx"}
    assert len({*timeline.PALETTE, timeline.OTHER_COLOUR}) == len(timeline.PALETTE) + 1
    # ties by name; at the cap exactly, no shared lane
    lanes, _ = timeline.lanes_for({"b": 1, "a": 1}, {"a": "Zed", "b": "Abe"})
    assert [lane.label for lane in lanes] == ["Abe", "Zed"]
    exact = {f"k{i}": 1 for i in range(timeline.MAX_LANES)}
    assert timeline.OTHER not in [lane.key for lane in timeline.lanes_for(exact, {})[0]]


def test_attributions_keep_their_colour_whatever_is_shown() -> None:
    few, _ = timeline.lanes_for({"editorial": 9, "on_record": 1}, {}, "attribution")
    every, _ = timeline.lanes_for({a: 1 for a in timeline.ATTRIBUTIONS}, {}, "attribution")
    colour = {lane.key: lane.colour for lane in every}
    assert [lane.key for lane in few] == ["on_record", "editorial"]
    assert all(colour[lane.key] == lane.colour for lane in few)
    assert len(set(colour.values())) == len(timeline.ATTRIBUTIONS)


@pytest.mark.parametrize("days", [0, 1, 6, 13, 20, 27, 40, 61, 90, 119, 121, 200, 500, 799, 801,
                                  1500, 4000, 9000])  # fmt: skip
def test_ticks_fall_inside_the_axis_and_are_few(days: int) -> None:
    low = dt.date(2021, 5, 1)
    scale = timeline.Scale(low, low + dt.timedelta(days=days), pad=max(1, days // 80))
    ticks = scale.ticks()
    end = scale.low + dt.timedelta(days=scale.days)
    assert 1 <= len(ticks) <= 14, ticks
    assert all(scale.low < day <= end for day, _ in ticks)
    assert [day for day, _ in ticks] == sorted({day for day, _ in ticks})
    xs = [scale.x(day) for day, _ in ticks]
    assert all(b - a >= 50 for a, b in itertools.pairwise(xs))  # room for a label each


def test_the_axis_fits_the_statements_and_cuts_events_to_it() -> None:
    events = [
        {"event_id": "war", "name": "War", "start_date": "2020-01-01",
         "start_date_precision": "year", "end_date": "2020-01-01", "end_date_precision": "year"},
        {"event_id": "talks", "name": "Talks", "start_date": "2021-03-01",
         "start_date_precision": "day", "end_date": "2021-06-30", "end_date_precision": "day"},
    ]  # fmt: skip
    chart, _ = draw([statement("st-1", "2021-05-01"), statement("st-2", "2023-10-15")], events)
    svg = str(chart.svg)
    labels = re.findall(r'<text class="tick-label" [^>]*>([^<]+)</text>', svg)
    assert labels[0] == "2022" and "2020" not in labels and "2021" not in labels
    assert 'href="/events/war"' not in svg  # ended before the first statement
    talks = re.search(r'href="/events/talks".*?x="([\d.]+)" [^>]*width="([\d.]+)"', svg)
    assert talks is not None and float(talks.group(1)) >= timeline.LEFT
    # a range chosen sets the axis, whatever the statements
    chart, _ = draw(
        [statement("st-1", "2023-09-20")],
        domain=(dt.date(2023, 9, 1), dt.date(2023, 9, 30)),
    )
    labels = re.findall(r'<text class="tick-label" [^>]*>([^<]+)</text>', str(chart.svg))
    assert labels[0] in ("2 Sep", "3 Sep", "4 Sep") and labels[-1].endswith("Sep")


def test_arcs_are_solid_while_open_and_dashed_once_settled() -> None:
    pairs = {"ct-open": ("st-2", False), "ct-done": ("st-3", False), "ct-gone": ("st-3", True)}
    sides = {
        key: [Side(key, "st-1", "a", None, False), Side(key, other, "b", None, retired)]
        for key, (other, retired) in pairs.items()
    }
    chart, _ = draw(
        [statement("st-1", "2023-01-05"), statement("st-2", "2023-02-01"),
         statement("st-3", "2023-03-01")],
        sides=sides, resolutions={"ct-open": "open", "ct-done": "resolved"},
    )  # fmt: skip
    svg = str(chart.svg)
    arcs = r'href="/contradictions/([^"]+)"><title>[^<]*</title><path class="link (\w+)"'
    assert re.findall(arcs, svg) == [("ct-done", "settled"), ("ct-open", "open")]
    assert chart.links == 2


def test_counts_are_bars_per_lane_and_bucket_linked_to_their_span() -> None:
    lanes, _ = timeline.lanes_for({"a&b": 30, "c": 3}, {"a&b": NASTY, "c": "C"})
    cells = {("a&b", dt.date(2023, 1, 1)): 30, ("a&b", dt.date(2023, 2, 1)): 15,
             ("c", dt.date(2023, 2, 1)): 3}  # fmt: skip
    spans: list[tuple[str, dt.date, dt.date]] = []

    def zoom(key: str, first: dt.date, last: dt.date) -> str:
        spans.append((key, first, last))
        return escape(f"/timeline?actor={key}&from={first}")

    chart = timeline.render_counts(
        timeline.Counts("month", cells),
        [],
        lanes,
        (dt.date(2023, 1, 1), dt.date(2023, 2, 28)),
        zoom,
    )
    svg = str(chart.svg)
    assert (
        "<script>" not in svg and f"<title>30 statements, {escape(NASTY)}, Jan 2023</title>" in svg
    )
    heights = [int(h) for h in re.findall(r'class="mark count c\d" [^>]*height="(\d+)"', svg)]
    assert heights == [22, 12, 22]  # against each lane's largest: 30, 15 of 30, 3 of 3
    assert ("a&b", dt.date(2023, 2, 1), dt.date(2023, 2, 28)) in spans
    assert 'href="/timeline?actor=a&amp;b&amp;from=2023-01-01"' in svg
    assert chart.tallest == 30 and chart.shown == []


# The pages, through the app over the curated package (client: tests/api/explorer/conftest.py)


def lane_labels(html: str) -> list[str]:
    return re.findall(r'<text class="lane-label" x="24" y="\d+">([^<]+)</text>', html)


def test_the_page_offers_arcs_on_demand_where_contradictions_are_many(
    client: TestClient, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    autumn = {"from": "2023-09-01", "to": "2023-10-31"}
    with sqlite3.connect(db_path) as db:
        ids = [r[0] for r in db.execute(
            "SELECT statement_id FROM statements WHERE record_status = 'active' "
            "AND said_on BETWEEN '2023-09-01' AND '2023-10-31'"
        )]  # fmt: skip
        among = timeline_page._contradictions_among(Tables.of(db), ids)  # type: ignore[arg-type]
        his = [r[0] for r in db.execute(
            "SELECT statement_id FROM statements WHERE record_status = 'active' "
            "AND said_on IS NOT NULL AND speaker_id = 'antony-blinken'"
        )]  # fmt: skip
        among_his = timeline_page._contradictions_among(Tables.of(db), his)  # type: ignore[arg-type]
    assert len(among) > timeline_page.LINKS_AUTO
    hidden = client.get("/timeline", params=autumn).text
    assert 'class="link' not in hidden and f"{len(among)} contradictions join" in hidden
    assert 'href="/timeline?from=2023-09-01&amp;to=2023-10-31&amp;links=on">draw them' in hidden
    shown = client.get("/timeline", params={**autumn, "links": "on"}).text
    drawn = set(re.findall(r'<a href="/contradictions/([^"]+)"><title>Contradiction', shown))
    assert drawn == set(among)
    # one speaker's: drawn unasked, however many (they all touch that speaker)
    monkeypatch.setattr(timeline_page, "LINKS_AUTO", 0)
    blinken = client.get("/timeline", params={"actor": "antony-blinken"}).text
    drawn = set(re.findall(r'<a href="/contradictions/([^"]+)"><title>Contradiction', blinken))
    assert drawn == set(among_his) and among_his
    assert 'class="link' not in client.get("/timeline", params={"links": "off"}).text


def test_the_page_colours_by_attribution_with_a_row_each(client: TestClient, db_path: Path) -> None:
    with sqlite3.connect(db_path) as db:
        kinds = {r[0] for r in db.execute(
            "SELECT DISTINCT attribution FROM statements WHERE record_status = 'active' "
            "AND said_on IS NOT NULL"
        )}  # fmt: skip
    html = client.get("/timeline", params={"colour": "attribution"}).text
    assert sorted(lane_labels(html)) == sorted(k.replace("_", " ").capitalize() for k in kinds)
    assert '<option value="attribution" selected>' in html


def test_the_page_zooms_by_linkable_ranges(client: TestClient) -> None:
    html = client.get("/timeline").text
    start = html.index('<nav class="zoom"')
    nav = html[start : html.index("</nav>", start)]
    assert re.findall(r">(\d{4})</a>", nav) == ["2021", "2022", "2023"]
    year = client.get("/timeline", params={"from": "2023-01-01", "to": "2023-12-31"}).text
    start = year.index('<nav class="zoom"')
    nav = year[start : year.index("</nav>", start)]
    assert "<strong>2023</strong>" in nav and 'href="/timeline">Zoom out to everything' in nav
    assert 'href="/timeline?from=2023-10-01&amp;to=2023-12-31">Q4 2023' in nav
    assert 'href="/timeline?from=2022-01-01&amp;to=2022-12-31">&larr; 2022' in nav
    ticks = re.findall(r'<text class="tick-label" [^>]*>([^<]+)</text>', year)
    assert ticks[0] in ("Jan 2023", "Feb 2023") and ticks[-1].endswith("2023")


@pytest.mark.parametrize(
    "params",
    [{"colour": "<script>", "links": "maybe"}, {"from": "2023-13-45", "to": "x"},
     {"from": "2023-12-31", "to": "2023-01-01"}, {"from": "9999-12-31"},
     {"actor": "' OR 1=1 --", "colour": "outlet"}, {"event": "\x00", "links": "on"},
     {"from": "0001-01-01"}, {"to": "9999-12-31"}, {"from": "1000-01-01", "to": "2999-12-31"},
     {"from": "2999-12-31"}, {"to": "1000-01-01"}],
)  # fmt: skip
def test_hostile_parameters_get_a_page(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/timeline", params=params)
    assert response.status_code < 500
    assert "<script>" not in response.text


def test_beyond_the_cap_statements_are_counted_per_lane_and_month(
    client: TestClient, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline_page, "MAX_MARKS", 10)
    monkeypatch.setattr(timeline_page, "_COUNTED", timeline_page.OrderedDict())
    with sqlite3.connect(db_path) as db:
        expected = dict(db.execute(
            "SELECT substr(said_on, 1, 7), count(*) FROM statements WHERE record_status = "
            "'active' AND speaker_id = 'antony-blinken' AND said_on IS NOT NULL GROUP BY 1"
        ).fetchall())  # fmt: skip
    html = client.get("/timeline").text
    assert 'class="mark statement' not in html and "each bar counts a month of them" in html
    bars = re.findall(r"<title>(\d+) statements?, Antony Blinken, (\w+) (\d{4})</title>", html)
    months = {f"{y}-{timeline.MONTHS.index(m) + 1:02d}": int(n) for n, m, y in bars}
    assert months == expected
    assert sum(int(n) for n in re.findall(r"<title>(\d+) statements?, ", html)) == sum(
        int(n) for n in re.findall(r'<span class="meta">\((\d+)\)</span>', html)
    )
    assert len(timeline_page._COUNTED) == 1


def test_the_whole_timeline_is_drawn_at_start_up_once_per_colour(
    generated_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a speaker, an event or dates, the counted chart depends on the data alone: it is
    drawn before the first request, once per colour, and never again; a zoomed view is drawn
    for its request."""
    drawn: list[str] = []
    real = timeline.render_counts

    def spy(*args: Any, **kwargs: Any) -> timeline.Timeline:
        drawn.append(args[0].kind)
        return real(*args, **kwargs)

    monkeypatch.setattr(timeline, "render_counts", spy)
    with TestClient(create_app(Settings(db_path=generated_path))) as client:
        assert len(drawn) == len(timeline_page.COLOURS)
        pages = {c: client.get(f"/timeline?colour={c}") for c in timeline_page.COLOURS}
        again = client.get("/timeline")
        assert len(drawn) == len(timeline_page.COLOURS)
        assert all(p.status_code == 200 and "each bar counts" in p.text for p in pages.values())
        assert again.text == pages["speaker"].text
        zoomed = client.get("/timeline?from=2023-01-01&to=2023-12-31")
        assert zoomed.status_code == 200 and "each bar counts" in zoomed.text
        assert len(drawn) == len(timeline_page.COLOURS) + 1
