"""said-after-published: a statement cannot be said after the article reporting it appeared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from pydantic import TypeAdapter

from statement_ledger.validators.dates import date_bounds
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "said-after-published"
_DATE = TypeAdapter(dt.date)  # how the row models read a date cell

# Active statements with their article (the first row with its article_id), both parsed.
PAIRS = """
    WITH first_article AS (
        SELECT article_id, min(_row) AS arow FROM articles GROUP BY article_id
    )
    SELECT s._row, s.said_on, s.said_on_precision, a.published_on, a.published_on_precision,
           regexp_full_match(s.said_on, '[0-9]{4}-[0-9]{2}-[0-9]{2}')
           AND regexp_full_match(a.published_on, '[0-9]{4}-[0-9]{2}-[0-9]{2}') AS iso
    FROM statements s
    JOIN first_article f ON f.article_id = s.article_id
    JOIN articles a ON a._row = f.arow
    WHERE s.record_status <> 'retired' AND s._ok AND a._ok
      AND s.said_on <> '' AND a.published_on <> ''
      AND s.said_on_precision <> 'unknown' AND a.published_on_precision <> 'unknown'
"""


def _bound(date: str, precision: str, last: bool) -> str:
    """SQL for the first (or last) day a date of this precision can stand for."""
    day = f"TRY_CAST({date} AS DATE)"
    if last:
        return (
            f"CASE {precision} WHEN 'year' THEN make_date(year({day}), 12, 31) "
            f"WHEN 'month' THEN last_day({day}) ELSE {day} END"
        )
    return (
        f"CASE {precision} WHEN 'year' THEN make_date(year({day}), 1, 1) "
        f"WHEN 'month' THEN make_date(year({day}), month({day}), 1) ELSE {day} END"
    )


QUERY = f"""
    SELECT _row, said_on, said_on_precision, published_on, published_on_precision
    FROM ({PAIRS}) WHERE iso
      AND {_bound("said_on", "said_on_precision", False)}
          > {_bound("published_on", "published_on_precision", True)}
    UNION ALL
    SELECT _row, said_on, said_on_precision, published_on, published_on_precision
    FROM ({PAIRS}) WHERE NOT iso
"""


def _after(said: str, said_precision: str, published: str, published_precision: str) -> bool:
    """The rule, as the row models read the cells (for dates not written YYYY-MM-DD)."""
    first = date_bounds(_DATE.validate_python(said), said_precision)
    last = date_bounds(_DATE.validate_python(published), published_precision)
    return bool(first and last and first[0] > last[1])


def _pairs(package: RPackage) -> list[tuple[Any, ...]]:
    """PAIRS in Python, all of them (`check` applies the rule to each)."""
    articles = package.table("articles")
    first: dict[str, int] = {}
    for row, article_id in enumerate(articles.column("article_id")):
        first.setdefault(article_id, row)
    out = []
    for row, s in package.table("statements").active(parsed=True):
        arow = first.get(s["article_id"])
        if arow is None or not articles.parsed(arow):
            continue
        a = articles.rows[arow].cells
        if (
            s["said_on"]
            and a["published_on"]
            and s["said_on_precision"] != "unknown"
            and a["published_on_precision"] != "unknown"
        ):
            out.append(
                (
                    row,
                    s["said_on"],
                    s["said_on_precision"],
                    a["published_on"],
                    a["published_on_precision"],
                )
            )
    return out


def check(package: AnyPackage) -> Iterator[Finding]:
    statements = package.table("statements")
    rows = sorted(package.query(QUERY, _pairs))
    for index, said, said_precision, published, published_precision in rows:
        if not _after(said, said_precision, published, published_precision):
            continue
        yield finding(
            statements,
            index,
            RULE,
            "said_on",
            f"said_on ({said}, precision {said_precision}) is after the article was "
            f"published ({published}, precision {published_precision}).",
            "Check both dates against the text: a statement is said on or before "
            "the day it is reported. A weekday or 'today' is relative to the "
            "article's date.",
        )
