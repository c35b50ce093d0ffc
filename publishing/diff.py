"""What changed between two versions of the package: per table and id, in the schemas, in the
archived files under seeds/ and in datapackage.json.

Rows are matched by primary key. A row is added, removed (an error: ids are never
removed), retired, replaced (retired with replaced_by), restored (back to active) or
changed; each carries its per-field changes. An archived file is added, changed or removed
(by sha256). datapackage.json is compared entry by entry (`sources` by path, `resources` by
name without their hash and bytes, which follow the CSVs). Everything is ordered (tables in package
order, rows by key, fields in schema order), so the same change always gives the same diff.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from statement_ledger.publishing.snapshot import Key, Snapshot, TableData, table_order

Level = Literal["patch", "minor", "major"]
LEVELS: tuple[Level, ...] = ("patch", "minor", "major")
KINDS = ("removed", "added", "retired", "replaced", "restored", "changed")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class RowChange:
    """One row that differs, with the changes to its cells (empty for added and removed)."""

    table: str
    key: Key
    kind: str  # one of KINDS
    changes: tuple[FieldChange, ...] = ()
    values: tuple[tuple[str, str], ...] = ()  # the whole row, for added and removed rows

    @property
    def id(self) -> str:
        return "/".join(self.key)

    def value(self, column: str) -> str:
        return dict(self.values).get(column, "")


@dataclass(frozen=True)
class SchemaChange:
    """A change to a table or field definition and the kind of version bump it needs."""

    table: str
    field: str  # empty for a change to the table itself
    change: str
    level: Level


@dataclass(frozen=True)
class FileChange:
    """An archived file added, changed or removed."""

    path: str
    kind: str  # added, changed, removed


@dataclass(frozen=True)
class DescriptorChange:
    """One entry of datapackage.json added, changed or removed (values as JSON)."""

    key: str  # e.g. version, sources[seeds/005_….txt], resources[articles]
    kind: str
    old: str
    new: str


@dataclass(frozen=True)
class Diff:
    old: Snapshot
    new: Snapshot
    tables: tuple[str, ...]
    schema: tuple[SchemaChange, ...]
    rows: tuple[RowChange, ...]
    seeds: tuple[FileChange, ...] = ()
    descriptor: tuple[DescriptorChange, ...] = ()

    @property
    def removed(self) -> list[RowChange]:
        return [r for r in self.rows if r.kind == "removed"]

    @property
    def level(self) -> Level | None:
        """The smallest version bump the changes need (None when nothing changed)."""
        data = self.rows or self.seeds
        levels = {c.level for c in self.schema} | ({"patch"} if data else set())
        return next((lv for lv in reversed(LEVELS) if lv in levels), None)

    def counts(self) -> dict[str, dict[str, int]]:
        """For each table with changes, how many rows of each kind (kinds in KINDS order)."""
        out: dict[str, dict[str, int]] = {}
        for table in self.tables:
            kinds = [r.kind for r in self.rows if r.table == table]
            if kinds:
                out[table] = {k: kinds.count(k) for k in KINDS if k in kinds}
        return out

    def errors(self) -> list[str]:
        return [
            f"{r.table} {r.id} was removed: ids are never deleted or renamed; put the row "
            "back, and retire it (record_status retired, with a retired_reason) if it is wrong."
            for r in self.removed
        ]


def compare(old: Snapshot, new: Snapshot) -> Diff:
    """The difference from `old` to `new`."""
    tables = table_order(set(old.tables) | set(new.tables))
    schema: list[SchemaChange] = []
    rows: list[RowChange] = []
    for name in tables:
        before, after = old.tables.get(name), new.tables.get(name)
        schema += _schema_changes(name, before, after)
        rows += _row_changes(name, before, after)
    seeds = _file_changes(old.seeds, new.seeds)
    descriptor = _descriptor_changes(old.descriptor, new.descriptor)
    return Diff(old, new, tuple(tables), tuple(schema), tuple(rows), seeds, descriptor)


def _file_changes(old: dict[str, str], new: dict[str, str]) -> tuple[FileChange, ...]:
    out = []
    for path in sorted(old.keys() | new.keys()):
        if path not in new:
            out.append(FileChange(path, "removed"))
        elif path not in old:
            out.append(FileChange(path, "added"))
        elif old[path] != new[path]:
            out.append(FileChange(path, "changed"))
    return tuple(out)


# Lists of objects compared entry by entry, by this key; resources without what follows the CSV.
ENTRY_KEYS = {"sources": "path", "resources": "name", "licenses": "name", "contributors": "title"}
DERIVED = ("hash", "bytes")


def _entries(descriptor: dict[str, Any]) -> dict[str, str]:
    """The descriptor as {key: value as JSON}, a list of objects split into its entries."""
    out: dict[str, str] = {}
    for name, value in descriptor.items():
        by = ENTRY_KEYS.get(name)
        if by is None or not isinstance(value, list):
            out[name] = json.dumps(value, ensure_ascii=False, sort_keys=True)
            continue
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                out[f"{name}[{index}]"] = json.dumps(entry, ensure_ascii=False)
                continue
            if name == "resources":
                entry = {k: v for k, v in entry.items() if k not in DERIVED}
            label = entry.get(by, index)
            out[f"{name}[{label}]"] = json.dumps(entry, ensure_ascii=False, sort_keys=True)
    return out


def _descriptor_changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[DescriptorChange, ...]:
    before, after = _entries(old), _entries(new)
    out = []
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key, ""), after.get(key, "")
        if was != now:
            kind = "added" if key not in before else "removed" if key not in after else "changed"
            out.append(DescriptorChange(key, kind, was, now))
    return tuple(out)


def _fields(table: TableData | None) -> dict[str, dict[str, Any]]:
    return {f["name"]: f for f in table.schema.get("fields", [])} if table else {}


def _presence(table: str, field: str, added: bool) -> SchemaChange:
    """A table or field added (minor: old readers still work) or removed (major)."""
    what = "field" if field else "table"
    if added:
        return SchemaChange(table, field, f"{what} added", "minor")
    return SchemaChange(table, field, f"{what} removed", "major")


def _schema_changes(name: str, old: TableData | None, new: TableData | None) -> list[SchemaChange]:
    if old is None or new is None:
        return [_presence(name, "", old is None)]
    out = []
    if old.key != new.key:
        out.append(SchemaChange(name, "", f"primary key {old.key} → {new.key}", "major"))
    before, after = _fields(old), _fields(new)
    for field in [*after, *(f for f in before if f not in after)]:
        out += _field_changes(name, field, before.get(field), after.get(field))
    common = [f for f in after if f in before]
    if common != [f for f in before if f in after]:
        out.append(SchemaChange(name, "", "columns reordered", "patch"))
    return out


def _field_changes(
    table: str, name: str, old: dict[str, Any] | None, new: dict[str, Any] | None
) -> list[SchemaChange]:
    if old is None or new is None:
        return [_presence(table, name, old is None)]
    out = []
    if old.get("type") != new.get("type"):
        out.append(
            SchemaChange(table, name, f"type {old.get('type')} → {new.get('type')}", "major")
        )
    old_c, new_c = old.get("constraints", {}), new.get("constraints", {})
    old_enum, new_enum = old_c.get("enum", []), new_c.get("enum", [])
    if gone := [v for v in old_enum if v not in new_enum]:
        out.append(SchemaChange(table, name, f"enum values removed: {', '.join(gone)}", "major"))
    if new_enum and (extra := [v for v in new_enum if v not in old_enum]):
        out.append(SchemaChange(table, name, f"enum values added: {', '.join(extra)}", "minor"))
    rest = sorted(k for k in {*old_c, *new_c} - {"enum"} if old_c.get(k) != new_c.get(k))
    if rest:
        out.append(SchemaChange(table, name, f"constraints changed: {', '.join(rest)}", "patch"))
    for prop in ("title", "description", "format"):
        if old.get(prop) != new.get(prop):
            out.append(SchemaChange(table, name, f"{prop} changed", "patch"))
    return out


def _row_changes(name: str, old: TableData | None, new: TableData | None) -> list[RowChange]:
    before = old.rows if old else {}
    after = new.rows if new else {}
    order = list(dict.fromkeys([*(new.fields if new else []), *(old.fields if old else [])]))
    out = []
    for key in sorted(before.keys() | after.keys()):
        if key not in after:
            out.append(RowChange(name, key, "removed", values=_values(order, before[key])))
        elif key not in before:
            out.append(RowChange(name, key, "added", values=_values(order, after[key])))
        else:
            change = _changed(name, key, order, before[key], after[key])
            if change is not None:
                out.append(change)
    return out


def _values(order: list[str], row: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple((f, row[f]) for f in order if row.get(f))


def _changed(
    name: str, key: Key, order: list[str], old: dict[str, str], new: dict[str, str]
) -> RowChange | None:
    changes = tuple(
        FieldChange(f, old.get(f, ""), new.get(f, ""))
        for f in order
        if old.get(f, "") != new.get(f, "")
    )
    if not changes:
        return None
    was, now = old.get("record_status", ""), new.get("record_status", "")
    kind = "changed"
    if was != "retired" and now == "retired":
        kind = "replaced" if new.get("replaced_by") else "retired"
    elif was == "retired" and now != "retired":
        kind = "restored"
    elif now == "retired" and new.get("replaced_by") and not old.get("replaced_by"):
        kind = "replaced"
    return RowChange(name, key, kind, changes, values=_values(order, new))
