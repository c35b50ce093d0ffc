"""The data dictionary's example rows: active rows of the package that have the value shown."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

from statement_ledger.docgen.readme import data_dictionary

from ledger_fixture import REPO


def _rows(root: Path, table: str) -> dict[str, dict[str, str]]:
    with (root / "datapackage" / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return {next(iter(r.values())): r for r in csv.DictReader(handle)}


def _examples(text: str, column: str) -> dict[str, str]:
    """value -> the example cell of the "Values of `column`" table."""
    block = text.split(f"Values of `{column}`:", 1)[1].split("\n\n", 2)[1]
    found = re.findall(r"^\| `([a-z_]+)` \| .* \| (`[^`]+`|none yet) \|$", block, re.M)
    return {value: example.strip("`") for value, example in found}


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "pkg"
    for folder in ("schema", "datapackage"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def test_each_value_is_shown_with_an_active_row_that_has_it() -> None:
    text = data_dictionary(REPO)
    for table, column in (("contradictions", "kind"), ("statements", "attribution")):
        rows = _rows(REPO, table)
        examples = _examples(text, column)
        values = {r[column] for r in rows.values() if r["record_status"] == "active"}
        assert set(examples) >= values
        for value, key in examples.items():
            if value in values:
                assert rows[key][column] == value and rows[key]["record_status"] == "active"
            else:
                assert key == "none yet"


def test_a_retired_example_is_replaced_or_said_to_be_missing(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    shown = _examples(data_dictionary(root), "kind")
    path = root / "datapackage" / "contradictions.csv"
    rows = list(_rows(root, "contradictions").values())
    for row in rows:
        if row["contradiction_id"] in shown.values():
            row.update(record_status="retired", retired_reason="for the test")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    again = _examples(data_dictionary(root), "kind")
    active = {r["contradiction_id"]: r["kind"] for r in rows if r["record_status"] == "active"}
    for value, key in again.items():
        assert key not in shown.values()
        assert active.get(key) == value if value in active.values() else key == "none yet"
    assert "none yet" in again.values()  # a kind that had one row only
