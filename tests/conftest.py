"""Shared fixtures (the helpers live in ledger_fixture.py, importable by tests)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from statement_ledger.validators.findings import Finding

from ledger_fixture import REPO, Pkg


@pytest.fixture
def pkg(tmp_path: Path) -> Pkg:
    root = tmp_path / "pkg"
    root.mkdir()
    shutil.copytree(REPO / "schema", root / "schema")
    (root / "datapackage").mkdir()
    return Pkg(root)


@pytest.fixture
def broken(pkg: Pkg) -> Callable[..., list[Finding]]:
    """Change one cell of the valid package, write it, and return the findings."""

    def apply(table: str, key: str, **changes: str) -> list[Finding]:
        pkg.row(table, key).update(changes)
        return pkg.write().findings()

    return apply
