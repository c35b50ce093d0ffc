"""`fmt` writes canonical CSVs and fresh checksums; `fmt --check` only reports."""

import csv
import hashlib
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


def test_fmt_refuses_a_file_it_cannot_read_naming_the_line(pkg: Pkg) -> None:
    broken = pkg.csv_bytes("actors").replace(b",Jane Roe,", b',"Jane" Roe,', 1)
    pkg.write({"actors": broken})
    before = (pkg.root / "datapackage/actors.csv").read_bytes()
    line = next(n for n, r in enumerate(broken.split(b"\n"), 1) if b'"Jane" Roe' in r)
    result = fmt("--format", "json", str(pkg.root))
    assert result.returncode == 2
    found = json.loads(result.stdout)["findings"]
    assert [(f["rule"], f["file"], f["line"]) for f in found] == [
        ("csv-syntax", "datapackage/actors.csv", line)
    ]
    assert found[0]["fix"]
    assert result.stderr == "error: fmt changed nothing: fix the file problems above first\n"
    assert (pkg.root / "datapackage/actors.csv").read_bytes() == before


def test_fmt_fills_the_sha256_of_a_new_article_only(pkg: Pkg) -> None:
    new = dict(pkg.row("articles", "test-article"), article_id="new-article", sha256="")
    new["seed_path"] = "seeds/002_new.txt"
    pkg.rows["articles"].append(new)
    pkg.write()
    (pkg.root / "seeds/002_new.txt").write_text(pkg.seed + "More.\n", encoding="utf-8")
    (pkg.root / "seeds/001_test.txt").write_text(pkg.seed + "Changed.\n", encoding="utf-8")
    assert fmt(str(pkg.root)).returncode == 0
    rows = {
        r["article_id"]: r
        for r in csv.DictReader(io.StringIO((pkg.root / "datapackage/articles.csv").read_text()))
    }
    expected = hashlib.sha256((pkg.seed + "More.\n").encode()).hexdigest()
    assert rows["new-article"]["sha256"] == expected
    # the published article keeps its recorded sha256: the changed file is a finding
    assert rows["test-article"]["sha256"] == pkg.row("articles", "test-article")["sha256"]
