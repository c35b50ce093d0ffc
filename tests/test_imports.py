"""Imports run one way: the server never loads the validator, validation never loads the
server, and the catalogue both read loads neither. Each import runs in a fresh interpreter, so
what it loads is what `sys.modules` shows."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

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
