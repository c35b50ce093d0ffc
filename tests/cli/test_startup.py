"""Starting the command loads only what the chosen subcommand runs: the parser alone loads none
of frictionless, pyarrow, DuckDB or pandas, and `validate` loads what its engine needs when it
runs."""

from __future__ import annotations

import json
import subprocess
import sys

from ledger_fixture import REPO

HEAVY = ("frictionless", "pyarrow", "duckdb", "pandas")
PROBE = """
import contextlib, io, json, sys
from statement_ledger.cli.main import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        main(sys.argv[1:])
    except SystemExit:  # --help exits
        pass
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)))
"""


def heavy_modules(*argv: str) -> set[str]:
    """The heavy libraries a fresh interpreter has loaded after running the command."""
    result = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}", *argv],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    names: list[str] = json.loads(result.stdout.splitlines()[-1])
    return {name.split(".")[0] for name in names}


def test_help_and_fmt_check_load_no_heavy_library() -> None:
    assert heavy_modules("--help") == set()
    assert heavy_modules("fmt", "--check", str(REPO)) == set()


def test_validate_loads_its_engines_when_it_runs() -> None:
    """The probe can fail: the reference engine loads frictionless, and runs the cross-table
    rules over columns (pyarrow and DuckDB); the plain engine (auto, on a small package) runs
    every layer in plain Python and loads none of them."""
    assert heavy_modules("validate", str(REPO)) == set()
    reference = heavy_modules("validate", "--engine", "reference", str(REPO))
    assert {"frictionless", "pyarrow", "duckdb"} <= reference
