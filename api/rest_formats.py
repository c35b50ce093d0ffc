"""How REST rows leave the server: JSON (the default), CSV as the package writes it, NDJSON."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from weakref import WeakKeyDictionary

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse, Response

from statement_ledger.api.db import Database
from statement_ledger.api.query import QueryError

# Format name (the `format` parameter) -> media type, in the order preferred on a tie.
MEDIA_TYPES = {"json": "application/json", "csv": "text/csv", "ndjson": "application/x-ndjson"}


def shown(value: str, limit: int = 60) -> str:
    """A client's value quoted for an error message, cut short if long."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


@dataclass(frozen=True)
class Shape:
    """A table's columns in the package's order, and the delimiter of each list column."""

    columns: tuple[str, ...]
    lists: Mapping[str, str]

    def record(self, row: sqlite3.Row) -> dict[str, Any]:
        """A database row as JSON: list cells (stored as JSON arrays) become arrays."""
        return {
            name: json.loads(row[name]) if name in self.lists and row[name] else row[name]
            for name in self.columns
        }

    def cells(self, record: Mapping[str, Any]) -> list[str]:
        """A record as the package CSV writes it: lists joined, nulls empty."""
        out = []
        for name in self.columns:
            value = record[name]
            if isinstance(value, list):
                value = self.lists[name].join(value)
            out.append("" if value is None else str(value))
        return out


_shapes: WeakKeyDictionary[Database, dict[str, Shape]] = WeakKeyDictionary()


def shapes(db: Database) -> dict[str, Shape]:
    """Every table's shape, read once per database from its catalogue."""
    if db not in _shapes:
        _shapes[db] = {
            name: Shape(table.column_names, table.lists)
            for name, table in db.catalogue.tables.items()
        }
    return _shapes[db]


def _ranges(accept: str) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values."""
    out = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
                q = q if 0.0 <= q <= 1.0 else 0.0  # also refuses nan
        if media:
            out.append((media.lower(), q))
    return out


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching `media_type` (RFC 9110, 12.5.1)."""
    kind = media_type.split("/")[0]
    for candidate in (media_type, f"{kind}/*", "*/*"):
        for media, q in ranges:
            if media == candidate:
                return q
    return 0.0


def negotiate(format_param: str | None, accept: str | None) -> str:
    """The format to answer in: `?format=` wins, then the Accept header, then JSON."""
    if format_param is not None:
        if format_param not in MEDIA_TYPES:
            raise QueryError(
                "format", f"{shown(format_param)} is not one of {', '.join(MEDIA_TYPES)}"
            )
        return format_param
    if not accept or not accept.strip():
        return "json"
    ranges = _ranges(accept)
    best = max(MEDIA_TYPES, key=lambda name: _quality(MEDIA_TYPES[name], ranges))
    if _quality(MEDIA_TYPES[best], ranges) <= 0:
        offered = ", ".join(MEDIA_TYPES.values())
        raise HTTPException(406, f"cannot answer in {shown(accept)}; ask for one of {offered}")
    return best


def render(
    fmt: str,
    shape: Shape,
    records: list[dict[str, Any]],
    envelope: dict[str, Any],
    headers: dict[str, str],
) -> Response:
    """JSON gets `envelope` (which holds the records); CSV and NDJSON get the records alone."""
    if fmt == "csv":
        return Response(csv_text(shape, records), media_type="text/csv", headers=headers)
    if fmt == "ndjson":
        return Response(ndjson_text(records), media_type=MEDIA_TYPES["ndjson"], headers=headers)
    return JSONResponse(envelope, headers=headers)


def csv_text(shape: Shape, records: Iterable[Mapping[str, Any]]) -> str:
    """Header and rows in the package's canonical CSV form (LF, minimal quoting)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(shape.columns)
    writer.writerows(shape.cells(record) for record in records)
    return out.getvalue()


def ndjson_text(records: Iterable[Mapping[str, Any]]) -> str:
    return "".join(
        json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n" for record in records
    )
