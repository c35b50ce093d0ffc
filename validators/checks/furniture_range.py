"""furniture-range: furniture items lie inside the archived file, spans inside their lines."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators import seeds
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "furniture-range"


def check(package: AnyPackage) -> Iterator[Finding]:
    articles = package.table("articles")
    for row, _, item, line, size in seeds.findings(package).furniture_range:
        path = articles.cell(row, "seed_path")
        if line:
            message = (
                f"Span {item} goes past the end of line {line} of {path}, "
                f"which has {size} characters."
            )
            fix = "Count columns as `statement-ledger quote` prints them for the words."
        else:
            kind = "Span" if ":" in item else "Range"
            message = f"{kind} {item} goes past the end of {path}, which has {size} lines."
            fix = "Use line numbers as shown by an editor (or `cat -n`) for the archived file."
        yield finding(articles, row, RULE, "furniture_lines", message, fix, value=item)
