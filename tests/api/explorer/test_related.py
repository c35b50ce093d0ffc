"""What a statement shown in full reads (store.related, store.statements_related): one query
gives what reading each table by id gives."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.db import Database
from statement_ledger.api.explorer import store


def read_table_by_table(db: Database, ids: list[str]) -> tuple[dict[str, Any], store.Related]:
    """The statements and what they point at, read by id one table after another."""
    statements = store.by_ids(db, "statements", ids)
    rows = list(statements.values())
    articles = store.by_ids(db, "articles", (s["article_id"] for s in rows))
    actors = store.by_ids(
        db, "actors", [s[k] for s in rows for k in ("speaker_id", "source_actor_id")]
    )
    events = store.by_ids(
        db, "events", [s[k] for s in rows for k in ("occasion_event_id", "about_event_id")]
    )
    outlet_ids = [s["via_outlet_id"] for s in rows]
    outlet_ids += [a[k] for a in articles.values() for k in ("outlet_id", "text_origin_outlet_id")]
    return statements, store.Related(
        actors={k: {c: a[c] for c in ("actor_id", "name", "kind", "wikidata_id")}
                for k, a in actors.items()},
        outlets=store.named(db, "outlets", outlet_ids),
        articles=articles,
        events={k: {"event_id": k, "name": e["name"]} for k, e in events.items()},
        texts=store.seed_texts(db, (a["seed_path"] for a in articles.values())),
        placed=store.quote_spans(db, ids),
    )  # fmt: skip


@pytest.mark.parametrize("which", ["client", "pkg_client"])
def test_one_query_reads_what_each_table_gives(which: str, request: pytest.FixtureRequest) -> None:
    client: TestClient = request.getfixturevalue(which)
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    every = [str(row[0]) for row in db.query("SELECT statement_id FROM statements")]
    groups = [every[i : i + 3] for i in range(0, len(every), 3)] + [every, [], ["no-such-id"]]
    for ids in groups:
        statements, expected = read_table_by_table(db, ids)
        before = db.executed
        found, related = store.statements_related(db, ids, with_text=True)
        assert db.executed - before == (1 if ids else 0)
        assert found == statements
        assert related == expected
        assert store.related(db, list(statements.values()), with_text=True) == expected
        plain = store.related(db, list(statements.values()))
        assert plain == store.Related(expected.actors, expected.outlets, expected.articles,
                                      expected.events)  # fmt: skip
    assert any(
        store.related(db, [s], True).placed for s in store.by_ids(db, "statements", every).values()
    )


@pytest.mark.parametrize("which", ["client", "pkg_client"])
def test_sides_with_their_statements_in_one_query(
    which: str, request: pytest.FixtureRequest
) -> None:
    client: TestClient = request.getfixturevalue(which)
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    keys = [str(row[0]) for row in db.query("SELECT contradiction_id FROM contradictions")]
    retired = 0
    for key in [*keys, "no-such-contradiction"]:
        sides = store.sides_of(db, [key]).get(key, [])
        expected = store.statements_related(db, [s.statement_id for s in sides], with_text=True)
        before = db.executed
        found = store.sides_related(db, key, with_text=True)
        assert db.executed - before == 1
        assert found == (sides, *expected)
        retired += sum(s.retired for s in sides)
    assert retired or which == "pkg_client"


@pytest.mark.parametrize("which", ["client", "pkg_client"])
def test_contradictions_with_other_sides(which: str, request: pytest.FixtureRequest) -> None:
    """with_other_sides, read once per database, names every contradiction other_sides_of
    finds a record or article side for, and no other."""
    client: TestClient = request.getfixturevalue(which)
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    keys = [str(row[0]) for row in db.query("SELECT contradiction_id FROM contradictions")]
    having = {key for key in keys if any(store.other_sides_of(db, key))}
    assert having and store.with_other_sides(db) == having
    assert len(having) < len(keys) or which == "pkg_client"
