"""The timeline's events taken from memory are those its SQL selects, in the same order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from statement_ledger.api.db import Database
from statement_ledger.api.explorer import timeline_page

from ledger_fixture import generated_database


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    opened = Database(generated_database(tmp_path_factory.mktemp("timeline-speed"), 2000))
    yield opened
    opened.close()


def test_an_events_events_from_memory_are_those_sql_selects(db: Database) -> None:
    parents = [r[0] for r in db.query(
        "SELECT parent_event_id FROM events WHERE parent_event_id IS NOT NULL "
        "GROUP BY 1 ORDER BY count(*) DESC LIMIT 5"
    )]  # fmt: skip
    assert parents
    for event in parents:
        for first, last in ((None, None), ("2023-01-01", None), (None, "2023-06-30")):
            chosen = {"actor": None, "event": event, "from": first, "to": last}
            assert timeline_page._events(db, chosen) == timeline_page._read_events(db, chosen)
            statements = [{"occasion_event_id": event, "about_event_id": None}]
            referred = timeline_page._referred(db, statements, chosen)
            expected = [
                e for e in timeline_page._read_events(db, chosen) or [] if e["event_id"] == event
            ]
            assert referred == expected


@pytest.mark.parametrize("actor", [None, "ac-1", "FIRSTDAY LASTDAY&x=<'\">", "LASTDAY"])
@pytest.mark.parametrize("event", [None, "FIRSTDAY"])
@pytest.mark.parametrize("colour", ["speaker", "outlet"])
def test_a_dated_address_filled_in_is_the_one_href_writes(
    actor: str | None, event: str | None, colour: str
) -> None:
    chosen = {"actor": actor, "event": event, "from": "2023-02-01", "to": None,
              "colour": colour, "links": "on"}  # fmt: skip
    dated = timeline_page._dated_href(chosen)
    first, last = dt.date(2023, 1, 1), dt.date(2024, 12, 31)
    expected = timeline_page.href(chosen, **{"from": "2023-01-01", "to": "2024-12-31"})
    assert dated(first, last) == expected
