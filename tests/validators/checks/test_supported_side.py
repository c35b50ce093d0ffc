from ledger_fixture import Pkg, where


def test_supported_side_must_be_a_side(pkg: Pkg) -> None:
    pkg.row("contradictions", "ct-calm-vs-denial")["supported_side"] = "c"
    assert where(pkg.write().findings()) == [
        ("supported-side", "datapackage/contradictions.csv", 2, "supported_side")
    ]
