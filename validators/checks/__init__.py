"""Layer 3: cross-table rules, one module per rule, each yielding findings, over either backend
(tables.py: columns or rows)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import ModuleType

from statement_ledger.validators.checks import (
    alias_unique,
    contradiction_duplicate,
    contradiction_sides,
    furniture_range,
    id_removed,
    misspelling_recorded,
    printed_date,
    quote_duplicate,
    quote_grounded,
    quote_in_furniture,
    reference_unknown,
    replacement_cycle,
    retired_reference,
    retired_side,
    said_after_published,
    seed_hash,
    seed_source,
    speaker_as_reported,
    spreadsheet_formula,
    supported_side,
    unreferenced,
    utterance_speaker,
)
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.tables import AnyPackage

MODULES: tuple[ModuleType, ...] = (
    seed_hash,
    seed_source,
    furniture_range,
    quote_grounded,
    quote_in_furniture,
    quote_duplicate,
    speaker_as_reported,
    printed_date,
    said_after_published,
    contradiction_sides,
    contradiction_duplicate,
    supported_side,
    reference_unknown,
    unreferenced,
    alias_unique,
    misspelling_recorded,
    utterance_speaker,
    replacement_cycle,
    retired_reference,
    retired_side,
    id_removed,
    spreadsheet_formula,
)
RULES: dict[str, ModuleType] = {m.RULE: m for m in MODULES}


def check(package: AnyPackage, after: Callable[[], None] = lambda: None) -> Iterator[Finding]:
    """Every cross-table rule, in catalogue order; `after` is called after each rule."""
    for module in MODULES:
        yield from module.check(package)
        after()
