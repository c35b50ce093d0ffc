from ledger_fixture import Pkg, where


def test_deleted_row_is_found_by_its_id(pkg: Pkg) -> None:
    pkg.rows["actors"] = [r for r in pkg.rows["actors"] if r["actor_id"] != "jane-roe"]
    for statement in pkg.rows["statements"]:
        statement["speaker_id"] = "test-ministry"
        statement["source_actor_id"] = ""
    pkg.row("statements", "st-roe-calm")["utterance_id"] = ""
    line = 2 + [(r["table"], r["id"]) for r in pkg.rows["id_manifest"]].index(
        ("actors", "jane-roe")
    )
    findings = pkg.write().findings()
    assert where(findings) == [("id-removed", "datapackage/id_manifest.csv", line, "id")]
    assert "jane-roe" in findings[0].message


def test_renamed_id_is_found(pkg: Pkg) -> None:
    pkg.row("contradictions", "ct-calm-vs-denial")["contradiction_id"] = "ct-renamed"
    sides = ("contradiction_sides", "record_sides", "article_sides")
    for side in [row for table in sides for row in pkg.rows[table]]:
        side["contradiction_id"] = "ct-renamed"
    line = 2 + [r["id"] for r in pkg.rows["id_manifest"]].index("ct-calm-vs-denial")
    assert where(pkg.write().findings()) == [
        ("id-removed", "datapackage/id_manifest.csv", line, "id")
    ]
