"""The synthetic package generator (benchmarks/generate.py) writes valid, deterministic packages.

Not a timed test: the benchmarks themselves are run by benchmarks/run.py, never by pytest.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import frictionless
import pytest

from statement_ledger.curation import canonical
from statement_ledger.validators.package import ID_TABLES
from statement_ledger.validators.validate import validate

from ledger_fixture import benchmark_module

# Generates and validates packages.
pytestmark = pytest.mark.slow

N = 300


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The same seed twice, and another seed."""
    generate = benchmark_module("generate").generate
    base = tmp_path_factory.mktemp("generated")
    first, again, other = base / "first", base / "again", base / "other"
    generate(N, first, seed=7)
    generate(N, again, seed=7)
    generate(N, other, seed=8)
    return first, again, other


def _rows(root: Path, table: str) -> list[dict[str, str]]:
    text = (root / "datapackage" / f"{table}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_passes_statement_ledger_validate(generated: tuple[Path, Path, Path]) -> None:
    result = validate(generated[0])
    assert [f"{f.file}:{f.line} {f.rule} {f.message}" for f in result.findings] == []
    assert result.note == ""


def test_passes_stock_frictionless(generated: tuple[Path, Path, Path]) -> None:
    report = frictionless.Package(str(generated[0] / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_is_in_canonical_form(generated: tuple[Path, Path, Path]) -> None:
    assert list(canonical.check(generated[0])) == []


def test_same_seed_gives_identical_bytes(generated: tuple[Path, Path, Path]) -> None:
    first, again, other = generated
    assert _files(first) == _files(again)
    assert _files(first) != _files(other)


def test_proportions_and_retired_rows(generated: tuple[Path, Path, Path]) -> None:
    root = generated[0]
    counts = {table: len(_rows(root, table)) for table in ID_TABLES}
    assert counts["statements"] == N
    assert counts["articles"] == N // 5
    assert counts["actors"] >= N // 50
    assert counts["events"] == N // 20
    assert counts["contradictions"] == N // 10
    assert len(list((root / "seeds").iterdir())) == counts["articles"]
    sides: dict[str, set[str]] = {}
    for row in _rows(root, "contradiction_sides"):
        sides.setdefault(row["contradiction_id"], set()).add(row["side"])
    assert {len(labels) for labels in sides.values()} == {2, 3}
    statements = _rows(root, "statements")
    retired = [r for r in statements if r["record_status"] == "retired"]
    assert retired and all(r["retired_reason"] for r in retired)


def test_replacements_point_at_active_rows_of_the_same_table(
    generated: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    bigger = tmp_path / "bigger"  # so that the small tables get retired rows too
    benchmark_module("generate").generate(2000, bigger, seed=1)
    replaced = set()
    for root in (generated[0], bigger):
        for table in ID_TABLES:
            rows = _rows(root, table)
            key = next(iter(rows[0]))
            active = {r[key] for r in rows if r["record_status"] == "active"}
            for row in rows:
                if row["replaced_by"]:
                    replaced.add(table)
                    assert row["record_status"] == "retired"
                    assert row["replaced_by"] in active, (table, row[key])
    assert "statements" in replaced
