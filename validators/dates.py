"""Helpers shared by the cross-table rules (a finding at a row: `tables.finding`)."""

from __future__ import annotations

import datetime as dt
from calendar import monthrange


def date_bounds(value: dt.date | None, precision: str) -> tuple[dt.date, dt.date] | None:
    """The earliest and latest day a date of this precision can stand for."""
    if value is None or precision == "unknown":
        return None
    if precision == "year":
        return value.replace(month=1, day=1), value.replace(month=12, day=31)
    if precision == "month":
        last = monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    return value, value
