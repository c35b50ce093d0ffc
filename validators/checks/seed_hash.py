"""seed-hash: each article's archived file exists and matches its recorded sha256."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding, seed_sha256, seed_text
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package

RULE = "seed-hash"


def check(package: Package) -> Iterator[Finding]:
    articles = package.table("articles")
    for row in articles.rows:
        seed = row.get("seed_path")
        if not seed:
            continue
        actual = seed_sha256(package, seed)
        if actual is None:
            yield finding(
                articles,
                row,
                RULE,
                "seed_path",
                f"The archived file {seed} does not exist.",
                "Add the archived text under seeds/, or correct seed_path.",
            )
        elif seed_text(package, seed) is None:
            yield finding(
                articles,
                row,
                RULE,
                "seed_path",
                f"The archived file {seed} is not UTF-8 text.",
                "Archive the article as UTF-8 plain text.",
            )
        elif actual != row.get("sha256"):
            yield finding(
                articles,
                row,
                RULE,
                "sha256",
                f"The sha256 does not match {seed} (the file's is {actual}).",
                "Archived files never change: restore the original file. If this is a "
                "new article, copy the file's sha256 into this cell.",
            )
