from ledger_fixture import Pkg, where


def test_citing_a_missing_reference(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm")["reference_ids"] = "record-page|no-such-page"
    findings = pkg.write().findings()
    line = pkg.line("statements", "st-roe-calm")
    assert where(findings) == [
        ("reference-unknown", "datapackage/statements.csv", line, "reference_ids")
    ]
    assert findings[0].value == "no-such-page"
    assert findings[0].message == "no-such-page is not a reference_id in references.csv."


def test_each_missing_item_of_each_table(pkg: Pkg) -> None:
    pkg.row("outlets", "test-outlet")["reference_ids"] = "gone-a|gone-b"
    pkg.row("contradictions", "ct-calm-vs-denial")["reference_ids"] = "record-page"
    pkg.rows["record_sides"].append(
        {
            "contradiction_id": "ct-calm-vs-denial",
            "side": "d",
            "reference_ids": "gone-c",
            "record_status": "active",
        }
    )
    findings = pkg.write().findings()
    assert sorted((f.file, str(f.value)) for f in findings) == [
        ("datapackage/outlets.csv", "gone-a"),
        ("datapackage/outlets.csv", "gone-b"),
        ("datapackage/record_sides.csv", "gone-c"),
    ]
    assert {f.rule for f in findings} == {"reference-unknown"}


def test_cited_references_pass(pkg: Pkg) -> None:
    for table, key in (("articles", "test-article"), ("actors", "jane-roe"), ("events", None)):
        rows = pkg.rows[table] if key is None else [pkg.row(table, key)]
        for row in rows:
            row["reference_ids"] = "record-page"
    assert where(pkg.write().findings()) == []


def test_repeated_or_padded_items(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm")["reference_ids"] = "record-page|record-page"
    pkg.row("statements", "st-ministry-denial")["reference_ids"] = "record-page| record-page"
    assert [f.rule for f in pkg.write().findings()] == ["list-item", "list-item"]
