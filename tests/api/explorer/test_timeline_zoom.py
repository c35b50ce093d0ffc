"""The timeline's periods: what a from/to pair names, zooming in, out and along, buckets."""

from __future__ import annotations

import datetime as dt

import pytest

from statement_ledger.api.explorer import timeline_zoom as zoom

D = dt.date


@pytest.mark.parametrize(
    ("first", "last", "kind", "label"),
    [
        (D(2023, 1, 1), D(2023, 12, 31), "year", "2023"),
        (D(2023, 10, 1), D(2023, 12, 31), "quarter", "Q4 2023"),
        (D(2024, 2, 1), D(2024, 2, 29), "month", "Feb 2024"),
        (D(2023, 2, 1), D(2023, 2, 28), "month", "Feb 2023"),
        (D(2023, 12, 1), D(2023, 12, 31), "month", "Dec 2023"),
        (D(2023, 9, 1), D(2023, 10, 31), "range", "1 Sep 2023 to 31 Oct 2023"),
        (D(2023, 1, 2), D(2023, 12, 31), "range", "2 Jan 2023 to 31 Dec 2023"),
    ],
)
def test_bounds_name_their_period(first: D, last: D, kind: str, label: str) -> None:
    period = zoom.named(first, last)
    assert (period.kind, period.label, period.first, period.last) == (kind, label, first, last)


def test_zoom_in_divides_a_span_into_years_quarters_or_months() -> None:
    assert [p.label for p in zoom.zoom_in(D(2021, 5, 1), D(2023, 10, 15))] == [
        "2021", "2022", "2023"
    ]  # fmt: skip
    assert [p.label for p in zoom.zoom_in(D(2023, 1, 1), D(2023, 12, 31))] == [
        "Q1 2023", "Q2 2023", "Q3 2023", "Q4 2023"
    ]  # fmt: skip
    assert [p.label for p in zoom.zoom_in(D(2023, 9, 1), D(2023, 10, 31))] == [
        "Sep 2023", "Oct 2023"
    ]  # fmt: skip
    assert zoom.zoom_in(D(2023, 10, 1), D(2023, 10, 31)) == []
    assert zoom.zoom_in(D(1000, 1, 1), D(2999, 12, 31)) == []  # too many years to list
    for period in zoom.zoom_in(D(2022, 11, 15), D(2023, 4, 2)):  # every part meets the span
        assert period.last >= D(2022, 11, 15) and period.first <= D(2023, 4, 2)


def test_zoom_out_and_along_step_through_the_calendar() -> None:
    october = zoom.month(2023, 10)
    assert zoom.zoom_out(october) == zoom.quarter(2023, 4)
    assert zoom.zoom_out(zoom.quarter(2023, 4)) == zoom.year(2023)
    assert zoom.zoom_out(zoom.year(2023)) is None
    assert zoom.zoom_out(zoom.named(D(2023, 10, 3), D(2023, 10, 20))) == october
    assert zoom.zoom_out(zoom.named(D(2023, 9, 3), D(2023, 10, 20))) == zoom.year(2023)
    assert zoom.zoom_out(zoom.named(D(2023, 10, 3), D(2023, 11, 20))) == zoom.quarter(2023, 4)
    assert zoom.zoom_out(zoom.named(D(2022, 9, 3), D(2023, 10, 20))) is None
    assert zoom.along(zoom.month(2024, 1)) == (zoom.month(2023, 12), zoom.month(2024, 2))
    assert zoom.along(zoom.quarter(2023, 1)) == (zoom.quarter(2022, 4), zoom.quarter(2023, 2))
    assert zoom.along(zoom.year(2023)) == (zoom.year(2022), zoom.year(2024))
    assert zoom.along(zoom.named(D(2023, 9, 3), D(2023, 10, 20))) is None


@pytest.mark.parametrize(
    ("days", "kind"), [(0, "day"), (45, "day"), (46, "week"), (310, "week"), (311, "month"),
                       (1220, "month"), (1221, "quarter"), (3660, "quarter"), (3661, "year")],
)  # fmt: skip
def test_buckets_grow_with_the_span(days: int, kind: str) -> None:
    assert zoom.bucket_kind(D(2020, 1, 1), D(2020, 1, 1) + dt.timedelta(days=days)) == kind


def test_a_bucket_holds_its_day() -> None:
    day = D(2024, 2, 29)  # a Thursday
    assert zoom.bucket(day, "day") == (day, day)
    assert zoom.bucket(day, "week") == (D(2024, 2, 26), D(2024, 3, 3))
    assert zoom.bucket(day, "month") == (D(2024, 2, 1), day)
    assert zoom.bucket(day, "quarter") == (D(2024, 1, 1), D(2024, 3, 31))
    assert zoom.bucket_label(D(2024, 1, 1), "quarter") == "Q1 2024"
    assert zoom.bucket(day, "year") == (D(2024, 1, 1), D(2024, 12, 31))
    assert zoom.bucket_label(D(2024, 2, 26), "week") == "week of 26 Feb 2024"
