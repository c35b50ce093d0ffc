import pytest

from ledger_fixture import Pkg, where


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_free_text_starting_like_a_formula(pkg: Pkg, start: str) -> None:
    pkg.row("statements", "st-roe-calm")["claim"] = f'{start}HYPERLINK("x")'
    line = pkg.line("statements", "st-roe-calm")
    assert where(pkg.write().findings()) == [
        ("spreadsheet-formula", "datapackage/statements.csv", line, "claim")
    ]
