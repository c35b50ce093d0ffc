"""Quote marking, date wording and the timeline's scale, without a server."""

from __future__ import annotations

import datetime as dt

from statement_ledger.api.explorer.formats import date_iso, date_text
from statement_ledger.api.explorer.highlight import article_lines, furniture_ranges, passage
from statement_ledger.api.explorer.timeline import Scale
from statement_ledger.catalogue.text import locate

TEXT = "Home | News\nShe said it was “calm and quiet” <b>there</b>.\nThe end.\n"
MENU = furniture_ranges(["1-1"])


def test_passage_marks_the_quote_allowing_quote_marks_and_escapes() -> None:
    shown = passage(TEXT, 'was "calm and quiet"', MENU)
    assert shown == "She said it <mark>was “calm and quiet”</mark> &lt;b&gt;there&lt;/b&gt;."


def test_a_quote_that_is_its_whole_line_gets_the_lines_around_it() -> None:
    shown = passage(TEXT, "The end.", MENU)
    assert shown is not None and shown.startswith("She said") and "<mark>The end.</mark>" in shown


def test_article_lines_link_quotes_and_set_furniture_apart() -> None:
    lines, missing = article_lines(
        TEXT, {"st-a": "calm and quiet", "st-b": "said it was", "st-x": "nowhere"}, MENU
    )
    assert [line.furniture for line in lines] == [True, False, False]
    assert missing == {"st-x"}
    html = str(lines[1].html)
    assert 'id="q-st-b"' in html and 'id="q-st-a"' in html and "&lt;b&gt;" in html


def test_article_lines_mark_quotes_where_they_were_placed() -> None:
    quotes = {"st-a": "calm and quiet", "st-b": "said it was", "st-x": "nowhere"}
    searched = article_lines(TEXT, quotes, MENU)
    placed = {key: locate(TEXT, quote, MENU) for key, quote in quotes.items()}
    assert placed["st-x"] is None
    assert article_lines(TEXT, quotes, MENU, placed) == searched
    moved = article_lines(TEXT, quotes, MENU, {**placed, "st-a": (12, 15)})
    assert moved != searched and ">She<" in str(moved[0][1].html)
    assert article_lines(TEXT, quotes, MENU, {**placed, "st-a": None})[1] == {"st-a", "st-x"}


def test_a_span_within_a_line_is_set_apart_inside_it() -> None:
    text = "Example Daily, 20 Sep 2023: Blinken said it was calm. Nothing else.\n"
    label = "Example Daily, 20 Sep 2023:"
    ranges = furniture_ranges([f"1:1-1:{len(label)}"])
    lines, missing = article_lines(text, {"st-a": "Blinken said it was calm."}, ranges)
    assert (missing, [line.furniture for line in lines]) == (set(), [False])
    html = str(lines[0].html)
    assert html.startswith(f'<span class="furniture-part">{label}</span> <a class="quote"')


def test_a_quote_in_a_span_is_located_beside_it_when_it_recurs() -> None:
    text = "calm, the label says. Then: calm.\n"
    shown = passage(text, "calm", furniture_ranges(["1:1-1:20"]))
    assert shown is not None and shown.endswith("Then: <mark>calm</mark>.")


def test_spans_covering_a_whole_line_make_it_furniture() -> None:
    lines, _ = article_lines("ab\ncd\n", {}, furniture_ranges(["1:1-1:1", "1:2-1:2"]))
    assert [line.furniture for line in lines] == [True, False]


def test_overlapping_quotes_are_both_marked() -> None:
    lines, _ = article_lines(
        "one two three four", {"a": "one two three", "b": "two three four"}, []
    )
    html = str(lines[0].html)
    assert 'class="quote overlap"' in html and 'id="q-a"' in html and 'id="q-b"' in html


def test_dates_read_as_precise_as_they_are() -> None:
    assert date_text("2023-10-14", "day") == "14 Oct 2023"
    assert date_text("2023-10-01", "month") == "Oct 2023"
    assert date_text("2023-01-01", "year") == "2023"
    assert date_text(None, "unknown") == "date unknown"
    assert date_iso("2023-10-01", "month") == "2023-10"


def test_timeline_scale_is_monotonic_with_ticks() -> None:
    scale = Scale(dt.date(2023, 9, 1), dt.date(2023, 10, 31))
    assert scale.x(dt.date(2023, 9, 1)) < scale.x(dt.date(2023, 10, 1))
    # two months: a tick a week, on Mondays, from the axis's first (22 Aug, ten days early)
    ticks = scale.ticks()
    assert [label for _, label in ticks[:3]] == ["28 Aug", "4 Sep", "11 Sep"]
    assert {day.weekday() for day, _ in ticks} == {0} and ticks[-1][0] <= dt.date(2023, 11, 10)
