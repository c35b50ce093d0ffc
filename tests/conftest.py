"""Shared fixtures (the code that builds them is in ledger_fixture.py, importable by tests)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from statement_ledger.database.build import build
from statement_ledger.validators.findings import Finding

from ledger_fixture import REPO, Pkg, new_package
from ledger_server import serving


@pytest.fixture(scope="session")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real package, built once into SQLite."""
    path = tmp_path_factory.mktemp("db") / "ledger.db"
    build(REPO, path, say=lambda message: None)
    return path


@pytest.fixture(scope="session")
def server(db_path: Path) -> Iterator[str]:
    """A real uvicorn on a free 127.0.0.1 port serving the real package; yields its URL."""
    with serving(db_path) as base:
        yield base


@pytest.fixture
def pkg(tmp_path: Path) -> Pkg:
    return new_package(tmp_path / "pkg")


@pytest.fixture
def broken(pkg: Pkg) -> Callable[..., list[Finding]]:
    """Change one cell of the valid package, write it, and return the findings."""

    def apply(table: str, key: str, **changes: str) -> list[Finding]:
        pkg.row(table, key).update(changes)
        return pkg.write().findings()

    return apply
