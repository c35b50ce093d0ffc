"""quote-in-furniture: a quote must occur at least once outside the article's page furniture."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators import seeds
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "quote-in-furniture"


def check(package: AnyPackage) -> Iterator[Finding]:
    articles, statements = package.table("articles"), package.table("statements")
    for row, article, spans in seeds.findings(package).quote_in_furniture:
        lines = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)
        yield finding(
            statements,
            row,
            RULE,
            "quote",
            f"The quote occurs only in page furniture (line {lines} of "
            f"{articles.cell(article, 'seed_path')}, listed in furniture_lines of "
            f"{articles.cell(article, 'article_id')}).",
            "Take the quote from the article text itself; captions, teasers, "
            "sidebars and navigation are not statements.",
        )
