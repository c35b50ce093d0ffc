"""Keeps the generated parts of README.md (data dictionary, rule table) true to the code."""

from __future__ import annotations

import csv
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


# Optional fields of the model's rarer cases, each shown with an example row of the package.
EXAMPLED_FIELDS = {"articles": ("printed_date", "text_origin_outlet_id", "text_origin_actor_id")}
# Side tables, each shown with an example row.
EXAMPLED_TABLES = ("record_sides", "article_sides")
# Rows an example is taken from first: the record settles them, then still open, then the rest.
RESOLUTION_ORDER = {"resolved": 0, "open": 1}


def _rows(root: Path, name: str, schema: dict[str, Any]) -> list[dict[str, str]]:
    """The active rows of a table, the best examples first (resolved, then open), then by key."""
    path = root / "datapackage" / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("record_status", "active") == "active"]
    keys = schema.get("primaryKey", [])
    rows.sort(
        key=lambda r: (RESOLUTION_ORDER.get(r.get("resolution", ""), 2), [r[k] for k in keys])
    )
    return rows


def _example(rows: list[dict[str, str]], keys: list[str], column: str, value: str | None) -> str:
    """`key` of the first row whose `column` is `value` (any value when None), with the value."""
    for row in rows:
        if row.get(column) and (value is None or row[column] == value):
            key = "/".join(row[k] for k in keys)
            return f"`{key}`" if value is not None else f"`{key}` ({row[column]!r})"
    return ""


def _categories(field: dict[str, Any], rows: list[dict[str, str]], keys: list[str]) -> list[str]:
    """The values of a field that defines them (Table Schema `categories`), with an example."""
    out = [
        f"Values of `{field['name']}`:",
        "",
        "| value | meaning | example in the package |",
        "| --- | --- | --- |",
    ]
    for category in field["categories"]:
        value = category["value"]
        example = _example(rows, keys, field["name"], value) or "none yet"
        out.append(f"| `{value}` | {category.get('label', '')} | {example} |")
    return [*out, ""]


def _side_example(name: str, rows: list[dict[str, str]]) -> list[str]:
    if not rows:
        return [f"No row of {name} yet.", ""]
    row = rows[0]
    cells = ", ".join(f"{k} `{v}`" for k, v in row.items() if v and k != "record_status")
    return [f"Example: {cells}", ""]


def data_dictionary(root: Path) -> str:
    """The README data dictionary: every table and field, from the Table Schemas, with an
    example row of the package for each defined value and for the model's rarer cases."""
    out: list[str] = []
    for name in TABLES:
        schema = read_json(root / "schema" / f"{name}.json", f"schema of {name}")
        keys: list[str] = list(schema.get("primaryKey", []))
        rows = _rows(root, name, schema)
        out += [f"### `{name}`", "", schema.get("description", ""), ""]
        if name in EXAMPLED_TABLES:
            out += _side_example(name, rows)
        out += [f"Primary key: {', '.join(keys)}.", ""]
        references = {
            fk["fields"]: fk["reference"]["resource"] or name
            for fk in schema.get("foreignKeys", [])
        }
        out += ["| field | type | constraints | description |", "| --- | --- | --- | --- |"]
        for field in schema["fields"]:
            target = references.get(field["name"])
            note = f" References `{target}`." if target else ""
            if field["name"] in EXAMPLED_FIELDS.get(name, ()):
                example = _example(rows, keys, field["name"], None)
                note += f" Example: {example}." if example else " No row has one yet."
            out.append(
                f"| `{field['name']}` | {field['type']} | {_constraints(field)} | "
                f"{field['description']}{note} |"
            )
        out.append("")
        for field in schema["fields"]:
            if field.get("categories"):
                out += _categories(field, rows, keys)
    return "\n".join(out).rstrip() + "\n"
