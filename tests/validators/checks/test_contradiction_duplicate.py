from ledger_fixture import Pkg, where


def test_two_contradictions_with_the_same_statements(pkg: Pkg) -> None:
    pkg.rows["contradictions"].append(
        {
            "contradiction_id": "ct-dup",
            "kind": "framing_conflict",
            "summary": "Same pair.",
            "resolution": "open",
            "record_status": "active",
        }
    )
    pkg.rows["contradiction_sides"] += [
        {
            "contradiction_id": "ct-dup",
            "statement_id": "st-roe-calm",
            "side": "a",
            "record_status": "active",
        },
        {
            "contradiction_id": "ct-dup",
            "statement_id": "st-ministry-denial",
            "side": "b",
            "record_status": "active",
        },
    ]
    findings = pkg.write().findings()
    assert where(findings) == [
        ("contradiction-duplicate", "datapackage/contradictions.csv", 3, "contradiction_id")
    ]
    assert "ct-calm-vs-denial" in findings[0].message
