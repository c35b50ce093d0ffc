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


# Line 3 of the fixture's text: "The ministry denied the report — calling it false."
# st-ministry-denial quotes "The ministry denied the report - calling it" (columns 1-43, with
# a hyphen for the dash, so the folded search finds it).


def test_quote_overlapping_a_span_within_its_line(pkg: Pkg) -> None:
    pkg.row("articles", "test-article")["furniture_lines"] = "1-1|3:1-3:12|4-4"
    findings = pkg.write().findings()
    line = pkg.line("statements", "st-ministry-denial")
    assert where(findings) == [("quote-in-furniture", "datapackage/statements.csv", line, "quote")]
    assert "line 3 of seeds/001_test.txt" in findings[0].message


def test_quote_beside_a_span_on_its_line_passes(pkg: Pkg) -> None:
    pkg.row("articles", "test-article")["furniture_lines"] = "1-1|3:45-3:50|4-4"
    assert where(pkg.write().findings()) == []


def test_verbatim_quote_in_a_span_and_beside_it(pkg: Pkg) -> None:
    pkg.row("statements", "st-ministry-denial")["quote"] = "denied the report"
    pkg.row("articles", "test-article")["furniture_lines"] = "1-1|3:1-3:12|4-4"
    assert where(pkg.write().findings()) == []
    pkg.row("articles", "test-article")["furniture_lines"] = "1-1|3:14-3:19|4-4"
    line = pkg.line("statements", "st-ministry-denial")
    assert where(pkg.write().findings()) == [
        ("quote-in-furniture", "datapackage/statements.csv", line, "quote")
    ]
