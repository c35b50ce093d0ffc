"""furniture-range: furniture line ranges lie inside the archived file."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators import seeds
from statement_ledger.validators.columnar import CPackage, finding
from statement_ledger.validators.findings import Finding

RULE = "furniture-range"


def check(package: CPackage) -> Iterator[Finding]:
    articles = package.table("articles")
    for row, _, low, high, count in seeds.findings(package).furniture_range:
        yield finding(
            articles,
            row,
            RULE,
            "furniture_lines",
            f"Range {low}-{high} goes past the end of "
            f"{articles.cell(row, 'seed_path')}, which has {count} lines.",
            "Use line numbers as shown by an editor (or `cat -n`) for the archived file.",
            value=f"{low}-{high}",
        )
