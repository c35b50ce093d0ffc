"""Every documented example in examples/*.md returns exactly the JSON printed under it."""

from pathlib import Path

from statement_ledger.api import examples
from statement_ledger.api.db import Database

from ledger_fixture import REPO


def test_examples_are_current(db_path: Path) -> None:
    db = Database(db_path)
    files = sorted((REPO / "examples").glob("*.md"))
    assert len(files) >= 3
    assert examples.sync(db, REPO / "examples", check=True) == [], (
        "run `statement-ledger examples` after a data change"
    )
    for path in files:
        assert '"errors"' not in path.read_text(), path
