"""Bad CSV input of every kind gets a finding (or, for bad encoding, a one-line error)."""

import pytest

from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.validate import validate

from ledger_fixture import Pkg, where

A = "datapackage/actors.csv"


def test_empty_file(pkg: Pkg) -> None:
    findings = pkg.write({"actors": b""}).findings()
    assert where(findings) == [("csv-empty", A, None, None)]
    assert "actor_id,name,aliases" in findings[0].fix


def test_bom_is_reported_and_other_checks_still_run(pkg: Pkg) -> None:
    findings = pkg.write({"actors": b"\xef\xbb\xbf" + pkg.csv_bytes("actors")}).findings()
    assert where(findings) == [("csv-bom", A, 1, None)]


def test_crlf_line_endings(pkg: Pkg) -> None:
    data = pkg.csv_bytes("actors").replace(b"\n", b"\r\n")
    assert where(pkg.write({"actors": data}).findings()) == [("csv-line-endings", A, 1, None)]


def test_ragged_row(pkg: Pkg) -> None:
    data = pkg.csv_bytes("actors").replace(b",person,", b",person,,", 1)
    findings = pkg.write({"actors": data}).findings()
    assert where(findings) == [("csv-row-length", A, 2, None)]
    assert findings[0].message == "This row has 14 cells but the header has 13."


def test_renamed_header(pkg: Pkg) -> None:
    data = pkg.csv_bytes("actors").replace(b"actor_id,name", b"actor_id,full_name", 1)
    findings = pkg.write({"actors": data}).findings()
    assert where(findings) == [("csv-header", A, 1, None)]
    assert "missing column(s): name; unknown column(s): full_name" in findings[0].message


def test_header_in_wrong_order(pkg: Pkg) -> None:
    data = pkg.csv_bytes("actors").replace(b"actor_id,name", b"name,actor_id", 1)
    findings = pkg.write({"actors": data}).findings()
    assert where(findings) == [("csv-header", A, 1, None)]
    assert "wrong order" in findings[0].message


def test_unclosed_quote(pkg: Pkg) -> None:
    data = pkg.csv_bytes("actors") + b'broken,"Unclosed,,person,,,,,active,,\n'
    findings = pkg.write({"actors": data}).findings()
    assert where(findings) == [("csv-syntax", A, 4, None)]


def test_blank_line(pkg: Pkg) -> None:
    data = pkg.csv_bytes("actors") + b"\n"
    assert where(pkg.write({"actors": data}).findings()) == [("csv-blank-row", A, 4, None)]


def test_wrong_encoding_cannot_run_and_says_where(pkg: Pkg) -> None:
    data = pkg.csv_bytes("actors").replace(b"Jane Roe", b"Jan\xe9 Roe")
    pkg.write({"actors": data})
    with pytest.raises(CannotRun) as caught:
        validate(pkg.root)
    assert caught.value.message == (
        "datapackage/actors.csv, line 2: not UTF-8 (byte 0xE9); save the file as UTF-8 "
        "(in a spreadsheet: CSV UTF-8)"
    )


def test_missing_csv_cannot_run(pkg: Pkg) -> None:
    pkg.write()
    (pkg.root / A).unlink()
    with pytest.raises(CannotRun, match=r"datapackage/actors\.csv: file not found"):
        validate(pkg.root)


def test_descriptor_not_json_cannot_run(pkg: Pkg) -> None:
    pkg.write()
    (pkg.root / "datapackage.json").write_text("{ not json")
    with pytest.raises(CannotRun, match=r"not valid JSON \(line 1"):
        validate(pkg.root)
