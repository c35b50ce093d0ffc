"""Reading the package CSVs to compute what the API should answer (never hard-coded)."""

from __future__ import annotations

import csv
import json
from typing import Any

from statement_ledger.catalogue.tables import describe

from ledger_fixture import REPO

# What each table is, as the catalogue describes the curated package's Table Schemas (the
# server describes the schemas its database stores the same way).
CATALOGUE = describe(
    {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "schema").glob("*.json")}
)
SPECS = {name: CATALOGUE[name] for name in CATALOGUE.listed}
FACETS = {name: dict(CATALOGUE[name].facets) for name in CATALOGUE.listed}
SEARCH_COLUMNS = {name: list(CATALOGUE[name].search) for name in CATALOGUE.listed}


def rows(table: str, include_retired: bool = False) -> list[dict[str, str]]:
    with open(REPO / "datapackage" / f"{table}.csv", encoding="utf-8", newline="") as handle:
        found = list(csv.DictReader(handle))
    return [r for r in found if include_retired or r["record_status"] == "active"]


def by_id(table: str, column: str) -> dict[str, dict[str, str]]:
    return {r[column]: r for r in rows(table, include_retired=True)}


def gql(client: Any, query: str, **variables: Any) -> dict[str, Any]:
    """POST a query; return the whole JSON answer (data and errors)."""
    response = client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def data(client: Any, query: str, **variables: Any) -> dict[str, Any]:
    answer = gql(client, query, **variables)
    assert "errors" not in answer, answer["errors"]
    result: dict[str, Any] = answer["data"]
    return result
