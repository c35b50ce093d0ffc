from ledger_fixture import Pkg, where


def test_statement_dated_after_its_article(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm")["said_on"] = "2023-10-16"
    line = pkg.line("statements", "st-roe-calm")
    assert where(pkg.write().findings()) == [
        ("said-after-published", "datapackage/statements.csv", line, "said_on")
    ]


def test_precision_widens_the_comparison(pkg: Pkg) -> None:
    # Said in October 2023 (month) and published 15 Oct: may have been said before, so no finding.
    pkg.row("statements", "st-roe-calm").update(said_on="2023-10-01", said_on_precision="month")
    assert where(pkg.write().findings()) == []
    pkg.row("statements", "st-roe-calm").update(said_on="2023-11-01")
    line = pkg.line("statements", "st-roe-calm")
    assert where(pkg.write().findings()) == [
        ("said-after-published", "datapackage/statements.csv", line, "said_on")
    ]
