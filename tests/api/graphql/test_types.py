"""Retired rows are hidden unless asked for; a replaced id resolves to its replacement."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.graphql import types
from statement_ledger.api.settings import Settings
from statement_ledger.database.build import build

from ledger_data import data, gql, rows
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


def test_rows_list_the_references_they_cite_in_order(client: TestClient) -> None:
    query = """query($id: ID!) { contradiction(id: $id) {
        references { id url title publishedOn { date precision } }
        recordSides { totalCount nodes { side note references { id } } } } }"""
    key = "ct-massispost-gao-misnamed"
    found = data(client, query, id=key)["contradiction"]
    row = next(r for r in rows("contradictions") if r["contradiction_id"] == key)
    assert [r["id"] for r in found["references"]] == row["reference_ids"].split("|")
    urls = {r["reference_id"]: r["url"] for r in rows("references")}
    assert [r["url"] for r in found["references"]] == [
        urls[i] for i in row["reference_ids"].split("|")
    ]
    (side,) = [r for r in rows("record_sides") if r["contradiction_id"] == key]
    assert found["recordSides"]["totalCount"] == 1
    assert found["recordSides"]["nodes"][0]["side"] == side["side"]
    assert [r["id"] for r in found["recordSides"]["nodes"][0]["references"]] == side[
        "reference_ids"
    ].split("|")


def test_a_page_of_statements_lists_each_ones_references(client: TestClient) -> None:
    query = "{ statements(first: 50) { nodes { id references { id url } } } }"
    nodes = data(client, query)["statements"]["nodes"]
    cited = {r["statement_id"]: r["reference_ids"] for r in rows("statements")}
    for node in nodes:
        assert "|".join(r["id"] for r in node["references"]) == cited[node["id"]]


def test_list_and_date_columns_come_back_as_lists_and_dates(client: TestClient) -> None:
    """A list column (a JSON array in the database) is a list, split as the CSV writes it; a
    date column is a FuzzyDate with its precision."""
    got = data(client, "{ actors(first: 100) { nodes { id aliases misspellings } } }")
    actors = {r["actor_id"]: r for r in rows("actors") if r["record_status"] == "active"}
    assert len(got["actors"]["nodes"]) == len(actors)
    for node in got["actors"]["nodes"]:
        row = actors[node["id"]]
        for field in ("aliases", "misspellings"):
            assert node[field] == (row[field].split("|") if row[field] else []), node["id"]
    query = (
        "{ articles(first: 100) { nodes { id furnitureLines publishedOn { date precision } } } }"
    )
    articles = {r["article_id"]: r for r in rows("articles")}
    for node in data(client, query)["articles"]["nodes"]:
        row = articles[node["id"]]
        lines = row["furniture_lines"]
        assert node["furnitureLines"] == (lines.split("|") if lines else []), node["id"]
        date = node["publishedOn"]
        assert (date["date"] or "", date["precision"]) == (
            row["published_on"],
            row["published_on_precision"],
        )


def test_a_failing_relation_is_null_with_a_located_masked_error(
    plain_client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relation fetched when its field is read: an error in one nulls that field only, and
    is located and masked like any resolver's."""

    def broken(cls: object, row: object) -> object:
        raise RuntimeError("SELECT secret FROM internals")

    monkeypatch.setattr(types.Actor, "from_row", classmethod(broken))
    answer = gql(
        plain_client, "{ statements(first: 2) { nodes { id speaker { name } outlet { id } } } }"
    )
    nodes = answer["data"]["statements"]["nodes"]
    assert [node["speaker"] for node in nodes] == [None, None]
    assert all(node["id"] and node["outlet"]["id"] for node in nodes)
    assert [e["path"] for e in answer["errors"]] == [
        ["statements", "nodes", 0, "speaker"],
        ["statements", "nodes", 1, "speaker"],
    ]
    assert {e["message"] for e in answer["errors"]} == {"Internal error."}
    assert "SELECT" not in str(answer)


def test_a_relation_read_outside_a_request_says_so(client: TestClient) -> None:
    """Records made outside a request (no group, so no loaders) refuse to fetch relations."""
    db: Any = client.app.state.db  # type: ignore[attr-defined]
    (row,) = db.query("SELECT * FROM statements LIMIT 1")
    statement = types.Statement.from_row(row)
    with pytest.raises(LookupError, match="outside a request"):
        _ = statement.speaker


def test_article_sides_and_printed_dates_read_as_the_csvs_say(client: TestClient) -> None:
    query = """query($id: ID!) { contradiction(id: $id) {
        articleSides { totalCount nodes { side note article { id printedDate
            contradictions { nodes { side contradiction { id } } } } } } } }"""
    sides = [r for r in rows("article_sides") if r["record_status"] == "active"]
    assert sides, "the package has a contradiction about an article"
    for side in sides:
        key = side["contradiction_id"]
        found = data(client, query, id=key)["contradiction"]["articleSides"]
        mine = [r for r in sides if r["contradiction_id"] == key]
        assert found["totalCount"] == len(mine)
        node = next(n for n in found["nodes"] if n["side"] == side["side"])
        assert (node["note"], node["article"]["id"]) == (side["note"], side["article_id"])
        back = node["article"]["contradictions"]["nodes"]
        assert {"side": side["side"], "contradiction": {"id": key}} in back
    printed = {
        r["article_id"]: r["printed_date"] or None
        for r in rows("articles")
        if r["record_status"] == "active"
    }
    got = data(client, "{ articles(first: 100) { nodes { id printedDate } } }")
    assert {n["id"]: n["printedDate"] for n in got["articles"]["nodes"]} == printed
    assert any(printed.values()), "some article prints a date"
