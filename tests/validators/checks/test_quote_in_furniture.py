from ledger_fixture import Pkg, where


def test_quote_only_in_furniture_lines(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm")["quote"] = "Roe praises the border guards"
    findings = pkg.write().findings()
    line = pkg.line("statements", "st-roe-calm")
    assert where(findings) == [("quote-in-furniture", "datapackage/statements.csv", line, "quote")]
    assert "line 4 of seeds/001_test.txt" in findings[0].message


def test_quote_also_outside_furniture_passes(pkg: Pkg) -> None:
    pkg.seed += "Roe praises the border guards, the article says.\n"
    pkg.row("statements", "st-roe-calm")["quote"] = "Roe praises the border guards"
    pkg.row("articles", "test-article")["sha256"] = (
        __import__("hashlib").sha256(pkg.seed.encode()).hexdigest()
    )
    assert where(pkg.write().findings()) == []
