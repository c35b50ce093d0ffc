from ledger_fixture import Pkg, where


def test_range_past_end_of_file(pkg: Pkg) -> None:
    pkg.row("articles", "test-article")["furniture_lines"] = "1-1|4-9"
    assert where(pkg.write().findings()) == [
        ("furniture-range", "datapackage/articles.csv", 2, "furniture_lines")
    ]
