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


ENGINES = ("auto", "reference", "fast")
AUTO_BYTES = 20_000_000  # above this much CSV, `auto` picks the fast engine


def validate(root: Path, engine: str = "reference") -> Result:
    """Validate the package at `root`; never modifies it. Raises CannotRun.

    `reference` reads row by row and runs stock frictionless; `fast` computes the same
    findings over columns (see fast.py); `auto` picks fast for packages over AUTO_BYTES.
    Only the reference engine fills `Result.package` with rows (the build needs them)."""
    # The engines are imported when one runs: each pulls in frictionless, pyarrow or DuckDB,
    # which a caller that only names ENGINES (the command's parser) does not need.
    from statement_ledger.validators import checks, csvfile, fast, frictionless_layer, rows
    from statement_ledger.validators.columnar import CPackage, from_rows

    if engine == "auto":
        engine = "fast" if csv_bytes(root) > AUTO_BYTES else "reference"
    if engine == "fast":
        findings, note = fast.validate(root)
        return Result(None, findings, note)
    package = load(root)
    result = Result(package)
    for table in package.tables.values():
        result.findings.extend(csvfile.check_file(table))
    if any(f.rule not in csvfile.NON_BLOCKING for f in result.findings):
        result.note = (
            "The other checks did not run: fix the file problems above first, then validate again."
        )
        return result
    result.findings.extend(frictionless_layer.check(package))
    result.findings.extend(rows.check(package, already=result.findings))
    columns = CPackage(
        root=package.root,
        descriptor=package.descriptor,
        tables={name: from_rows(table, package.root) for name, table in package.tables.items()},
    )
    try:
        result.findings.extend(checks.check(columns))
    finally:
        columns.close()
    return result


def csv_bytes(root: Path) -> int:
    """The size of the package's CSVs."""
    package = describe(root)
    return sum((package.root / t.path).stat().st_size for t in package.tables.values())
