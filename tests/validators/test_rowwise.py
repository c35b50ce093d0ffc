"""The cross-table rules give the same findings over rows (plain Python, `rowwise`) as over
columns (DuckDB over Arrow, `columnar`).

Every rule test that validates a fixture package goes through `Pkg.findings`, which asserts
that the plain engine (rules over rows) reports exactly what the reference engine (rules over
columns) reports, in the same order. The tests here add the curated package itself, as it is
and with many rules broken at once in its real rows.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from pathlib import Path

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.validate import cross_table, validate

from ledger_fixture import REPO

BROKEN = {  # every rule the broken copy below must trip
    "alias-unique",
    "contradiction-duplicate",
    "id-removed",
    "printed-date",
    "quote-duplicate",
    "reference-unknown",
    "replacement-cycle",
    "said-after-published",
    "seed-hash",
    "seed-source",
    "spreadsheet-formula",
    "supported-side",
    "unreferenced",
    "utterance-speaker",
}


def _full(finding: Finding) -> tuple[object, ...]:
    return (
        finding.rule,
        finding.file,
        finding.line,
        finding.column,
        finding.message,
        finding.value,
        finding.fix,
        finding.context,
    )


def both(root: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The cross-table findings over rows and over columns, of the package read row by row."""
    package = validate(root, engine="plain").package
    assert package is not None
    rows = [_full(f) for f in cross_table(package, columns=False)]
    columns = [_full(f) for f in cross_table(package, columns=True)]
    return rows, columns


def test_the_curated_package_gives_the_same_over_rows_and_columns() -> None:
    rows, columns = both(REPO)
    assert rows == columns


class Copy:
    """A copy of the curated package whose CSVs are edited as rows."""

    def __init__(self, root: Path) -> None:
        self.root = root
        shutil.copytree(REPO / "datapackage", root / "datapackage")
        shutil.copytree(REPO / "schema", root / "schema")
        shutil.copytree(REPO / "seeds", root / "seeds")
        shutil.copy(REPO / "datapackage.json", root / "datapackage.json")

    def edit(self, table: str, change: Callable[[list[dict[str, str]]], None]) -> None:
        path = self.root / "datapackage" / f"{table}.csv"
        reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
        rows = list(reader)
        change(rows)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


def _actors(rows: list[dict[str, str]]) -> None:
    rows[1]["aliases"] = rows[0]["name"].upper()  # alias-unique (folded)
    rows[2]["replaced_by"], rows[3]["replaced_by"] = rows[3]["actor_id"], rows[2]["actor_id"]
    rows[4]["notes"] = "=1+1"  # spreadsheet-formula
    rows.append(
        {
            **rows[5],
            "actor_id": "nobody-at-all",
            "name": "Nobody At All",
            "aliases": "",
            "misspellings": "",
        }
    )  # unreferenced


def _statements(rows: list[dict[str, str]]) -> None:
    rows[1].update(article_id=rows[0]["article_id"], quote=f" {rows[0]['quote'].upper()} ")
    dated = next(i for i, r in enumerate(rows) if i > 5 and r["article_id"] in _dated_articles())
    rows[dated].update(said_on="2099-01-01", said_on_precision="day")  # said-after-published
    rows[3]["utterance_id"] = rows[4]["utterance_id"] = "one-utterance"
    rows[4]["speaker_id"] = next(
        r["speaker_id"] for r in rows if r["speaker_id"] != rows[3]["speaker_id"]
    )
    rows[5]["reference_ids"] = "no-such-reference|" + rows[5]["reference_ids"]


def _dated_articles() -> set[str]:
    with (REPO / "datapackage" / "articles.csv").open(encoding="utf-8", newline="") as handle:
        return {
            r["article_id"]
            for r in csv.DictReader(handle)
            if r["published_on"] and r["published_on_precision"] != "unknown"
        }


def _contradictions(rows: list[dict[str, str]]) -> None:
    rows[0]["supported_side"] = "z"


def _contradiction_sides(rows: list[dict[str, str]]) -> None:
    first = rows[0]["contradiction_id"]
    other = next(r["contradiction_id"] for r in rows if r["contradiction_id"] != first)
    rows[:] = [r for r in rows if r["contradiction_id"] != other]
    rows.extend(
        {**r, "contradiction_id": other} for r in list(rows) if r["contradiction_id"] == first
    )  # contradiction-duplicate


def _articles(rows: list[dict[str, str]]) -> None:
    rows[0]["printed_date"] = "31 Febtember"
    rows[1]["sha256"] = "0" * 64  # seed-hash


def _outlets(rows: list[dict[str, str]]) -> None:
    used = {r["outlet_id"] for r in rows}
    del rows[-1]  # id-removed (and the references to it)
    assert len(used) > len(rows)


def _retire_a_speaker(rows: list[dict[str, str]]) -> None:
    rows[0].update(record_status="retired", retired_reason="a duplicate")


def test_many_rules_broken_in_the_curated_rows(tmp_path: Path) -> None:
    package = Copy(tmp_path / "curated")
    package.edit("actors", _actors)
    package.edit("statements", _statements)
    package.edit("contradictions", _contradictions)
    package.edit("contradiction_sides", _contradiction_sides)
    package.edit("articles", _articles)
    package.edit("outlets", _outlets)
    (tmp_path / "curated" / "seeds" / "unlisted.txt").write_text("text\n", encoding="utf-8")
    rows, columns = both(package.root)
    assert {f[0] for f in columns} >= BROKEN  # the edits did break the rules
    assert rows == columns


def test_retired_rows_are_followed_the_same_way(tmp_path: Path) -> None:
    package = Copy(tmp_path / "curated")
    package.edit("actors", _retire_a_speaker)
    package.edit(
        "statements",
        lambda rows: rows[0].update(record_status="retired", retired_reason="a duplicate"),
    )
    rows, columns = both(package.root)
    assert {"retired-reference"} <= {f[0] for f in columns}
    assert rows == columns
