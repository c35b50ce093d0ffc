"""What the cross-table rules see of a package, whichever way it is held.

Each rule is written once against this surface. Two backends provide it:

- `columnar.CPackage` holds the tables as Arrow columns and answers `query` with DuckDB SQL:
  it scales to millions of rows, and the fast engine uses it;
- `rowwise.RPackage` holds the rows the row engine has already parsed and answers `query`
  with plain Python: it imports nothing beyond the standard library, which for a small
  package costs less than importing pyarrow and DuckDB alone.

Both give every table the same reads (`cell`, `column`, `line`, `line_text`, `matching`, ...)
and the package `query(sql, rows, params)`: `sql` (with its `params`) is the columns form of
a selection, `rows` the same selection in Python, called with the rows package. A rule states
what it selects in both forms, side by side in its module, and turns the tuples into findings
once; the two forms give the same findings (tests/validators/test_rowwise.py, and every
fixture package through the plain and reference engines). Where a rule's own Python re-checks
what it selects (quote-duplicate, said-after-published), the rows form may select more: the
SQL form only narrows the candidates for speed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from statement_ledger.validators.findings import Finding

if TYPE_CHECKING:  # only named in annotations: the columns need pyarrow and DuckDB
    from statement_ledger.validators.columnar import CPackage, CTable
    from statement_ledger.validators.rowwise import RPackage, RTable

AnyPackage: TypeAlias = "CPackage | RPackage"
AnyTable: TypeAlias = "CTable | RTable"
T = TypeVar("T")


@dataclass
class Tables(Generic[T]):
    """What both backends hold of a package: its root, descriptor and tables, and the work
    rules share (`cache`)."""

    root: Path
    descriptor: dict[str, Any]
    tables: dict[str, T]
    cache: dict[str, Any] = field(default_factory=dict)  # work shared between rules

    def table(self, name: str) -> T:
        return self.tables[name]


def finding(
    table: AnyTable,
    index: int,
    rule: str,
    column: str | None,
    message: str,
    fix: str,
    value: str | None = None,
) -> Finding:
    """A layer-3 finding at record `index` of `table` (value: the cell, unless given)."""
    if value is None and column:
        value = table.cell(index, column) or None
    return Finding.at(table, table.line(index), "package", rule, column, value, message, fix)
