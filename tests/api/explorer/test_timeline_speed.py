"""What the timeline takes from memory or writes once is what it read or wrote afresh: its
events (those its SQL selects, in the same order), its statements' texts, its addresses."""

from __future__ import annotations

import datetime as dt
from array import array
from collections import Counter
from collections.abc import Iterator
from html import escape
from typing import Any

import pytest

from statement_ledger.api.db import Database
from statement_ledger.api.explorer import timeline, timeline_page

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


NASTY = "<b>\"Peace\" & 'war'</b> > <script>alert(1)</script>"


def test_marks_from_kept_texts_are_those_written_afresh(db: Database) -> None:
    """Each timeline drawn with the texts kept for the database, then again from them, is the
    one drawn without; on generated rows and on rows whose ids and claims need escapes."""
    rows = timeline_page._dicts(db.query(
        f"SELECT {timeline_page.DRAWN} FROM statements WHERE said_on IS NOT NULL "
        "ORDER BY said_on, statement_id LIMIT 60"
    ))  # fmt: skip
    for i, row in enumerate(rows[:10]):
        row.update(statement_id=f"st-<{i}>&'\"", claim=f"{NASTY} {i}", said_on_basis="inferred")
    for row in rows:
        row["speaker_name"] = NASTY if row["speaker_id"] else None
    texts = timeline.Texts()
    for chunk in (rows[:30], rows[20:], rows, rows[:30]):
        counts = Counter(r["speaker_id"] for r in chunk)
        names = {r["speaker_id"]: NASTY for r in chunk}
        lanes, lane_of = timeline.lanes_for(counts, names)
        key_of = {r["statement_id"]: lane_of[r["speaker_id"]] for r in chunk}
        fresh = timeline.render(chunk, [], {}, {}, lanes, key_of)
        kept = timeline.render(chunk, [], {}, {}, lanes, key_of, texts=texts)
        assert str(kept.svg) == str(fresh.svg) and kept.labels == fresh.labels
        assert str(timeline.listing(kept, names)) == str(timeline.listing(fresh, names))
    assert len(texts) == len(rows) and "&lt;script&gt;" in str(kept.svg)
    assert 'href="/statements/st-&lt;0&gt;&amp;&#x27;&quot;"' in str(kept.svg)


def test_kept_texts_stop_at_their_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline.Texts, "CAP", 3)
    texts = timeline.Texts()
    for key in "abcde":
        assert texts.keep(key, (key, key, key)) == (key, key, key)
    assert list(texts) == ["a", "b", "c"]


def test_contradictions_among_statements_are_those_the_query_alone_finds(db: Database) -> None:
    """The contradictions among statements, with the sides in memory ruling out those that
    have none, are those of the query alone: on the statements of each contradiction with a
    few others, and on runs of statements in date order."""
    sides = db.query(
        "SELECT contradiction_id, group_concat(statement_id) FROM contradiction_sides "
        "GROUP BY 1 ORDER BY 1 LIMIT 40"
    )
    ids = [r[0] for r in db.query("SELECT statement_id FROM statements ORDER BY said_on")]
    groups = [[*row[1].split(","), *ids[i * 7 : i * 7 + 5]] for i, row in enumerate(sides)]
    groups += [ids[i : i + 30] for i in range(0, len(ids), 30)]
    found = 0
    for group in groups:
        expected = timeline_page._contradictions_among(Unsided(db), group)
        assert timeline_page._contradictions_among(db, group) == expected
        found += len(expected)
    assert found >= 20


class Unsided:
    """The database with every statement on its own side of one contradiction, as far as the
    sides in memory tell: the query alone decides."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def query(self, sql: str, params: list[str]) -> list[Any]:
        return self.db.query(sql, params)

    def memo(self, key: str, compute: Any) -> timeline_page.Sided:
        rows = self.db.query("SELECT statement_id FROM statements")
        keys = array("q", sorted(hash(r[0]) for r in rows))
        return timeline_page.Sided(keys, array("q", [0] * len(keys)), array("q", range(len(keys))))


@pytest.mark.parametrize("label", ["Jane Roe", NASTY, "A name longer than a lane's label & cut"])
@pytest.mark.parametrize("href", ["", "/actors/a&b"])
def test_lane_labels_from_kept_texts_are_those_written_afresh(label: str, href: str) -> None:
    lane = timeline.Lane("k", label, "c0", href)
    cut = escape(label)
    if len(label) > timeline.LABEL_CHARS:
        cut = escape(label[: timeline.LABEL_CHARS - 1].rstrip()) + "&#8230;"
    text = f'<text class="lane-label" x="24" y="85">{cut}</text>'
    if href:
        text = f'<a href="{escape(href)}"><title>{escape(label)}</title>{text}</a>'
    expected = f'<rect class="c0" x="8" y="76" width="10" height="10"/>{text}'
    for _ in range(2):
        assert timeline._lane_labels([lane], {"k": 85})[1] == expected
