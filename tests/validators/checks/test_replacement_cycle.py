from ledger_fixture import Pkg, where


def test_two_rows_replacing_each_other(pkg: Pkg) -> None:
    pkg.row("outlets", "cited-outlet").update(
        record_status="retired", retired_reason="duplicate", replaced_by="test-outlet"
    )
    pkg.row("outlets", "test-outlet").update(
        record_status="retired", retired_reason="duplicate", replaced_by="cited-outlet"
    )
    pkg.rows["outlets"].append(
        {
            "outlet_id": "z-outlet",
            "name": "Z",
            "kind": "other",
            "ownership": "unknown",
            "record_status": "active",
        }
    )
    for article in pkg.rows["articles"]:
        article["outlet_id"] = "z-outlet"
    pkg.row("statements", "st-roe-calm")["via_outlet_id"] = "z-outlet"
    findings = pkg.write().findings()
    assert where(findings) == [
        ("replacement-cycle", "datapackage/outlets.csv", 2, "replaced_by"),
        ("replacement-cycle", "datapackage/outlets.csv", 3, "replaced_by"),
    ]
