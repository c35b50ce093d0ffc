"""CSV and NDJSON parsed back and compared with JSON; caching; the package downloads."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from typing import Any

import httpx
import pytest

from ledger_data import SPECS
from ledger_fixture import REPO

LISTS = {
    f["name"]
    for path in (REPO / "schema").glob("*.json")
    for f in json.loads(path.read_text())["fields"]
    if f["type"] == "list"
}


def from_csv(text: str) -> list[dict[str, Any]]:
    """CSV rows back as JSON records: empty cells null, list cells split on |."""
    return [
        {k: (v.split("|") if k in LISTS else v) if v else None for k, v in row.items()}
        for row in csv.DictReader(io.StringIO(text))
    ]


def from_ndjson(text: str) -> list[dict[str, Any]]:
    assert text.endswith("\n") or not text
    return [json.loads(line) for line in text.splitlines()]


@pytest.mark.parametrize("table", list(SPECS))
def test_csv_and_ndjson_carry_the_json_rows(http: httpx.Client, table: str) -> None:
    params = {"first": 10, "sort": SPECS[table].sorts[-1], "order": "desc"}
    records = http.get(f"/api/v1/{table}", params=params).json()["data"]
    as_csv = http.get(f"/api/v1/{table}", params={**params, "format": "csv"})
    as_ndjson = http.get(
        f"/api/v1/{table}", params=params, headers={"Accept": "application/x-ndjson"}
    )
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_ndjson.headers["content-type"] == "application/x-ndjson"
    assert from_csv(as_csv.text) == records
    assert from_ndjson(as_ndjson.text) == records


@pytest.mark.parametrize("table", list(SPECS))
def test_a_whole_table_as_csv_is_the_package_file(http: httpx.Client, table: str) -> None:
    """All rows in id order, page after page, make the package file byte for byte."""
    url: str | None = f"/api/v1/{table}?include_retired=true&first=100"
    header, lines = b"", []
    while url:
        response = http.get(url, headers={"Accept": "text/csv"})
        header, *page = response.content.splitlines(keepends=True)
        lines += page
        found = re.search(r"<([^>]+)>", response.headers.get("link", ""))
        url = found.group(1) if found else None
    assert header + b"".join(lines) == (REPO / "datapackage" / f"{table}.csv").read_bytes()


def test_csv_pages_carry_link_and_total(http: httpx.Client) -> None:
    first = http.get("/api/v1/statements?format=ndjson&first=50")
    assert first.headers["x-total-count"] == "92"
    link = re.fullmatch(r'<([^>]+)>; rel="next"', first.headers["link"])
    assert link
    second = http.get(link.group(1))
    assert "link" not in second.headers
    got = from_ndjson(first.text) + from_ndjson(second.text)
    assert [r["statement_id"] for r in got] == sorted(r["statement_id"] for r in got)
    assert len(got) == 92


@pytest.mark.parametrize(
    ("accept", "media_type"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("text/*", "text/csv; charset=utf-8"),
        ("text/csv, application/json;q=0.5", "text/csv; charset=utf-8"),
        ("application/json;q=0.1, application/x-ndjson", "application/x-ndjson"),
        ("text/html, application/*;q=0.2", "application/json"),
        ("TEXT/CSV", "text/csv; charset=utf-8"),
    ],
)
def test_accept(http: httpx.Client, accept: str | None, media_type: str) -> None:
    headers = {"Accept": accept} if accept else {}
    for path in ["/api/v1/events", "/api/v1/events/armenia-azerbaijan-border-standoff-2021-05"]:
        response = http.get(path, headers=headers)
        assert response.headers["content-type"] == media_type


def test_detail_in_each_format(http: httpx.Client) -> None:
    path = "/api/v1/actors/antony-blinken"
    record = http.get(path).json()["data"]
    assert from_csv(http.get(path + "?format=csv").text) == [record]
    assert from_ndjson(http.get(path + "?format=ndjson").text) == [record]


def test_etag_and_304(http: httpx.Client) -> None:
    path = "/api/v1/statements?act=denies"
    response = http.get(path)
    etag = response.headers["etag"]
    assert etag.startswith('W/"') and "max-age=" in response.headers["cache-control"]
    assert http.get(path + "&format=csv").headers["etag"] == etag
    again = http.get(path, headers={"If-None-Match": etag})
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["etag"] == etag
    assert http.get(path, headers={"If-None-Match": 'W/"other"'}).status_code == 200


def test_large_bodies_are_gzipped(http: httpx.Client) -> None:
    response = http.get("/api/v1/statements?first=100", headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert len(response.json()["data"]) == 92


def test_downloads_match_the_descriptor(http: httpx.Client) -> None:
    response = http.get("/datapackage.json")
    assert response.headers["content-type"].startswith("application/json")
    assert response.content == (REPO / "datapackage.json").read_bytes()
    resources = response.json()["resources"]
    assert resources
    for resource in resources:
        file = http.get("/" + resource["path"])
        assert file.status_code == 200, resource["path"]
        assert file.headers["content-type"] == "text/csv; charset=utf-8"
        assert resource["hash"] == "sha256:" + hashlib.sha256(file.content).hexdigest()
        assert resource["bytes"] == len(file.content)
        assert file.headers["etag"]
