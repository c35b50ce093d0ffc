"""Quotes placed by the build (database.build.quote_spans): the pages that mark a quote in its
archived text read where it lies instead of searching the text, and show the same HTML as
when they search it; a database built without the table still serves the same pages."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.explorer import highlight, pages, store
from statement_ledger.api.settings import Settings
from statement_ledger.catalogue.text import locate
from statement_ledger.database.build import build
from statement_ledger.database.layout import QUOTE_SPANS_TABLE

from ledger_fixture import REPO

GENERATED = 600  # statements: 120 articles, 60 contradictions


@pytest.fixture(scope="module")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated package (retired and replaced rows in every table), built."""
    base = tmp_path_factory.mktemp("quote-spans")
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(GENERATED, base / "pkg", seed=11)
    out = base / "ledger.db"
    build(base / "pkg", out, say=lambda message: None)
    return out


@pytest.fixture(params=["curated", "generated"])
def built(request: pytest.FixtureRequest, db_path: Path) -> Path:
    """The curated package's database, or the generated one."""
    if request.param == "curated":
        return db_path
    path: Path = request.getfixturevalue("generated_db")
    return path


def page_paths(db: Path) -> list[str]:
    """Every contradiction, statement (retired ones too) and article page of the database."""
    with sqlite3.connect(db) as connection:
        ids = {
            table: [row[0] for row in connection.execute(f"SELECT {key} FROM {table}")]
            for table, key in (
                ("contradictions", "contradiction_id"),
                ("statements", "statement_id"),
                ("articles", "article_id"),
            )
        }
    return [f"/{table}/{key}" for table, keys in ids.items() for key in keys]


def render(client: TestClient, paths: list[str]) -> dict[str, tuple[int, str]]:
    out = {}
    for path in paths:
        response = client.get(path, follow_redirects=False)
        out[path] = (response.status_code, response.text)
    return out


@pytest.fixture
def client_of() -> Iterator[Any]:
    opened: list[TestClient] = []

    def open_client(db: Path) -> TestClient:
        client = TestClient(create_app(Settings(db_path=db)))
        client.__enter__()
        opened.append(client)
        return client

    yield open_client
    for client in opened:
        client.__exit__(None, None, None)


def not_located(*args: object) -> None:
    raise AssertionError("a quote the build placed was searched for again")


def test_the_build_places_every_quote_where_a_page_would(built: Path) -> None:
    with sqlite3.connect(built) as db:
        stored = {k: (a, b) for k, a, b in db.execute(f"SELECT * FROM {QUOTE_SPANS_TABLE}")}
        rows = db.execute(
            "SELECT s.statement_id, s.quote, a.furniture_lines, f.content FROM statements s "
            "JOIN articles a ON a.article_id = s.article_id "
            "JOIN ledger_files f ON f.path = a.seed_path"
        ).fetchall()
    assert len(rows) > 50 and set(stored) == {row[0] for row in rows}
    for statement_id, quote, cell, content in rows:
        furniture = highlight.furniture_ranges(json.loads(cell) if cell else None)
        found = locate(bytes(content).decode("utf-8"), quote, furniture)
        assert stored[statement_id] == (found or (None, None)), statement_id


def test_pages_with_stored_spans_are_the_pages_that_search(
    built: Path, client_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every contradiction, statement and article page, rendered reading the stored spans (and
    never searching a text), then searching each text as before: the same HTML."""
    client = client_of(built)
    paths = page_paths(built)
    with monkeypatch.context() as patched:
        patched.setattr(highlight, "locate", not_located)
        stored = render(client, paths)
    with monkeypatch.context() as patched:
        patched.setattr(store, "quote_spans", lambda db, ids: {})
        patched.setattr(pages, "quote_spans", lambda db, ids: {})
        searched = render(client, paths)
    assert stored == searched
    assert sum(html.count("<mark>") for _, html in stored.values()) > len(paths)
    assert {status for status, _ in stored.values()} >= {200}


def test_a_database_built_without_the_spans_serves_the_same_pages(
    generated_db: Path, tmp_path: Path, client_of: Any
) -> None:
    """A database built before the build placed quotes (no such table): its pages search the
    texts, as they did, and show what a new build's pages show."""
    old = tmp_path / "old.db"
    shutil.copy(generated_db, old)
    with sqlite3.connect(old) as db:
        db.execute(f"DROP TABLE {QUOTE_SPANS_TABLE}")
    db.close()
    paths = page_paths(generated_db)
    before = client_of(old)
    assert store.quote_spans(before.app.state.db, ["x"]) == {}
    assert render(before, paths) == render(client_of(generated_db), paths)
