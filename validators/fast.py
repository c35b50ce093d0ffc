"""The fast engine: the same three layers and the same findings, computed over columns.

    file layer      pyarrow reads each CSV (all cells as text); a structural scan of the bytes
                    (BOM, CR, blank lines, quote marks out of place) sends any file that is not
                    plainly well formed to the row-by-row file layer of `csvfile`, which gives
                    the exact findings;
    Table Schema    `frictionless_columnar` (frictionless's own cell reader over distinct
                    values, keys as set operations), or frictionless itself for a schema it
                    does not cover;
    row models      each model field's Pydantic validator over the distinct values of its
                    column, then the row rules on the rows that can break one (each model's
                    `candidates` SQL, a superset tested in tests/validators/test_models.py);
    cross-table     the same rule modules as the reference engine (`checks`).

Peak memory is the Arrow tables (repeated columns dictionary-encoded: about half the size of
the CSVs; large columns of free text held on disk and memory-mapped, their pages let go after
each check that reads them, `columnar.spill`) plus the working set of one rule, with DuckDB's
share capped (`columnar.DUCKDB`); nothing holds a Python object per row of the whole package.
"""

from __future__ import annotations

import csv
import io
import mmap
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from pydantic import TypeAdapter, ValidationError

from statement_ledger.validators import (
    checks,
    csvfile,
    frictionless_columnar,
    frictionless_layer,
    seeds,
)
from statement_ledger.validators.columnar import (
    CPackage,
    CTable,
    compact,
    from_rows,
    repeats,
    spill,
    take,
)
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.hints import expected
from statement_ledger.validators.models import MODELS, RowModel
from statement_ledger.validators.package import Package, Table, describe, load, read_raw

CHUNK = 1 << 26
BLOCK = 1 << 24  # bytes of CSV read at a time
COMMA, QUOTE, LF = 44, 34, 10


def read_tables(root: Path) -> tuple[CPackage, list[Finding]]:
    """Every table as columns, and the file-layer findings (the reference layer's, exactly)."""
    package = describe(root)
    tables: dict[str, CTable] = {}
    findings: list[Finding] = []
    # The largest file first: it is held as plain strings only until it is compacted, before
    # the others are read (the findings and tables keep the package's order).
    by_size = sorted(package.tables.values(), key=lambda t: -_size(package.root / t.path))
    found: dict[str, list[Finding]] = {}
    for table in by_size:
        found[table.name] = []
        columns = _read_plain(package.root, table)
        if columns is None:  # not plainly well formed: the row-by-row layer says why
            read_raw(package.root, table)
            found[table.name] = list(csvfile.check_file(table))
            columns = from_rows(table, package.root) if table.parsed else None
            table.raw, table.rows = b"", []
        if columns is not None:
            tables[table.name] = columns
        pa.default_memory_pool().release_unused()
    for name in package.tables:
        findings.extend(found[name])
    ordered = {name: tables[name] for name in package.tables if name in tables}
    return CPackage(package.root, package.descriptor, ordered), findings


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _read_plain(root: Path, table: Table) -> CTable | None:
    """The table read by pyarrow, or None when the bytes need the careful reader."""
    file = root / table.path
    if not _plain(file) or _header(file) != table.field_names:
        return None
    names = table.field_names
    keys = set(table.primary_key)
    keys |= {f["name"] for f in table.fields if f.get("constraints", {}).get("unique")}
    try:
        columns = _read_columns(file, names, keys)
    except (pa.ArrowInvalid, UnicodeDecodeError):
        return None
    if columns is None:
        return None
    compact(columns, names, plain=keys)
    held = spill(columns, names, plain=keys)
    data = pa.table(columns, names=names)
    result = CTable(table.name, table.path, table.schema_path, table.schema, data, file)
    result.mapped = [held] if held is not None else []
    result.simple_lines = None  # counted only if a finding needs a line number
    return result


def _read_columns(file: Path, names: list[str], keys: set[str]) -> list[pa.ChunkedArray] | None:
    """The file's columns of strings, read block by block: a column whose first block repeats
    its values is dictionary-encoded block by block as it is read (`compact` then gives it
    one dictionary), so the plain text of the whole file is never held at once. None when the
    header is not `names`."""
    reader = pacsv.open_csv(
        file,
        read_options=pacsv.ReadOptions(block_size=BLOCK),
        parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in names},
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    if reader.schema.names != names:
        return None
    chunks: list[list[pa.Array]] = [[] for _ in names]
    encode: list[bool] | None = None
    for batch in reader:
        if encode is None:
            encode = [n not in keys and repeats(batch.column(i)) for i, n in enumerate(names)]
        for position, cells in enumerate(batch.columns):
            chunks[position].append(cells.dictionary_encode() if encode[position] else cells)
        del batch
    return [pa.chunked_array(c) if c else pa.chunked_array([], pa.string()) for c in chunks]


def _memory_pool() -> pa.MemoryPool:
    """jemalloc, handing freed pages back to the system at once, where pyarrow has it; else
    the C library's allocator. Arrow's default (mimalloc) keeps the pages of the plain
    blocks and columns `compact` drops: a few hundred MB at a million statements."""
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:
        pool = pa.system_memory_pool()
    return pool


def _header(file: Path) -> list[str]:
    with file.open("rb") as handle:
        head = handle.read(1 << 16).decode("utf-8", errors="replace")
    return next(csv.reader(io.StringIO(head, newline="")), [])


def _plain(file: Path) -> bool:
    """Whether the file is plainly well formed CSV.

    Plainly well formed: no BOM, no CR, no empty line, a final line feed, and every quote
    mark either opens a cell (after a comma, a line feed or the start) or closes one (before
    a comma, a line feed or the end), counting a doubled quote inside a cell as a close and an
    open. Anything else is left to the careful reader, which may still find it valid."""
    size = file.stat().st_size
    if size == 0:
        return False
    with file.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if mm[:3] == b"\xef\xbb\xbf" or mm.find(b"\r") != -1 or mm[-1:] != b"\n":
            return False
        if mm.find(b"\n\n") != -1 or mm[:1] == b"\n":
            return False
        return _quotes_in_place(mm, size)


def _quotes_in_place(mm: mmap.mmap, size: int) -> bool:
    data = np.frombuffer(mm, dtype=np.uint8)
    seen = 0
    for start in range(0, size, CHUNK):
        chunk = data[start : start + CHUNK]
        quotes = np.flatnonzero(chunk == QUOTE) + start
        if not len(quotes):
            continue
        closing = (np.arange(seen + 1, seen + len(quotes) + 1) % 2) == 0
        seen += len(quotes)
        after = data[np.minimum(quotes + 1, size - 1)]
        before = data[np.maximum(quotes - 1, 0)]
        ends = quotes + 1 == size
        closes_ok = ends | (after == COMMA) | (after == LF) | (after == QUOTE)
        opens_ok = (quotes == 0) | (before == COMMA) | (before == LF) | (before == QUOTE)
        if not np.all(np.where(closing, closes_ok, opens_ok)):
            return False
    return seen % 2 == 0


# -- row models ------------------------------------------------------------------------------


@cache
def _adapter(model: type[RowModel], name: str) -> TypeAdapter[Any]:
    """Pydantic's validator of one model field, for a list of cells."""
    info = model.model_fields[name]
    annotation: Any = info.annotation
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    return TypeAdapter(list[annotation])


def _model_errors(model: type[RowModel], name: str, values: list[str]) -> dict[str, list[str]]:
    """The Pydantic error messages of the cells of `name` that fail, by cell, as the row model
    gives them (empty cells are None, list cells are split on |)."""
    cells: list[Any] = [None if v == "" else v for v in values]
    if name in model.list_fields:
        cells = [c.split("|") if c is not None else None for c in cells]
    try:
        _adapter(model, name).validate_python(cells)
    except ValidationError as exc:
        out: dict[str, list[str]] = {}
        for error in exc.errors():
            out.setdefault(values[int(error["loc"][0])], []).append(str(error["msg"]))
        return out
    return {}


def row_layer(package: CPackage, already: list[Finding]) -> Iterator[Finding]:
    """The reference row layer's findings; sets each table's `ok` (its model parsed)."""
    seen = {(f.file, f.line, f.column) for f in already}
    for table in package.tables.values():
        model = MODELS[table.name]
        bad_rows: dict[int, list[tuple[str, str]]] = {}
        for name in table.data.column_names:
            if name not in model.model_fields:  # a column the model does not name: as the
                continue  # reference row layer, leave it to its Table Schema (frictionless)
            field = model.model_fields[name]
            column = table.data.column(name)
            plain_text = field.annotation in (str, str | None) and not field.metadata
            values = [""] if plain_text else table.distinct(name).to_pylist()
            bad = _model_errors(model, name, values)
            if not bad:
                continue
            mask = pc.is_in(column, value_set=pa.array(list(bad), pa.string()))
            table.unmap()
            for index in pc.indices_nonzero(mask).to_pylist():
                for message in bad[table.cell(index, name)]:
                    bad_rows.setdefault(index, []).append((name, message))
        ok = np.ones(table.num_rows, dtype=bool)
        for index in sorted(bad_rows):
            ok[index] = False
            line = table.line(index)
            for name, message in bad_rows[index]:
                if (table.path, line, name) in seen:
                    continue
                field_schema = table.field(name)
                yield Finding(
                    rule="row-type",
                    layer="row",
                    file=table.path,
                    line=line,
                    column=name,
                    value=table.cell(index, name) or None,
                    message=f"{name}: {message}.",
                    fix=f"Write {expected(field_schema)}." if field_schema else "Correct the cell.",
                    context=table.line_text(line),
                )
        table.ok = pa.array(ok)
        table.unmap()
    package.close()  # the views are registered again with the `ok` column
    for table in package.tables.values():
        yield from _row_rules(package, table)


def _row_rules(package: CPackage, table: CTable) -> Iterator[Finding]:
    """The row rules of the rows that can break one: the candidates are selected by SQL, and
    their cells taken from the table (a scan of every column would read the free text)."""
    model = MODELS[table.name]
    names = table.data.column_names
    rows = package.con.sql(
        f"SELECT _row FROM {_quoted(table.name)} WHERE _ok AND ({model.candidates()}) ORDER BY _row"
    ).to_arrow_table()["_row"]
    for start in range(0, len(rows), 10_000):
        indices = rows.slice(start, 10_000)
        columns = take(table.data, indices)
        table.unmap()
        for index, *cells in zip(indices.to_pylist(), *columns, strict=True):
            record = dict(zip(names, cells, strict=True))
            row = model.model_validate(record)
            for issue in row.row_rules():
                line = table.line(index)
                yield Finding(
                    rule=issue.rule,
                    layer="row",
                    file=table.path,
                    line=line,
                    column=issue.column,
                    value=record.get(issue.column) or None,
                    message=issue.message,
                    fix=issue.fix,
                    context=table.line_text(line),
                )


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _reference_package(root: Path) -> Package:
    """The package read row by row, as the reference engine reads it (for a fallback)."""
    package = load(root)
    for table in package.tables.values():
        list(csvfile.check_file(table))
    return package


# -- the whole run ---------------------------------------------------------------------------


def validate(root: Path) -> tuple[list[Finding], str]:
    """Findings and a note, as `validate.validate` gives them. Raises CannotRun."""
    findings, note, package = run(root)
    package.close()
    return findings, note


def run(root: Path) -> tuple[list[Finding], str, CPackage]:
    """Findings, a note, and the package as columns (the build loads from them)."""
    pa.set_memory_pool(_memory_pool())
    package, findings = read_tables(root)
    try:
        if any(f.rule not in csvfile.NON_BLOCKING for f in findings):
            note = (
                "The other checks did not run: fix the file problems above first, then "
                "validate again."
            )
            return findings, note, package
        seeds.prefetch_early(package)  # the archived files, read while the layers run
        try:
            findings.extend(frictionless_columnar.check(package))
        except frictionless_columnar.Unsupported:
            findings.extend(frictionless_layer.check(_reference_package(root)))
        findings.extend(row_layer(package, findings))
        package.release()
        findings.extend(checks.check(package, after=package.unmap))
        return findings, "", package
    finally:
        package.close()
