"""The SQLite build: faithful to the package, deterministic, atomic, and refused when invalid."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from statement_ledger.database.build import BuildRefused, build
from statement_ledger.validators.package import TABLES

from ledger_fixture import REPO, Pkg


def test_rows_and_nulls_match_the_package(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    for table in TABLES:
        with open(REPO / "datapackage" / f"{table}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] == len(rows), table
        for column in rows[0]:
            empty = sum(1 for r in rows if r[column] == "")
            nulls = db.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" IS NULL')
            assert nulls.fetchone()[0] == empty, (table, column)
            blanks = db.execute(f'SELECT count(*) FROM "{table}" WHERE "{column}" = \'\'')
            assert blanks.fetchone()[0] == 0, (table, column)


def test_lists_are_json_arrays(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    value = db.execute("SELECT aliases FROM actors WHERE actor_id = 'us-department-of-state'")
    assert json.loads(value.fetchone()[0])[0] == "State Department"


def test_metadata_and_search_index(db_path: Path) -> None:
    db = sqlite3.connect(db_path)
    meta = dict(db.execute("SELECT key, value FROM ledger_meta").fetchall())
    descriptor = json.loads((REPO / "datapackage.json").read_text())
    assert meta["version"] == descriptor["version"] and len(meta["data_version"]) == 16
    hits = db.execute(
        "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH 'provocative'"
    ).fetchone()[0]
    assert hits > 0


def test_same_package_gives_the_same_file(tmp_path: Path, db_path: Path) -> None:
    again = tmp_path / "again.db"
    build(REPO, again, say=lambda message: None)
    assert again.read_bytes() == db_path.read_bytes()


def test_invalid_package_is_refused_and_nothing_is_left(pkg: Pkg, tmp_path: Path) -> None:
    pkg.row("statements", "st-roe-calm")["quote"] = "never printed"
    pkg.write()
    out = tmp_path / "out.db"
    out.write_bytes(b"previous build")
    with pytest.raises(BuildRefused) as refused:
        build(pkg.root, out, say=lambda message: None)
    assert "[quote-grounded]" in refused.value.message
    assert out.read_bytes() == b"previous build"
    assert list(tmp_path.glob("*.tmp")) == []


def test_both_engines_build_the_same_file(tmp_path: Path, db_path: Path) -> None:
    """A large package is read by the fast engine (columns), a small one row by row: either
    way the database is the same, byte for byte."""
    fast = tmp_path / "fast.db"
    build(REPO, fast, say=lambda message: None, engine="fast")
    assert fast.read_bytes() == db_path.read_bytes()


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_both_engines_refuse_an_invalid_package(pkg: Pkg, tmp_path: Path, engine: str) -> None:
    pkg.row("statements", "st-roe-calm")["act"] = "claims"
    pkg.write()
    with pytest.raises(BuildRefused) as refused:
        build(pkg.root, tmp_path / "out.db", say=lambda message: None, engine=engine)
    assert "[constraint-error]" in refused.value.message
