"""The query parameters of the REST routes: declared once, read here, described in OpenAPI."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import QueryParams

from statement_ledger.api.query import MAX_CURSOR, ListRequest, QueryError
from statement_ledger.api.rest_formats import MEDIA_TYPES, shown
from statement_ledger.api.search_terms import MAX_CHARS, SYNTAXES, WORDS
from statement_ledger.api.settings import Settings
from statement_ledger.catalogue.tables import Filter, Table

Enums = dict[tuple[str, str], list[str]]


@dataclass(frozen=True)
class Param:
    """One query parameter: its name, what it does and its JSON Schema."""

    name: str
    description: str
    schema: dict[str, Any] = field(default_factory=lambda: {"type": "string"})
    repeatable: bool = False


FORMAT = Param(
    "format",
    "Answer in this format (overrides the Accept header). CSV and NDJSON carry rows only: "
    "a list asked with `facet` answers in JSON only, and is refused (400) in another format.",
    {"type": "string", "enum": list(MEDIA_TYPES)},
)
SYNTAX = Param(
    "syntax",
    "How `search` is read: `words` (plain words; quotes, `*`, `:`, AND/OR/NOT and brackets are "
    'taken as written) or `fts` (SQLite FTS5 query syntax: `invad*`, `"territorial '
    'integrity"`, `Blinken NOT Miller`, `quote:Azerbaijan`; a query it cannot parse is a 400).',
    {"type": "string", "enum": list(SYNTAXES), "default": WORDS},
)
INCLUDE_RETIRED = Param(
    "include_retired",
    "Also count rows whose record_status is retired (hidden by default).",
    {"type": "boolean", "default": False},
)


def _filter_param(table: str, name: str, flt: Filter, enums: Enums) -> Param:
    schema: dict[str, Any] = {"type": "string"}
    if flt.kind == "enum" and flt.column:
        schema["enum"] = enums.get((table, flt.column), [])
    elif flt.kind == "date":
        schema["format"] = "date"
    return Param(name, flt.description[:1].upper() + flt.description[1:] + ".", schema)


def list_params(spec: Table, settings: Settings, enums: Enums) -> list[Param]:
    """Every parameter of `GET /api/v1/{table}`: the shared filters, then paging and format."""
    params = [_filter_param(spec.name, name, flt, enums) for name, flt in spec.filters.items()]
    searched = ", ".join(spec.search)
    return [
        *params,
        Param(
            "search",
            f"Full-text search over {searched}: every word must occur, in any order, each "
            "also as its inflected forms (`warn` finds warned, warning); with `syntax=fts`, "
            "an SQLite FTS5 query.",
            {"type": "string", "minLength": 1, "maxLength": MAX_CHARS, "pattern": r"\S"},
        ),
        SYNTAX,
        Param("sort", "Column to sort on.", {"type": "string", "enum": list(spec.sorts)}),
        Param("order", "Sort order.", {"type": "string", "enum": ["asc", "desc"]}),
        Param(
            "first",
            "Page size.",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": settings.max_page_size,
                "default": settings.default_page_size,
            },
        ),
        Param(
            "after",
            "Cursor: the `page.end_cursor` of the previous page (or follow the Link header).",
            {"type": "string", "maxLength": MAX_CURSOR, "pattern": "^[A-Za-z0-9_-]*$"},
        ),
        INCLUDE_RETIRED,
        Param(
            "facet",
            "Also count the selected rows by this column (repeatable; JSON only).",
            {"type": "string", "enum": list(spec.facets)},
            repeatable=True,
        ),
        FORMAT,
    ]


DETAIL_PARAMS = [
    Param(
        "include_retired",
        "Also list retired rows among the related ones (sides, contradictions).",
        {"type": "boolean", "default": False},
    ),
    FORMAT,
]


def check_names(query: QueryParams, params: list[Param]) -> dict[str, list[str]]:
    """The parameters by name; 400 for a name not declared or given twice when it cannot be."""
    declared = {p.name: p for p in params}
    counts = Counter(name for name, _ in query.multi_items())
    for name, count in counts.items():
        if name not in declared:
            hint = ", ".join(declared) if declared else "none"
            raise QueryError(name, f"unknown parameter {shown(name)}; this route takes: {hint}")
        if count > 1 and not declared[name].repeatable:
            raise QueryError(name, "given more than once")
    return {name: query.getlist(name) for name in counts}


def _bool(name: str, value: str) -> bool:
    if value not in ("true", "false"):
        raise QueryError(name, f"{shown(value)} is not true or false")
    return value == "true"


def _int(name: str, value: str, most: int) -> int:
    if not re.fullmatch(r"[0-9]+", value, re.ASCII):
        raise QueryError(name, f"{shown(value)} is not a whole number")
    if len(value) > len(str(most)) or int(value) > most:
        raise QueryError(name, f"must be between 1 and {most}")
    return int(value)


@dataclass
class ListQuery:
    """A parsed list request: what to select, which facets to count, which format was asked."""

    request: ListRequest
    facets: list[str]
    format: str | None


def list_query(spec: Table, query: QueryParams, settings: Settings, enums: Enums) -> ListQuery:
    given = check_names(query, list_params(spec, settings, enums))
    one = {name: values[0] for name, values in given.items()}
    after = one.get("after") or None
    if after is not None and len(after) > MAX_CURSOR:
        raise QueryError("after", "not a cursor returned by this API")
    if one.get("sort") == "":
        raise QueryError("sort", f"empty; use one of {', '.join(spec.sorts)}")
    order = one.get("order", "asc")
    if order not in ("asc", "desc"):
        raise QueryError("order", f"{shown(order)} is not asc or desc")
    syntax = one.get("syntax", WORDS)
    if syntax not in SYNTAXES:
        raise QueryError("syntax", f"{shown(syntax)} is not {' or '.join(SYNTAXES)}")
    request = ListRequest(
        table=spec.name,
        filters={name: one[name] for name in spec.filters if name in one},
        search=one.get("search"),
        syntax=syntax,
        sort=one.get("sort"),
        descending=order == "desc",
        first=(
            _int("first", one["first"], settings.max_page_size)
            if "first" in one
            else settings.default_page_size
        ),
        after=after,
        include_retired=_bool("include_retired", one.get("include_retired", "false")),
    )
    facets = list(dict.fromkeys(given.get("facet", [])))
    return ListQuery(request, facets, one.get("format"))


def detail_query(query: QueryParams) -> tuple[bool, str | None]:
    """(include_retired, format) of a detail request."""
    given = check_names(query, DETAIL_PARAMS)
    include = _bool("include_retired", given.get("include_retired", ["false"])[0])
    return include, given.get("format", [None])[0]
