"""REST lists and details over HTTP, every expectation computed from the package CSVs."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from collections.abc import Callable
from functools import cache
from typing import Any

import httpx
import pytest

from statement_ledger.api.settings import Settings

from ledger_data import FACETS, SEARCH_COLUMNS, SPECS
from ledger_fixture import REPO

Row = dict[str, str]
MAX = Settings().max_page_size


@cache
def rows(table: str) -> list[Row]:
    with (REPO / "datapackage" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def active(table: str) -> list[Row]:
    return [r for r in rows(table) if r["record_status"] == "active"]


def ids(table: str, selected: list[Row]) -> list[str]:
    return sorted(r[SPECS[table].id_column] for r in selected)


def outlet_of(row: Row) -> str:
    return next(a["outlet_id"] for a in rows("articles") if a["article_id"] == row["article_id"])


def in_contradiction(row: Row, key: str) -> bool:
    return any(
        s["contradiction_id"] == key and s["statement_id"] == row["statement_id"]
        for s in active("contradiction_sides")
    )


def has_statement(row: Row, key: str) -> bool:
    return any(
        s["statement_id"] == key and s["contradiction_id"] == row["contradiction_id"]
        for s in active("contradiction_sides")
    )


# What each filter means, restated over CSV rows: (the values it may take, does a row match).
Values = Callable[[Row], list[str]]
Expect = tuple[Values, Callable[[Row, str], bool]]


def eq(column: str) -> Expect:
    return (lambda r: [r[column]]), (lambda r, v: r[column] == v)


def since(column: str) -> Expect:
    return (lambda r: [r[column]]), (lambda r, v: r[column] != "" and r[column] >= v)


def until(column: str) -> Expect:
    return (lambda r: [r[column]]), (lambda r, v: r[column] != "" and r[column] <= v)


FILTERS: dict[str, dict[str, Expect]] = {
    "statements": {
        "speaker": eq("speaker_id"),
        "article": eq("article_id"),
        "outlet": ((lambda r: [outlet_of(r)]), (lambda r, v: outlet_of(r) == v)),
        "via_outlet": eq("via_outlet_id"),
        "event": (
            (lambda r: [r["occasion_event_id"], r["about_event_id"]]),
            (lambda r, v: v in (r["occasion_event_id"], r["about_event_id"])),
        ),
        "contradiction": (
            (
                lambda r: [
                    s["contradiction_id"]
                    for s in active("contradiction_sides")
                    if s["statement_id"] == r["statement_id"]
                ]
            ),
            in_contradiction,
        ),
        "utterance": eq("utterance_id"),
        "act": eq("act"),
        "channel": eq("channel"),
        "attribution": eq("attribution"),
        "quote_kind": eq("quote_kind"),
        "said_from": since("said_on"),
        "said_to": until("said_on"),
    },
    "contradictions": {
        "kind": eq("kind"),
        "resolution": eq("resolution"),
        "statement": (
            (
                lambda r: [
                    s["statement_id"]
                    for s in active("contradiction_sides")
                    if s["contradiction_id"] == r["contradiction_id"]
                ]
            ),
            has_statement,
        ),
    },
    "actors": {"kind": eq("kind"), "country": eq("country"), "affiliation": eq("affiliation_id")},
    "outlets": {"kind": eq("kind"), "ownership": eq("ownership"), "country": eq("country")},
    "articles": {
        "outlet": eq("outlet_id"),
        "published_from": since("published_on"),
        "published_to": until("published_on"),
    },
    "events": {
        "kind": eq("kind"),
        "parent": eq("parent_event_id"),
        "start_from": since("start_date"),
        "start_to": until("start_date"),
    },
    "references": {},  # listed, searched and faceted, with no filter of its own
}
CASES = [(table, name) for table in SPECS for name in SPECS[table].filters]


def get(http: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    response = http.get(path, params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_every_filter_has_an_expectation() -> None:
    assert {t: set(f) for t, f in FILTERS.items()} == {t: set(s.filters) for t, s in SPECS.items()}


@pytest.mark.parametrize(("table", "name"), CASES)
def test_filter(http: httpx.Client, table: str, name: str) -> None:
    values_of, matches = FILTERS[table][name]
    values = sorted({v for row in active(table) for v in values_of(row) if v})
    assert values, f"no value of {name} in {table}.csv to test with"
    for value in values:
        body = get(http, f"/api/v1/{table}", **{name: value, "first": MAX})
        expected = ids(table, [r for r in active(table) if matches(r, value)])
        assert [r[SPECS[table].id_column] for r in body["data"]] == expected, value
        assert body["total"] == len(expected)


def matching(table: str, pattern: str, columns: list[str] | None = None) -> list[str]:
    regex = re.compile(pattern, re.IGNORECASE)
    cols = columns or SEARCH_COLUMNS[table]
    return ids(table, [r for r in active(table) if any(regex.search(r[c]) for c in cols)])


# The index stems English words: a pattern lists the forms of the word that are in the data.
@pytest.mark.parametrize(
    ("table", "search", "syntax", "pattern", "columns"),
    [
        ("statements", "invasion", "words", r"\binvasions?\b", None),
        ("statements", "invad*", "fts", r"\binvad", None),
        ("statements", "invad*", "words", r"\binvad(e|ed|es|ing)\b", None),
        ("statements", '"territorial integrity"', "fts", r"\bterritorial\W+integrity\b", None),
        ("statements", "quote:Azerbaijan", "fts", r"\bazerbaijan\b", ["quote"]),
        ("statements", "Karabakh", "words", r"\bkarabakh\b", None),
        ("contradictions", "readout", "words", r"\breadouts?\b", None),
        ("actors", "Blinken", "words", r"\bblinken\b", None),
        ("events", "border", "words", r"\bborders?\b", None),
        ("outlets", "az", "words", r"\baz\b", None),
        ("articles", "Azerbaijan", "words", r"\bazerbaijan\b", None),
    ],
)
def test_search(
    http: httpx.Client,
    table: str,
    search: str,
    syntax: str,
    pattern: str,
    columns: list[str] | None,
) -> None:
    expected = matching(table, pattern, columns)
    assert expected, "pick a search that finds something"
    body = get(http, f"/api/v1/{table}", search=search, syntax=syntax, first=MAX)
    assert [r[SPECS[table].id_column] for r in body["data"]] == expected


def test_search_combines_with_filters(http: httpx.Client) -> None:
    body = get(http, "/api/v1/statements", search="Azerbaijan", act="denies", first=MAX)
    with_word = set(matching("statements", r"\bazerbaijan\b"))
    expected = [
        i
        for i in ids("statements", [r for r in active("statements") if r["act"] == "denies"])
        if i in with_word
    ]
    assert [r["statement_id"] for r in body["data"]] == expected


def next_link(response: httpx.Response) -> str | None:
    found = re.search(r'<([^>]+)>;\s*rel="next"', response.headers.get("link", ""))
    return found.group(1) if found else None


def walk(http: httpx.Client, table: str, **params: Any) -> list[dict[str, Any]]:
    """Every row of a list, following the Link headers page after page."""
    out: list[dict[str, Any]] = []
    response = http.get(f"/api/v1/{table}", params=params)
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        out += body["data"]
        link = next_link(response)
        assert (link is not None) == body["page"]["has_next"]
        if link is None:
            return out
        assert f"after={body['page']['end_cursor']}" in link
        response = http.get(link)


@pytest.mark.parametrize("table", list(SPECS))
def test_pagination_through_a_whole_table(http: httpx.Client, table: str) -> None:
    got = [r[SPECS[table].id_column] for r in walk(http, table, first=7)]
    assert got == ids(table, active(table))


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(("table", "sort"), [(t, s) for t in SPECS for s in SPECS[t].sorts])
def test_sort(http: httpx.Client, table: str, sort: str, descending: bool) -> None:
    key = SPECS[table].id_column
    order = "desc" if descending else "asc"
    got = [r[key] for r in walk(http, table, sort=sort, order=order, first=9)]
    expected = sorted(active(table), key=lambda r: (r[sort], r[key]), reverse=descending)
    assert got == [r[key] for r in expected]


# What each facet counts, restated over CSV rows.
FACET_VALUES: dict[str, Callable[[Row], str]] = {
    "outlet": lambda r: r["outlet_id"] if "outlet_id" in r else outlet_of(r),
    "speaker": lambda r: r["speaker_id"],
    "article": lambda r: r["article_id"],
    "via_outlet": lambda r: r["via_outlet_id"],
}


@pytest.mark.parametrize(("table", "name"), [(t, n) for t in FACETS for n in FACETS[t]])
def test_facet(http: httpx.Client, table: str, name: str) -> None:
    value = FACET_VALUES.get(name, lambda r: r[name])
    expected = Counter(value(r) or None for r in active(table))
    body = get(http, f"/api/v1/{table}", facet=name, first=1)
    counts = body["facets"][name]
    assert {c["value"]: c["count"] for c in counts} == expected
    assert [c["count"] for c in counts] == sorted(expected.values(), reverse=True)


def test_facets_follow_the_filters(http: httpx.Client) -> None:
    body = get(http, "/api/v1/statements", act="denies", facet=["speaker", "quote_kind"])
    denials = [r for r in active("statements") if r["act"] == "denies"]
    assert {c["value"]: c["count"] for c in body["facets"]["speaker"]} == Counter(
        r["speaker_id"] for r in denials
    )
    assert sum(c["count"] for c in body["facets"]["quote_kind"]) == len(denials) == body["total"]


@cache
def list_columns(table: str) -> dict[str, str]:
    schema = json.loads((REPO / "schema" / f"{table}.json").read_text(encoding="utf-8"))
    return {f["name"]: f["delimiter"] for f in schema["fields"] if f["type"] == "list"}


def as_json(table: str, row: Row) -> dict[str, Any]:
    """A CSV row as the API gives it: empty cells null, list cells arrays."""
    lists = list_columns(table)
    return {k: (v.split(lists[k]) if k in lists else v) if v else None for k, v in row.items()}


@pytest.mark.parametrize("table", list(SPECS))
def test_every_detail_equals_its_csv_row(http: httpx.Client, table: str) -> None:
    key = SPECS[table].id_column
    for row in rows(table):
        data = get(http, f"/api/v1/{table}/{row[key]}")["data"]
        assert {k: data[k] for k in row} == as_json(table, row)


def test_list_rows_equal_csv_rows(http: httpx.Client) -> None:
    for table in SPECS:
        body = get(http, f"/api/v1/{table}", first=MAX)
        assert body["data"] == [
            as_json(table, r)
            for r in sorted(active(table), key=lambda r: r[SPECS[table].id_column])
        ]


def test_contradiction_detail_has_its_sides(http: httpx.Client) -> None:
    for row in active("contradictions"):
        key = row["contradiction_id"]
        data = get(http, f"/api/v1/contradictions/{key}")["data"]
        expected = sorted(
            (s["side"], s["statement_id"])
            for s in active("contradiction_sides")
            if s["contradiction_id"] == key
        )
        assert [(s["side"], s["statement_id"]) for s in data["sides"]] == expected
        assert expected


def test_contradiction_detail_has_its_record_and_article_sides(http: httpx.Client) -> None:
    seen: Counter[str] = Counter()
    for row in active("contradictions"):
        key = row["contradiction_id"]
        data = get(http, f"/api/v1/contradictions/{key}")["data"]
        for table in ("record_sides", "article_sides"):
            expected = [
                {k: (v.split("|") if k == "reference_ids" else v) or None for k, v in s.items()}
                for s in sorted(active(table), key=lambda s: s["side"])
                if s["contradiction_id"] == key
            ]
            assert [{**s, "contradiction_id": key} for s in data[table]] == expected
            seen[table] += len(expected)
    assert seen["record_sides"] and seen["article_sides"], "the package has both kinds"


def test_article_detail_lists_the_contradictions_it_is_a_side_of(http: httpx.Client) -> None:
    for row in active("articles"):
        key = row["article_id"]
        data = get(http, f"/api/v1/articles/{key}")["data"]
        expected = sorted(
            s["contradiction_id"] for s in active("article_sides") if s["article_id"] == key
        )
        assert data["contradictions"] == expected


def test_statement_detail_lists_its_contradictions(http: httpx.Client) -> None:
    seen = 0
    for row in active("statements"):
        key = row["statement_id"]
        data = get(http, f"/api/v1/statements/{key}")["data"]
        expected = sorted(
            {
                s["contradiction_id"]
                for s in active("contradiction_sides")
                if s["statement_id"] == key
            }
        )
        assert data["contradictions"] == expected
        seen += bool(expected)
    assert seen, "some statement should take part in a contradiction"


def test_index_links_every_table(http: httpx.Client) -> None:
    body = get(http, "/api/v1/")
    assert set(body["tables"]) == set(SPECS)
    for url in [*body["tables"].values(), body["openapi"]]:
        assert http.get(url).status_code == 200
