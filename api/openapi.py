"""The OpenAPI 3.1 document of the REST side, generated from the routes and the catalogue.

Nothing in it is written by hand that the code also knows: the paths come from the routes, the
parameters from rest_params (which takes the filters and the enums from the catalogue), the row
schemas from the Table Schemas, the detail extras from the catalogue's `details`,
the error codes from api/errors.py and the download names from the files built in.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp

from statement_ledger.api import downloads
from statement_ledger.api.db import Database
from statement_ledger.api.errors import CODES
from statement_ledger.api.relations import detail_columns
from statement_ledger.api.rest_formats import MEDIA_TYPES
from statement_ledger.api.rest_params import DETAIL_PARAMS, Param, list_params
from statement_ledger.catalogue.tables import Catalogue
from statement_ledger.database.layout import FILES_TABLE

PREFIX = "/api/v1"
ERRORS = {
    308: "The id was replaced: the Location header and the message name its replacement.",
    400: (
        "A parameter is wrong (`error.parameter` names it), or the path or query string holds "
        "a control character or bytes that are not UTF-8."
    ),
    404: "No row (or file) has this id (or name).",
    405: "Only GET and HEAD are answered.",
    406: "The Accept header allows none of the formats, and no `format` was given.",
    413: "The request body is over the size limit.",
    415: "The request carries a body; these routes take none.",
}
LIST_ERRORS = (400, 405, 406, 413, 415)
DETAIL_ERRORS = (308, 400, 404, 405, 406, 413, 415)
PLAIN_ERRORS = (400, 405, 413, 415)
CACHE_HEADERS = {
    "ETag": "Weak validator from the data version; send it back in If-None-Match for a 304.",
    "Cache-Control": "How long the answer may be cached.",
}
LIST_HEADERS = {
    "Link": 'RFC 8288 link to the next page (rel="next"), when there is one.',
    "X-Total-Count": "Rows selected, over all pages.",
}
NOT_MODIFIED = {"description": "Not modified (If-None-Match matched the ETag)."}
STATIC_SCHEMAS: dict[str, Any] = {
    "Page": {
        "type": "object",
        "properties": {"has_next": {"type": "boolean"}, "end_cursor": {"type": ["string", "null"]}},
        "required": ["has_next", "end_cursor"],
    },
    "FacetCount": {
        "type": "object",
        "properties": {"value": {"type": ["string", "null"]}, "count": {"type": "integer"}},
        "required": ["value", "count"],
    },
    "Error": {
        "type": "object",
        "description": "The one error envelope of every error response.",
        "properties": {
            "error": {
                "type": "object",
                "properties": {
                    "code": {"type": "string", "enum": sorted({*CODES.values(), "error"})},
                    "message": {"type": "string"},
                    "parameter": {"type": "string"},
                },
                "required": ["code", "message"],
                "additionalProperties": False,
            }
        },
        "required": ["error"],
        "additionalProperties": False,
    },
}


def _ref(name: str, kind: str = "schemas") -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _title(table: str) -> str:
    return "".join(part.title() for part in table.split("_"))


def column_schema(spec: dict[str, Any]) -> dict[str, Any]:
    """A Table Schema field as the JSON the API gives (every cell a string, null or a list)."""
    constraints = spec.get("constraints", {})
    nullable = not constraints.get("required")
    kind = "array" if spec["type"] == "list" else "string"
    out: dict[str, Any] = {
        "description": spec.get("description", spec.get("title", "")),
        "type": [kind, "null"] if nullable else kind,
    }
    if kind == "array":
        out["items"] = {"type": "string"}
    if "enum" in constraints:
        out["enum"] = [*constraints["enum"], *([None] if nullable else [])]
    if spec["type"] == "date":
        out["format"] = "date"
    return out


def row_schema(schema: dict[str, Any], only: Sequence[str] | None = None) -> dict[str, Any]:
    fields = [f for f in schema["fields"] if only is None or f["name"] in only]
    return {
        "type": "object",
        "description": schema.get("description", ""),
        "properties": {f["name"]: column_schema(f) for f in fields},
        "required": [f["name"] for f in fields],
    }


def components(schemas: dict[str, dict[str, Any]], catalogue: Catalogue) -> dict[str, Any]:
    """A row schema per table, a detail schema per table with extras (and a schema of the
    related rows a detail carries whole, named after the relation), the envelopes."""
    out: dict[str, Any] = {_title(name): row_schema(schema) for name, schema in schemas.items()}
    for table in sorted(catalogue.listed):
        properties: dict[str, Any] = {}
        for key, kind in catalogue[table].details.items():
            relation = catalogue[table].backward[key]
            items: dict[str, Any] = {"type": "string"}
            if kind == "rows":
                name = _title(key.removesuffix("s"))
                columns = detail_columns(catalogue, relation)
                out[name] = row_schema(schemas[relation.table], columns)
                items = _ref(name)
            properties[key] = {"type": "array", "items": items}
        if properties:
            extra = {"type": "object", "properties": properties, "required": list(properties)}
            out[f"{_title(table)}Detail"] = {"allOf": [_ref(_title(table)), extra]}
    return {**out, **STATIC_SCHEMAS}


def _parameter(param: Param) -> dict[str, Any]:
    schema = {"type": "array", "items": param.schema} if param.repeatable else param.schema
    out = {"name": param.name, "in": "query", "description": param.description, "schema": schema}
    return {**out, **({"style": "form", "explode": True} if param.repeatable else {})}


def _headers(names: dict[str, str]) -> dict[str, Any]:
    return {k: {"description": v, "schema": {"type": "string"}} for k, v in names.items()}


def _responses(
    json_schema: dict[str, Any], errors: Sequence[int], headers: dict[str, str], formats: bool
) -> dict[str, Any]:
    content = {"application/json": {"schema": json_schema}}
    if formats:
        content["text/csv"] = {"schema": {"type": "string"}}
        content[MEDIA_TYPES["ndjson"]] = {"schema": {"type": "string"}}
    ok = {
        "description": "OK",
        "headers": _headers({**CACHE_HEADERS, **headers}),
        "content": content,
    }
    return {"200": ok, "304": NOT_MODIFIED, **{str(s): _ref(str(s), "responses") for s in errors}}


def _get(summary: str, tag: str, name: str, **rest: Any) -> dict[str, Any]:
    return {"get": {"summary": summary, "tags": [tag], "operationId": name, **rest}}


def list_operation(table: str, state: Any, name: str) -> dict[str, Any]:
    envelope = {
        "type": "object",
        "properties": {
            "data": {"type": "array", "items": _ref(_title(table))},
            "total": {"type": "integer", "description": "Rows selected, over all pages."},
            "page": _ref("Page"),
            "facets": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _ref("FacetCount")},
            },
        },
        "required": ["data", "total", "page", "facets"],
    }
    return _get(
        f"List {table} (filtered, searched, sorted, a page at a time)",
        table,
        name,
        parameters=[
            _parameter(p)
            for p in list_params(state.db.catalogue[table], state.settings, state.enums)
        ],
        responses=_responses(envelope, LIST_ERRORS, LIST_HEADERS, formats=True),
    )


def detail_operation(table: str, db: Database, schema: dict[str, Any], name: str) -> dict[str, Any]:
    spec = db.catalogue[table]
    key = next(f for f in schema["fields"] if f["name"] == spec.id_column)
    id_schema = {"type": "string", **key.get("constraints", {})}
    id_schema = {k: v for k, v in id_schema.items() if k in ("type", "pattern")}
    first = db.query(f'SELECT "{spec.id_column}" FROM "{table}" ORDER BY 1 LIMIT 1')
    if first:
        id_schema["examples"] = [str(first[0][0])]
    row = _ref(_title(table) + ("Detail" if spec.details else ""))
    envelope = {"type": "object", "properties": {"data": row}, "required": ["data"]}
    path_param = {"name": "id", "in": "path", "required": True, "schema": id_schema}
    return _get(
        f"One row of {table} by id (a replaced id redirects to its replacement)",
        table,
        name,
        parameters=[path_param, *(_parameter(p) for p in DETAIL_PARAMS)],
        responses=_responses(envelope, DETAIL_ERRORS, {}, formats=True),
    )


def download_operation(route: Route, files: dict[str, str]) -> tuple[str, dict[str, Any]]:
    """A download route, its `name` enum and media types taken from the files built in."""
    path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path)
    folder = path.split("/")[1]
    served = {f: m for f, m in files.items() if f == path[1:] or f.startswith(folder + "/")}
    content = {
        media: {"schema": {"type": "object" if media == "application/json" else "string"}}
        for media in sorted(set(served.values()))
    }
    headers = _headers({**CACHE_HEADERS, "Repr-Digest": "sha-256 of the bytes (RFC 9530)."})
    ok = {"description": "The file, byte for byte.", "headers": headers, "content": content}
    responses = {"200": ok, "304": NOT_MODIFIED, "404": _ref("404", "responses")}
    operation = _get(f"Download {path}", "package", "download-" + folder.replace(".", "-"))
    operation["get"]["responses"] = {
        **responses,
        "400": _ref("400", "responses"),
        "405": _ref("405", "responses"),
    }
    if "{name}" in path:
        names = sorted(f[len(folder) + 1 :] for f in served)
        name = {"name": "name", "in": "path", "required": True}
        operation["get"]["parameters"] = [{**name, "schema": {"type": "string", "enum": names}}]
    return path, operation


def rest_paths(app_state: Any, routes: Sequence[BaseRoute]) -> dict[str, Any]:
    """The /api/v1 routes, each described by the kind its name says (`{table}-list`, ...)."""
    db: Database = app_state.db
    schemas = db.schemas()
    paths: dict[str, Any] = {}
    for route in routes:
        assert isinstance(route, Route) and route.name
        table, _, kind = route.name.partition("-")
        path = PREFIX + route.path
        if kind == "list":
            paths[path] = list_operation(table, app_state, route.name)
        elif kind == "detail":
            paths[path] = detail_operation(table, db, schemas[table], route.name)
        else:
            summary = "This document" if route.name == "openapi" else "Links to every table"
            responses = _responses({"type": "object"}, PLAIN_ERRORS, {}, formats=False)
            paths[path] = _get(summary, "meta", route.name, responses=responses)
    return paths


def document(app: ASGIApp, routes: Sequence[BaseRoute]) -> dict[str, Any]:
    """The OpenAPI 3.1 document for `routes` (mounted at /api/v1) and the package downloads."""
    state = app.state  # type: ignore[attr-defined]
    db: Database = state.db
    paths = rest_paths(state, routes)
    files = {
        str(r[0]): str(r[1]) for r in db.query(f'SELECT path, media_type FROM "{FILES_TABLE}"')
    }
    for route in downloads.routes:
        assert isinstance(route, Route)
        path, operation = download_operation(route, files)
        paths[path] = operation
    error_content = {"application/json": {"schema": _ref("Error")}}
    location = {"headers": _headers({"Location": "The URL of the replacement."})}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{db.meta.get('name', 'statement-ledger')} REST API",
            "version": db.meta.get("version", ""),
            "description": (
                f"Read-only REST over the data package (data version {db.data_version}). "
                "Lists are cursor-paginated; JSON by default, CSV and NDJSON via Accept or "
                '`format`. Every error is `{"error": {"code", "message", "parameter"?}}`.'
            ),
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": {
            "schemas": components(db.schemas(), db.catalogue),
            "responses": {
                str(status): {
                    "description": text,
                    **(location if status == 308 else {}),
                    "content": error_content,
                }
                for status, text in ERRORS.items()
            },
        },
    }
