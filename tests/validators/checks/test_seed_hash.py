from ledger_fixture import Pkg, where

A = "datapackage/articles.csv"


def test_changed_archive_file_is_found(pkg: Pkg) -> None:
    pkg.seed = pkg.seed.replace("after the incident", "after the clash")
    findings = pkg.write().findings()
    assert where(findings) == [("seed-hash", A, 2, "sha256")]


def test_missing_archive_file_is_found(pkg: Pkg) -> None:
    pkg.write()
    (pkg.root / "seeds" / "001_test.txt").unlink()
    assert where(pkg.findings()) == [("seed-hash", A, 2, "seed_path")]


def test_archive_file_not_utf8_is_found(pkg: Pkg) -> None:
    pkg.write()
    (pkg.root / "seeds" / "001_test.txt").write_bytes(b"caf\xe9\n")
    assert where(pkg.findings()) == [("seed-hash", A, 2, "seed_path")]
