"""The three layers of checks, run in order on a package directory."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from statement_ledger.validators import checks, csvfile, rows, schema_layer
from statement_ledger.validators.columnar import CPackage, from_rows
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package, load


@dataclass
class Result:
    """What validation found, and a note when some layers could not run."""

    package: Package
    findings: list[Finding] = field(default_factory=list)
    note: str = ""

    @property
    def valid(self) -> bool:
        return not self.findings


def validate(root: Path) -> Result:
    """Validate the package at `root`; never modifies it. Raises CannotRun."""
    package = load(root)
    result = Result(package)
    for table in package.tables.values():
        result.findings.extend(csvfile.check_file(table))
    if any(f.rule not in csvfile.NON_BLOCKING for f in result.findings):
        result.note = (
            "The other checks did not run: fix the file problems above first, then validate again."
        )
        return result
    result.findings.extend(schema_layer.check(package))
    result.findings.extend(rows.check(package, already=result.findings))
    columns = CPackage(
        root=package.root,
        descriptor=package.descriptor,
        tables={name: from_rows(table, package.root) for name, table in package.tables.items()},
    )
    try:
        result.findings.extend(checks.check(package, columns))
    finally:
        columns.close()
    return result
