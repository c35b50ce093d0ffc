"""The three layers of checks, run in order on a package directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package, describe, load


@dataclass
class Result:
    """What validation found, and a note when some layers could not run."""

    package: Package | None
    findings: list[Finding] = field(default_factory=list)
    note: str = ""

    @property
    def valid(self) -> bool:
        return not self.findings


ENGINES = ("auto", "reference", "fast", "plain")
AUTO_BYTES = 20_000_000  # above this much CSV, `auto` picks the fast engine, below it plain


def validate(root: Path, engine: str = "reference") -> Result:
    """Validate the package at `root`; never modifies it. Raises CannotRun.

    `reference` reads row by row and runs stock frictionless; `plain` reads row by row and
    checks the Table Schemas in plain Python (table_schema.py; frictionless only for a schema
    it does not cover); `fast` computes the same findings over columns (see fast.py); `auto`
    picks fast for packages over AUTO_BYTES, else plain. The row-by-row engines fill
    `Result.package` with rows (the build needs them). The reference engine runs the
    cross-table rules over columns, the plain engine over the rows (`cross_table`)."""
    # Each engine's modules are imported when it runs: frictionless, pyarrow and DuckDB take
    # longer to import than the plain engine takes to check a small package, and the plain
    # engine imports none of them.
    if engine == "auto":
        engine = "fast" if csv_bytes(root) > AUTO_BYTES else "plain"
    if engine == "fast":
        from statement_ledger.validators import fast

        findings, note = fast.validate(root)
        return Result(None, findings, note)
    return _by_rows(root, stock=engine == "reference")


def _by_rows(root: Path, stock: bool) -> Result:
    from statement_ledger.validators import csvfile, rows, table_schema

    package = load(root)
    result = Result(package)
    for table in package.tables.values():
        result.findings.extend(csvfile.check_file(table))
    if any(f.rule not in csvfile.NON_BLOCKING for f in result.findings):
        result.note = (
            "The other checks did not run: fix the file problems above first, then validate again."
        )
        return result
    if not stock and table_schema.supported(package):
        result.findings.extend(table_schema.check(package))
    else:
        from statement_ledger.validators import frictionless_layer

        result.findings.extend(frictionless_layer.check(package))
    result.findings.extend(rows.check(package, already=result.findings))
    result.findings.extend(cross_table(package, columns=stock))
    return result


def cross_table(package: Package, columns: bool) -> list[Finding]:
    """The cross-table rules over a package read row by row: over its rows in plain Python
    (`rowwise`), or over columns (`columnar`: pyarrow and DuckDB, as the fast engine runs
    them); the two give the same findings."""
    from statement_ledger.validators import checks

    if not columns:
        from statement_ledger.validators.rowwise import RPackage

        return list(checks.check(RPackage.of(package)))
    from statement_ledger.validators.columnar import CPackage, from_rows

    held = CPackage(
        root=package.root,
        descriptor=package.descriptor,
        tables={name: from_rows(table, package.root) for name, table in package.tables.items()},
    )
    try:
        return list(checks.check(held))
    finally:
        held.close()


def csv_bytes(root: Path) -> int:
    """The size of the package's CSVs."""
    package = describe(root)
    return sum((package.root / t.path).stat().st_size for t in package.tables.values())
