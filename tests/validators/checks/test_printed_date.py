import hashlib

from ledger_fixture import Pkg, where

A = "datapackage/articles.csv"


def _dated(pkg: Pkg, line: str) -> None:
    """The fixture's archived text with a date line under its headline."""
    pkg.seed = pkg.seed.replace("Home | World | Politics\n", f"Home | World | Politics\n{line}\n")
    pkg.rows["articles"][0]["sha256"] = hashlib.sha256(pkg.seed.encode()).hexdigest()
    pkg.rows["articles"][0]["furniture_lines"] = "1-1|5-5"


def test_a_date_the_page_does_not_print_is_found(pkg: Pkg) -> None:
    _dated(pkg, "YEREVAN, October 15. /Agency/.")
    pkg.rows["articles"][0]["printed_date"] = "October 16"
    findings = pkg.write().findings()
    assert where(findings) == [("printed-date", A, 2, "printed_date")]
    assert findings[0].message == (
        "'October 16' does not occur in seeds/001_test.txt (the archived text of test-article)."
    )


def test_a_printed_date_is_found_as_written_or_folded(pkg: Pkg) -> None:
    _dated(pkg, "15 Octóber 2023 – 12:41")
    pkg.rows["articles"][0]["printed_date"] = "15 october  2023 - 12:41"
    assert where(pkg.write().findings()) == []


def test_a_printed_date_in_an_unreadable_file_is_left_to_seed_hash(pkg: Pkg) -> None:
    pkg.rows["articles"][0]["printed_date"] = "October 16"
    pkg.rows["articles"][0]["sha256"] = "0" * 64
    pkg.write()
    (pkg.root / "seeds" / "001_test.txt").write_bytes(b"\xff\xfe not UTF-8")
    assert [f.rule for f in pkg.findings()] == ["seed-hash"]
