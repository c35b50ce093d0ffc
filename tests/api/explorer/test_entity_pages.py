"""What the outlet, article, actor and event pages write in Python rather than in their
templates (for speed) reads as the template wrote it: counts read once per database agree with
counting each row, and text is escaped."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from statement_ledger.api.db import Database
from statement_ledger.api.explorer.pages import (
    LIST_LIMIT,
    MEMBERS_ORDER,
    PARTS_ORDER,
    outlet_articles,
    related_names,
)
from statement_ledger.api.explorer.store import related_rows
from statement_ledger.database.build import build

from ledger_fixture import new_package

# Text a name, title or note may hold that HTML must not read as markup.
MARKUP = " <b>&amp; \"q\" 's' & <script>"
ARTICLE_ITEM = re.compile(
    r'<li><a href="/articles/([^"]+)">(.*?)</a> <span class="meta">.*? · (\d+) statements</span>'
    r"</li>"
)


@pytest.fixture(scope="module")
def marked_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small package with a retired statement, MARKUP added to every name, title and
    note."""
    root = tmp_path_factory.mktemp("marked")
    pkg = new_package(root)
    pkg.rows["statements"].append({
        **pkg.row("statements", "st-roe-calm"),
        "statement_id": "st-roe-calm-dup", "quote": "Minister Jane Roe said the border is",
        "utterance_id": "", "record_status": "retired", "retired_reason": "Duplicate.",
        "replaced_by": "st-roe-calm",
    })  # fmt: skip
    for rows in pkg.rows.values():
        for row in rows:
            for column in ("name", "title", "notes", "claim", "retired_reason", "location"):
                if row.get(column):
                    row[column] += MARKUP
    pkg.write()
    build(root, root / "ledger.db", say=lambda message: None)
    return root / "ledger.db"


@pytest.mark.parametrize("which", ["generated", "marked"])
def test_outlet_articles_are_the_newest_with_their_active_statements_counted(
    which: str, generated_path: Path, marked_path: Path
) -> None:
    db = Database(generated_path if which == "generated" else marked_path)
    try:
        every = ""
        for (outlet_id,) in db.query("SELECT outlet_id FROM outlets"):
            expected = [
                (html.escape(row[0]), html.escape(row[1]), str(row[2]))
                for row in db.query(
                    "SELECT article_id, title, (SELECT count(*) FROM statements s "
                    "WHERE s.article_id = a.article_id AND s.record_status = 'active') "
                    "FROM articles a WHERE outlet_id = ? AND record_status = 'active' "
                    "ORDER BY published_on DESC, article_id LIMIT ?",
                    [outlet_id, LIST_LIMIT],
                )
            ]
            written = outlet_articles(db, outlet_id)
            assert ARTICLE_ITEM.findall(written) == expected
            assert written.count("<li>") == len(expected)
            every += written
        assert every.count("<li>") > 0
        assert (html.escape(MARKUP) in every) == (which == "marked")
    finally:
        db.close()


@pytest.mark.parametrize("which", ["generated", "marked"])
def test_members_and_parts_read_once_are_those_a_query_reads(
    which: str, generated_path: Path, marked_path: Path
) -> None:
    db = Database(generated_path if which == "generated" else marked_path)
    try:
        for table, relation, order, order_by in (
            ("actors", "members", MEMBERS_ORDER, ("name",)),
            ("events", "children", PARTS_ORDER, ("start_date", "event_id")),
        ):
            id_column = db.catalogue[table].id_column
            memo = related_names(db, table, relation, order)
            found = 0
            for (key,) in db.query(f'SELECT "{id_column}" FROM "{table}"'):
                expected = related_rows(db, table, relation, key, order_by)
                assert [(r[id_column], r["name"]) for r in memo.get(key, [])] == [
                    (r[id_column], r["name"]) for r in expected
                ]
                found += len(expected)
            assert found == sum(len(rows) for rows in memo.values())
            assert which == "marked" or found > 0
    finally:
        db.close()
