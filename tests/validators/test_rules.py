"""The rule catalogue covers every rule, and the README shows what the code says."""

import subprocess
import sys

from statement_ledger.docgen import readme
from statement_ledger.validators import checks
from statement_ledger.validators.rules import RULES

from ledger_fixture import REPO


def test_every_cross_table_rule_is_catalogued() -> None:
    assert set(checks.RULES) <= set(RULES)
    assert {RULES[rule][0] for rule in checks.RULES} == {"package"}


def test_readme_generated_sections_are_current() -> None:
    assert readme.sync(REPO, check=True), "run `statement-ledger docs`"


def test_docs_check_fails_on_a_stale_readme(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "schema").symlink_to(REPO / "schema")
    text = (REPO / "README.md").read_text().replace("| `quote` |", "| `quote_text` |")
    (tmp_path / "README.md").write_text(text)
    result = subprocess.run(
        [sys.executable, "-m", "statement_ledger.cli.main", "docs", "--check", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (
        1,
        "README.md is out of date: run `statement-ledger docs`.\n",
    )
