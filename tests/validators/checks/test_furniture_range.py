from ledger_fixture import Pkg, where


def test_range_past_end_of_file(pkg: Pkg) -> None:
    pkg.row("articles", "test-article")["furniture_lines"] = "1-1|4-9"
    assert where(pkg.write().findings()) == [
        ("furniture-range", "datapackage/articles.csv", 2, "furniture_lines")
    ]


def test_span_past_the_end_of_its_line(pkg: Pkg) -> None:
    third = pkg.seed.split("\n")[2]
    pkg.row("articles", "test-article")["furniture_lines"] = f"1-1|3:45-3:{len(third) + 1}|4-4"
    findings = pkg.write().findings()
    assert where(findings) == [
        ("furniture-range", "datapackage/articles.csv", 2, "furniture_lines")
    ]
    assert findings[0].message == (
        f"Span 3:45-3:{len(third) + 1} goes past the end of line 3 of seeds/001_test.txt, "
        f"which has {len(third)} characters."
    )


def test_span_to_the_last_character_of_its_line_passes(pkg: Pkg) -> None:
    third = pkg.seed.split("\n")[2]
    pkg.row("articles", "test-article")["furniture_lines"] = f"1-1|3:45-3:{len(third)}|4-4"
    assert where(pkg.write().findings()) == []


def test_span_past_the_last_line(pkg: Pkg) -> None:
    pkg.row("articles", "test-article")["furniture_lines"] = "1-1|5:1-5:2"
    findings = pkg.write().findings()
    assert [f.message for f in findings] == [
        "Span 5:1-5:2 goes past the end of seeds/001_test.txt, which has 4 lines."
    ]
