"""Build the SQLite database with the project's own builder, but without validating first.

    python benchmarks/fastbuild.py PACKAGE_DIR OUT_DB

Used by run.py only where the full `statement-ledger build` (which validates the whole package
first) would not fit in the time budget: the package comes from generate.py and is valid by
construction (checked by tests/benchmarks/test_generate.py and by `validate` at the sizes where
it runs). The CSVs are parsed exactly as `validate` parses them; everything after that is
statement_ledger.api.build.build unchanged.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from statement_ledger.api import build as builder
from statement_ledger.validators import csvfile
from statement_ledger.validators.package import load
from statement_ledger.validators.validate import Result


def parse_only(root: Path) -> Result:
    package = load(root)
    for table in package.tables.values():
        findings = list(csvfile.check_file(table))
        if findings:
            raise SystemExit(f"{table.path}: {findings[0].message}")
    return Result(package)


def main() -> int:
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.monotonic()
    builder.validate = parse_only  # type: ignore[assignment]
    builder.build(root, out, say=lambda message: None)
    print(f"built {out} without validation in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
