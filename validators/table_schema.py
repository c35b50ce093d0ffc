"""Layer 1 without frictionless: the Table Schema checks of `frictionless validate`, in plain
Python over the rows the file layer has parsed.

For the descriptors and schemas this module reads (`supported`), it reports what
`frictionless_layer` reports, finding for finding: a cell of the wrong type, a broken
constraint (required, pattern, enum), a repeated unique value or primary key, a foreign key
to nothing, a stale checksum or byte count, each with frictionless's own note, in
frictionless's order and with its limit of errors per file. It imports neither frictionless
nor pyarrow nor DuckDB, so a small package is checked in the time frictionless takes to
import. Anything else (another type or format, a constraint it does not read, a descriptor
frictionless might reject) is left to frictionless: `supported` says no and the caller runs
`frictionless_layer`. `tests/validators/test_table_schema.py` and every fixture package
(`ledger_fixture.Pkg.findings`) check that both give the same findings.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package, Table
from statement_ledger.validators.schema_findings import Error, to_finding

LIMIT_ERRORS = 1000  # frictionless's default limit of errors per resource
DATE_FORMAT = "%Y-%m-%d"  # frictionless's default date format
# The constraints frictionless checks cell by cell, per type, in the order it checks them.
CELL_CONSTRAINTS = {
    "string": ("required", "pattern", "enum"),
    "date": ("required", "enum"),
    "list": ("required",),
}
ALLOWED_CONSTRAINTS = {
    "string": {"required", "pattern", "enum", "unique"},
    "date": {"required", "enum"},
    "list": {"required"},
}

Reader = Callable[[str], tuple[Any, dict[str, str]]]


def check(package: Package) -> Iterator[Finding]:
    """Frictionless's Table Schema findings for a package `supported` accepts, whose tables
    the file layer parsed."""
    resources = {r.get("name"): r for r in package.descriptor.get("resources", [])}
    lookups: dict[tuple[str, str], set[Any]] = {}
    for table in package.tables.values():
        errors = _table_errors(package, table, lookups)
        if len(errors) >= LIMIT_ERRORS:  # frictionless stops there, before the file checks
            errors = errors[:LIMIT_ERRORS]
        else:
            errors += _file_errors(table, resources.get(table.name, {}))
        for error in errors:
            yield _finding(table, error)


def _finding(table: Table, error: Error) -> Finding:
    if error.row is None:
        return to_finding(table, error, None, None, None)
    row = table.rows[error.row]
    column, value = error.field_name, error.cell
    if error.type == "foreign-key":
        assert column is not None
        value = row.get(column)
    return to_finding(table, error, row.line, column, value)


# -- reading cells as frictionless does ------------------------------------------------------


def _date(cell: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(cell, DATE_FORMAT).date()
    except ValueError:
        return None


def _value_reader(field: dict[str, Any]) -> Callable[[str], Any]:
    kind = field.get("type", "string")
    if kind == "date":
        return _date
    if kind == "list":
        delimiter = field.get("delimiter", ",")
        return lambda cell: cell.split(delimiter)
    return lambda cell: cell


def _required(required: bool, value: Any) -> bool:
    return not (required and value is None)


def _pattern(pattern: re.Pattern[str], value: Any) -> bool:
    return value is None or bool(pattern.match(value))


def _enum(allowed: list[Any], value: Any) -> bool:
    return value is None or value in allowed


def cell_reader(field: dict[str, Any], missing: list[str]) -> Reader:
    """(value, notes) of a cell, as frictionless's `Field.create_cell_reader` gives them: the
    value is None for a missing or unreadable cell; the notes name the type or constraints
    broken, in frictionless's words."""
    kind = field.get("type", "string")
    read = _value_reader(field)
    constraints = field.get("constraints", {})
    checks: list[tuple[str, Callable[[Any], bool]]] = []
    for name in CELL_CONSTRAINTS[kind]:
        if name not in constraints:
            continue
        if name == "required":
            checks.append((name, partial(_required, bool(constraints[name]))))
        elif name == "pattern":
            checks.append((name, partial(_pattern, re.compile(f"^{constraints[name]}$"))))
        else:
            checks.append((name, partial(_enum, [read(v) for v in constraints[name]])))
    notes_of = {name: f'constraint "{name}" is "{constraints[name]}"' for name, _ in checks}
    type_note = 'expected item type is "string"' if kind == "list" else f'type is "{kind}/default"'

    def reader(cell: str) -> tuple[Any, dict[str, str]]:
        value = None if cell in missing else read(cell)
        if value is None and cell not in missing:
            return None, {"type": type_note}
        return value, {name: notes_of[name] for name, ok in checks if not ok(value)}

    return reader


# -- the checks of one table -----------------------------------------------------------------


def _table_errors(
    package: Package, table: Table, lookups: dict[tuple[str, str], set[Any]]
) -> list[Error]:
    """Each row's errors in frictionless's order: its cells' (or one blank-row error), then
    the repeated unique values, the repeated primary key, the foreign keys to nothing."""
    missing = table.schema.get("missingValues", [""])
    readers = [(f["name"], cell_reader(f, missing)) for f in table.fields]
    seen: dict[str, dict[Any, int]] = {
        f["name"]: {} for f in table.fields if f.get("constraints", {}).get("unique")
    }
    keys: dict[tuple[Any, ...], int] = {}
    foreign = [_lookup(package, table, fk, lookups) for fk in _foreign_keys(table)]
    errors: list[Error] = []
    for index, row in enumerate(table.rows):
        values, found = _cell_errors(readers, row.cells, index)
        found += _unique_errors(seen, values, index)
        found += _key_errors(table.primary_key, keys, values, index)
        for name, source_name, source_field, present in foreign:
            value = values[name]
            if value is not None and value not in present:
                note = (
                    f'for "{name}": values "{value}" not found in the lookup table '
                    f'"{source_name}" as "{source_field}"'
                )
                found.append(Error("foreign-key", note, index, name))
        errors.extend(found)
    return errors


def _cell_errors(
    readers: list[tuple[str, Reader]], cells: dict[str, str], index: int
) -> tuple[dict[str, Any], list[Error]]:
    """The row's values by field, and its type and constraint errors (a row of missing cells
    only: one blank-row error instead)."""
    values: dict[str, Any] = {}
    found: list[Error] = []
    blank = 0
    for name, read in readers:
        source = cells[name]
        value, notes = read(source)
        values[name] = value
        type_note = notes.pop("type", None)
        if type_note:
            found.append(Error("type-error", type_note, index, name, source))
        elif value is None:
            blank += 1
        found.extend(Error("constraint-error", n, index, name, source) for n in notes.values())
    if blank == len(readers):
        message = f'Row at position "{index + 2}" is completely blank'
        found = [Error("blank-row", "", index, message=message)]
    return values, found


def _unique_errors(
    seen: dict[str, dict[Any, int]], values: dict[str, Any], index: int
) -> list[Error]:
    """A value of a unique field already seen; `seen` keeps the row number (frictionless's:
    the header is row 1) of each value's last occurrence."""
    found: list[Error] = []
    for name, numbers in seen.items():
        value = values[name]
        if value is None:
            continue
        previous = numbers.get(value)
        numbers[value] = index + 2
        if previous:
            note = f"the same as in the row at position {previous}"
            found.append(Error("unique-error", note, index, name, str(value)))
    return found


def _key_errors(
    key: list[str], seen: dict[tuple[Any, ...], int], values: dict[str, Any], index: int
) -> list[Error]:
    if not key:
        return []
    cells = tuple(values[name] for name in key)
    if all(cell is None for cell in cells):
        return [Error("primary-key", 'cells composing the primary keys are all "None"', index)]
    previous = seen.get(cells)
    seen[cells] = index + 2
    if previous:
        return [Error("primary-key", f"the same as in the row at position {previous}", index)]
    return []


def _single(names: Any) -> str:
    return str(names if isinstance(names, str) else names[0])


def _foreign_keys(table: Table) -> list[tuple[str, str, str]]:
    """(field, referenced resource, referenced field) of each foreign key, in schema order."""
    return [
        (
            _single(fk["fields"]),
            fk["reference"].get("resource", ""),
            _single(fk["reference"]["fields"]),
        )
        for fk in table.schema.get("foreignKeys", [])
    ]


def _lookup(
    package: Package,
    table: Table,
    fk: tuple[str, str, str],
    lookups: dict[tuple[str, str], set[Any]],
) -> tuple[str, str, str, set[Any]]:
    """The values a foreign key may take: every readable, non-missing value of the
    referenced field (frictionless's lookup table), computed once per referenced field."""
    name, source_name, source_field = fk
    source = package.table(source_name) if source_name else table
    if (source.name, source_field) not in lookups:
        read = cell_reader(
            source.field(source_field) or {}, source.schema.get("missingValues", [""])
        )
        values = (read(row.cells[source_field])[0] for row in source.rows)
        lookups[(source.name, source_field)] = {v for v in values if v is not None}
    return name, source_name, source_field, lookups[(source.name, source_field)]


def _file_errors(table: Table, resource: dict[str, Any]) -> list[Error]:
    errors: list[Error] = []
    expected_hash, expected_bytes = resource.get("hash"), resource.get("bytes")
    if expected_hash:
        algorithm, _, expected = str(expected_hash).partition(":")
        if not expected:  # no algorithm named: frictionless reads it as md5
            algorithm, expected = "md5", algorithm
        if algorithm in ("md5", "sha256"):
            actual = hashlib.new(algorithm, table.raw).hexdigest()
            if actual != expected:
                note = f'expected is "{expected}" and actual is "{actual}"'
                errors.append(Error("hash-count", note))
    if expected_bytes and expected_bytes != len(table.raw):
        note = f'expected is "{expected_bytes}" and actual is "{len(table.raw)}"'
        errors.append(Error("byte-count", note))
    return errors


# -- what this module reads exactly as frictionless does -------------------------------------

NAME = re.compile(r"^([-a-z0-9._/])+$")  # frictionless's pattern for package and resource names
PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
SCHEMA_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
PACKAGE_KEYS = {
    "$schema", "name", "title", "description", "version", "licenses", "contributors", "sources",
    "resources",
}  # fmt: skip
RESOURCE = {  # key -> the values this module knows frictionless accepts (None: any string)
    "name": None, "type": "table", "title": None, "description": None, "path": None,
    "scheme": "file", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
    "schema": None,
}  # fmt: skip
SCHEMA_KEYS = {"$schema", "title", "description", "fields", "missingValues", "primaryKey",
               "foreignKeys"}  # fmt: skip
# `categories` (Table Schema 2: each value with its meaning) documents a field; frictionless
# 5.21 checks nothing with it (the values are held by the `enum` constraint)
FIELD_KEYS = {"name", "title", "description", "type", "format", "constraints", "delimiter",
              "itemType", "categories"}  # fmt: skip
HASH = re.compile(r"^sha256:[0-9a-f]{64}$")
VERSION = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")


def supported(package: Package) -> bool:
    """Whether the descriptor and every Table Schema are within what `check` reads exactly as
    frictionless does: a descriptor shaped like the project's own (which frictionless accepts)
    and fields of type string, date or list (of strings) in their default format, with the
    constraints required, pattern, enum and unique, single-field keys between string fields."""
    try:
        return _package_ok(package) and all(_schema_ok(package, t) for t in package.tables.values())
    except (AttributeError, KeyError, TypeError, ValueError, IndexError, re.error):
        return False  # a shape not foreseen here: frictionless says what is wrong with it


def _strings(entry: Any, keys: set[str], required: str | None = None) -> bool:
    return (
        isinstance(entry, dict)
        and set(entry) <= keys
        and all(isinstance(v, str) for v in entry.values())
        and (required is None or bool(entry.get(required)))
    )


def _safe_path(path: Any) -> bool:
    return (
        isinstance(path, str)
        and bool(path)
        and not path.startswith(("/", "~"))
        and ":" not in path
        and "\\" not in path
        and ".." not in path.split("/")
    )


def _package_ok(package: Package) -> bool:
    d = package.descriptor
    if not set(d) <= PACKAGE_KEYS or d.get("$schema", PACKAGE_PROFILE) != PACKAGE_PROFILE:
        return False
    if not isinstance(d.get("name"), str) or not NAME.match(d["name"]):
        return False
    if not all(isinstance(d.get(k, ""), str) for k in ("title", "description")):
        return False
    if not isinstance(d.get("version"), str) or not VERSION.match(d["version"]):
        return False
    licenses, contributors = d.get("licenses", []), d.get("contributors", [])
    if not all(
        _strings(x, {"name", "path", "title"}) and (x.get("name") or x.get("path"))
        for x in licenses
    ):
        return False
    for person in contributors:
        roles = person.get("roles", [])
        rest = {k: v for k, v in person.items() if k != "roles"}
        if not _strings(rest, {"title", "email", "path"}, "title"):
            return False
        if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
            return False
    for source in d.get("sources", []):
        if not _strings(source, {"title", "path", "url", "description"}, "title"):
            return False
    resources = d.get("resources")
    if not isinstance(resources, list) or [r.get("name") for r in resources] != list(
        package.tables
    ):
        return False
    return all(_resource_ok(r) for r in resources)


def _resource_ok(resource: dict[str, Any]) -> bool:
    for key, value in resource.items():
        if key == "hash":
            ok = isinstance(value, str) and bool(HASH.match(value))
        elif key == "bytes":
            ok = type(value) is int and value > 0
        elif key in RESOURCE:
            known = RESOURCE[key]
            ok = isinstance(value, str) and (known is None or value == known)
        else:
            ok = False
        if not ok:
            return False
    return (
        bool(NAME.match(resource["name"]))
        and _safe_path(resource.get("path"))
        and _safe_path(resource.get("schema"))
    )


def _schema_ok(package: Package, table: Table) -> bool:
    schema = table.schema
    if not set(schema) <= SCHEMA_KEYS or schema.get("$schema", SCHEMA_PROFILE) != SCHEMA_PROFILE:
        return False
    missing = schema.get("missingValues", [""])
    if not isinstance(missing, list) or not all(isinstance(m, str) for m in missing):
        return False
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    if not fields or len(set(names)) != len(names) or not all(_field_ok(f) for f in fields):
        return False
    types = {f["name"]: f.get("type", "string") for f in fields}
    key = schema.get("primaryKey", [])
    if not isinstance(key, list) or not all(types.get(k) == "string" for k in key):
        return False
    for fk in schema.get("foreignKeys", []):
        if set(fk) != {"fields", "reference"} or set(fk["reference"]) != {"resource", "fields"}:
            return False
        own, source_name = fk["fields"], fk["reference"]["resource"]
        theirs = fk["reference"]["fields"]
        if not all(
            isinstance(n, str) or (isinstance(n, list) and len(n) == 1) for n in (own, theirs)
        ):
            return False
        if source_name and source_name not in package.tables:
            return False
        source = package.tables[source_name] if source_name else table
        if types.get(_single(own)) != "string":
            return False
        if (source.field(_single(theirs)) or {}).get("type", "string") != "string":
            return False
        if source.field(_single(theirs)) is None:
            return False
    return True


def _field_ok(field: dict[str, Any]) -> bool:
    kind = field.get("type", "string")
    if not set(field) <= FIELD_KEYS or kind not in ALLOWED_CONSTRAINTS:
        return False
    if not isinstance(field["name"], str) or not field["name"]:
        return False
    if not all(isinstance(field.get(k, ""), str) for k in ("title", "description")):
        return False
    if field.get("format", "default") != "default":
        return False
    if kind == "list":
        if field.get("itemType", "string") != "string":
            return False
        if not isinstance(field.get("delimiter", ","), str) or not field.get("delimiter", ","):
            return False
    elif "itemType" in field or "delimiter" in field:
        return False
    constraints = field.get("constraints", {})
    if not isinstance(constraints, dict) or not set(constraints) <= ALLOWED_CONSTRAINTS[kind]:
        return False
    for name, value in constraints.items():
        if name in ("required", "unique") and not isinstance(value, bool):
            return False
        if name == "pattern":
            re.compile(f"^{value}$")  # a pattern Python cannot read: frictionless says so
            if not isinstance(value, str):
                return False
        if name == "enum" and not (
            isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        ):
            return False
        if name == "enum" and kind == "date" and not all(_date(v) for v in value):
            return False
    return True
