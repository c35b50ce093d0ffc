"""`manifest` lists every new id once, with the package version."""

import csv

from statement_ledger.curation import manifest

from ledger_fixture import Pkg, where


def test_new_ids_are_appended_once(pkg: Pkg) -> None:
    pkg.rows["id_manifest"] = [r for r in pkg.rows["id_manifest"] if r["id"] != "jane-roe"]
    pkg.write()
    assert manifest.append(pkg.root) == [("actors", "jane-roe")]
    assert manifest.append(pkg.root) == []
    with open(pkg.root / "datapackage/id_manifest.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"table": "actors", "id": "jane-roe", "first_version": "0.1.0"} in rows
    assert len(rows) == len({(r["table"], r["id"]) for r in rows})
    assert where(pkg.findings()) == []
