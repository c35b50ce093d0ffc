import hashlib

from ledger_fixture import Pkg, where

A = "datapackage/actors.csv"


def test_misspelling_printed_nowhere_is_found(broken) -> None:  # type: ignore[no-untyped-def]
    findings = broken("actors", "jane-roe", misspellings="Jane Rowe")
    assert where(findings) == [("misspelling-recorded", A, 2, "misspellings")]
    assert (
        findings[0].message
        == "The misspelling 'Jane Rowe' of jane-roe occurs in no archived article."
    )
    assert findings[0].value == "Jane Rowe"


def _misspelt(pkg: Pkg) -> Pkg:
    pkg.seed = pkg.seed.replace("Minister Jane Roe said", "Minister Jane Rowe said")
    pkg.row("actors", "jane-roe")["misspellings"] = "Jane Rowe"
    pkg.row("statements", "st-roe-calm")["speaker_as_reported"] = "Minister Jane Rowe"
    pkg.rows["articles"][0]["sha256"] = hashlib.sha256(pkg.seed.encode()).hexdigest()
    return pkg


def test_misspelling_without_misattribution_contradiction_is_found(pkg: Pkg) -> None:
    findings = _misspelt(pkg).write().findings()
    assert where(findings) == [("misspelling-recorded", A, 2, "misspellings")]
    assert findings[0].message == (
        "The misspelling 'Jane Rowe' of jane-roe is printed in test-article but recorded in no "
        "misattribution contradiction."
    )


def test_misspelling_recorded_as_misattribution_passes(pkg: Pkg) -> None:
    _misspelt(pkg)
    pkg.rows["contradictions"].append(
        {
            "contradiction_id": "ct-jane-rowe",
            "kind": "misattribution",
            "summary": "Names the minister 'Jane Rowe'.",
            "resolution": "resolved",
            "resolution_note": "Her name is Jane Roe.",
            "record_status": "active",
        }
    )
    pkg.rows["record_sides"].append(  # the outside record as the other side
        {
            "contradiction_id": "ct-jane-rowe",
            "side": "b",
            "reference_ids": "record-page",
            "record_status": "active",
        }
    )
    pkg.rows["contradiction_sides"].append(
        {
            "contradiction_id": "ct-jane-rowe",
            "statement_id": "st-roe-calm",
            "side": "a",
            "record_status": "active",
        }
    )
    assert where(pkg.write().findings()) == []
