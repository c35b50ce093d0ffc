"""Canonical CSV form (UTF-8 without BOM, LF, fixed column order, rows sorted by primary key,
minimal quoting) and the checksums in datapackage.json that go with it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from statement_ledger.validators import csvfile
from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.findings import Finding
from statement_ledger.validators.package import Package, Table, decode, load, records

Refresh = Callable[[list[str], list[list[str]]], None]  # (column names, rows) changed in place


def canonical_bytes(table: Table, refresh: Refresh | None = None) -> bytes:
    """The table's content in canonical form (rows first passed to `refresh`, if given).
    Raises CannotRun if it cannot be read."""
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
    if refresh is not None:
        refresh(names, rows)
    key = [names.index(k) for k in table.primary_key]
    rows.sort(key=lambda r: [r[i] for i in key])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(names)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def unreadable(root: Path) -> list[Finding]:
    """The file layer's findings that keep a CSV from being rewritten (csv-syntax, a row of
    the wrong length, ...): `fmt` reports them and changes nothing."""
    package = load(root)
    found: list[Finding] = []
    for table in package.tables.values():
        found.extend(f for f in csvfile.check_file(table) if f.rule not in csvfile.NON_BLOCKING)
    return found


def seed_refresh(package: Package) -> Refresh:
    """Fills `sha256` of each article not yet published (its id is not in the manifest) from
    its archived file. A published article's archived file never changes, so a mismatch there
    is left for the seed-hash rule to report rather than hidden."""
    try:
        listed = records(decode(package.tables["id_manifest"]))[1:]
    except csv.Error:  # reported by canonical_bytes when the manifest itself is rewritten
        listed = []
    published = {cells[1] for _, cells in listed if len(cells) > 1 and cells[0] == "articles"}

    def refresh(names: list[str], rows: list[list[str]]) -> None:
        id_, seed, sha = (names.index(n) for n in ("article_id", "seed_path", "sha256"))
        for row in rows:
            if row[id_] in published or not row[seed]:
                continue
            path = package.root / row[seed]
            if path.is_file():
                row[sha] = hashlib.sha256(path.read_bytes()).hexdigest()

    return refresh


def _contents(package: Package) -> dict[str, bytes]:
    refresh = seed_refresh(package)
    return {
        name: canonical_bytes(t, refresh if name == "articles" else None)
        for name, t in package.tables.items()
    }


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
    contents = _contents(package)
    for name, table in package.tables.items():
        if contents[name] != table.raw:
            line = _first_difference(table.raw, contents[name])
            yield Finding(
                rule="fmt-canonical",
                layer="format",
                file=table.path,
                line=line,
                message="The file is not in canonical form (column order, row order by "
                "id, quoting, line endings or encoding differ, or a new article's sha256 is "
                "not its archived file's).",
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
    contents = _contents(package)
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
