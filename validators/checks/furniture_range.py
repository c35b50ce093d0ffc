"""furniture-range: furniture line ranges lie inside the archived file."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding, seed_text
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.models import Article
from statement_ledger.validators.package import Package

RULE = "furniture-range"


def check(package: Package) -> Iterator[Finding]:
    articles = package.table("articles")
    for row in articles.rows:
        if not isinstance(row.model, Article) or not row.model.furniture():
            continue
        text = seed_text(package, row.get("seed_path"))
        if text is None:
            continue
        count = len(text.splitlines())
        for low, high in row.model.furniture():
            if high > count:
                yield finding(
                    articles,
                    row,
                    RULE,
                    "furniture_lines",
                    f"Range {low}-{high} goes past the end of "
                    f"{row.get('seed_path')}, which has {count} lines.",
                    "Use line numbers as shown by an editor (or `cat -n`) for the archived file.",
                    value=f"{low}-{high}",
                )
