"""retired-reference: an active row does not point at a retired one (only at its replacement)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import ID_TABLES
from statement_ledger.validators.rowwise import RPackage
from statement_ledger.validators.tables import AnyPackage, finding

RULE = "retired-reference"


@dataclass
class Chains:
    """What following replaced_by needs of one table, read for its few replaced rows.

    An id stands for the first row with it (as the row-by-row index did). `first` holds that
    row's (record_status, retired_reason, replaced_by) for each id with any row retired or
    replaced; any other id's first row is not retired and has no replaced_by. `present` holds
    the ids those rows point at that are in the table but not in `first`.
    """

    first: dict[str, tuple[str, str, str]]
    present: set[str]

    def exists(self, value: str) -> bool:
        return value in self.first or value in self.present

    def replaced_by(self, value: str) -> str:
        return self.first[value][2] if value in self.first else ""

    def retired(self, value: str) -> bool:
        return value in self.first and self.first[value][0] == "retired"

    def final_replacement(self, start: str) -> str | None:
        """The active row that following replaced_by from `start` ends at, if there is one."""
        seen = [start]
        visited = {start}
        current = self.replaced_by(start)
        while current and self.exists(current) and current not in visited:
            seen.append(current)
            visited.add(current)
            current = self.replaced_by(current)
        if len(seen) == 1 or current or self.retired(seen[-1]):
            return None
        return seen[-1]


def _firsts(name: str, key: str) -> Callable[[RPackage], list[tuple[Any, ...]]]:
    """The first row's (id, record_status, retired_reason, replaced_by) of each id with any
    row retired or replaced, in Python."""

    def rows(package: RPackage) -> list[tuple[Any, ...]]:
        cells = [r.cells for r in package.table(name).rows]
        wanted = {c[key] for c in cells if c["record_status"] == "retired" or c["replaced_by"]}
        first: dict[str, tuple[Any, ...]] = {}
        for c in cells:
            if c[key] in wanted and c[key] not in first:
                first[c[key]] = (c[key], c["record_status"], c["retired_reason"], c["replaced_by"])
        return list(first.values())

    return rows


def chains(package: AnyPackage, name: str, key: str) -> Chains:
    cached = package.cache.get(f"{RULE}:{name}:{key}")
    if isinstance(cached, Chains):
        return cached
    rows = package.query(
        f'SELECT "{key}", arg_min(record_status, _row), arg_min(retired_reason, _row), '
        f'arg_min(replaced_by, _row) FROM "{name}" WHERE "{key}" IN '
        f"(SELECT \"{key}\" FROM \"{name}\" WHERE record_status = 'retired' OR replaced_by <> '') "
        f'GROUP BY "{key}"',
        _firsts(name, key),
    )
    first = {value: (status, reason, replaced) for value, status, reason, replaced in rows}
    pointed = sorted({r for _, _, r in first.values() if r and r not in first})
    present: set[str] = set()
    if pointed:
        query = (
            f'SELECT DISTINCT "{key}" FROM "{name}" WHERE "{key}" IN (SELECT unnest(?::VARCHAR[]))'
        )
        wanted = set(pointed)
        present = {
            value
            for (value,) in package.query(
                query,
                lambda rows: [(v,) for v in set(rows.table(name).column(key)) & wanted],
                [pointed],
            )
        }
    result = Chains(first, present)
    package.cache[f"{RULE}:{name}:{key}"] = result
    return result


def _references(package: AnyPackage, name: str) -> Iterator[Finding]:
    """The findings of each foreign key of table `name`, in schema order, then file order."""
    table = package.table(name)
    keys = []  # (column, target table, its chains, the ids retired with a reason)
    for fk in table.schema.get("foreignKeys", []):
        if fk["fields"] == "replaced_by":
            continue
        target = package.table(fk["reference"]["resource"] or name)
        found = chains(package, target.name, fk["reference"]["fields"])
        # A row retired without its reason is reported once, by retired-reason: it may be a
        # slip in the wrong row, which would otherwise flood every reference to it.
        retired = {
            value
            for value, (status, reason, _) in found.first.items()
            if value and status == "retired" and reason
        }
        if retired:
            keys.append((fk["fields"], target, found, retired))
    if not keys:
        return
    # One pass over the table for all its keys: the active rows pointing at a retired row.
    columns = ", ".join(f'"{column}"' for column, _, _, _ in keys)
    pointing = " OR ".join(
        f'"{column}" IN (SELECT unnest(?::VARCHAR[]))' for column, _, _, _ in keys
    )

    def pointers(package: RPackage) -> list[tuple[Any, ...]]:
        return [
            (row, *(cells[column] for column, _, _, _ in keys))
            for row, cells in package.table(name).active()
            if any(cells[column] in retired for column, _, _, retired in keys)
        ]

    rows = package.query(
        f'SELECT _row, {columns} FROM "{name}" '
        f"WHERE record_status <> 'retired' AND ({pointing}) ORDER BY _row",
        pointers,
        [sorted(retired) for _, _, _, retired in keys],
    )
    for position, (column, target, found, retired) in enumerate(keys, start=1):
        for row in rows:
            value = row[position]
            if value not in retired:
                continue
            replacement = found.final_replacement(value)
            yield finding(
                table,
                row[0],
                RULE,
                column,
                f"{value} is retired in {target.path} ({found.first[value][1]}).",
                f"Point {column} at {replacement}, which replaces {value}."
                if replacement
                else f"Point {column} at an active row, or retire this row too, with a "
                "retired_reason.",
            )


def check(package: AnyPackage) -> Iterator[Finding]:
    # contradiction_sides is left to retired-side: a side may keep a retired statement as
    # the record of what an already resolved contradiction compared.
    for name in ID_TABLES:
        yield from _references(package, name)
