"""Writes `catalogue/columns.py`: each column's description and closed vocabulary, and the
meaning of each value a schema defines, as the Table Schemas (`schema/*.json`) give them, for
the layers whose shape is fixed before any package is read (the GraphQL schema and its
committed SDL).

    python -m statement_ledger.docgen.columns > catalogue/columns.py
    ruff format catalogue/columns.py
"""

from __future__ import annotations

import json
import pprint
import sys
from pathlib import Path

from statement_ledger.catalogue.tables import TABLES, describe

HEADER = '''"""Each column's description and closed vocabulary (its Table Schema `enum`), by
table, and the meaning of each value a schema defines (its `categories`).

Generated from schema/*.json by `python -m statement_ledger.docgen.columns > catalogue/columns.py`
then `ruff format catalogue/columns.py` (a test fails when it drifts): do not edit by hand.
"""

# table -> column -> (description, the values its `enum` constraint allows, or None)
COLUMNS: dict[str, dict[str, tuple[str, tuple[str, ...] | None]]] = '''


def render(root: Path) -> str:
    """The source of `catalogue/columns.py` for the package at `root`."""
    schemas = {
        table: json.loads((root / "schema" / f"{table}.json").read_text(encoding="utf-8"))
        for table in TABLES
        if (root / "schema" / f"{table}.json").exists()
    }
    catalogue = describe(schemas)
    columns = {
        table: {
            c.name: (str(c.spec.get("description", "")), c.enum) for c in catalogue[table].columns
        }
        for table in catalogue
    }
    meanings = {
        table: {
            c.name: {str(k["value"]): str(k.get("label", "")) for k in c.spec["categories"]}
            for c in catalogue[table].columns
            if c.spec.get("categories")
        }
        for table in catalogue
    }
    meanings = {table: found for table, found in meanings.items() if found}
    return (
        HEADER
        + pprint.pformat(columns, width=96, sort_dicts=False)
        + "\n\n# table -> column -> value -> its meaning (the Table Schema's `categories`)\n"
        + "MEANINGS: dict[str, dict[str, dict[str, str]]] = "
        + pprint.pformat(meanings, width=96, sort_dicts=False)
        + "\n"
    )


if __name__ == "__main__":
    sys.stdout.write(render(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")))
