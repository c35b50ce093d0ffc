"""quote-duplicate: no two statements of one article share a quote."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Any

from statement_ledger.catalogue.text import WHITESPACE
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.seeds import re2_class
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "quote-duplicate"
# The characters beyond ASCII whose case folding holds ASCII (Unicode 14.0, Python 3.11).
FOLDS_TO_ASCII = (
    "\xdf\u0130\u0149\u017f\u01f0\u1e96\u1e97\u1e98\u1e99\u1e9a\u1e9e\u212a"
    "\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06"
)


def _key(quote: str) -> str:
    return " ".join(quote.split()).casefold()


@cache
def _folds_to_ascii() -> str:
    if unicodedata.unidata_version == "14.0.0":
        return FOLDS_TO_ASCII
    return "".join(
        chr(c) for c in range(128, 0x110000) if any(f < "\x80" for f in chr(c).casefold())
    )


def candidates_sql() -> str:
    """The active statements that may share a quote with another of their article, in order.

    `_key` spaces the quote as `spaced` does and case-folds it. Without the few characters
    that fold to ASCII, the ASCII part of the folded quote is the lower-cased ASCII part of
    the quote, so equal keys have equal `twin` hashes; a statement with such a character makes
    all of its article's statements candidates."""
    other = re2_class(WHITESPACE.replace(" ", ""))
    spaced = (
        f"CASE WHEN regexp_matches(quote, '{other}|  |^ | $') "
        f"THEN trim(regexp_replace(quote, '{re2_class(WHITESPACE)}+', ' ', 'g'), ' ') "
        "ELSE quote END"
    )
    wide = "'[^\\x{0}-\\x{7f}]'"
    ascii_part = (
        f"CASE WHEN regexp_matches(spaced, {wide}) "
        f"THEN regexp_replace(spaced, {wide}, '', 'g') ELSE spaced END"
    )
    odd = (
        f"regexp_matches(spaced, {wide}) "
        f"AND regexp_matches(spaced, '{re2_class(_folds_to_ascii())}')"
    )
    return f"""
        WITH spaced AS (
            SELECT _row, article_id, {spaced} AS spaced
            FROM statements WHERE record_status <> 'retired'
        ), keyed AS (
            SELECT _row, article_id, hash(article_id, lower({ascii_part})) AS twin, {odd} AS odd
            FROM spaced WHERE spaced <> ''
        ), picked AS (
            SELECT _row FROM keyed
            WHERE twin IN (SELECT twin FROM keyed GROUP BY twin HAVING count(*) > 1)
               OR article_id IN (SELECT article_id FROM keyed WHERE odd)
        )
        SELECT _row, statement_id, article_id, quote FROM statements SEMI JOIN picked USING (_row)
        ORDER BY _row
    """


def _candidates(package: RPackage) -> list[tuple[Any, ...]]:
    """Every active statement with a quote that is not all whitespace: the candidates of
    `candidates_sql` and more (the rule then compares their keys)."""
    return [
        (row, c["statement_id"], c["article_id"], c["quote"])
        for row, c in package.table("statements").active()
        if c["quote"].strip(WHITESPACE)
    ]


def check(package: AnyPackage) -> Iterator[Finding]:
    statements = package.table("statements")
    first: dict[tuple[str, str], str] = {}
    for index, statement_id, article_id, quote in package.query(candidates_sql(), _candidates):
        key = (article_id, _key(quote))
        if key in first:
            yield finding(
                statements,
                index,
                RULE,
                "quote",
                f"{statement_id} has the same quote as {first[key]} in the same article.",
                "Record one utterance once: merge the two rows (retire one with "
                "replaced_by), or quote the distinct part of the sentence.",
            )
        else:
            first[key] = statement_id
