"""Layer 1 at scale: the Table Schema checks of frictionless, computed over columns.

`frictionless validate` reads every row in Python; at a million statements that is minutes.
This module reports the same errors (type, constraint, unique, primary key, foreign key,
checksum and size), each with frictionless's own note, in a fraction of the time:

- per-cell checks (type and constraints other than `unique`) run frictionless's own cell
  reader (`Field.create_cell_reader`) once per *distinct* value of a column, and the bad
  values are then located with Arrow; a free-text column whose only constraint is
  `required` is checked for empty cells directly;
- unique, primary-key and foreign-key checks are set operations (Arrow / DuckDB), walked in
  Python only for the rows that break them, with frictionless's notes ("the same as in the
  row at position N" names the *previous* occurrence, as frictionless does);
- the checksum and byte count are read in one streaming pass.

`tests/validators/test_fast.py` (and every test that validates a fixture package, through
`ledger_fixture.Pkg.findings`) asserts that both engines report the same findings. Types
and keys this module does not cover raise `Unsupported`, and the caller falls back to
frictionless.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from typing import Any

import frictionless
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from frictionless import FrictionlessException

from statement_ledger.validators.columnar import CPackage, CTable, strings_of
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.frictionless_layer import descriptor_finding, to_finding
from statement_ledger.validators.schema_findings import Error

LIMIT_ERRORS = 1000  # frictionless's default limit of errors per resource


class Unsupported(Exception):
    """A schema feature this engine does not check: use frictionless instead."""


def check(package: CPackage) -> Iterator[Finding]:
    """Frictionless's findings for the package, computed over columns."""
    try:
        frictionless.Package(str(package.root / "datapackage.json")).to_descriptor(validate=True)
    except FrictionlessException as exception:
        for problem in exception.to_errors():
            yield descriptor_finding(problem.message)
        return
    resources = {r.get("name"): r for r in package.descriptor.get("resources", [])}
    for table in package.tables.values():
        _supported(table)
    for table in package.tables.values():
        errors = sorted(_table_errors(package, table), key=_order)
        if len(errors) >= LIMIT_ERRORS:  # frictionless stops there, before the file checks
            errors = errors[:LIMIT_ERRORS]
        else:
            errors += list(_file_errors(table, resources.get(table.name, {})))
        for error in errors:
            line = table.line(error.row) if error.row is not None else None
            value = error.cell
            column = error.field_name
            if error.type == "foreign-key":
                column = ",".join(error.field_names)
                assert error.row is not None
                value = ",".join(table.cell(error.row, name) for name in error.field_names)
            yield to_finding(table, error, line, column, value)


def _order(error: Error) -> tuple[int, int]:
    return (error.row if error.row is not None else -1, error.order)


def _supported(table: CTable) -> None:
    for field in table.fields:
        kind, fmt = field.get("type", "any"), field.get("format", "default")
        if kind == "string" and fmt == "default":
            continue
        if kind == "date" and fmt == "default":
            continue
        if kind == "list" and field.get("itemType", "string") == "string":
            continue
        raise Unsupported(f"{table.name}.{field['name']}: type {kind}/{fmt}")
    string_fields = {f["name"] for f in table.fields if f.get("type") == "string"}
    if not set(table.primary_key) <= string_fields:
        raise Unsupported(f"{table.name}: a primary key on a non-string field")
    for fk in table.schema.get("foreignKeys", []):
        if not isinstance(fk.get("fields"), str):
            raise Unsupported(f"{table.name}: a foreign key on several fields")


def _reader(table: CTable, field: dict[str, Any]) -> Callable[[Any], tuple[Any, Any]]:
    schema = frictionless.Schema.from_descriptor(
        {"fields": [field], "missingValues": table.schema.get("missingValues", [""])}
    )
    reader: Callable[[Any], tuple[Any, Any]] = schema.fields[0].create_cell_reader()
    return reader


def _maybe_bad(values: pa.Array, pattern: str) -> list[str]:
    """The values that may break `pattern`: all but the plain printable-ASCII ones that RE2
    (Arrow's regex engine) matches. On printable ASCII, RE2 and Python's `re` agree for the
    constructs a Table Schema pattern uses; the rest is read by frictionless's own reader."""
    printable_ascii = pc.and_(pc.string_is_ascii(values), pc.utf8_is_printable(values))
    fine = pc.and_(printable_ascii, pc.match_substring_regex(values, f"^(?:{pattern})$"))
    maybe: list[str] = pc.filter(values, pc.invert(fine)).to_pylist()
    return maybe


def _indices(column: pa.ChunkedArray, values: list[str]) -> list[int]:
    mask = pc.is_in(column, value_set=pa.array(values, pa.string()))
    found: list[int] = pc.indices_nonzero(mask).to_pylist()
    return found


def _table_errors(package: CPackage, table: CTable) -> Iterator[Error]:
    """Each row's errors; a row of missing cells only is one blank-row error instead of its
    cell errors (its key errors stay), as frictionless reports it."""
    blank = _blank_rows(table)
    for index in sorted(blank):
        message = f'Row at position "{index + 2}" is completely blank'
        yield Error("blank-row", "", index, order=-1, message=message)
    for error in _errors(package, table):
        if error.row in blank and error.type in ("type-error", "constraint-error"):
            continue
        yield error


def _blank_rows(table: CTable) -> set[int]:
    missing = pa.array(table.schema.get("missingValues", [""]), pa.string())
    mask = None
    for name in table.field_names:
        empty = pc.is_in(table.data.column(name), value_set=missing)
        mask = empty if mask is None else pc.and_(mask, empty)
        table.unmap()
    if mask is None:
        return set()
    rows: list[int] = pc.indices_nonzero(mask).to_pylist()
    return set(rows)


def _errors(package: CPackage, table: CTable) -> Iterator[Error]:
    fields = table.fields
    invalid: dict[str, set[int]] = {}  # rows whose cell did not parse, per field
    for position, field in enumerate(fields):
        table.unmap()  # the column before, if it is held on disk
        name = field["name"]
        column = table.data.column(name)
        read = _reader(table, field)
        constraints = set(field.get("constraints", {})) - {"unique"}
        if field.get("type") == "string" and not constraints - {"required"}:
            values = [""]  # only an empty cell can break such a field
        elif field.get("type") == "string" and not constraints - {"required", "pattern"}:
            values = _maybe_bad(table.distinct(name), field["constraints"]["pattern"])
        else:
            values = table.distinct(name).to_pylist()
        bad: dict[str, Any] = {}
        for value in values:
            _target, notes = read(value)
            if notes:
                bad[value] = notes
        if not bad:
            continue
        for index in _indices(column, list(bad)):
            value = table.cell(index, name)
            notes = dict(bad[value])
            type_note = notes.pop("type", None)
            if type_note:
                invalid.setdefault(name, set()).add(index)
                yield Error("type-error", type_note, index, name, value, order=position * 10)
            for note in notes.values():
                yield Error("constraint-error", note, index, name, value, order=position * 10 + 1)
    base = len(fields) * 10
    for name in (f["name"] for f in fields if f.get("constraints", {}).get("unique")):
        for index, previous in _repeats(table, [name], invalid.get(name, set()), primary=False):
            note = f"the same as in the row at position {previous + 2}"
            yield Error("unique-error", note, index, name, table.cell(index, name), order=base)
    if table.primary_key:
        for index, previous in _repeats(table, table.primary_key, set(), primary=True):
            if previous < 0:
                note = 'cells composing the primary keys are all "None"'
            else:
                note = f"the same as in the row at position {previous + 2}"
            yield Error("primary-key", note, index, order=base + 1)
    for number, fk in enumerate(table.schema.get("foreignKeys", [])):
        yield from _foreign_key(package, table, fk, base + 2 + number)


def _repeats(
    table: CTable, names: list[str], skip: set[int], primary: bool
) -> Iterator[tuple[int, int]]:
    """(row, previous row with the same key) for each repeated key, and for a primary key
    (row, -1) for a key of empty cells only. Found by a stable sort on the key: a repeat is a row
    equal to the one before it in the sort, and that one is its previous occurrence."""
    keys = _keys(table, names)
    kept = None
    if skip:  # a cell that did not parse is no value: it neither repeats nor is repeated
        mask = np.ones(table.num_rows, dtype=bool)
        mask[sorted(skip)] = False
        kept = pc.indices_nonzero(pa.array(mask))
        keys = keys.filter(pa.array(mask))
    order = pc.sort_indices(keys, sort_keys=[(n, "ascending") for n in names])
    if kept is not None:
        order = pc.take(kept, order)
        keys = _keys(table, names)
    if len(order) == 0:
        return
    ordered = [pc.take(keys.column(n), order) for n in names]  # `order` indexes the table
    same = None
    empty = None
    for column in ordered:
        equal = pc.equal(column[1:], column[:-1])
        same = equal if same is None else pc.and_(same, equal)
        blank = pc.equal(column, "")
        empty = blank if empty is None else pc.and_(empty, blank)
    assert same is not None and empty is not None
    rows: list[tuple[int, int]] = []
    for position in pc.indices_nonzero(same).to_pylist():
        index, previous = order[position + 1].as_py(), order[position].as_py()
        if not empty[position + 1].as_py():
            rows.append((index, previous))
    if primary:
        rows += [(order[p].as_py(), -1) for p in pc.indices_nonzero(empty).to_pylist()]
    yield from sorted(rows)


def _keys(table: CTable, names: list[str]) -> pa.Table:
    """The columns `names` as plain strings (Arrow sorts and compares those)."""
    return pa.table([strings_of(table.data.column(n)) for n in names], names=names)


def _foreign_key(
    package: CPackage, table: CTable, fk: dict[str, Any], order: int
) -> Iterator[Error]:
    name: str = fk["fields"]
    reference = fk["reference"]
    source_name: str = reference["resource"]
    source_field = reference["fields"]
    source_field = source_field if isinstance(source_field, str) else source_field[0]
    source = package.table(source_name) if source_name else table
    lookup = source.distinct(source_field)
    column = table.data.column(name)
    missing = pc.and_(pc.invert(pc.is_in(column, value_set=lookup)), pc.not_equal(column, ""))
    for index in pc.indices_nonzero(missing).to_pylist():
        value = table.cell(index, name)
        note = (
            f'for "{name}": values "{value}" not found in the lookup table "{source_name}" '
            f'as "{source_field}"'
        )
        yield Error("foreign-key", note, index, field_names=(name,), order=order)


def _file_errors(table: CTable, resource: dict[str, Any]) -> Iterator[Error]:
    expected_hash = resource.get("hash")
    expected_bytes = resource.get("bytes")
    if not expected_hash and not expected_bytes:
        return
    algorithm, expected = "md5", ""
    if isinstance(expected_hash, str):
        algorithm, _, expected = expected_hash.rpartition(":")
        algorithm = algorithm or "md5"
    digest = hashlib.new(algorithm if algorithm in ("md5", "sha256") else "sha256")
    size = 0
    with table.file.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
            size += len(chunk)
    if expected_hash and algorithm in ("md5", "sha256") and digest.hexdigest() != expected:
        note = f'expected is "{expected}" and actual is "{digest.hexdigest()}"'
        yield Error("hash-count", note)
    if expected_bytes and expected_bytes != size:
        yield Error("byte-count", f'expected is "{expected_bytes}" and actual is "{size}"')
