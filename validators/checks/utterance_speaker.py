"""utterance-speaker: statements that report one utterance have the same speaker."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "utterance-speaker"

# Active statements whose speaker differs from that of the first active statement (in file
# order) with the same utterance_id.
QUERY = """
    WITH said AS (
        SELECT _row, utterance_id, speaker_id, statement_id FROM statements
        WHERE record_status <> 'retired' AND utterance_id <> ''
    ),
    first AS (
        SELECT utterance_id, arg_min(speaker_id, _row) AS speaker,
            arg_min(statement_id, _row) AS statement
        FROM said GROUP BY utterance_id HAVING count(DISTINCT speaker_id) > 1
    )
    SELECT s._row, s.utterance_id, s.speaker_id, f.speaker, f.statement
    FROM said s JOIN first f ON f.utterance_id = s.utterance_id
    WHERE s.speaker_id <> f.speaker
    ORDER BY s._row
"""


def _others(package: RPackage) -> list[tuple[Any, ...]]:
    """QUERY in Python."""
    said = [
        (row, c["utterance_id"], c["speaker_id"], c["statement_id"])
        for row, c in package.table("statements").active()
        if c["utterance_id"]
    ]
    first: dict[str, tuple[str, str]] = {}  # utterance -> its first speaker and statement
    for _, utterance, speaker, statement in said:
        first.setdefault(utterance, (speaker, statement))
    return [
        (row, utterance, speaker, *first[utterance])
        for row, utterance, speaker, _ in said
        if speaker != first[utterance][0]
    ]


def check(package: AnyPackage) -> Iterator[Finding]:
    statements = package.table("statements")
    for index, utterance, speaker, other_speaker, other in package.query(QUERY, _others):
        yield finding(
            statements,
            index,
            RULE,
            "utterance_id",
            f"Utterance {utterance} is said by {speaker} here but by {other_speaker} in {other}.",
            "Statements share an utterance_id only when they report the same "
            "words of the same speaker: correct the speaker or the utterance_id.",
        )
