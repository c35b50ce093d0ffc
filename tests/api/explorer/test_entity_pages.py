"""What the outlet, article, actor and event pages write in Python rather than in their
templates (for speed) reads as the template wrote it: counts read once per database agree with
counting each row, and text is escaped."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from starlette.testclient import TestClient

from statement_ledger.api import relations
from statement_ledger.api.app import create_app
from statement_ledger.api.db import Database
from statement_ledger.api.explorer import bodies, pages
from statement_ledger.api.explorer.pages import (
    LIST_LIMIT,
    MEMBERS_ORDER,
    PARTS_ORDER,
    outlet_articles,
    related_names,
)
from statement_ledger.api.settings import Settings
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
            spec = db.catalogue[table].backward[relation]
            found = 0
            for (key,) in db.query(f'SELECT "{id_column}" FROM "{table}"'):
                expected = relations.children(db, spec, [key], False, order_by)[key]
                assert [(r[id_column], r["name"]) for r in memo.get(key, [])] == [
                    (r[id_column], r["name"]) for r in expected
                ]
                found += len(expected)
            assert found == sum(len(rows) for rows in memo.values())
            assert which == "marked" or found > 0
    finally:
        db.close()


# What the templates' main blocks were, before bodies.py wrote them: the reference its output
# is compared with.
BEFORE = Path(__file__).parent / "templates_before"


def contexts(path: Path, monkeypatch: pytest.MonkeyPatch, kind: str) -> list[dict[str, Any]]:
    """What each page of `kind` (up to 60, retired rows included) gives its template."""
    seen: list[dict[str, Any]] = []
    render_main = pages.render_main

    def keep(request: Any, context: dict[str, Any], status: int = 200) -> Any:
        if request.url.path.startswith(f"/{kind}s/"):
            seen.append(context)
        return render_main(request, context, status)

    monkeypatch.setattr(pages, "render_main", keep)
    table = f"{kind}s"
    with TestClient(create_app(Settings(db_path=path))) as client:
        db = client.app.state.db  # type: ignore[attr-defined]
        id_column = db.catalogue[table].id_column
        for (key,) in db.query(
            f'SELECT "{id_column}" FROM "{table}" WHERE replaced_by IS NULL '
            f"ORDER BY record_status = 'retired' DESC, \"{id_column}\" LIMIT 60"
        ):
            assert client.get(f"/{table}/{key}").status_code == 200
    return seen


def normalised(html_text: str) -> str:
    return re.sub(r"\s+", " ", html_text).strip()


@pytest.mark.parametrize("kind", ["actor", "event", "outlet", "article"])
@pytest.mark.parametrize("which", ["generated", "marked"])
def test_page_bodies_written_in_python_read_as_the_templates_wrote_them(
    kind: str, which: str, generated_path: Path, marked_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = contexts(generated_path if which == "generated" else marked_path, monkeypatch, kind)
    assert seen
    template = pages.templates.env.from_string((BEFORE / f"{kind}.html").read_text())
    every = ""
    for context in seen:
        written = getattr(bodies, kind)(context)
        assert normalised(written) == normalised(template.render(context))
        every += written
    assert (str(escape(MARKUP)) in every) == (which == "marked")
    assert "<script>" not in every
