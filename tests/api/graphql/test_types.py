"""Retired rows are hidden unless asked for; a replaced id resolves to its replacement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.settings import Settings
from statement_ledger.database.build import build

from ledger_data import data
from ledger_fixture import Pkg


@pytest.fixture
def retired_client(pkg: Pkg, tmp_path: Path) -> Iterator[TestClient]:
    """The small fixture package with a duplicate actor merged into jane-roe."""
    pkg.rows["actors"].append(
        {
            "actor_id": "jane-roe-duplicate",
            "name": "Jane Roe (duplicate)",
            "kind": "person",
            "record_status": "retired",
            "retired_reason": "duplicate of jane-roe",
            "replaced_by": "jane-roe",
        }
    )
    pkg.write()
    database = tmp_path / "fixture.db"
    build(pkg.root, database, say=lambda message: None)
    with TestClient(create_app(Settings(db_path=database))) as client:
        yield client


def test_retired_rows_are_hidden_unless_asked_for(retired_client: TestClient) -> None:
    query = "query($all: Boolean!) { actors(includeRetired: $all) { nodes { id recordStatus } } }"
    shown = data(retired_client, query, all=False)["actors"]["nodes"]
    assert "jane-roe-duplicate" not in [n["id"] for n in shown]
    every = data(retired_client, query, all=True)["actors"]["nodes"]
    assert {"id": "jane-roe-duplicate", "recordStatus": "retired"} in every


def test_a_replaced_id_resolves_to_its_replacement_and_says_so(
    retired_client: TestClient,
) -> None:
    got = data(retired_client, '{ actor(id: "jane-roe-duplicate") { id redirectedFrom } }')
    assert got["actor"] == {"id": "jane-roe", "redirectedFrom": ["jane-roe-duplicate"]}
    direct = data(retired_client, '{ actor(id: "jane-roe") { id redirectedFrom } }')
    assert direct["actor"] == {"id": "jane-roe", "redirectedFrom": []}
