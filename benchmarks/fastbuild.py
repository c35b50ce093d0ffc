"""Build the SQLite database with the project's own builder, but without validating first.

    python benchmarks/fastbuild.py PACKAGE_DIR OUT_DB

Used by run.py only where the full `statement-ledger build` (which validates the whole package
first) would not fit in the time budget: the package comes from generate.py and is valid by
construction (checked by tests/benchmarks/test_generate.py and by `validate` at the sizes where
it runs). The CSVs are read as the fast engine reads them; everything after that is
statement_ledger.database.build.build unchanged.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from statement_ledger.database import build as builder
from statement_ledger.validators import fast
from statement_ledger.validators.columnar import CPackage


def parse_only(root: Path, engine: str = "fast") -> CPackage:
    package, findings = fast.read_tables(root)
    if findings:
        raise SystemExit(f"{findings[0].file}: {findings[0].message}")
    return package


def main() -> int:
    root, out = Path(sys.argv[1]), Path(sys.argv[2])
    started = time.monotonic()
    builder._validated = parse_only
    builder.build(root, out, say=lambda message: None)
    print(f"built {out} without validation in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
