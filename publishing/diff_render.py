"""A diff as Markdown (pull-request summary), JSON (machines) or one summary line."""

from __future__ import annotations

import json
from typing import Any

from statement_ledger.publishing.diff import Diff, RowChange
from statement_ledger.publishing.snapshot import Snapshot

CELL_LIMIT = 300  # characters of a value shown in Markdown; JSON has every value whole
FOLD_AFTER = 10  # lists longer than this are folded into <details>
# Shown in the retired/replaced/restored lists, so not repeated among the changed cells.
STATUS_FIELDS = ("record_status", "retired_reason", "replaced_by")


def _side(snapshot: Snapshot) -> str:
    if not snapshot.version or snapshot.version == snapshot.label:
        return snapshot.label
    return f"{snapshot.label} ({snapshot.version})"


def counts_text(counts: dict[str, int]) -> str:
    """`2 added, 1 removed (error)`."""
    return ", ".join(f"{n} {k}{' (error)' * (k == 'removed')}" for k, n in counts.items())


def render_summary(diff: Diff) -> str:
    """One line, e.g. `main (0.1.0) → . (0.1.0): statements 2 added, 1 retired`."""
    parts = [f"{table} {counts_text(c)}" for table, c in diff.counts().items()]
    if diff.schema:
        parts.append(f"schema {len(diff.schema)} change{'s' * (len(diff.schema) != 1)}")
    if diff.seeds:
        files = ", ".join(f"{n} {k}" for k, n in _file_counts(diff).items())
        parts.append(f"seeds {files}")
    if diff.descriptor:
        n = len(diff.descriptor)
        parts.append(f"datapackage.json {n} change{'s' * (n != 1)}")
    body = "; ".join(parts) or "no changes"
    level = f" [{diff.level}]" if diff.level else ""
    return f"{_side(diff.old)} → {_side(diff.new)}: {body}{level}\n"


def _file_counts(diff: Diff) -> dict[str, int]:
    kinds = [f.kind for f in diff.seeds]
    return {k: kinds.count(k) for k in ("added", "changed", "removed") if k in kinds}


def _json_value(text: str) -> Any:
    return json.loads(text) if text else None


def _row_json(row: RowChange) -> dict[str, Any]:
    out: dict[str, Any] = {"id": row.id, "kind": row.kind}
    if row.kind in ("added", "removed"):
        out["values"] = dict(row.values)
    else:
        out["changes"] = [{"field": c.field, "old": c.old, "new": c.new} for c in row.changes]
    return out


def as_json(diff: Diff) -> dict[str, Any]:
    return {
        "old": {"label": diff.old.label, "version": diff.old.version},
        "new": {"label": diff.new.label, "version": diff.new.version},
        "level": diff.level,
        "errors": diff.errors(),
        "summary": diff.counts(),
        "schema": [
            {"table": c.table, "field": c.field or None, "change": c.change, "level": c.level}
            for c in diff.schema
        ],
        "tables": {
            table: [_row_json(r) for r in diff.rows if r.table == table] for table in diff.counts()
        },
        "seeds": [{"path": f.path, "kind": f.kind} for f in diff.seeds],
        "descriptor": [
            {"key": c.key, "kind": c.kind, "old": _json_value(c.old), "new": _json_value(c.new)}
            for c in diff.descriptor
        ],
    }


def render_json(diff: Diff) -> str:
    return json.dumps(as_json(diff), indent=2, ensure_ascii=False) + "\n"


def _cell(value: str) -> str:
    """A value made safe for a Markdown table cell."""
    if not value:
        return "*(empty)*"
    if len(value) > CELL_LIMIT:
        value = value[: CELL_LIMIT - 1] + "…"
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value.replace("|", "\\|").replace("\n", "<br>")


def _fold(title: str, lines: list[str]) -> list[str]:
    if len(lines) <= FOLD_AFTER:
        return [f"**{title}**", "", *lines, ""]
    return [f"<details><summary>{title}</summary>", "", *lines, "", "</details>", ""]


def _retirement(row: RowChange) -> str:
    text = f"- `{row.id}`"
    if row.kind == "replaced":
        text += f" → `{row.value('replaced_by')}`"
    reason = row.value("retired_reason")
    return text + (f": {_cell(reason)}" if reason else "")


def _table_section(diff: Diff, table: str) -> list[str]:
    rows = [r for r in diff.rows if r.table == table]
    out = [f"### `{table}`", ""]
    for kind in ("removed", "added"):
        ids = [f"- `{r.id}`" for r in rows if r.kind == kind]
        if ids:
            out += _fold(f"{kind.capitalize()} ({len(ids)})", ids)
    for kind in ("retired", "replaced", "restored"):
        lines = [_retirement(r) for r in rows if r.kind == kind]
        if lines:
            out += _fold(f"{kind.capitalize()} ({len(lines)})", lines)
    changes = [
        f"| `{r.id}` | `{c.field}` | {_cell(c.old)} | {_cell(c.new)} |"
        for r in rows
        for c in r.changes
        if r.kind == "changed" or c.field not in STATUS_FIELDS
    ]
    if changes:
        head = ["| id | field | old | new |", "| --- | --- | --- | --- |"]
        out += _fold(f"Changed cells ({len(changes)})", [*head, *changes])
    return out


def render_markdown(diff: Diff) -> str:
    out = [f"## Data changes: {_side(diff.old)} → {_side(diff.new)}", ""]
    if diff.removed:
        out += [f"> [!CAUTION]\n> {e}" for e in diff.errors()] + [""]
    counts = diff.counts()
    if not counts and not diff.schema and not diff.seeds and not diff.descriptor:
        return "\n".join([*out, "No changes.", ""])
    if diff.level:
        out += [f"Smallest version bump these changes need: **{diff.level}**.", ""]
    if counts:
        out += ["| table | " + " | ".join(KIND_COLUMNS) + " |"]
        out += ["| --- |" + " ---: |" * len(KIND_COLUMNS)]
        out += [
            f"| `{t}` | " + " | ".join(str(c.get(k, 0)) for k in KIND_COLUMNS) + " |"
            for t, c in counts.items()
        ]
        out.append("")
    if diff.schema:
        out += ["### Schema", ""]
        out += [
            f"- `{c.table}{'.' + c.field if c.field else ''}`: {c.change} ({c.level})"
            for c in diff.schema
        ]
        out.append("")
    for table in counts:
        out += _table_section(diff, table)
    out += _seeds_section(diff) + _descriptor_section(diff)
    return "\n".join(out).rstrip() + "\n"


def _seeds_section(diff: Diff) -> list[str]:
    if not diff.seeds:
        return []
    out = ["### Archived texts (`seeds/`)", ""]
    for kind in ("added", "changed", "removed"):
        paths = [f"- `{f.path}`" for f in diff.seeds if f.kind == kind]
        if paths:
            out += _fold(f"{kind.capitalize()} ({len(paths)})", paths)
    return out


def _descriptor_section(diff: Diff) -> list[str]:
    if not diff.descriptor:
        return []
    head = ["| entry | change | old | new |", "| --- | --- | --- | --- |"]
    lines = [
        f"| `{_cell(c.key)}` | {c.kind} | {_cell(c.old)} | {_cell(c.new)} |"
        for c in diff.descriptor
    ]
    return [
        "### `datapackage.json`",
        "",
        *_fold(f"Changed entries ({len(lines)})", [*head, *lines]),
    ]


KIND_COLUMNS = ("added", "retired", "replaced", "restored", "changed", "removed")
RENDERERS = {"markdown": render_markdown, "json": render_json, "summary": render_summary}
