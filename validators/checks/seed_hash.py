"""seed-hash: each article's archived file exists and matches its recorded sha256."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators import seeds
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "seed-hash"


def check(package: AnyPackage) -> Iterator[Finding]:
    articles = package.table("articles")
    for row, case, actual in seeds.findings(package).seed_hash:
        seed = articles.cell(row, "seed_path")
        if case == seeds.MISSING:
            yield finding(
                articles,
                row,
                RULE,
                "seed_path",
                f"The archived file {seed} does not exist.",
                "Add the archived text under seeds/, or correct seed_path.",
            )
        elif case == seeds.NOT_UTF8:
            yield finding(
                articles,
                row,
                RULE,
                "seed_path",
                f"The archived file {seed} is not UTF-8 text.",
                "Archive the article as UTF-8 plain text.",
            )
        else:
            yield finding(
                articles,
                row,
                RULE,
                "sha256",
                f"The sha256 does not match {seed} (the file's is {actual}).",
                "Archived files never change: restore the original file. If this is a "
                "new article, copy the file's sha256 into this cell.",
            )
