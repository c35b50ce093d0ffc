from ledger_fixture import Pkg, where

SIDES = "datapackage/contradiction_sides.csv"


def retire(pkg: Pkg, statement: str, replaced_by: str = "") -> None:
    pkg.row("statements", statement).update(
        record_status="retired", retired_reason="duplicate", replaced_by=replaced_by
    )


def copy_of_denial(pkg: Pkg) -> None:
    row = dict(pkg.row("statements", "st-ministry-denial"), statement_id="st-ministry-denial-2")
    pkg.rows["statements"].append(row)


def test_retired_statement_alone_on_a_side_of_an_open_contradiction(pkg: Pkg) -> None:
    retire(pkg, "st-ministry-denial")
    findings = pkg.write().findings()
    assert where(findings) == [("retired-side", SIDES, 2, "statement_id")]
    assert findings[0].message == (
        "st-ministry-denial is retired, and side 'b' of the open contradiction "
        "ct-calm-vs-denial has no active statement left."
    )
    assert findings[0].fix == (
        "Resolve the contradiction (with a resolution_note saying what became of this side), "
        "retire it with a retired_reason, or keep the statement active."
    )


def test_the_fix_names_the_replacement(pkg: Pkg) -> None:
    copy_of_denial(pkg)
    retire(pkg, "st-ministry-denial", replaced_by="st-ministry-denial-2")
    findings = pkg.write().findings()
    assert where(findings) == [("retired-side", SIDES, 2, "statement_id")]
    assert findings[0].fix == (
        "Put st-ministry-denial-2 (which replaces it) in statement_id instead."
    )


def test_side_moved_to_the_replacement_passes(pkg: Pkg) -> None:
    copy_of_denial(pkg)
    retire(pkg, "st-ministry-denial", replaced_by="st-ministry-denial-2")
    pkg.row("contradiction_sides", "st-ministry-denial")["statement_id"] = "st-ministry-denial-2"
    assert where(pkg.write().findings()) == []


def test_an_active_statement_left_on_the_side_passes(pkg: Pkg) -> None:
    copy_of_denial(pkg)
    pkg.row("statements", "st-ministry-denial-2")["quote"] = "calling it false"
    retire(pkg, "st-ministry-denial")
    pkg.rows["contradiction_sides"].append(
        {
            "contradiction_id": "ct-calm-vs-denial",
            "statement_id": "st-ministry-denial-2",
            "side": "b",
            "record_status": "active",
        }
    )
    assert where(pkg.write().findings()) == []


def test_a_resolved_contradiction_may_keep_a_retired_side(pkg: Pkg) -> None:
    retire(pkg, "st-ministry-denial")
    pkg.row("contradictions", "ct-calm-vs-denial").update(
        resolution="resolved", resolution_note="The record supports side a."
    )
    assert where(pkg.write().findings()) == []
