"""A search with no other filter is paged in the FTS index's rowid order and counted inside FTS5
(query._search_page, query.matches). Both must give what the general path gives: the same rows,
in the same order, page after page, with the same totals, retired rows and forged cursors
included. Checked on a generated package (retired rows, many matches) and on one whose CSV rows
are out of key order."""

from __future__ import annotations

import importlib.util
import random
import sqlite3
import sys
from pathlib import Path

import pytest

from statement_ledger.api.db import Database
from statement_ledger.api.query import (
    ListRequest,
    _conditions,
    _page,
    count,
    encode_cursor,
    fetch_page,
    matches,
)
from statement_ledger.curation import canonical
from statement_ledger.database.build import build
from statement_ledger.validators.package import load

from ledger_data import SEARCH_COLUMNS, SPECS
from ledger_fixture import REPO

# Builds generated packages in both engines.
pytestmark = pytest.mark.slow

N = 1500
QUERIES = {
    "statements": ["ceasefire", "said", "border OR talks", '"the ministry"', "Gor*", "nomatchhere"],
    "contradictions": ["statement", "wording OR date"],
    "actors": ["minister", "a*"],
    "events": ["talks", "visit OR meeting"],
    "outlets": ["news", "a*"],
    "articles": ["border", "a*"],
}


def _generated(root: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate", REPO / "benchmarks/generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    module.generate(N, root, seed=3)


@pytest.fixture(scope="module")
def generated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("search-paths")
    _generated(base / "pkg")
    out = base / "ledger.db"
    build(base / "pkg", out, say=lambda message: None)
    return out


@pytest.fixture(scope="module")
def db(generated_db: Path) -> Database:
    return Database(generated_db)


def _general(db: Database, request: ListRequest) -> list[str]:
    """Every id the general path gives, page after page (the path used with any filter)."""
    spec = SPECS[request.table]
    where, params = _conditions(spec, request, {})
    ids: list[str] = []
    after = None
    for _ in range(N * 2):
        rows = _page(db, spec, request, spec.id_column, where, params, after)
        page = rows[: request.first]
        ids += [r[spec.id_column] for r in page]
        if len(rows) <= request.first:
            return ids
        last = page[-1][spec.id_column]
        after = [last, last]
    raise AssertionError(f"more pages than rows: {request}")


def _walked(db: Database, request: ListRequest) -> list[str]:
    """Every id fetch_page gives, following its cursors."""
    spec = SPECS[request.table]
    ids: list[str] = []
    for _ in range(N * 2):  # a cursor that does not move would page forever
        page = fetch_page(db, request, {}, max_first=100, with_total=False)
        ids += [r[spec.id_column] for r in page.rows]
        if not page.has_next:
            return ids
        request.after = page.end_cursor
    raise AssertionError(f"more pages than rows: {request}")


def test_the_generated_package_has_what_the_comparison_needs(db: Database) -> None:
    retired = db.query("SELECT count(*) FROM statements WHERE record_status <> 'active'")[0][0]
    assert retired > 0
    assert matches(db, "statements", "said", include_retired=True) > 100


@pytest.mark.parametrize("table", list(QUERIES))
def test_pages_and_totals_match_the_general_path(db: Database, table: str) -> None:
    for query in QUERIES[table]:
        for descending in (False, True):
            for include_retired in (False, True):
                for first in (1, 7, 100):
                    request = ListRequest(
                        table,
                        search=query,
                        descending=descending,
                        first=first,
                        include_retired=include_retired,
                    )
                    expected = _general(db, request)
                    label = (table, query, descending, include_retired, first)
                    assert _walked(db, request) == expected, label
                    assert count(db, ListRequest(
                        table, search=query, include_retired=include_retired
                    ), {}) == len(expected), label  # fmt: skip
                    if first == 1 and not include_retired:
                        total = fetch_page(db, request, {}, 100).total
                        assert total == len(expected), label


def test_forged_cursors_give_what_the_row_value_comparison_gives(db: Database) -> None:
    """Cursors this API never hands out (k != i, ids that do not exist) still select exactly the
    rows (key, id) > (k, i) (or <, descending) would."""
    spec = SPECS["statements"]
    ids = [r[0] for r in db.query("SELECT statement_id FROM statements ORDER BY statement_id")]
    rng = random.Random(5)
    keys = [*rng.sample(ids, 20), "", "st-", "zzz", ids[0], ids[-1]]
    keys += [k + "-" for k in rng.sample(ids, 5)] + [k[:-1] for k in rng.sample(ids, 5)]
    for key in keys:
        for last in (key, "", "zzzz", key + "a", key[:-1]):
            for descending in (False, True):
                request = ListRequest(
                    "statements", search="said", descending=descending, first=50,
                    after=encode_cursor([key, last]),
                )  # fmt: skip
                where, params = _conditions(spec, request, {})
                general = _page(db, spec, request, spec.id_column, where, params, [key, last])
                fast = fetch_page(db, request, {}, 100, with_total=False).rows
                assert [r[0] for r in fast] == [r[0] for r in general[:50]], (key, last)


def test_the_search_page_does_not_sort_its_matches(db: Database) -> None:
    """The point of the fast path: SQLite reads the FTS index in rowid order and stops after
    a page; a temporary B-tree for ORDER BY would mean every match is read and sorted."""
    captured: list[str] = []
    db.connection.set_trace_callback(captured.append)
    try:
        page = fetch_page(db, ListRequest("statements", search="said", first=5), {}, 100)
    finally:
        db.connection.set_trace_callback(None)
    assert len(page.rows) == 5
    (sql,) = [s for s in captured if s.startswith("SELECT t.*")]
    plan = " | ".join(
        row[3] for row in db.connection.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
    )
    assert "TEMP B-TREE" not in plan, plan
    assert plan.startswith("SCAN statements_fts VIRTUAL TABLE"), plan


def test_filters_with_a_search_take_the_general_path(db: Database) -> None:
    """A filter besides the search (here act) is answered as before: the same rows as the
    general path, and the total counted over the rows."""
    act = db.query("SELECT act FROM statements GROUP BY act ORDER BY count(*) DESC")[0][0]
    request = ListRequest("statements", filters={"act": act}, search="said", first=10)
    spec = SPECS["statements"]
    enums = {("statements", "act"): [act]}
    where, params = _conditions(spec, request, enums)
    expected = db.query(
        f"SELECT statement_id FROM statements WHERE {' AND '.join(where)} ORDER BY statement_id",
        params,
    )
    page = fetch_page(db, request, enums, 100)
    assert [r[0] for r in page.rows] == [r[0] for r in expected[:10]]
    assert page.total == len(expected)


@pytest.mark.parametrize("engine", ["reference", "fast"])
def test_the_build_stores_rows_in_key_order(
    tmp_path: Path, generated_db: Path, engine: str
) -> None:
    """Rows out of key order in the CSV (valid, just not canonical) are stored in key order by
    either validation engine's loader, and searches page as on the canonical package."""
    root = tmp_path / "pkg"
    _generated(root)
    contents = {}
    for table in ("statements", "actors", "id_manifest"):
        path = root / "datapackage" / f"{table}.csv"
        header, *body = path.read_text(encoding="utf-8").splitlines(keepends=True)
        random.Random(1).shuffle(body)
        contents[table] = (header + "".join(body)).encode()
        path.write_bytes(contents[table])
    descriptor = canonical.refreshed_descriptor(load(root), contents)
    (root / "datapackage.json").write_bytes(canonical.dump_descriptor(descriptor))
    assert "fmt-canonical" in {f.rule for f in canonical.check(root)}  # valid, not canonical
    out_db = tmp_path / "shuffled.db"
    build(root, out_db, say=lambda message: None, engine=engine)
    connection = sqlite3.connect(out_db)
    for table, spec in SPECS.items():
        rows = connection.execute(f'SELECT "{spec.id_column}" FROM "{table}" ORDER BY rowid')
        ids = [r[0] for r in rows]
        assert ids == sorted(ids), table
    keys = connection.execute('SELECT "table", id FROM id_manifest ORDER BY rowid').fetchall()
    assert keys == sorted(keys)
    request = ListRequest("statements", search="said", first=30)
    expected = _walked(Database(generated_db), ListRequest("statements", search="said", first=30))
    assert _walked(Database(out_db), request) == expected


def test_retired_index_holds_exactly_the_rows_not_active(db: Database) -> None:
    for table in SEARCH_COLUMNS:
        retired = db.query(
            f"SELECT rowid FROM \"{table}\" WHERE record_status <> 'active' ORDER BY rowid"
        )
        indexed = db.query(f'SELECT rowid FROM "{table}_fts_retired" ORDER BY rowid')
        assert [r[0] for r in indexed] == [r[0] for r in retired], table
