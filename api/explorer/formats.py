"""How values read on a page: dates with their precision, enum values in words."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@lru_cache(maxsize=8192)  # a page lists many statements of the same few dates
def date_text(value: str | None, precision: str | None) -> str:
    """'14 Oct 2023', 'Oct 2023', '2023' or 'date unknown', as precise as the record is."""
    if not value or precision == "unknown":
        return "date unknown"
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        return value
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def date_iso(value: str | None, precision: str | None) -> str | None:
    """The date cut to its precision (ISO 8601: 2023, 2023-10, 2023-10-14), or None."""
    if not value or precision == "unknown":
        return None
    return {"year": value[:4], "month": value[:7]}.get(precision or "day", value)


@lru_cache(maxsize=8192)
def when_html(value: str | None, precision: str | None, basis: object = None) -> Markup:
    """A date as a page shows it: <time> with its precision and basis as tags."""
    if not value or precision == "unknown":
        return Markup('<span class="unknown">date unknown</span>')
    out = (
        f'<time datetime="{escape(date_iso(value, precision))}">'
        f"{escape(date_text(value, precision))}</time>"
    )
    if precision != "day":
        out += f' <span class="tag">{escape(precision)} only</span>'
    if basis == "inferred":
        out += ' <span class="tag inferred">inferred</span>'
    return Markup(out)


def when(row: Any, field: str) -> Markup:
    """when_html for a row's date `field` (with its `_precision` and `_basis` columns, where
    the row has them): the templates' `when(row, 'said_on')`."""

    def cell(key: str) -> Any:
        try:
            return row[key]
        except (KeyError, IndexError):  # a dict, or a sqlite3.Row, without that column
            return None

    return when_html(cell(field), cell(f"{field}_precision"), cell(f"{field}_basis"))


def words(value: str | None) -> str:
    """An enum value in words: 'press_briefing' -> 'press briefing'."""
    return (value or "").replace("_", " ")


def escaped(value: object) -> str:
    """`value` as `{{ value }}` writes it (markupsafe.escape), as a str: HTML (a Markup, or
    anything with __html__) as it is, anything else as text with & < > ' " escaped. The pages
    written in Python use it: markupsafe.escape makes a Markup object of each value (a
    Python-level constructor, about 1 µs), which a page did hundreds of times."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )
