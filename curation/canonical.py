"""Canonical CSV form (UTF-8 without BOM, LF, fixed column order, rows sorted by primary key,
minimal quoting) and the checksums in datapackage.json that go with it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package, Table, decode, load, records


def canonical_bytes(table: Table) -> bytes:
    """The table's content in canonical form. Raises CannotRun if it cannot be read."""
    try:
        recs = records(decode(table))
    except csv.Error as exc:
        raise CannotRun(
            f"{table.path}: cannot be read as CSV ({exc}); fix it by hand first"
        ) from None
    if not recs:
        raise CannotRun(f"{table.path}: the file is empty; restore its header row first")
    header, body = recs[0][1], [cells for _, cells in recs[1:] if any(c.strip() for c in cells)]
    names = table.field_names
    if sorted(header) != sorted(names):
        raise CannotRun(
            f"{table.path}: the header does not have the schema's columns; "
            "fix it by hand first (see `statement-ledger validate`)"
        )
    for line, cells in recs[1:]:
        if len(cells) != len(header) and any(c.strip() for c in cells):
            raise CannotRun(
                f"{table.path}, line {line}: {len(cells)} cells for {len(header)} "
                "columns; fix it by hand first"
            )
    order = [header.index(n) for n in names]
    rows = [[cells[i].replace("\r\n", "\n") for i in order] for cells in body]
    key = [names.index(k) for k in table.primary_key]
    rows.sort(key=lambda r: [r[i] for i in key])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(names)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def checksum(data: bytes) -> tuple[str, int]:
    return "sha256:" + hashlib.sha256(data).hexdigest(), len(data)


def refreshed_descriptor(package: Package, contents: dict[str, bytes]) -> dict[str, Any]:
    """The descriptor with each resource's hash and bytes set for `contents` (by resource)."""
    descriptor: dict[str, Any] = json.loads(json.dumps(package.descriptor))
    for resource in descriptor.get("resources", []):
        data = contents.get(resource.get("name"))
        if data is not None:
            resource["hash"], resource["bytes"] = checksum(data)
    return descriptor


def dump_descriptor(descriptor: dict[str, Any]) -> bytes:
    return (json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _first_difference(old: bytes, new: bytes) -> int:
    for number, (a, b) in enumerate(zip(old.split(b"\n"), new.split(b"\n"), strict=False), 1):
        if a != b:
            return number
    return min(old.count(b"\n"), new.count(b"\n")) + 1


def check(root: Path) -> Iterator[Finding]:
    """What `fmt` would change, as findings; changes nothing."""
    package = load(root)
    contents = {name: canonical_bytes(t) for name, t in package.tables.items()}
    for name, table in package.tables.items():
        if contents[name] != table.raw:
            line = _first_difference(table.raw, contents[name])
            yield Finding(
                rule="fmt-canonical",
                layer="format",
                file=table.path,
                line=line,
                message="The file is not in canonical form (column order, row order by "
                "id, quoting, line endings or encoding differ).",
                fix="Run `statement-ledger fmt` and commit the result.",
                context=table.line_text(line),
            )
    descriptor_path = package.root / "datapackage.json"
    if dump_descriptor(refreshed_descriptor(package, contents)) != descriptor_path.read_bytes():
        yield Finding(
            rule="fmt-checksums",
            layer="format",
            file="datapackage.json",
            message="The hash/bytes of the resources (or the JSON layout) in "
            "datapackage.json are not up to date.",
            fix="Run `statement-ledger fmt` and commit the result.",
        )


def write(root: Path) -> list[str]:
    """Rewrite the CSVs canonically and refresh the checksums; returns the files changed."""
    package = load(root)
    contents = {name: canonical_bytes(t) for name, t in package.tables.items()}
    changed = []
    for name, table in package.tables.items():
        if contents[name] != table.raw:
            _replace(package.root / table.path, contents[name])
            changed.append(table.path)
    descriptor = dump_descriptor(refreshed_descriptor(package, contents))
    if descriptor != (package.root / "datapackage.json").read_bytes():
        _replace(package.root / "datapackage.json", descriptor)
        changed.append("datapackage.json")
    return changed


def _replace(path: Path, data: bytes) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
