"""A package read for comparison: its tables' rows by primary key (whatever the schemas say),
the sha256 of each archived file under seeds/, and the descriptor."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.package import TABLES, read_json, records

Key = tuple[str, ...]


@dataclass(frozen=True)
class TableData:
    """One resource: its schema and its rows by primary key (cells by column name)."""

    name: str
    path: str
    schema: dict[str, Any]
    rows: dict[Key, dict[str, str]] = field(default_factory=dict)

    @property
    def fields(self) -> list[str]:
        return [f["name"] for f in self.schema.get("fields", [])]

    @property
    def key(self) -> list[str]:
        key: list[str] = self.schema.get("primaryKey", [])
        return key


@dataclass(frozen=True)
class Snapshot:
    """A package as it stood at one place (directory, zip, git revision) or nothing at all."""

    label: str
    version: str | None
    tables: dict[str, TableData]
    seeds: dict[str, str] = field(default_factory=dict)  # path under the root -> sha256
    descriptor: dict[str, Any] = field(default_factory=dict)


def empty(label: str) -> Snapshot:
    """The package before its first release."""
    return Snapshot(label=label, version=None, tables={})


def table_order(names: set[str]) -> list[str]:
    """The package's tables in their usual order, then any others by name."""
    return [t for t in TABLES if t in names] + sorted(names - set(TABLES))


def read(root: Path, label: str) -> Snapshot:
    """Read every tabular resource of the package at `root`. Raises CannotRun."""
    descriptor = read_json(root / "datapackage.json", "datapackage.json")
    tables: dict[str, TableData] = {}
    for resource in descriptor.get("resources", []):
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        schema = resource.get("schema")
        if isinstance(schema, str):
            schema = read_json(root / schema, f"Table Schema of '{resource.get('name')}'")
        if not isinstance(schema, dict):
            continue  # not a table
        name, path = str(resource.get("name")), resource["path"]
        tables[name] = TableData(name, path, schema, _rows(root, path, schema))
    version = descriptor.get("version")
    number = str(version) if version is not None else None
    return Snapshot(label, number, tables, _seeds(root), descriptor)


def _seeds(root: Path) -> dict[str, str]:
    folder = root / "seeds"
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _text(root: Path, path: str) -> str:
    try:
        data = (root / path).read_bytes()
    except OSError:
        raise CannotRun(f"{path}: file not found") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CannotRun(f"{path}, line {line}: not UTF-8; save the file as UTF-8") from None


def _rows(root: Path, path: str, schema: dict[str, Any]) -> dict[Key, dict[str, str]]:
    try:
        recs = records(_text(root, path))
    except csv.Error as exc:
        raise CannotRun(f"{path}: cannot be read as CSV ({exc})") from None
    if not recs:
        return {}
    header = recs[0][1]
    key = schema.get("primaryKey", [])
    if not key or any(k not in header for k in key):
        raise CannotRun(f"{path}: no primary key column(s) {key} to compare rows by")
    rows: dict[Key, dict[str, str]] = {}
    for line, cells in recs[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise CannotRun(f"{path}, line {line}: {len(cells)} cells for {len(header)} columns")
        row = {h: c.replace("\r\n", "\n") for h, c in zip(header, cells, strict=True)}
        ident = tuple(row[k] for k in key)
        if ident in rows:
            raise CannotRun(f"{path}, line {line}: the id {'/'.join(ident)} appears twice")
        rows[ident] = row
    return rows
