from ledger_fixture import Pkg, where

S = "datapackage/statements.csv"


def test_quote_not_in_article_is_found(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm")["quote"] = 'the border is "calm and peaceful"'
    findings = pkg.write().findings()
    assert where(findings) == [
        ("quote-grounded", S, pkg.line("statements", "st-roe-calm"), "quote")
    ]
    assert "seeds/001_test.txt" in findings[0].message


def test_only_whitespace_quote_marks_and_dashes_may_differ(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm")["quote"] = "the  border is «calm and quiet»"
    assert where(pkg.write().findings()) == []
    pkg.row("statements", "st-roe-calm")["quote"] = "The border is “calm and quiet”"  # case differs
    line = pkg.line("statements", "st-roe-calm")
    assert where(pkg.write().findings()) == [("quote-grounded", S, line, "quote")]


def test_retired_statement_is_not_checked(pkg: Pkg) -> None:
    row = pkg.row("statements", "st-roe-calm")
    row.update(
        quote="words never printed",
        record_status="retired",
        retired_reason="quote not in the article",
    )
    pkg.row("contradiction_sides", "st-roe-calm").update(
        record_status="retired", retired_reason="statement retired"
    )
    pkg.row("contradictions", "ct-calm-vs-denial").update(
        record_status="retired", retired_reason="one side retired"
    )
    assert "quote-grounded" not in {f.rule for f in pkg.write().findings()}
