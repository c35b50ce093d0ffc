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
from statement_ledger.api.explorer.formats import date_text, when_html

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
        text = (key, key, key, 1, 2, "", key)
        assert texts.keep(key, text) == text
    assert list(texts) == ["a", "b", "c"]


def test_a_statements_kept_text_is_its_date_and_days_written_afresh(db: Database) -> None:
    rows = timeline_page._dicts(db.query(
        f"SELECT {timeline_page.DRAWN} FROM statements WHERE said_on IS NOT NULL "
        "ORDER BY statement_id LIMIT 300"
    ))  # fmt: skip
    assert {r["said_on_precision"] for r in rows} >= {"day", "month", "year"}
    for row, text in zip(rows, timeline.Texts().of(rows), strict=True):
        date, precision, basis = row["said_on"], row["said_on_precision"], row["said_on_basis"]
        first, last = timeline._span(date, precision)
        inferred = basis == "inferred"
        assert text == (
            escape(row["statement_id"]), escape(row["claim"]),
            date_text(date, precision) + (", inferred" if inferred else ""),
            first.toordinal(), last.toordinal(), " inferred" if inferred else "",
            str(when_html(date, precision, basis)),
        )  # fmt: skip


def test_an_events_kept_head_is_its_link_and_days_written_afresh(db: Database) -> None:
    events = timeline_page._dicts(db.query(
        f"SELECT {timeline_page.EVENT_DRAWN} FROM events WHERE start_date IS NOT NULL"
    ))  # fmt: skip
    events.append({"event_id": "ev-<1>", "name": NASTY, "start_date": "2023-02-01",
                   "start_date_precision": "month", "end_date": "2023-01-10",
                   "end_date_precision": None})  # fmt: skip
    assert any(e["end_date"] for e in events)
    heads = timeline.Heads()
    for _ in range(2):  # written, then kept
        for event, head in zip(events, heads.of(events), strict=True):
            first, last = timeline._span(event["start_date"], event["start_date_precision"])
            end = event["end_date"]
            final = timeline._span(end, event["end_date_precision"] or "day")[1] if end else last
            when = date_text(event["start_date"], event["start_date_precision"])
            assert head == (
                f'<a href="/events/{escape(event["event_id"])}"><title>Event: '
                f'{escape(event["name"])} ({when})</title><rect class="mark event" ',
                first.toordinal(), last.toordinal(), max(last, final).toordinal(),
            )  # fmt: skip
    assert len(heads) == len(events)


def test_kept_heads_stop_at_their_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(timeline.Heads, "CAP", 2)
    events = [{"event_id": k, "name": k, "start_date": "2023-01-01", "start_date_precision": "day",
               "end_date": None, "end_date_precision": None} for k in "abc"]  # fmt: skip
    heads = timeline.Heads()
    assert len(heads.of(events)) == 3 and list(heads) == ["a", "b"]


@pytest.mark.parametrize("days", [0, 1, 13, 90, 400, 1540, 3100, 9000])
def test_days_placed_together_are_placed_as_one_by_one(days: int) -> None:
    low = dt.date(2023, 1, 11)
    scale = timeline.Scale(low, low + dt.timedelta(days=days), pad=max(1, days // 80))
    every = [low + dt.timedelta(days=n) for n in range(-days // 4 - 30, days + days // 4 + 30)]
    assert scale.xs([d.toordinal() for d in every]) == [scale.at(d)[0] for d in every]


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


def test_the_speakers_known_to_be_counted_are_those_with_too_many_to_draw(db: Database) -> None:
    speakers = [r[0] for r in db.query("SELECT DISTINCT speaker_id FROM statements")]
    crowded = timeline_page._crowded(db)
    assert 0 < len(crowded) < len(speakers)
    for speaker in speakers:
        chosen = {"actor": speaker, "event": None, "from": None, "to": None, "colour": "speaker"}
        read = timeline_page._statements(db, chosen)
        assert (speaker in crowded) == (len(read) > timeline_page.MAX_MARKS)
