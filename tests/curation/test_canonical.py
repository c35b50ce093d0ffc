"""`fmt` writes canonical CSVs and fresh checksums; `fmt --check` only reports."""

import csv
import io
import json
import subprocess
import sys

from statement_ledger.curation import canonical

from ledger_fixture import Pkg, where


def fmt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statement_ledger.cli.main", "fmt", *args],
        capture_output=True,
        text=True,
        check=False,
    )


def test_fmt_sorts_rows_drops_bom_and_crlf_and_refreshes_checksums(pkg: Pkg) -> None:
    messy = b"\xef\xbb\xbf" + pkg.csv_bytes("statements").replace(b"\n", b"\r\n")
    pkg.write({"statements": messy})
    check = fmt("--check", str(pkg.root))
    assert check.returncode == 1 and "[fmt-canonical]" in check.stdout
    assert fmt(str(pkg.root)).returncode == 0
    data = (pkg.root / "datapackage/statements.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r" not in data
    ids = [r["statement_id"] for r in csv.DictReader(io.StringIO(data.decode()))]
    assert ids == sorted(ids) == ["st-ministry-denial", "st-roe-calm"]
    descriptor = json.loads((pkg.root / "datapackage.json").read_text())
    resource = next(r for r in descriptor["resources"] if r["name"] == "statements")
    assert resource["bytes"] == len(data)
    assert where(pkg.findings()) == []
    assert fmt("--check", str(pkg.root)).returncode == 0


def test_fmt_puts_columns_in_schema_order(pkg: Pkg) -> None:
    rows = list(csv.reader(io.StringIO(pkg.csv_bytes("outlets").decode())))
    swapped = [[r[1], r[0], *r[2:]] for r in rows]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(swapped)
    pkg.write({"outlets": out.getvalue().encode()})
    canonical.write(pkg.root)
    header = (pkg.root / "datapackage/outlets.csv").read_text().splitlines()[0]
    assert header.startswith("outlet_id,name,homepage")


def test_fmt_is_idempotent(pkg: Pkg) -> None:
    pkg.write()
    canonical.write(pkg.root)
    assert canonical.write(pkg.root) == []
    assert list(canonical.check(pkg.root)) == []


def test_fmt_refuses_a_file_it_cannot_read(pkg: Pkg) -> None:
    pkg.write({"actors": pkg.csv_bytes("actors") + b'x,"open\n'})
    result = fmt(str(pkg.root))
    assert result.returncode == 2
    assert result.stderr.startswith("error: datapackage/actors.csv: cannot be read as CSV")
