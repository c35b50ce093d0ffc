"""The no-loss promise end to end: each way of losing a row or its meaning is refused."""

import pytest

from ledger_fixture import Pkg, where

OUTLETS = "datapackage/outlets.csv"


def retire(pkg: Pkg, outlet: str, **cells: str) -> None:
    pkg.row("outlets", outlet).update(record_status="retired", **cells)


def test_a_retired_row_gives_its_reason(pkg: Pkg) -> None:
    pkg.rows["outlets"].append(
        {"outlet_id": "spare", "name": "Spare", "kind": "other", "ownership": "unknown"}
    )
    retire(pkg, "spare")
    assert where(pkg.write().findings()) == [("retired-reason", OUTLETS, 4, "retired_reason")]


@pytest.mark.parametrize("replacement", ["no-such-outlet", "test-outlet"])
def test_a_replacement_must_exist(pkg: Pkg, replacement: str) -> None:
    retire(pkg, "cited-outlet", retired_reason="duplicate", replaced_by=replacement)
    pkg.row("statements", "st-roe-calm")["via_outlet_id"] = "test-outlet"
    findings = pkg.write().findings()
    expected = [("foreign-key", OUTLETS, 2, "replaced_by")] if replacement != "test-outlet" else []
    assert where(findings) == expected
