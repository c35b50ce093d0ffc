"""A package held as the rows the row engine parsed, for the cross-table rules (tables.py).

Standard library only: for a small package, importing pyarrow and DuckDB costs more time and
memory than all of its checks. Every cell is a string, "" for an empty cell, as in the columns;
a record's index is its position in the file, and `parsed` says whether its row model parsed.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from statement_ledger.validators.package import Package, Row, Schemed, Table
from statement_ledger.validators.tables import Tables


@dataclass
class RTable(Schemed):
    """One resource as its parsed rows."""

    name: str
    path: str
    schema_path: str
    schema: dict[str, Any]
    rows: list[Row]
    source: Table  # the table as read: its bytes quote a finding's line

    @classmethod
    def of(cls, table: Table) -> RTable:
        return cls(table.name, table.path, table.schema_path, table.schema, table.rows, table)

    @property
    def num_rows(self) -> int:
        return len(self.rows)

    def cell(self, index: int, column: str) -> str:
        return self.rows[index].cells.get(column, "")

    def column(self, name: str) -> list[str]:
        return [row.cells.get(name, "") for row in self.rows]

    def record(self, index: int) -> dict[str, str]:
        return {name: self.cell(index, name) for name in self.field_names}

    def parsed(self, index: int) -> bool:
        """Whether the row model of record `index` parsed (`_ok` of the columns)."""
        return self.rows[index].model is not None

    def active(self, parsed: bool = False) -> Iterator[tuple[int, dict[str, str]]]:
        """(index, cells) of each record not retired (and, if asked, whose model parsed)."""
        for index, row in enumerate(self.rows):
            if row.cells.get("record_status", "") != "retired" and (
                not parsed or row.model is not None
            ):
                yield index, row.cells

    def matching(self, column: str, pattern: str) -> list[int]:
        """The records whose cell in `column` matches the regular expression `pattern`
        somewhere (an RE2 pattern that Python's `re` reads the same way)."""
        if column not in self.field_names:
            return []
        search = re.compile(pattern).search
        return [i for i, row in enumerate(self.rows) if search(row.cells.get(column, ""))]

    def line(self, index: int) -> int:
        """The physical line record `index` starts on (the header is line 1)."""
        return self.rows[index].line if index < len(self.rows) else index + 2

    def line_text(self, line: int) -> str:
        return self.source.line_text(line)


@dataclass
class RPackage(Tables[RTable]):
    """A package as rows; `query` answers a rule's selection with its Python form."""

    @classmethod
    def of(cls, package: Package) -> RPackage:
        tables = {name: RTable.of(table) for name, table in package.tables.items()}
        return cls(package.root, package.descriptor, tables)

    def query(
        self,
        sql: str,
        rows: Callable[[RPackage], Iterable[tuple[Any, ...]]],
        params: Iterable[Any] = (),
    ) -> list[tuple[Any, ...]]:
        """The selection's rows, by its Python form (`sql` and `params` are its columns form)."""
        return list(rows(self))

    def close(self) -> None:
        pass


def split(cell: str) -> list[str]:
    """A |-separated list cell as its items (an empty cell is no list), as SQL string_split."""
    return cell.split("|") if cell else []
