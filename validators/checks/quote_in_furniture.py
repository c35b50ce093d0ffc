"""quote-in-furniture: a quote must occur at least once outside the article's page furniture."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding, index, seed_text
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.models import Article
from statement_ledger.validators.package import Package
from statement_ledger.validators.text import find_spans, in_ranges

RULE = "quote-in-furniture"


def check(package: Package) -> Iterator[Finding]:
    articles = index(package.table("articles"), "article_id")
    statements = package.table("statements")
    for row in statements.active():
        article = articles.get(row.get("article_id"))
        if article is None or not isinstance(article.model, Article):
            continue
        furniture = article.model.furniture()
        text = seed_text(package, article.get("seed_path")) if furniture else None
        if text is None:
            continue
        spans = find_spans(text, row.get("quote"))
        if spans and all(in_ranges(span, furniture) for span in spans):
            lines = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in spans)
            yield finding(
                statements,
                row,
                RULE,
                "quote",
                f"The quote occurs only in page furniture (line {lines} of "
                f"{article.get('seed_path')}, listed in furniture_lines of "
                f"{article.get('article_id')}).",
                "Take the quote from the article text itself; captions, teasers, "
                "sidebars and navigation are not statements.",
            )
