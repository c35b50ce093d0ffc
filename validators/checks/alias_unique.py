"""alias-unique: a name form (name, alias or misspelling) belongs to one actor only."""

from __future__ import annotations

from collections.abc import Iterator

from statement_ledger.validators.checks.base import finding
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.models import Actor
from statement_ledger.validators.package import Package

RULE = "alias-unique"


def check(package: Package) -> Iterator[Finding]:
    actors = package.table("actors")
    owner: dict[str, str] = {}
    rows = [r for r in actors.active() if isinstance(r.model, Actor)]
    for row in rows:
        assert isinstance(row.model, Actor)
        owner.setdefault(row.model.name.casefold(), row.model.actor_id)
    for row in rows:
        assert isinstance(row.model, Actor)
        for form in row.model.names():
            other = owner.setdefault(form.casefold(), row.model.actor_id)
            if other != row.model.actor_id:
                column = "aliases" if form in (row.model.aliases or []) else "misspellings"
                yield finding(
                    actors,
                    row,
                    RULE,
                    column,
                    f"'{form}' is already a name form of {other}.",
                    "Keep each name form on one actor; if the two actors are the same "
                    "person or body, retire one with replaced_by.",
                    value=form,
                )
