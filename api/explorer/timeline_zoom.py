"""The timeline's ranges: the period a from/to pair names, the periods to zoom into, out to and
along, and the buckets statements are counted in when they are too many to draw one by one."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from statement_ledger.api.explorer.formats import MONTHS

ONE = dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """Days from `first` to `last`, both included; `kind` is year, quarter, month or range."""

    first: dt.date
    last: dt.date
    kind: str
    label: str


# Periods are made once per process (up to 1,024 of each kind, some 200 KB): a Period is a
# frozen dataclass, 3 µs to make, and the zoom links of a speaker's timeline made five years.
@lru_cache(maxsize=1024)
def year(number: int) -> Period:
    return Period(dt.date(number, 1, 1), dt.date(number, 12, 31), "year", str(number))


@lru_cache(maxsize=1024)
def quarter(number: int, which: int) -> Period:
    """Quarter `which` (1 to 4) of a year."""
    first = dt.date(number, 3 * which - 2, 1)
    last = month(number, 3 * which).last
    return Period(first, last, "quarter", f"Q{which} {number}")


@lru_cache(maxsize=1024)
def month(number: int, which: int) -> Period:
    """Month `which` (1 to 12) of a year."""
    first = dt.date(number, which, 1)
    last = dt.date(number + which // 12, which % 12 + 1, 1) - ONE
    return Period(first, last, "month", f"{MONTHS[which - 1]} {number}")


def _day_text(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def named(first: dt.date, last: dt.date) -> Period:
    """The year, quarter or month these bounds are exactly, else a range of days."""
    if first.day == 1:
        for candidate in (
            year(first.year),
            quarter(first.year, (first.month + 2) // 3),
            month(first.year, first.month),
        ):
            if (candidate.first, candidate.last) == (first, last):
                return candidate
    return Period(first, last, "range", f"{_day_text(first)} to {_day_text(last)}")


def zoom_in(first: dt.date, last: dt.date) -> list[Period]:
    """The years, quarters or months that divide this span (none below a month)."""
    days = (last - first).days
    if days > 400:  # years, when a line of them can be read
        return [year(y) for y in range(first.year, last.year + 1)] if days < 40 * 366 else []
    months = [
        (y, m)
        for y in range(first.year, last.year + 1)
        for m in range(1, 13)
        if dt.date(y, m, 1) <= last and month(y, m).last >= first
    ]
    if days > 100:
        return [quarter(y, q) for y, q in dict.fromkeys((y, (m + 2) // 3) for y, m in months)]
    if days > 31:
        return [month(y, m) for y, m in months]
    return []


def zoom_out(period: Period) -> Period | None:
    """The period around this one a step wider, or None: everything."""
    first, last = period.first, period.last
    if period.kind == "month":
        return quarter(first.year, (first.month + 2) // 3)
    if period.kind == "quarter":
        return year(first.year)
    if period.kind == "year" or first.year != last.year:
        return None
    for wider in (month(first.year, first.month), quarter(first.year, (first.month + 2) // 3)):
        if last <= wider.last:
            return wider
    return year(first.year)


def along(period: Period) -> tuple[Period, Period] | None:
    """The period of the same kind just before and just after a year, quarter or month."""
    first = period.first
    if period.kind == "year":
        return year(first.year - 1), year(first.year + 1)
    if period.kind == "quarter":
        q = (first.month + 2) // 3
        before = quarter(first.year, q - 1) if q > 1 else quarter(first.year - 1, 4)
        after = quarter(first.year, q + 1) if q < 4 else quarter(first.year + 1, 1)
        return before, after
    if period.kind == "month":
        before_day, after_day = first - ONE, period.last + ONE
        return month(before_day.year, before_day.month), month(after_day.year, after_day.month)
    return None


# Buckets: 45 or fewer across a span (a day up to 45 days, a week up to about 10 months, a
# month up to 40, a quarter up to 10 years). With 60 months across 5 years, the 12 rows of an
# unfiltered page at 100k held 720 bars, 146 KB: rendering and compressing them took twice the
# CPU of the API's slowest list.
BUCKETS = ((45, "day"), (310, "week"), (1220, "month"), (3660, "quarter"))


def bucket_kind(first: dt.date, last: dt.date) -> str:
    """The bucket counts over this span are grouped in (see BUCKETS)."""
    days = (last - first).days
    return next((kind for limit, kind in BUCKETS if days <= limit), "year")


@lru_cache(maxsize=8192)  # a chart has a few hundred buckets, each in several lanes
def bucket(day: dt.date, kind: str) -> tuple[dt.date, dt.date]:
    """The first and last day of the bucket of this kind (day, week from Monday, month,
    quarter, year) that holds `day`."""
    if kind == "day":
        return day, day
    if kind == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if kind == "month":
        span = month(day.year, day.month)
        return span.first, span.last
    if kind == "quarter":
        span = quarter(day.year, (day.month + 2) // 3)
        return span.first, span.last
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


@lru_cache(maxsize=8192)
def bucket_label(first: dt.date, kind: str) -> str:
    """How a bucket reads: 14 Oct 2023, week of 9 Oct 2023, Oct 2023, Q4 2023, 2023."""
    if kind == "day":
        return _day_text(first)
    if kind == "week":
        return f"week of {_day_text(first)}"
    if kind == "month":
        return month(first.year, first.month).label
    if kind == "quarter":
        return quarter(first.year, (first.month + 2) // 3).label
    return str(first.year)
