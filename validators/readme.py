"""Keeps the generated parts of README.md (data dictionary, rule table) true to the code."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from statement_ledger.validators.catalogue import data_dictionary, rules_table
from statement_ledger.validators.errors import CannotRun


def sections(root: Path) -> dict[str, str]:
    return {"dictionary": data_dictionary(root), "rules": rules_table() + "\n"}


def _replacement(body: str) -> Callable[[re.Match[str]], str]:
    def replace(match: re.Match[str]) -> str:
        return match[1] + body + match[2]

    return replace


def render(root: Path, text: str) -> str:
    """`text` with each generated section replaced by its current content."""
    for name, body in sections(root).items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", flags=re.DOTALL)
        if not pattern.search(text):
            raise CannotRun(f"README.md has no <!-- {name}:start --> ... <!-- {name}:end --> block")
        text = pattern.sub(_replacement(body), text)
    return text


def sync(root: Path, check: bool) -> bool:
    """Rewrite README.md (or, with `check`, only compare); True when it was already current."""
    path = root / "README.md"
    current = path.read_text(encoding="utf-8")
    wanted = render(root, current)
    if not check and wanted != current:
        path.write_text(wanted, encoding="utf-8")
    return wanted == current
