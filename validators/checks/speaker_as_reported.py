"""speaker-as-reported: a statement's speaker_as_reported is printed in its article."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators import seeds
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "speaker-as-reported"


def check(package: AnyPackage) -> Iterator[Finding]:
    # Looked for in the seeds pass, folded for case and diacritics as well as quote marks,
    # dashes and whitespace; an unreadable archived file is reported by seed-hash.
    articles, statements = package.table("articles"), package.table("statements")
    for row, article in seeds.findings(package).speaker_as_reported:
        name = statements.cell(row, "speaker_as_reported")
        yield finding(
            statements,
            row,
            RULE,
            "speaker_as_reported",
            f"'{name}' does not occur in {articles.cell(article, 'seed_path')} (the archived "
            f"text of {statements.cell(row, 'article_id')}).",
            "Copy the name exactly as the article prints it, misspellings included "
            "(`statement-ledger quote NAME --article ID` finds it); leave the cell empty if "
            "the article uses the canonical name.",
        )
