"""The README's REST section lists what the code declares: every filter, sort, facet and route."""

from __future__ import annotations

import re

from statement_ledger.api import rest
from statement_ledger.api.errors import CODES
from statement_ledger.api.openapi import ERRORS

from ledger_data import FACETS, SEARCH_COLUMNS, SPECS
from ledger_fixture import REPO


def section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- rest:start -->\n(.*)<!-- rest:end -->", text, re.DOTALL)
    assert found, "the README lost its rest:start/rest:end markers"
    return found.group(1)


def code(names: object) -> str:
    return ", ".join(f"`{n}`" for n in names)  # type: ignore[attr-defined]


def filters_table() -> str:
    """The filter table as the README must show it (paste this when SPECS changes)."""
    lines = ["| table | filter | selects |", "| --- | --- | --- |"]
    for table, spec in SPECS.items():
        for name, flt in spec.filters.items():
            lines.append(f"| `{table}` | `{name}` | {flt.description} |")
    return "\n".join(lines) + "\n"


def per_table() -> str:
    lines = ["| table | `sort` | `facet` | `search` looks in |", "| --- | --- | --- | --- |"]
    for table, spec in SPECS.items():
        row = [code(spec.sorts), code(FACETS[table]), code(SEARCH_COLUMNS[table])]
        lines.append(f"| `{table}` | " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n"


def test_readme_lists_every_filter() -> None:
    assert filters_table() in section()


def test_readme_lists_sorts_facets_and_search_columns() -> None:
    assert per_table() in section()


def test_readme_names_every_route() -> None:
    text = section()
    for route in rest.routes:
        path = "/api/v1" + getattr(route, "path", "")
        generic = re.sub(r"/(" + "|".join(SPECS) + r")(/|$)", r"/{table}\2", path)
        assert f"`GET {generic}`" in text, generic


def test_readme_error_table_has_every_status_and_its_code() -> None:
    rows = re.findall(r"^\| (\d{3}) \| `(\w+)` \|", section(), re.MULTILINE)
    assert {int(status) for status, _ in rows} == set(ERRORS)
    for status, code_name in rows:
        assert code_name == CODES.get(int(status), "error"), status
