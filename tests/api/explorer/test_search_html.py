"""The search page is written in Python (search.main_html) and put in base.html's frame: it must
read exactly as its former template (templates_before/search.html) wrote it, for every state
of the page (empty, results of every kind or of one, paged, FTS syntax, a search that cannot
run) and for words that need escaping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.explorer import pages, search
from statement_ledger.api.query import QueryError

REFERENCE = Path(__file__).parent / "templates_before" / "search.html"


def reference(client: TestClient, params: dict[str, str]) -> tuple[str, int]:
    """The page and status the former template gave for these parameters."""
    db = client.app.state.db  # type: ignore[attr-defined]
    query, syntax = params.get("q", "").strip(), params.get("syntax") or "words"
    context: dict[str, Any] = {
        "title": "Search", "results": None, "q": query, "syntax": syntax,
        "version": db.meta.get("version", ""), "data_version": db.data_version,
        "description": pages.DESCRIPTION,
    }  # fmt: skip
    status = 200
    if query:
        only = params.get("in")
        try:
            if syntax not in search.SYNTAXES:
                raise QueryError("syntax", f"“{syntax[:40]}” is not {' or '.join(search.SYNTAXES)}")
            results = search.search(
                db, query, only if only in search.SHOWN else None, int(params.get("page", "1")),
                syntax,
            )  # fmt: skip
        except QueryError as exc:
            context["error"], status = exc.message, 400
        else:
            title = f"Search: {query}"
            if results.only:
                title += f" ({results.only}, page {results.page})"
            html = search.results_html(results)
            context.update(title=title, results=results, results_html=html)
    template = pages.templates.env.from_string(REFERENCE.read_text(encoding="utf-8"))
    return template.render(context), status


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "   "},
        {"q": "Azerbaijan"},
        {"q": "warning", "in": "statements"},
        {"q": "Azerbaijan", "in": "statements", "page": "2"},
        {"q": "Blinken", "in": "actors"},
        {"q": "invad*", "syntax": "fts"},
        {"q": 'a("b', "syntax": "fts"},
        {"q": "<b>&\"'x", "syntax": "fts"},
        {"q": "<b>&\"'x"},
        {"q": "border", "syntax": "bogus"},
        {"q": "border", "in": "nothing"},
    ],
)
def test_the_page_reads_as_its_template_wrote_it(
    client: TestClient, params: dict[str, str]
) -> None:
    expected, status = reference(client, params)
    response = client.get("/search", params=params)
    assert (response.status_code, response.text) == (status, expected)
    assert response.headers["content-type"] == "text/html; charset=utf-8"
