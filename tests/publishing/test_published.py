"""The releases committed under releases/ are what they claim: every checksum holds, each zip
validates with stock frictionless once unzipped, and its Parquet tables and SQLite database
hold the rows of its CSVs."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import duckdb
import pytest

from ledger_fixture import REPO, sha256sum_check, stock_frictionless

RELEASES = REPO / "releases"
INDEX = json.loads((RELEASES / "index.json").read_text(encoding="utf-8"))
VERSIONS = [r["version"] for r in INDEX["releases"]]


def test_the_index_lists_every_release_folder_and_every_file() -> None:
    assert sorted(VERSIONS) == sorted(p.name for p in RELEASES.iterdir() if p.is_dir())
    for release in INDEX["releases"]:
        for listed in release["files"]:
            path = RELEASES / listed["url"]
            assert path.is_file(), listed["url"]
            if "sha256" in listed:
                assert hashlib.sha256(path.read_bytes()).hexdigest() == listed["sha256"]
                assert path.stat().st_size == listed["bytes"]


@pytest.mark.parametrize("version", VERSIONS)
def test_a_release_checks_validates_and_holds_the_same_rows(version: str, tmp_path: Path) -> None:
    folder = RELEASES / version
    checked = sha256sum_check(folder)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with zipfile.ZipFile(folder / f"statement-ledger-{version}.zip") as archive:
        archive.extractall(tmp_path)
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == version
    stock = stock_frictionless(tmp_path)
    assert stock.returncode == 0, stock.stdout[-2000:]
    database = sqlite3.connect(folder / f"statement-ledger-{version}.db")
    try:
        for resource in descriptor["resources"]:
            with open(tmp_path / resource["path"], encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
            key = json.loads((tmp_path / resource["schema"]).read_text())["primaryKey"][0]
            ids = sorted(r[key] for r in rows)
            parquet = folder / f"statement-ledger-{version}.{resource['name']}.parquet"
            in_parquet = duckdb.sql(f"SELECT \"{key}\" FROM read_parquet('{parquet}')").fetchall()
            assert sorted(r[0] for r in in_parquet) == ids, resource["name"]
            in_sqlite = database.execute(f'SELECT "{key}" FROM "{resource["name"]}"').fetchall()
            assert sorted(r[0] for r in in_sqlite) == ids, resource["name"]
    finally:
        database.close()
