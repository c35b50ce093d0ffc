"""`statement-ledger release`: refuses what must not be published; writes reproducible files."""

import csv
import hashlib
import json
import shutil
import sqlite3
import subprocess
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from statement_ledger.cli import main as cli
from statement_ledger.curation import canonical
from statement_ledger.publishing import snapshot
from statement_ledger.publishing.diff import compare
from statement_ledger.publishing.release import ReleaseRefused, check_against, release_date
from statement_ledger.validators.errors import CannotRun

from ledger_fixture import REPO, Pkg, sha256sum_check, stock_frictionless

DATE = "2025-01-15"
# The versions the tests release a copy of the package as: above the one it has now.
CURRENT = json.loads((REPO / "datapackage.json").read_text())["version"]
_MAJOR = int(CURRENT.split(".")[0])
V1, V2, V3, V4 = (
    f"{_MAJOR + 1}.0.0",
    f"{_MAJOR + 1}.0.1",
    f"{_MAJOR + 1}.1.0",
    f"{_MAJOR + 2}.0.0",
)
FILES = ("datapackage.json", "README.md", "LICENSE", "CHANGELOG.md", "CITATION.cff")
DIRS = ("datapackage", "schema", "seeds")


def repo_copy(into: Path) -> Path:
    """The real package, with its documents, in a temporary directory."""
    into.mkdir(parents=True)
    for name in FILES:
        shutil.copyfile(REPO / name, into / name)
    for name in DIRS:
        shutil.copytree(REPO / name, into / name)
    return into


def cut(capsys: pytest.CaptureFixture[str], root: Path, version: str, *more: str) -> int:
    code = cli.main(["release", version, str(root), "--date", DATE, *more])
    capsys.readouterr()
    return code


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def append_row(root: Path, table: str, row: dict[str, str]) -> None:
    path = root / "datapackage" / f"{table}.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=header, lineterminator="\n").writerow(row)
    canonical.write(root)  # what a curator's `statement-ledger fmt` does


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real package released as V1; returns the release directory."""
    root = repo_copy(tmp_path_factory.mktemp("released") / "repo")
    assert cli.main(["release", f"{V1}", str(root), "--date", DATE, "--previous", "none"]) == 0
    return root / "releases" / f"{V1}"


@pytest.fixture(scope="module")
def unzipped(released: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    into = tmp_path_factory.mktemp("elsewhere")
    with zipfile.ZipFile(released / f"statement-ledger-{V1}.zip") as archive:
        archive.extractall(into)
    return into


def test_release_twice_with_the_same_input_is_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = repo_copy(tmp_path / "a"), repo_copy(tmp_path / "b" / "elsewhere")
    assert cut(capsys, first, f"{V1}", "--previous", "none") == 0
    assert cut(capsys, second, f"{V1}", "--previous", "none") == 0
    tables = json.loads((REPO / "datapackage.json").read_text())["resources"]
    parquet = [f"{V1}/statement-ledger-{V1}.{t['name']}.parquet" for t in tables]
    assert sorted(tree(first / "releases")) == sorted([
        "index.json",
        f"{V1}/SHA256SUMS",
        f"{V1}/index.json",
        f"{V1}/statement-ledger-{V1}.db",
        f"{V1}/statement-ledger-{V1}.diff.json",
        f"{V1}/statement-ledger-{V1}.zip",
        *parquet,
    ])  # fmt: skip
    assert tree(first) == tree(second)  # the release files and the updated package files


@pytest.mark.parametrize("version", [CURRENT, "0.0.9"])
def test_a_version_that_does_not_increase_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], version: str
) -> None:
    root = repo_copy(tmp_path / "repo")
    before = tree(root)
    assert cli.main(["release", version, str(root)]) == 1
    assert capsys.readouterr().err == (
        f"refused: version {version} is not greater than the current {CURRENT}\n"
    )
    assert tree(root) == before


def test_a_malformed_version_cannot_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["release", "1.0", str(repo_copy(tmp_path / "repo"))]) == 2
    assert capsys.readouterr().err == (
        "error: '1.0' is not a version MAJOR.MINOR.PATCH such as 1.0.0\n"
    )


def test_an_invalid_package_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = repo_copy(tmp_path / "repo")
    seed = next((root / "seeds").iterdir())
    seed.write_text(seed.read_text() + "edited\n")
    before = tree(root)
    assert cli.main(["release", f"{V1}", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("refused: the package is not valid; nothing was released.\n")
    assert "[seed-hash]" in err
    assert tree(root) == before


def test_the_unzipped_release_validates_with_stock_frictionless(unzipped: Path) -> None:
    done = stock_frictionless(unzipped)
    assert done.returncode == 0, done.stdout
    assert json.loads((unzipped / "datapackage.json").read_text())["version"] == f"{V1}"
    assert cli.main(["validate", str(unzipped)]) == 0
    names = sorted(p.relative_to(unzipped).as_posix() for p in unzipped.rglob("*") if p.is_file())
    assert names == sorted([*FILES, *(f"{d}/{p}" for d in DIRS for p in tree(REPO / d))])


def test_checksums_match_index_json(released: Path) -> None:
    index = json.loads((released / "index.json").read_text())
    assert (index["name"], index["version"], index["date"], index["previous"]) == (
        "statement-ledger",
        f"{V1}",
        DATE,
        None,
    )
    listed = {f["path"]: (f["bytes"], f["sha256"]) for f in index["files"]}
    on_disk = {
        p.name: (p.stat().st_size, hashlib.sha256(p.read_bytes()).hexdigest())
        for p in released.iterdir()
        if p.name != "index.json"
    }
    assert listed == on_disk


def test_the_release_loads_in_pandas_and_duckdb(released: Path, unzipped: Path) -> None:
    descriptor = json.loads((unzipped / "datapackage.json").read_text())
    database = sqlite3.connect(released / f"statement-ledger-{V1}.db")
    for resource in descriptor["resources"]:
        path = unzipped / resource["path"]
        with open(path, encoding="utf-8", newline="") as handle:
            count = sum(1 for _ in csv.DictReader(handle))
        frame = pd.read_csv(path, keep_default_na=False, dtype=str)
        table = pd.read_sql_query(f'SELECT * FROM "{resource["name"]}"', database)
        in_duckdb = duckdb.sql(f"SELECT count(*) FROM read_csv('{path}')").fetchall()
        assert len(frame) == len(table) == count == in_duckdb[0][0], resource["name"]
    database.close()
    top = duckdb.sql(
        f"SELECT a.name, count(*) AS n FROM read_csv('{unzipped}/datapackage/statements.csv') s "
        f"JOIN read_csv('{unzipped}/datapackage/actors.csv') a ON a.actor_id = s.speaker_id "
        "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchall()
    assert top[0][1] > 1


def test_the_next_release_diffs_against_the_last_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repo_copy(tmp_path / "repo")
    assert cut(capsys, root, f"{V1}", "--previous", "none") == 0
    retired = {
        "actor_id": "added-by-mistake",
        "name": "Added By Mistake",
        "kind": "person",
        "record_status": "retired",
        "retired_reason": "not in any archived article",
    }
    append_row(root, "actors", retired)
    assert cut(capsys, root, f"{V2}") == 0  # the previous release is found in releases/V1
    diff = json.loads((root / f"releases/{V2}/statement-ledger-{V2}.diff.json").read_text())
    assert (diff["old"], diff["new"]) == (
        {"label": f"{V1}", "version": f"{V1}"},
        {"label": f"{V2}", "version": f"{V2}"},
    )
    assert diff["summary"] == {"actors": {"added": 1}, "id_manifest": {"added": 1}}
    index = json.loads((root / "releases/index.json").read_text())
    assert [r["version"] for r in index["releases"]] == [f"{V2}", f"{V1}"]
    for entry in index["releases"]:
        for listed in entry["files"]:
            path = root / "releases" / listed["url"]
            assert path.is_file(), listed
            if "sha256" in listed:
                assert listed["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
                assert listed["bytes"] == path.stat().st_size
    assert f"actors,added-by-mistake,{V2}\n" in (root / "datapackage/id_manifest.csv").read_text()
    changelog = (root / "CHANGELOG.md").read_text()
    assert changelog.index(f"## {V2} — {DATE}") < changelog.index(f"## {V1} — {DATE}")
    assert f"### Changes since {V1} (generated by `statement-ledger release`)\n\n" in changelog
    assert f'version: "{V2}"\ndate-released: "{DATE}"\n' in (root / "CITATION.cff").read_text()
    assert cli.main(["validate", str(root)]) == 0


def test_a_row_deleted_with_its_manifest_entry_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repo_copy(tmp_path / "repo")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], cwd=root, check=True)
    assert cut(capsys, root, f"{V1}", "--previous", "none", "--out", str(tmp_path / "out")) == 0
    subprocess.run([*git, "add", "."], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", f"Release {V1}"], cwd=root, check=True)
    subprocess.run([*git, "tag", f"v{V1}"], cwd=root, check=True)
    gone = "ct-aliyev-readiness-vs-conditional-halt"
    for name in ("contradictions", "contradiction_sides", "record_sides", "id_manifest"):
        path = root / "datapackage" / f"{name}.csv"
        lines = path.read_text().splitlines(keepends=True)
        path.write_text("".join(line for line in lines if gone not in line))
    canonical.write(root)
    assert cli.main(["validate", str(root)]) == 0  # the manifest no longer knows the id...
    before = tree(root)
    assert cli.main(["release", f"{V2}", str(root), "--out", str(tmp_path / "out2")]) == 1
    err = capsys.readouterr().err  # ...but the release compares with the tag vV1
    assert f"Previous release: {V1} (v{V1})\nrefused: rows were removed since the last" in err
    assert f"contradictions {gone} was removed" in err
    assert tree(root) == before


def test_a_bump_too_small_for_the_schema_change_is_refused(pkg: Pkg, tmp_path: Path) -> None:
    shutil.copytree(pkg.write().root, tmp_path / "old")
    old = snapshot.read(tmp_path / "old", f"{V1}")
    old = snapshot.Snapshot(f"{V1}", f"{V1}", old.tables)
    path = pkg.root / "schema" / "outlets.json"
    schema = json.loads(path.read_text())
    schema["fields"].append({"name": "founded", "type": "year"})
    path.write_text(json.dumps(schema))
    diff = compare(old, snapshot.read(pkg.root, "new"))
    with pytest.raises(ReleaseRefused) as refused:
        check_against(old, f"{V2}", diff)
    assert refused.value.message == (
        f"{V1} → {V2} is a patch release, but the schema changes need a minor one "
        "(outlets.founded field added)"
    )
    check_against(old, f"{V3}", diff)
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "notes"]
    path.write_text(json.dumps(schema))
    diff = compare(old, snapshot.read(pkg.root, "new"))
    with pytest.raises(ReleaseRefused, match="is a minor release, but the schema changes need a"):
        check_against(old, f"{V3}", diff)
    check_against(old, f"{V4}", diff)
    with pytest.raises(ReleaseRefused, match=rf"0\.9\.0 is not greater than the release {V1}"):
        check_against(old, "0.9.0", diff)


def test_the_release_date_comes_from_the_option_or_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1736899200")  # 2025-01-15T00:00:00Z
    assert release_date(None) == "2025-01-15"
    assert release_date("2026-02-03") == "2026-02-03"
    with pytest.raises(CannotRun, match="not a date written YYYY-MM-DD"):
        release_date("3 Feb 2026")


def test_sha256sums_checks_with_the_standard_tool(released: Path) -> None:
    listed = (released / "SHA256SUMS").read_text().splitlines()
    others = {p.name for p in released.iterdir()} - {"SHA256SUMS", "index.json"}
    assert sorted(line.split("  ")[1] for line in listed) == sorted(others)
    checked = sha256sum_check(released)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_parquet_tables_hold_the_rows_of_the_csvs(released: Path, unzipped: Path) -> None:
    """Read back with DuckDB and pandas: the same rows, dates as dates, lists as lists, an
    empty cell as null (an empty list for a list column)."""
    descriptor = json.loads((unzipped / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        schema = json.loads((unzipped / resource["schema"]).read_text())
        kinds = {f["name"]: (f["type"], f.get("delimiter", ",")) for f in schema["fields"]}
        parquet = released / f"statement-ledger-{V1}.{resource['name']}.parquet"
        expected = []
        for row in _csv_rows(unzipped / resource["path"]):
            typed: dict[str, object] = {}
            for name, value in row.items():
                kind, delimiter = kinds[name]
                if kind == "list":
                    typed[name] = value.split(delimiter) if value else []
                elif kind == "date":
                    typed[name] = value or None
                else:
                    typed[name] = value or None
            expected.append(typed)
        in_duckdb = duckdb.sql(f"SELECT * FROM read_parquet('{parquet}')")
        names = in_duckdb.columns
        from_duckdb = [
            {
                n: (v.isoformat() if kinds[n][0] == "date" and v is not None else v)
                for n, v in zip(names, values, strict=True)
            }
            for values in in_duckdb.fetchall()
        ]
        assert names == list(kinds), resource["name"]
        assert from_duckdb == expected, resource["name"]
        frame = pd.read_parquet(parquet)
        assert len(frame) == len(expected) and list(frame.columns) == list(kinds)
