"""quote-duplicate: no two statements of one article share a quote."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package

RULE = "quote-duplicate"


def _key(quote: str) -> str:
    return " ".join(quote.split()).casefold()


def check(package: Package) -> Iterator[Finding]:
    statements = package.table("statements")
    first: dict[tuple[str, str], str] = {}
    for row in statements.active():
        key = (row.get("article_id"), _key(row.get("quote")))
        if not key[1]:
            continue
        if key in first:
            yield finding(
                statements,
                row,
                RULE,
                "quote",
                f"{row.get('statement_id')} has the same quote as {first[key]} in the "
                "same article.",
                "Record one utterance once: merge the two rows (retire one with "
                "replaced_by), or quote the distinct part of the sentence.",
            )
        else:
            first[key] = row.get("statement_id")
