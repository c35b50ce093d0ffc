"""A speaker's statements, as their page lists them and their timeline draws them, are read
from one index alone (database.build.NEWEST_LISTED), without a row lookup each."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from statement_ledger.api.explorer import store, timeline_page


def plan(path: Path, sql: str, params: list[object]) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return " | ".join(
            row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        )


def busiest_speaker(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return str(
            connection.execute(
                "SELECT speaker_id FROM statements GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
            ).fetchone()[0]
        )


def test_a_speakers_page_lists_from_a_covering_index(generated_path: Path) -> None:
    sql = store._listing('"speaker_id" = ?', False, store.LISTED)
    found = plan(generated_path, sql, [busiest_speaker(generated_path), 50])
    assert "USING COVERING INDEX newest_statements_speaker_id " in f"{found} ", found
    assert "TEMP B-TREE" not in found, found


def test_a_speakers_timeline_draws_from_a_covering_index(generated_path: Path) -> None:
    speaker = busiest_speaker(generated_path)
    for dates in ((None, None), ("2022-01-01", "2023-06-30")):
        chosen = {"actor": speaker, "event": None, "from": dates[0], "to": dates[1]}
        where, params = timeline_page._where({**chosen, "colour": "speaker", "links": "auto"})
        sql = (
            f"SELECT {timeline_page.DRAWN} FROM statements WHERE {where} "
            f"ORDER BY {timeline_page.SAID}, statement_id LIMIT ?"
        )
        found = plan(generated_path, sql, [*params, timeline_page.MAX_MARKS + 1])
        assert "USING COVERING INDEX newest_statements_speaker_id_1 " in f"{found} ", found
        assert "TEMP B-TREE" not in found, found
