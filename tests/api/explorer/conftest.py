"""Fixtures for the explorer: a client over the real package, and a small Pkg with retired
rows (db_path and server come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.settings import Settings
from statement_ledger.database.build import build

from ledger_fixture import Pkg, generated_database, new_package


@pytest.fixture(scope="session")
def client(db_path: Path) -> Iterator[TestClient]:
    """In-process client over the real package (lifespan runs)."""
    with TestClient(create_app(Settings(db_path=db_path))) as test_client:
        yield test_client


def retired_rows(pkg: Pkg) -> None:
    """A merged duplicate statement and actor (replaced_by), and a retired event (no
    replacement), on top of the small valid package."""
    duplicate = {
        **pkg.row("statements", "st-roe-calm"),
        "statement_id": "st-roe-calm-dup",
        "quote": "Minister Jane Roe said the border is",
        "utterance_id": "",
        "record_status": "retired",
        "retired_reason": "Duplicate of st-roe-calm.",
        "replaced_by": "st-roe-calm",
    }
    pkg.rows["statements"].append(duplicate)
    pkg.rows["actors"].append(
        {
            "actor_id": "jane-roe-old",
            "name": "Jane Roe (old)",
            "kind": "person",
            "record_status": "retired",
            "retired_reason": "Duplicate of jane-roe.",
            "replaced_by": "jane-roe",
        }
    )
    pkg.rows["events"].append(
        {
            "event_id": "cancelled-briefing",
            "name": "Cancelled briefing",
            "kind": "press_briefing",
            "start_date_precision": "unknown",
            "end_date_precision": "unknown",
            "record_status": "retired",
            "retired_reason": "The briefing never took place.",
        }
    )


@pytest.fixture(scope="session")
def pkg_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """In-process client over the small package with retired and replaced rows."""
    root = tmp_path_factory.mktemp("explorer-pkg")
    pkg = new_package(root)
    retired_rows(pkg)
    pkg.write()
    path = root / "ledger.db"
    build(root, path, say=lambda message: None)
    with TestClient(create_app(Settings(db_path=path))) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def generated_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated package of 6,000 statements (benchmarks/generate.py), built into SQLite by
    benchmarks/fastbuild.py: enough rows that entity pages list only part of theirs."""
    return generated_database(tmp_path_factory.mktemp("generated"), 6000)
