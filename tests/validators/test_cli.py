"""The command as a curator runs it: exit codes, one-line errors, and nothing modified."""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from statement_ledger.api.build import LAYOUT

from ledger_fixture import Pkg


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statement_ledger.validators.cli", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_valid_package_exits_0(pkg: Pkg) -> None:
    result = run("validate", str(pkg.write().root))
    assert (result.returncode, result.stdout) == (0, "The package is valid: every check passed.\n")


def test_findings_exit_1_in_every_format_and_change_nothing(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm")["quote"] = "never printed"
    root = pkg.write().root
    before = tree_digest(root)
    text = run("validate", str(root))
    as_json = run("validate", str(root), "--format", "json")
    github = run("validate", str(root), "--format", "github")
    assert [text.returncode, as_json.returncode, github.returncode] == [1, 1, 1]
    assert "[quote-grounded]" in text.stdout
    assert json.loads(as_json.stdout)["findings"][0]["rule"] == "quote-grounded"
    assert github.stdout.startswith("::error file=datapackage/statements.csv,line=2,")
    assert tree_digest(root) == before


def test_cannot_run_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path))
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: datapackage.json not found: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_bad_encoding_is_one_line_and_exit_2(pkg: Pkg) -> None:
    pkg.write({"outlets": pkg.csv_bytes("outlets").replace(b"Test Outlet", b"T\xe9st")})
    result = run("validate", str(pkg.root))
    assert (result.returncode, result.stderr) == (
        2,
        "error: datapackage/outlets.csv, line 3: not UTF-8 (byte 0xE9); save the file as "
        "UTF-8 (in a spreadsheet: CSV UTF-8)\n",
    )


def test_default_package_is_the_current_directory(pkg: Pkg) -> None:
    assert run("validate", cwd=pkg.write().root).returncode == 0


def test_both_engines_print_the_same_report_and_change_nothing(pkg: Pkg) -> None:
    pkg.row("statements", "st-roe-calm").update(act="claims", said_on="2023-13-01")
    pkg.row("actors", "jane-roe")["country"] = "am"
    root = pkg.write().root
    before = tree_digest(root)
    reports = {
        e: run("validate", str(root), "--engine", e, "--format", "json")
        for e in ("reference", "fast")
    }
    assert {r.returncode for r in reports.values()} == {1}
    assert reports["fast"].stdout == reports["reference"].stdout
    assert json.loads(reports["fast"].stdout)["count"] == 3
    assert tree_digest(root) == before


def test_serving_a_database_of_another_layout_is_refused_in_one_line(
    db_path: Path, tmp_path: Path
) -> None:
    """A database built before the layout the server reads (here: its layout key removed, as
    builds before layout 2 have it) is refused before the server starts, and left as it was."""
    old = tmp_path / "old.db"
    shutil.copy(db_path, old)
    with sqlite3.connect(old) as connection:
        connection.execute("DELETE FROM ledger_meta WHERE key = 'layout'")
    before = old.read_bytes()
    result = run("serve", "--db", str(old), "--port", "1")
    assert result.returncode == 2
    assert result.stderr == (
        f"error: {old} was built by another version of statement-ledger (database layout 1, "
        f"this server reads {LAYOUT}): run `statement-ledger build` again\n"
    )
    assert old.read_bytes() == before
