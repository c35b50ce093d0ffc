"""HTTP manners over a real server: ETag and 304, Cache-Control, gzip, CORS, /healthz."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx

from ledger_fixture import REPO

QUERY = "/graphql?query=" + "{ statements(first: 50) { nodes { id quote claim } } }"


def test_healthz_reports_versions(http: httpx.Client) -> None:
    body = http.get("/healthz").json()
    descriptor = json.loads((REPO / "datapackage.json").read_text())
    assert body["status"] == "ok" and body["version"] == descriptor["version"]
    assert len(body["data_version"]) == 16


def test_etag_and_304_on_a_get(http: httpx.Client) -> None:
    first = http.get(QUERY)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag == f'W/"{http.get("/healthz").json()["data_version"]}"'
    assert first.headers["cache-control"] == "public, max-age=300"
    again = http.get(QUERY, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = http.get(QUERY, headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200


def test_post_is_not_cached(http: httpx.Client) -> None:
    response = http.post("/graphql", json={"query": "{ statements { totalCount } }"})
    assert "etag" not in response.headers


def test_large_bodies_are_gzipped(http: httpx.Client) -> None:
    response = http.get(QUERY, headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert len(response.json()["data"]["statements"]["nodes"]) == 50


def test_cors_allows_any_origin_for_get(http: httpx.Client) -> None:
    response = http.get("/healthz", headers={"Origin": "https://example.org"})
    assert response.headers["access-control-allow-origin"] == "*"


def test_nothing_the_api_receives_changes_the_database(http: httpx.Client, db_path: Path) -> None:
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    mutation = http.post("/graphql", json={"query": 'mutation { deleteStatement(id: "x") }'})
    assert mutation.status_code in (200, 400) and "errors" in mutation.json()
    injection = '{ statements(search: "x\'); DROP TABLE actors; --") { totalCount } }'
    http.post("/graphql", json={"query": injection})
    http.post(
        "/api/v1/statements", content=b"statement_id\nx\n", headers={"Content-Type": "text/csv"}
    )
    http.get("/api/v1/statements", params={"speaker": "x'; DELETE FROM statements; --"})
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert (
        http.get("/graphql", params={"query": "{ statements { totalCount } }"}).json()["data"][
            "statements"
        ]["totalCount"]
        > 0
    )
