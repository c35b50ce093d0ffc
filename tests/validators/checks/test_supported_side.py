from ledger_fixture import Pkg, where


def test_supported_side_must_be_a_side(pkg: Pkg) -> None:
    pkg.row("contradictions", "ct-calm-vs-denial")["supported_side"] = "d"
    findings = pkg.write().findings()
    assert where(findings) == [
        ("supported-side", "datapackage/contradictions.csv", 2, "supported_side")
    ]
    assert (
        findings[0].message
        == "Side 'd' is not a side of this contradiction (its sides: a, b, c, e)."
    )


def test_the_record_side_can_be_supported(pkg: Pkg) -> None:
    pkg.row("contradictions", "ct-calm-vs-denial")["supported_side"] = "c"
    assert where(pkg.write().findings()) == []


def test_the_article_side_can_be_supported(pkg: Pkg) -> None:
    pkg.row("contradictions", "ct-calm-vs-denial")["supported_side"] = "e"
    assert where(pkg.write().findings()) == []
