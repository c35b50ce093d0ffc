"""quote-grounded: every statement's quote is found in its article's archived text."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators import seeds
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "quote-grounded"


def check(package: AnyPackage) -> Iterator[Finding]:
    # A missing article or quote is reported by the foreign-key / required checks, a missing
    # or unreadable archived file by seed-hash.
    articles, statements = package.table("articles"), package.table("statements")
    for row, article in seeds.findings(package).quote_grounded:
        yield finding(
            statements,
            row,
            RULE,
            "quote",
            f"The quote was not found in {articles.cell(article, 'seed_path')} (the archived "
            f"text of {statements.cell(row, 'article_id')}).",
            "Copy the words exactly from the archived article: only spaces, line "
            "breaks, quote marks and dashes may differ. Do not fix typos of the "
            "source, and do not join separate passages.",
        )
