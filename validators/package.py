"""Reading a package directory: its descriptor, Table Schemas and CSV rows with line numbers."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from statement_ledger.catalogue.tables import ID_TABLES as ID_TABLES  # read by the checks
from statement_ledger.catalogue.tables import TABLES as TABLES
from statement_ledger.validators.errors import CannotRun


@dataclass
class Row:
    """One CSV record: the physical line it starts on and its cells by column name."""

    line: int
    cells: dict[str, str]
    model: Any = None  # the Pydantic row model, when the row parsed (set by the row layer)

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


class Schemed:
    """What a resource's Table Schema says of it: its fields, their names, its primary key."""

    schema: dict[str, Any]

    @property
    def fields(self) -> list[dict[str, Any]]:
        fields: list[dict[str, Any]] = self.schema["fields"]
        return fields

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]

    @property
    def primary_key(self) -> list[str]:
        key: list[str] = self.schema.get("primaryKey", [])
        return key

    def field(self, name: str) -> dict[str, Any] | None:
        return next((f for f in self.fields if f["name"] == name), None)


@dataclass
class Table(Schemed):
    """One resource: where it lives, its schema, and its raw content."""

    name: str
    path: str  # relative to the package root, as in the descriptor
    schema_path: str
    schema: dict[str, Any]
    raw: bytes = b""
    header: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    parsed: bool = False  # False when the file could not be read as CSV
    _text: list[str] | None = field(default=None, repr=False)  # `raw`'s lines, once asked for

    def line_text(self, line: int) -> str:
        if self._text is None:
            self._text = self.raw.decode("utf-8", errors="replace").splitlines()
        return self._text[line - 1] if 0 < line <= len(self._text) else ""

    def active(self) -> list[Row]:
        return [r for r in self.rows if r.get("record_status") != "retired"]


@dataclass
class Package:
    """A package directory, read but not yet checked."""

    root: Path
    descriptor: dict[str, Any]
    tables: dict[str, Table]

    def table(self, name: str) -> Table:
        return self.tables[name]


def read_json(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CannotRun(f"{what} not found: {path}") from None
    except UnicodeDecodeError:
        raise CannotRun(f"{path}: not UTF-8; save it as UTF-8") from None
    except json.JSONDecodeError as exc:
        raise CannotRun(f"{path}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise CannotRun(f"{path}: expected a JSON object")
    return data


def describe(root: Path) -> Package:
    """Read the descriptor and the Table Schemas; the CSVs are not read."""
    root = root.resolve()
    if not root.is_dir():
        raise CannotRun(f"package directory not found: {root}")
    descriptor = read_json(root / "datapackage.json", "datapackage.json")
    resources = {r.get("name"): r for r in descriptor.get("resources", []) if isinstance(r, dict)}
    tables: dict[str, Table] = {}
    for name in TABLES:
        res = resources.get(name)
        if res is None:
            raise CannotRun(f"datapackage.json has no resource named '{name}'")
        path, schema_path = res.get("path"), res.get("schema")
        if not isinstance(path, str) or not isinstance(schema_path, str):
            raise CannotRun(f"resource '{name}' in datapackage.json needs a path and a schema path")
        schema = read_json(root / schema_path, f"Table Schema of '{name}'")
        tables[name] = Table(name=name, path=path, schema_path=schema_path, schema=schema)
        if not (root / path).exists():
            raise CannotRun(f"{path}: file not found (resource '{name}' in datapackage.json)")
    return Package(root=root, descriptor=descriptor, tables=tables)


def read_raw(root: Path, table: Table) -> None:
    """Fill `table.raw` with the bytes of its CSV."""
    try:
        table.raw = (root / table.path).read_bytes()
        table._text = None
    except FileNotFoundError:
        raise CannotRun(
            f"{table.path}: file not found (resource '{table.name}' in datapackage.json)"
        ) from None
    except OSError as exc:
        raise CannotRun(f"{table.path}: cannot be read ({exc.strerror})") from None


def load(root: Path) -> Package:
    """Read the descriptor, schemas and CSV bytes; CSV parsing is done by `parse`."""
    package = describe(root)
    for table in package.tables.values():
        read_raw(package.root, table)
    return package


def decode(table: Table) -> str:
    """The file's text; bad bytes are a CannotRun naming the line."""
    try:
        return table.raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = table.raw.count(b"\n", 0, exc.start) + 1
        byte = table.raw[exc.start]
        raise CannotRun(
            f"{table.path}, line {line}: not UTF-8 (byte 0x{byte:02X}); "
            "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"
        ) from None


def records(text: str) -> list[tuple[int, list[str]]]:
    """CSV records with the physical line each starts on. Raises csv.Error with the line."""
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for record in reader:
            out.append((start, record))
            start = reader.line_num + 1
    except csv.Error as exc:
        exc.line = reader.line_num  # type: ignore[attr-defined]
        raise
    return out
