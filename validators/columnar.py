"""A package held as columns (Arrow tables of strings), for checks that must scale.

Every cell is a string, "" for an empty cell, exactly as the CSV file layer reads it; a column
that repeats its values (at most half as many distinct values as rows: ids referred to, enums,
dates, statuses) is held dictionary-encoded (`compact`), each distinct value stored once, which
more than halves the memory of a large package. Arrow's compute functions and DuckDB read such a
column as the strings it holds; the few that do not (regular expressions, sorting) are given its
distinct values (`distinct`) or its decoded strings (`strings_of`). A large column of free
text is held on disk, memory-mapped (`spill`): its pages are in memory while a check reads
it, until `unmap` lets go of them. Each
table also knows, for each record, whether its row model parsed (`ok`) — the cross-table rules
skip rows whose types are already reported — and, lazily, the physical line each record
starts on and that line's text, so a finding names the place a curator can open.

The cross-table rules query the tables with SQL (DuckDB, over the Arrow tables without a
copy): each registered view has every column of the CSV plus `_row` (the record's index,
0-based, in file order) and `_ok`. This is the columns backend of `tables.py`; `rowwise.py`
is the rows one.
"""

from __future__ import annotations

import csv
import io
import mmap
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from statement_ledger.validators.package import Schemed, Table
from statement_ledger.validators.tables import Tables
from statement_ledger.validators.tables import finding as finding  # read by the checks


@dataclass
class CTable(Schemed):
    """One resource as columns."""

    name: str
    path: str
    schema_path: str
    schema: dict[str, Any]
    data: pa.Table  # one string column per field, in schema order
    file: Path  # the CSV on disk, read again only to place findings
    ok: pa.ChunkedArray | pa.Array | None = None  # bool per record: the row model parsed
    known_lines: list[int] | None = None  # physical line of each record, when already known
    simple_lines: bool | None = False  # no record spans two lines (None: not yet known)
    _lines: list[int] | None = field(default=None, repr=False)
    _text: list[str] | None = field(default=None, repr=False)
    _distinct: dict[str, pa.Array] = field(default_factory=dict, repr=False)
    # the memory maps of the columns held on disk (`spill`), if any
    mapped: list[mmap.mmap] = field(default_factory=list, repr=False)

    def unmap(self) -> None:
        """Let go of the memory pages of the columns held on disk: the next read of them maps
        them again from the page cache (or the disk)."""
        for held in self.mapped:
            held.madvise(mmap.MADV_DONTNEED)

    def records(self, in_key_order: bool = False) -> Iterator[list[str]]:
        """Each record's cells in schema order, read in batches; in primary-key order (by
        code point, as Python and SQLite compare text) if asked, else in file order."""
        names = self.field_names
        data = self.data.select(names)
        if in_key_order and self.primary_key:
            order = pc.sort_indices(data, sort_keys=[(k, "ascending") for k in self.primary_key])
            if not pc.all(pc.equal(order, np.arange(len(order), dtype=np.uint64))).as_py():
                data = data.take(order)
        for batch in data.to_batches(max_chunksize=50_000):
            columns = [c.to_pylist() for c in batch.columns]
            yield from (list(cells) for cells in zip(*columns, strict=True))

    @property
    def num_rows(self) -> int:
        return int(self.data.num_rows)

    def distinct(self, name: str) -> pa.Array:
        """The distinct values of a column, as strings (computed once)."""
        if name not in self._distinct:
            values = pc.unique(self.data.column(name))
            if pa.types.is_dictionary(values.type):
                values = values.dictionary_decode()
            self._distinct[name] = values
        return self._distinct[name]

    def column(self, name: str) -> list[str]:
        values: list[str] = self.data.column(name).to_pylist()
        return values

    def cell(self, index: int, column: str) -> str:
        value: str = self.data.column(column)[index].as_py()
        return value

    def record(self, index: int) -> dict[str, str]:
        return {name: self.cell(index, name) for name in self.data.column_names}

    def matching(self, column: str, pattern: str) -> list[int]:
        """The records whose cell in `column` matches the regular expression `pattern`
        somewhere (RE2 syntax)."""
        if column not in self.data.column_names:
            return []
        cells = self.data.column(column)
        if pa.types.is_dictionary(cells.type):  # the pattern over each distinct value once
            values = self.distinct(column)
            hits = pc.filter(values, pc.match_substring_regex(values, pattern))
            found = pc.is_in(cells, value_set=hits)
        else:
            found = pc.match_substring_regex(cells, pattern)
        rows: list[int] = pc.indices_nonzero(found).to_pylist()
        self.unmap()
        return rows

    def line(self, index: int) -> int:
        """The physical line record `index` starts on (the header is line 1)."""
        if self.simple_lines is None:
            with self.file.open("rb") as handle:
                newlines = sum(
                    chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")
                )
            self.simple_lines = newlines == self.num_rows + 1
        if self.simple_lines:
            return index + 2
        if self._lines is None:
            self._lines = self.known_lines or _record_lines(self.file)
        return self._lines[index] if index < len(self._lines) else index + 2

    def line_text(self, line: int) -> str:
        if self._text is None:
            raw = self.file.read_bytes().decode("utf-8", errors="replace")
            self._text = raw.splitlines()
        return self._text[line - 1] if 0 < line <= len(self._text) else ""


def _record_lines(file: Path) -> list[int]:
    """The line each record starts on, read with the same csv module as the file layer."""
    text = file.read_text(encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[int] = []
    start = 1
    for number, _ in enumerate(reader):
        if number:
            lines.append(start)
        start = reader.line_num + 1
    return lines


# DuckDB's settings over the tables: its working memory (hash tables, sorts) is capped, and
# what does not fit spills to a temporary directory, removed on `close` (by default DuckDB
# may take 80% of the machine's memory, on top of the Arrow tables it reads).
DUCKDB: dict[str, str | int] = {"threads": 2, "memory_limit": "128MB"}


@dataclass
class CPackage(Tables[CTable]):
    """A package as columns, with a DuckDB connection over its tables."""

    _con: duckdb.DuckDBPyConnection | None = field(default=None, repr=False)
    _spill: tempfile.TemporaryDirectory[str] | None = field(default=None, repr=False)

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._spill = tempfile.TemporaryDirectory(prefix="statement-ledger-duckdb-")
            con = duckdb.connect(config={**DUCKDB, "temp_directory": self._spill.name})
            for name, table in self.tables.items():
                data = table.data
                data = data.append_column("_row", row_numbers(table.num_rows))
                ok = table.ok if table.ok is not None else booleans(np.ones(table.num_rows, bool))
                data = data.append_column("_ok", ok)
                con.register(name, data)
            self._con = con
        return self._con

    def sql(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of `query` (DuckDB SQL over the tables, each with `_row` and `_ok`)."""
        rows: list[tuple[Any, ...]] = self.con.execute(query, list(params)).fetchall()
        return rows

    def query(
        self,
        sql: str,
        rows: Callable[[Any], Iterable[tuple[Any, ...]]],
        params: Sequence[Any] = (),
    ) -> list[tuple[Any, ...]]:
        """The selection's rows, by its columns form (`rows` is its Python form, tables.py)."""
        return self.sql(sql, params)

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._spill is not None:
            self._spill.cleanup()
            self._spill = None

    def release(self) -> None:
        """Drop the distinct values kept for the per-cell layers, and give freed memory back."""
        for table in self.tables.values():
            table._distinct.clear()
        self.unmap()
        pa.default_memory_pool().release_unused()

    def unmap(self) -> None:
        """Let go of the memory pages of every column held on disk (`CTable.unmap`)."""
        for table in self.tables.values():
            table.unmap()


def from_rows(table: Table, root: Path) -> CTable:
    """A table already parsed row by row (the reference path), as columns."""
    names = table.field_names
    columns = [strings([r.cells.get(name, "") for r in table.rows]) for name in names]
    ok = booleans(np.array([r.model is not None for r in table.rows], bool))
    return CTable(
        name=table.name,
        path=table.path,
        schema_path=table.schema_path,
        schema=table.schema,
        data=pa.Table.from_arrays(columns, names=names),
        file=root / table.path,
        ok=ok,
        known_lines=[r.line for r in table.rows],
    )


SAMPLE = 65_536  # rows whose distinct values tell a column of free text


def compact(
    columns: list[pa.ChunkedArray], names: Sequence[str], plain: Iterable[str] = ()
) -> None:
    """Dictionary-encode, in place, each of `columns` that repeats its values (at most half as
    many distinct values as rows): one dictionary per column, indices as narrow as its size
    allows. The columns named in `plain` (keys) are left as they are. Each plain column is
    dropped as soon as it is encoded, and its memory given back, so encoding a table needs
    little more than the table itself (the caller holds `columns` only). A column may come
    dictionary-encoded chunk by chunk (one dictionary per chunk, as `fast` reads it): it gets
    one dictionary, or is decoded when it does not repeat its values after all."""
    keep = set(plain)
    pool = pa.default_memory_pool()
    for position, name in enumerate(names):
        column = columns[position]
        if name in keep or len(column) < 2:
            continue
        encoded = pa.types.is_dictionary(column.type)  # chunk by chunk, as it was read
        if not encoded and not pa.types.is_string(column.type):
            continue
        if not encoded and not repeats(column.slice(0, SAMPLE)):
            continue  # free text is told at once, without hashing it all
        values = pc.unique(column)
        if encoded:
            values = values.dictionary_decode()
        if 2 * len(values) > len(column):
            if encoded:
                columns[position] = column.cast(pa.string())
            continue
        width = pa.int8() if len(values) <= 127 else pa.int16() if len(values) <= 32767 else None
        indices = pc.index_in(column, value_set=values).combine_chunks()
        if width is not None:
            indices = indices.cast(width)
        columns[position] = pa.chunked_array([pa.DictionaryArray.from_arrays(indices, values)])
        del column, indices
        pool.release_unused()


# A column of free text (plain strings, not a key) of at least this many bytes is held on disk.
SPILL_FROM = 32 << 20


def spill(
    columns: list[pa.ChunkedArray], names: Sequence[str], plain: Iterable[str] = ()
) -> mmap.mmap | None:
    """Hold on disk, in place, each of `columns` that is free text of at least SPILL_FROM
    bytes (plain strings, not named in `plain`): it is written to a temporary Arrow file
    (removed when the last of its columns is dropped) and read back through a memory map,
    without a copy. Its pages are then in memory only while a check reads them, until
    `CTable.unmap` lets go of them: at a million statements, `quote` and `claim` are 283 MB
    that only the per-cell checks, spreadsheet-formula, quote-duplicate and the pass over
    the archived texts read. The map, or None when no column qualifies."""
    keep = set(plain)
    chosen = [
        position
        for position, name in enumerate(names)
        if name not in keep
        and pa.types.is_string(columns[position].type)
        and columns[position].nbytes >= SPILL_FROM
    ]
    if not chosen:
        return None
    data = pa.table([columns[p] for p in chosen], names=[str(p) for p in chosen])
    try:
        with tempfile.TemporaryFile(prefix="statement-ledger-") as handle:
            sink = pa.PythonFile(handle, mode="w")
            with pa.ipc.new_file(sink, data.schema) as writer:
                writer.write_table(data)
            handle.flush()
            held = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except OSError:  # no room in the temporary directory: the columns stay in memory
        return None
    del data
    read = pa.ipc.open_file(pa.py_buffer(held)).read_all()
    for position in chosen:
        columns[position] = read.column(str(position))
    pa.default_memory_pool().release_unused()
    return held


def take(data: pa.Table, rows: pa.Array) -> list[list[Any]]:
    """The cells of `data` at `rows` (in that order), column by column as Python lists. Taken
    chunk by chunk: Arrow takes from a column of several chunks by first joining them into
    one, a copy of the whole column (283 MB for `quote` and `claim` at a million statements)."""
    if all(column.num_chunks <= 1 for column in data.columns):
        return [column.to_pylist() for column in data.take(rows).columns]
    batches = data.to_batches()
    starts = np.cumsum([0] + [batch.num_rows for batch in batches])
    wanted = rows.to_numpy()
    which = np.searchsorted(starts, wanted, side="right") - 1
    order = np.argsort(which, kind="stable")  # the rows grouped by chunk
    grouped: list[list[Any]] = [[] for _ in data.columns]
    for number in np.unique(which):
        local = wanted[which == number] - starts[number]
        part = batches[number].take(pa.array(local, pa.int64()))
        for position, column in enumerate(part.columns):
            grouped[position].extend(column.to_pylist())
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    places = back.tolist()
    return [[column[place] for place in places] for column in grouped]


def repeats(cells: pa.Array | pa.ChunkedArray) -> bool:
    """Whether `cells` have at most half as many distinct values as cells."""
    return 2 * len(pc.unique(cells)) <= len(cells)


def strings_of(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    """A column as plain strings (a dictionary-encoded one decoded)."""
    return column.cast(pa.string()) if pa.types.is_dictionary(column.type) else column


# Arrays are built from their buffers: `pa.array` imports pandas whenever it is installed (to
# recognise its objects), which costs a small package more time than all of its checks.


def strings(values: list[str]) -> pa.Array:
    """The values as an Arrow string array."""
    encoded = [value.encode("utf-8") for value in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    buffers = [None, pa.py_buffer(offsets.tobytes()), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(pa.large_string(), len(encoded), buffers).cast(pa.string())


def booleans(values: np.ndarray[Any, Any]) -> pa.Array:
    """A numpy array of booleans as an Arrow boolean array."""
    bits = np.packbits(values.astype(bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits.tobytes())])


def row_numbers(count: int) -> pa.Array:
    """0, 1, ... count - 1 as an Arrow int64 array."""
    numbers = np.arange(count, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), count, [None, pa.py_buffer(numbers.tobytes())])
