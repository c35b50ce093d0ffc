import json

from ledger_fixture import Pkg, where

A = "datapackage/articles.csv"


def _sources(pkg: Pkg, sources: list[dict[str, str]]) -> None:
    path = pkg.root / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["sources"] = sources
    path.write_text(json.dumps(descriptor, indent=2) + "\n")


def test_archived_file_no_source_lists_is_found(pkg: Pkg) -> None:
    _sources(pkg.write(), [])
    findings = pkg.findings()
    assert where(findings) == [("seed-source", A, 2, "seed_path")]
    assert findings[0].message == (
        "The archived file seeds/001_test.txt is not listed in `sources` of datapackage.json."
    )


def test_source_that_is_not_an_archived_file_is_found(pkg: Pkg) -> None:
    pkg.write()
    listed = {"title": "Test Outlet, 'Border calm'", "path": "seeds/001_test.txt"}
    _sources(pkg, [listed, {"title": "Gone", "path": "seeds/002_gone.txt"}])
    findings = pkg.findings()
    line = next(
        n
        for n, text in enumerate((pkg.root / "datapackage.json").read_text().splitlines(), 1)
        if '"seeds/002_gone.txt"' in text
    )
    assert where(findings) == [("seed-source", "datapackage.json", line, "sources")]
    assert findings[0].value == "seeds/002_gone.txt"


def test_archived_file_nothing_lists_is_found(pkg: Pkg) -> None:
    pkg.write()
    (pkg.root / "seeds/002_stray.txt").write_text("A stray text.\n", encoding="utf-8")
    assert where(pkg.findings()) == [("seed-source", "seeds/002_stray.txt", None, None)]


def test_a_source_naming_the_folder_lists_every_file_in_it(pkg: Pkg) -> None:
    pkg.write()
    (pkg.root / "seeds/002_more.txt").write_text("Another text.\n", encoding="utf-8")
    _sources(pkg, [{"title": "The archived texts", "path": "seeds/"}])
    assert where(pkg.findings()) == []
