"""Imports run one way: the server never loads the validator, validation never loads the
server, and the catalogue both read loads neither. Each import runs in a fresh interpreter, so
what it loads is what `sys.modules` shows."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ledger_fixture import REPO, Pkg

# what each import may load of the project (its packages under statement_ledger)
ALLOWED = {
    "statement_ledger.api.app": {"api", "catalogue", "database.layout"},
    "statement_ledger.api.graphql.view": {"api", "catalogue", "database.layout"},
    "statement_ledger.validators.validate": {"validators", "catalogue"},
    "statement_ledger.validators.fast": {"validators", "catalogue"},
    "statement_ledger.validators.checks": {"validators", "catalogue"},
    "statement_ledger.catalogue.tables": {"catalogue"},
    "statement_ledger.catalogue.text": {"catalogue"},
    "statement_ledger.database.build": {"database", "validators", "catalogue"},
    "statement_ledger.curation.canonical": {"curation", "validators", "catalogue"},
    "statement_ledger.publishing.diff": {"publishing", "validators", "catalogue"},
}
PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.startswith("statement_ledger."))))
"""


def loaded(module: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, module], capture_output=True, text=True, check=True
    )
    names: list[str] = json.loads(result.stdout)
    return names


def _allowed(name: str, allowed: set[str]) -> bool:
    inside = name.removeprefix("statement_ledger.")
    # a module of an allowed package, or a package holding an allowed module (its __init__)
    return any(
        inside == a or inside.startswith(a + ".") or a.startswith(inside + ".") for a in allowed
    )


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_an_import_loads_only_what_its_layer_may(module: str) -> None:
    names = loaded(module)
    assert module in names  # the probe saw the import itself
    assert [n for n in names if not _allowed(n, ALLOWED[module])] == []


def test_the_probe_sees_a_forbidden_import() -> None:
    """The check can fail: the command loads the validator and the publishing tools."""
    names = loaded("statement_ledger.cli.main")
    assert "statement_ledger.validators.validate" in names
    assert not all(_allowed(n, ALLOWED["statement_ledger.api.app"]) for n in names)


# Validates the package at argv[1] with engine argv[2], then lists the heavy libraries loaded.
VALIDATE = """
import json, sys
from pathlib import Path
from statement_ledger.validators.validate import validate
result = validate(Path(sys.argv[1]), engine=sys.argv[2])
heavy = {"pyarrow", "duckdb", "numpy", "pandas", "frictionless"}
print(json.dumps([len(result.findings), sorted({m.split(".")[0] for m in sys.modules} & heavy)]))
"""


def heavy_loaded(root: Path, engine: str) -> tuple[int, list[str]]:
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE, str(root), engine],
        capture_output=True,
        text=True,
        check=True,
    )
    count, names = json.loads(result.stdout)
    return count, names


def test_validating_a_small_package_loads_neither_pyarrow_nor_duckdb(pkg: Pkg) -> None:
    """`auto` on a small package: every layer in plain Python, the cross-table rules over the
    rows; on the curated package (valid) and on one with findings in every layer."""
    assert heavy_loaded(REPO, "auto") == (0, [])
    pkg.row("statements", "st-roe-calm").update(said_on="2099-01-01", quote="not in the text")
    pkg.row("actors", "test-ministry")["aliases"] = "J. Roe"
    pkg.row("outlets", "test-outlet")["country"] = "am"
    count, names = heavy_loaded(pkg.write().root, "auto")
    assert count >= 4
    assert names == []


def test_the_probe_sees_the_columns_loaded(pkg: Pkg) -> None:
    """The check can fail: the fast engine runs the same rules over pyarrow and DuckDB."""
    _, names = heavy_loaded(pkg.write().root, "fast")
    assert {"pyarrow", "duckdb"} <= set(names)
