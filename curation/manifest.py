"""The manifest of published ids: `statement-ledger manifest` appends every new id to it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from statement_ledger.curation import canonical
from statement_ledger.validators.package import ID_TABLES, decode, load, records


def append(root: Path) -> list[tuple[str, str]]:
    """Add the ids not yet listed, with the package's current version; returns them."""
    package = load(root)
    version = str(package.descriptor.get("version", "0.0.0"))
    manifest = package.table("id_manifest")
    recs = records(decode(manifest))
    header, body = recs[0][1], [cells for _, cells in recs[1:]]
    listed = {(row[0], row[1]) for row in body if len(row) >= 2}
    added = []
    for name in ID_TABLES:
        table = package.table(name)
        column = table.primary_key[0]
        for _, cells in records(decode(table))[1:]:
            entry = (name, cells[table.field_names.index(column)])
            if entry not in listed:
                listed.add(entry)
                added.append(entry)
                body.append([*entry, version])
    if added:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(body)
        (package.root / manifest.path).write_bytes(out.getvalue().encode("utf-8"))
        canonical.write(root)
    return added
