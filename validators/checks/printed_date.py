"""printed-date: an article's printed_date is printed in its archived text.

Looked for as written, then folded as speaker_as_reported is (case, diacritics, quote marks,
dashes, whitespace). Only the articles with a printed_date are read, each file once; an
unreadable archived file is reported by seed-hash.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statement_ledger.catalogue.text import Folded, fold_quote, universal_newlines
from statement_ledger.validators import seeds
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "printed-date"

PRINTED = """
    SELECT _row, seed_path, printed_date FROM articles
    WHERE printed_date <> '' AND seed_path <> ''
    ORDER BY _row
"""


def _printed_dates(package: RPackage) -> list[tuple[Any, ...]]:
    """PRINTED in Python."""
    articles = package.table("articles")
    return [
        (row, r.cells["seed_path"], r.cells["printed_date"])
        for row, r in enumerate(articles.rows)
        if r.cells["printed_date"] and r.cells["seed_path"]
    ]


def check(package: AnyPackage) -> Iterator[Finding]:
    articles = package.table("articles")
    root = str(package.root)
    for index, seed_path, printed in package.query(PRINTED, _printed_dates):
        if _printed(root, seed_path, printed) is False:
            yield finding(
                articles,
                index,
                RULE,
                "printed_date",
                f"'{printed}' does not occur in {seed_path} (the archived text of "
                f"{articles.cell(index, 'article_id')}).",
                "Copy the date exactly as the page prints it (a dateline, a timestamp), "
                "or empty the cell when the page prints no date.",
            )


def _printed(root: str, seed_path: str, printed: str) -> bool | None:
    """Whether `printed` occurs in the archived file (None when the file cannot be read)."""
    raw = seeds.read(root, seed_path)
    if raw is None:
        return None
    try:
        text = universal_newlines(raw).decode("utf-8")
    except UnicodeDecodeError:
        return None
    if printed.strip() in text:
        return True
    haystack = Folded(seeds.fold_name(text).encode("utf-8", "surrogatepass")).haystack
    return fold_quote(seeds.fold_name(printed)) in haystack
