"""misspelling-recorded: each misspelling of an actor is printed in some archived article and
recorded as a misattribution contradiction, as the data dictionary promises for the column."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statement_ledger.catalogue.text import Folded, fold_quote
from statement_ledger.validators import seeds
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "misspelling-recorded"

ACTORS = """
    SELECT _row, actor_id, name, aliases, misspellings FROM actors
    WHERE record_status <> 'retired' AND misspellings <> ''
    ORDER BY _row
"""
ARTICLES = """
    SELECT article_id, seed_path FROM articles
    WHERE record_status <> 'retired' AND seed_path <> ''
    ORDER BY article_id
"""
# The articles of the statements on an active side of an active misattribution contradiction.
MISATTRIBUTED = """
    SELECT DISTINCT s.article_id
    FROM contradictions c
    JOIN contradiction_sides cs ON cs.contradiction_id = c.contradiction_id
    JOIN statements s ON s.statement_id = cs.statement_id
    WHERE c.kind = 'misattribution' AND c.record_status <> 'retired'
        AND cs.record_status <> 'retired' AND s.record_status <> 'retired'
"""


def _actors(package: RPackage) -> list[tuple[Any, ...]]:
    """ACTORS in Python."""
    return [
        (row, c["actor_id"], c["name"], c["aliases"], c["misspellings"])
        for row, c in package.table("actors").active()
        if c["misspellings"]
    ]


def _articles(package: RPackage) -> list[tuple[Any, ...]]:
    """ARTICLES in Python."""
    found = [(c["article_id"], c["seed_path"]) for _, c in package.table("articles").active()]
    return sorted((row for row in found if row[1]), key=lambda row: row[0])


def _misattributed(package: RPackage) -> list[tuple[Any, ...]]:
    """MISATTRIBUTED in Python."""
    contradictions = {
        c["contradiction_id"]
        for _, c in package.table("contradictions").active()
        if c["kind"] == "misattribution"
    }
    statements = {
        c["statement_id"]
        for _, c in package.table("contradiction_sides").active()
        if c["contradiction_id"] in contradictions
    }
    return [
        (article,)
        for article in {
            c["article_id"]
            for _, c in package.table("statements").active()
            if c["statement_id"] in statements
        }
    ]


def _texts(package: AnyPackage) -> dict[str, bytes]:
    """Each active article's archived text, folded for names (unreadable files are left to
    seed-hash)."""
    root = str(package.root)
    texts = {}
    for article_id, seed in package.query(ARTICLES, _articles):
        raw = seeds.read(root, seed)
        if raw is None:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            continue
        folded = Folded(seeds.fold_name(text).encode("utf-8", "surrogatepass"))
        texts[article_id] = folded.haystack
    return texts


def check(package: AnyPackage) -> Iterator[Finding]:
    rows = package.query(ACTORS, _actors)
    if not rows:
        return
    actors = package.table("actors")
    texts = _texts(package)
    misattributed = {article for (article,) in package.query(MISATTRIBUTED, _misattributed)}
    for row, actor_id, name, aliases, misspellings in rows:
        correct = {name, *aliases.split("|")}
        for wrong in misspellings.split("|"):
            if not wrong or wrong in correct:
                continue  # an empty item or a repeat is reported by list-item, alias-repeats-name
            needle = fold_quote(seeds.fold_name(wrong))
            printed = sorted(a for a, text in texts.items() if needle in text)
            if not printed:
                yield finding(
                    actors,
                    row,
                    RULE,
                    "misspellings",
                    f"The misspelling '{wrong}' of {actor_id} occurs in no archived article.",
                    "List only wrong forms printed in an archived article, copied as printed; "
                    "remove it, or archive the article that prints it.",
                    value=wrong,
                )
            elif not misattributed.intersection(printed):
                yield finding(
                    actors,
                    row,
                    RULE,
                    "misspellings",
                    f"The misspelling '{wrong}' of {actor_id} is printed in {', '.join(printed)} "
                    "but recorded in no misattribution contradiction.",
                    "Add a contradiction of kind misattribution with the statement that names "
                    f"{actor_id} as '{wrong}' (`statement-ledger quote \"{wrong}\" --article "
                    "ID --scaffold contradiction`).",
                    value=wrong,
                )
