from ledger_fixture import Pkg, where

C = "datapackage/contradictions.csv"


def test_one_side_without_evidence(pkg: Pkg) -> None:
    pkg.row("contradiction_sides", "st-ministry-denial")["side"] = "a"
    assert where(pkg.write().findings()) == [("contradiction-sides", C, 2, "contradiction_id")]


def test_one_side_with_evidence_passes(pkg: Pkg) -> None:
    pkg.row("contradiction_sides", "st-ministry-denial")["side"] = "a"
    pkg.row("contradictions", "ct-calm-vs-denial")["evidence_url"] = "https://example.org/record"
    assert where(pkg.write().findings()) == []


def test_no_sides_at_all(pkg: Pkg) -> None:
    for side in pkg.rows["contradiction_sides"]:
        side.update(record_status="retired", retired_reason="wrong contradiction")
    pkg.row("contradictions", "ct-calm-vs-denial")["supported_side"] = ""
    findings = pkg.write().findings()
    assert where(findings) == [("contradiction-sides", C, 2, "contradiction_id")]
    assert "no sides" in findings[0].message
