"""The command as a curator runs it: exit codes, one-line errors, and nothing modified."""

import hashlib
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx

from statement_ledger.cli.main import _parser
from statement_ledger.database.layout import LAYOUT

from ledger_fixture import REPO, Pkg
from ledger_server import answers, free_port


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "statement_ledger.cli.main", *args],
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


def _children(pid: int) -> list[int]:
    text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    return [int(child) for child in text.split()]


def _argv(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_text().split("\0")[:-1]


def test_serve_starts_the_workers_asked_for_and_prints_every_address(db_path: Path) -> None:
    port = free_port()
    command = [str(Path(sys.executable).parent / "statement-ledger"), "serve"]
    command += ["--db", str(db_path), "--port", str(port), "--workers", "2"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        base = f"http://127.0.0.1:{port}"
        assert process.stderr.readline() == (
            f"serving {base}/ (explorer), {base}/graphql (GraphiQL) and {base}/api/v1 (REST), "
            "2 workers\n"
        )
        assert answers(base)
        assert httpx.get(f"{base}/api/v1/statements", timeout=5).status_code == 200
        # uvicorn's supervisor took the command's place (same pid) and runs two workers
        assert _argv(process.pid)[1:4] == ["-m", "uvicorn", "statement_ledger.api.app:create_app"]
        workers = [c for c in _children(process.pid) if "spawn_main" in " ".join(_argv(c))]
        assert len(workers) == 2
        for worker in workers:  # the validator's columnar engine (pyarrow, DuckDB) is not loaded
            maps = Path(f"/proc/{worker}/maps").read_text()
            assert "pyarrow" not in maps and "duckdb" not in maps
    finally:
        process.terminate()
        process.wait(timeout=15)
        if process.stderr is not None:
            process.stderr.close()


def test_serve_refuses_zero_workers(db_path: Path) -> None:
    result = run("serve", "--db", str(db_path), "--workers", "0")
    assert result.returncode == 2
    assert result.stderr == "error: --workers must be 1 or more, not 0\n"


def test_readme_first_screen_names_the_explorer_at_serve_s_default_address() -> None:
    """The address a reader of the README opens is the one `serve` and `make` use by default."""
    args = _parser().parse_args(["serve"])
    first_screen = (REPO / "README.md").read_text(encoding="utf-8").split("\n## ", 1)[0]
    assert len(first_screen.splitlines()) <= 30
    words = " ".join(first_screen.split())
    assert f"the explorer (pages for people) at <http://{args.host}:{args.port}/>" in words
    assert f"\nPORT ?= {args.port}\n" in (REPO / "Makefile").read_text(encoding="utf-8")
