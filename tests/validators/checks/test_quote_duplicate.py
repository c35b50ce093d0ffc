from ledger_fixture import Pkg, where


def test_two_statements_of_one_article_share_a_quote(pkg: Pkg) -> None:
    quote = pkg.row("statements", "st-roe-calm")["quote"]
    pkg.row("statements", "st-ministry-denial")["quote"] = quote
    findings = pkg.write().findings()
    line = pkg.line("statements", "st-ministry-denial")  # the second row in the file
    assert where(findings) == [("quote-duplicate", "datapackage/statements.csv", line, "quote")]
    assert "st-roe-calm" in findings[0].message
