"""Keeps the generated parts of README.md (data dictionary, rule table) true to the code."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.package import TABLES, read_json
from statement_ledger.validators.rules import RULES


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


def rules_table() -> str:
    """The README table of rules, in catalogue order."""
    lines = ["| rule | layer | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{rule}` | {layer} | {meaning} |" for rule, (layer, meaning) in RULES.items()]
    return "\n".join(lines)


def _constraints(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    parts = ["required" if constraints.get("required") else "optional"]
    if constraints.get("unique"):
        parts.append("unique")
    if "enum" in constraints:
        parts.append("one of " + ", ".join(f"`{v}`" for v in constraints["enum"]))
    if "pattern" in constraints:
        parts.append(f"pattern `{constraints['pattern']}`")
    if field.get("type") == "list":
        parts.append("items separated by `|`")
    return "; ".join(parts)


def data_dictionary(root: Path) -> str:
    """The README data dictionary: every table and field, from the Table Schemas."""
    out: list[str] = []
    for name in TABLES:
        schema = read_json(root / "schema" / f"{name}.json", f"schema of {name}")
        keys = ", ".join(schema.get("primaryKey", []))
        out += [f"### `{name}`", "", schema.get("description", ""), "", f"Primary key: {keys}.", ""]
        references = {
            fk["fields"]: fk["reference"]["resource"] or name
            for fk in schema.get("foreignKeys", [])
        }
        out += ["| field | type | constraints | description |", "| --- | --- | --- | --- |"]
        for field in schema["fields"]:
            target = references.get(field["name"])
            note = f" References `{target}`." if target else ""
            out.append(
                f"| `{field['name']}` | {field['type']} | {_constraints(field)} | "
                f"{field['description']}{note} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"
