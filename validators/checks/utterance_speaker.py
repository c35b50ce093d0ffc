"""utterance-speaker: statements that report one utterance have the same speaker."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package

RULE = "utterance-speaker"


def check(package: Package) -> Iterator[Finding]:
    statements = package.table("statements")
    first: dict[str, tuple[str, str]] = {}
    for row in statements.active():
        utterance = row.get("utterance_id")
        if not utterance:
            continue
        speaker = row.get("speaker_id")
        if utterance not in first:
            first[utterance] = (speaker, row.get("statement_id"))
        elif first[utterance][0] != speaker:
            other_speaker, other = first[utterance]
            yield finding(
                statements,
                row,
                RULE,
                "utterance_id",
                f"Utterance {utterance} is said by {speaker} here but by "
                f"{other_speaker} in {other}.",
                "Statements share an utterance_id only when they report the same "
                "words of the same speaker: correct the speaker or the utterance_id.",
            )
