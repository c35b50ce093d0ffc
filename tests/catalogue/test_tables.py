"""What the catalogue promises: a column and a foreign key added to a Table Schema reach the
database, REST (rows, details and a filter named after the relation), the OpenAPI document and
the GraphQL loaders with no edit to the code.

GraphQL's types are written by hand, one per table, and its schema is fixed before any database
is read (the committed SDL); GRAPHQL_LINES lists where a line is needed for the new column and
relation to show there, and the last test checks that these are the only places missing."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from statement_ledger.api.db import Database
from statement_ledger.api.graphql.loaders import Group, Loaders
from statement_ledger.catalogue.tables import describe
from statement_ledger.database.build import build

from ledger_fixture import Pkg, new_package
from ledger_server import serving

SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
TRANSLATOR = {
    "name": "translator_id",
    "title": "Translator",
    "description": "The actor who translated the quote, when it was translated.",
    "type": "string",
    "constraints": {"pattern": SLUG},
}
WEBSITE = {
    "name": "website",
    "title": "Website",
    "description": "The actor's own website.",
    "type": "string",
}
# (file, GraphQL type, field, the line it needs) for the new column and relation to show in
# GraphQL; everything else above reads the catalogue.
GRAPHQL_LINES = (
    ("api/graphql/types.py", "Actor", "website", "website: str | None"),
    (
        "api/graphql/types.py",
        "Statement",
        "translator",
        'translator = one("statements", "translator", "Actor")',
    ),
    (
        "api/graphql/types.py",
        "Actor",
        "statementsByTranslator",
        'statements_by_translator = many("actors", "statements_by_translator", "Statement")',
    ),
    (
        "catalogue/tables.py",
        "StatementFilter",
        "translator",
        'Equal("translator", "...") in EXTRAS["statements"].filters',
    ),
)


def _add(root: Path, table: str, field: dict[str, Any], after: str, key: bool = False) -> None:
    path = root / "schema" / f"{table}.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    names = [f["name"] for f in schema["fields"]]
    schema["fields"].insert(names.index(after) + 1, field)
    if key:
        reference = {"resource": "actors", "fields": "actor_id"}
        schema["foreignKeys"].append({"fields": field["name"], "reference": reference})
    path.write_text(json.dumps(schema, indent=2) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def pkg(tmp_path_factory: pytest.TempPathFactory) -> Pkg:
    """The fixture package, its statements gaining `translator_id` (a foreign key to actors)
    and its actors `website`; one statement translated by the first actor."""
    pkg = new_package(tmp_path_factory.mktemp("grown") / "pkg")
    _add(pkg.root, "statements", TRANSLATOR, "via_outlet_id", key=True)
    _add(pkg.root, "actors", WEBSITE, "name")
    actor = pkg.rows["actors"][0]
    actor["website"] = "https://example.org/" + actor["actor_id"]
    pkg.rows["statements"][0]["translator_id"] = actor["actor_id"]
    return pkg.write()


@pytest.fixture(scope="module")
def db_path(pkg: Pkg) -> Path:
    path = pkg.root.parent / "ledger.db"
    build(pkg.root, path, say=lambda message: None)
    return path


@pytest.fixture(scope="module")
def http(db_path: Path) -> Iterator[httpx.Client]:
    with serving(db_path) as base, httpx.Client(base_url=base, timeout=10) as client:
        yield client


def translated(pkg: Pkg, actor: str) -> list[str]:
    rows = pkg.rows["statements"]
    return sorted(r["statement_id"] for r in rows if r.get("translator_id") == actor)


def test_the_catalogue_describes_them(pkg: Pkg) -> None:
    schemas = {p.stem: json.loads(p.read_text()) for p in (pkg.root / "schema").glob("*.json")}
    catalogue = describe(schemas)
    statements, actors = catalogue["statements"], catalogue["actors"]
    forward = statements.forward["translator"]
    assert (forward.table, forward.column) == ("actors", "translator_id")
    backward = actors.backward["statements_by_translator"]
    assert (backward.table, backward.column, backward.many) == ("statements", "translator_id", True)
    assert statements.filters["translator"].sql == '"translator_id" = ?'
    assert "website" in actors.column_names
    # a relation named in catalogue/tables.py keeps its name
    assert statements.forward["speaker"].column == "speaker_id"
    assert actors.backward["relayed_statements"].column == "source_actor_id"


def test_the_database_has_them(db_path: Path, pkg: Pkg) -> None:
    db = sqlite3.connect(db_path)
    columns = [row[1] for row in db.execute('PRAGMA table_info("statements")')]
    assert columns == pkg.fields("statements")
    assert "website" in [row[1] for row in db.execute('PRAGMA table_info("actors")')]
    keys = {(row[3], row[2], row[4]) for row in db.execute('PRAGMA foreign_key_list("statements")')}
    assert ("translator_id", "actors", "actor_id") in keys
    indexes = [row[1] for row in db.execute('PRAGMA index_list("statements")')]
    assert "idx_statements_translator_id" in indexes


def test_rest_lists_filters_and_details_them(http: httpx.Client, pkg: Pkg) -> None:
    actor = pkg.rows["actors"][0]
    listed = http.get("/api/v1/statements", params={"translator": actor["actor_id"]}).json()
    assert [r["statement_id"] for r in listed["data"]] == translated(pkg, actor["actor_id"])
    assert all(r["translator_id"] == actor["actor_id"] for r in listed["data"])
    everyone = http.get("/api/v1/statements", params={"first": 100}).json()["data"]
    assert {r["statement_id"]: r["translator_id"] for r in everyone} == {
        r["statement_id"]: r.get("translator_id") or None for r in pkg.rows["statements"]
    }
    detail = http.get(f"/api/v1/actors/{actor['actor_id']}").json()["data"]
    assert detail["website"] == actor["website"]
    first = pkg.rows["statements"][0]["statement_id"]
    assert (
        http.get(f"/api/v1/statements/{first}").json()["data"]["translator_id"] == actor["actor_id"]
    )
    assert http.get("/api/v1/statements", params={"translator": "nobody"}).json()["data"] == []


def test_openapi_describes_them(http: httpx.Client) -> None:
    document = http.get("/api/v1/openapi.json").json()
    parameters = document["paths"]["/api/v1/statements"]["get"]["parameters"]
    translator = next(p for p in parameters if p["name"] == "translator")
    assert "translator_id" in translator["description"]
    schemas = document["components"]["schemas"]
    assert (
        schemas["Statements"]["properties"]["translator_id"]["description"]
        == (TRANSLATOR["description"])
    )
    assert schemas["Actors"]["properties"]["website"]["description"] == WEBSITE["description"]


def test_graphql_loaders_follow_it_both_ways(db_path: Path, pkg: Pkg) -> None:
    db = Database(db_path)
    try:
        loaders = Loaders(db, cap=100)
        actor = pkg.rows["actors"][0]["actor_id"]
        parent = Group("actors", [loaders.rows("actors", [actor])[actor]])  # type: ignore[list-item]
        related, children = loaders.related(parent, "statements_by_translator", actor, 20)
        assert [r["statement_id"] for r in related.rows] == translated(pkg, actor)
        assert related.total == len(translated(pkg, actor))
        found, _ = loaders.follow(children, "actors", "translator_id", actor)
        assert found is not None and found["actor_id"] == actor
    finally:
        db.close()


def test_graphql_needs_only_the_listed_lines(http: httpx.Client) -> None:
    """GraphQL answers over the grown package, and lacks exactly what GRAPHQL_LINES lists."""
    query = "{ statements(first: 100) { nodes { id speaker { id } } } }"
    answer = http.post("/graphql", json={"query": query}).json()
    assert "errors" not in answer and answer["data"]["statements"]["nodes"]
    introspection = "{ __schema { types { name fields { name } inputFields { name } } } }"
    types = http.post("/graphql", json={"query": introspection}).json()["data"]["__schema"]
    fields = {
        t["name"]: {f["name"] for f in (t["fields"] or t["inputFields"] or [])}
        for t in types["types"]
    }
    for _, graphql_type, name, _ in GRAPHQL_LINES:
        assert name not in fields[graphql_type], (graphql_type, name)
    rest = http.get("/api/v1/openapi.json").json()["paths"]["/api/v1/statements"]["get"]
    paging = {
        "search", "syntax", "sort", "order", "first", "after", "include_retired", "facet",
        "format",
    }  # fmt: skip
    filters = {_camel(p["name"]) for p in rest["parameters"] if p["name"] not in paging}
    listed = {name for _, graphql_type, name, _ in GRAPHQL_LINES if graphql_type.endswith("Filter")}
    assert filters - fields["StatementFilter"] == listed


def _camel(name: str) -> str:
    """A name as GraphQL spells it."""
    return re.sub(r"_([a-z])", lambda m: m[1].upper(), name)
