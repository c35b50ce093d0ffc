"""said-after-published: a statement cannot be said after the article reporting it appeared."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import date_bounds, finding, index
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.models import Article, Statement
from statement_ledger.validators.package import Package

RULE = "said-after-published"


def check(package: Package) -> Iterator[Finding]:
    articles = index(package.table("articles"), "article_id")
    statements = package.table("statements")
    for row in statements.active():
        article = articles.get(row.get("article_id"))
        if not isinstance(row.model, Statement) or article is None:
            continue
        if not isinstance(article.model, Article):
            continue
        said = date_bounds(row.model.said_on, row.model.said_on_precision)
        published = date_bounds(article.model.published_on, article.model.published_on_precision)
        if said and published and said[0] > published[1]:
            yield finding(
                statements,
                row,
                RULE,
                "said_on",
                f"said_on ({row.get('said_on')}, precision "
                f"{row.get('said_on_precision')}) is after the article was published "
                f"({article.get('published_on')}, precision "
                f"{article.get('published_on_precision')}).",
                "Check both dates against the text: a statement is said on or before "
                "the day it is reported. A weekday or 'today' is relative to the "
                "article's date.",
            )
