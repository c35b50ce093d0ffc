"""The timeline's SVG and list, rendered directly: escaping, places on the axis, marks."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Sequence
from html import escape, unescape
from pathlib import Path
from typing import Any

import pytest
from markupsafe import Markup

from statement_ledger.api.explorer import timeline, timeline_page
from statement_ledger.api.explorer.store import Side

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
) -> tuple[timeline.Timeline, Markup]:
    key_of = {s["statement_id"]: s["speaker_id"] for s in statements}
    names = {s["speaker_id"]: s["speaker_name"] for s in statements}
    lanes = timeline.lanes_for(statements, key_of, names)
    chart = timeline.render(statements, events or [], sides or {}, {"ct": NASTY}, lanes, key_of)
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
    assert f"<title>Contradiction: {escape(NASTY)}</title>" in svg
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


def test_the_timelines_templates_are_ascii() -> None:
    """Characters beyond ASCII are written as references in the templates a timeline uses: one
    '…' makes Python hold the whole ~100 KB page as two bytes a character, and encoding it to
    UTF-8 then cost 0.14 ms a page (0.003 ms as ASCII)."""
    for name in ("base.html", "timeline.html"):
        text = (TEMPLATES / name).read_text(encoding="utf-8")
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

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Any]:
        return self.connection.execute(sql, params).fetchall()


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
