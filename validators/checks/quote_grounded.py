"""quote-grounded: every statement's quote is found in its article's archived text."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding, index, seed_text
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package
from statement_ledger.validators.text import find_spans

RULE = "quote-grounded"


def check(package: Package) -> Iterator[Finding]:
    articles = index(package.table("articles"), "article_id")
    statements = package.table("statements")
    texts: dict[str, str | None] = {}
    for row in statements.active():
        article = articles.get(row.get("article_id"))
        if article is None or not row.get("quote"):
            continue  # a missing article or quote is reported by the foreign-key / required checks
        seed = article.get("seed_path")
        if seed not in texts:
            texts[seed] = seed_text(package, seed)
        text = texts[seed]
        if text is None:
            continue  # reported by seed-hash
        if not find_spans(text, row.get("quote")):
            yield finding(
                statements,
                row,
                RULE,
                "quote",
                f"The quote was not found in {seed} (the archived text of "
                f"{row.get('article_id')}).",
                "Copy the words exactly from the archived article: only spaces, line "
                "breaks, quote marks and dashes may differ. Do not fix typos of the "
                "source, and do not join separate passages.",
            )
