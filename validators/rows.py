"""Layer 2 runner: parse each row into its model and apply the row rules."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pydantic import ValidationError

from statement_ledger.validators.findings import Finding
from statement_ledger.validators.hints import expected
from statement_ledger.validators.models import MODELS
from statement_ledger.validators.package import Package, Row, Table


def check(package: Package, already: Iterable[Finding] = ()) -> Iterator[Finding]:
    """Yield row findings; cells that layer 1 already reported are not reported twice."""
    seen = {(f.file, f.line, f.column) for f in already}
    for table in package.tables.values():
        model = MODELS[table.name]
        for row in table.rows:
            try:
                row.model = model.model_validate(row.cells)
            except ValidationError as exc:
                for finding in _type_findings(table, row, exc):
                    if (finding.file, finding.line, finding.column) not in seen:
                        yield finding
                continue
            for issue in row.model.row_rules():
                yield Finding(
                    rule=issue.rule,
                    layer="row",
                    file=table.path,
                    line=row.line,
                    column=issue.column,
                    value=row.get(issue.column) or None,
                    message=issue.message,
                    fix=issue.fix,
                    context=table.line_text(row.line),
                )


def _type_findings(table: Table, row: Row, exc: ValidationError) -> Iterator[Finding]:
    for error in exc.errors():
        column = str(error["loc"][0]) if error["loc"] else None
        field = table.field(column) if column else None
        fix = f"Write {expected(field)}." if field else "Correct the cell."
        yield Finding(
            rule="row-type",
            layer="row",
            file=table.path,
            line=row.line,
            column=column,
            value=(row.get(column) or None) if column else None,  # an empty cell has no value
            message=f"{column}: {error['msg']}.",
            fix=fix,
            context=table.line_text(row.line),
        )
