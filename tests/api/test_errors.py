"""Every REST error answers in the one envelope: {"error": {"code", "message", "parameter"?}}."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.errors import CODES
from statement_ledger.api.settings import Settings
from statement_ledger.database.build import build

from ledger_data import SPECS
from ledger_fixture import new_package


def assert_envelope(
    response: httpx.Response, status: int, parameter: str | None = None
) -> dict[str, Any]:
    """The pinned shape: exactly code (from errors.CODES), a message, and the parameter if any."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    expected = {"code", "message"} | ({"parameter"} if parameter else set())
    assert set(error) == expected
    assert error["code"] == CODES.get(status, "error")
    assert isinstance(error["message"], str) and error["message"]
    assert error.get("parameter") == parameter
    return dict(error)


def test_the_envelope_is_pinned(http: httpx.Client) -> None:
    response = http.get("/api/v1/statements", params={"act": "shouts"})
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "bad_request",
            "message": response.json()["error"]["message"],
            "parameter": "act",
        }
    }
    assert "'shouts' is not one of" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("path", "params", "parameter"),
    [
        ("/api/v1/statements", {"bogus": "1"}, "bogus"),
        ("/api/v1/statements", {"act": "shouts"}, "act"),
        ("/api/v1/statements", {"said_from": "yesterday"}, "said_from"),
        ("/api/v1/statements", {"first": "0"}, "first"),
        ("/api/v1/statements", {"first": "101"}, "first"),
        ("/api/v1/statements", {"first": "ten"}, "first"),
        ("/api/v1/statements", {"first": "9" * 5000}, "first"),
        ("/api/v1/statements", {"first": ["1", "2"]}, "first"),
        ("/api/v1/statements", {"sort": "quote"}, "sort"),
        ("/api/v1/statements", {"order": "up"}, "order"),
        ("/api/v1/statements", {"after": "not-a-cursor"}, "after"),
        ("/api/v1/statements", {"after": "W" * 2000}, "after"),
        ("/api/v1/statements", {"search": " "}, "search"),
        ("/api/v1/statements", {"search": "*"}, "search"),
        ("/api/v1/statements", {"search": "x" * 501}, "search"),
        ("/api/v1/statements", {"search": "x", "syntax": "regex"}, "syntax"),
        ("/api/v1/statements", {"search": "NEAR(", "syntax": "fts"}, "search"),
        ("/api/v1/statements", {"search": "Nagorno-Karabakh", "syntax": "fts"}, "search"),
        ("/api/v1/statements", {"search": 'say "', "syntax": "fts"}, "search"),
        ("/api/v1/statements", {"search": "x:y", "syntax": "fts"}, "search"),
        ("/api/v1/statements", {"search": "*", "syntax": "fts"}, "search"),
        ("/api/v1/statements", {"search": "-x", "syntax": "fts", "facet": "act"}, "search"),
        ("/api/v1/statements", {"include_retired": "yes"}, "include_retired"),
        ("/api/v1/statements", {"facet": "quote"}, "facet"),
        ("/api/v1/statements", {"facet": "act", "format": "csv"}, "facet"),
        ("/api/v1/statements", {"format": "xml"}, "format"),
        ("/api/v1/actors/antony-blinken", {"first": "1"}, "first"),
        ("/api/v1/actors/antony-blinken", {"format": "pdf"}, "format"),
        ("/api/v1/openapi.json", {"v": "2"}, "v"),
        ("/api/v1/", {"x": ""}, "x"),
        *[(f"/api/v1/{table}", {"nope": "1"}, "nope") for table in SPECS],
    ],
)
def test_400_names_the_parameter(
    http: httpx.Client, path: str, params: dict[str, Any], parameter: str
) -> None:
    assert_envelope(http.get(path, params=params), 400, parameter)


@pytest.mark.parametrize("table", list(SPECS))
def test_404_unknown_id(http: httpx.Client, table: str) -> None:
    error = assert_envelope(http.get(f"/api/v1/{table}/no-such-id"), 404)
    assert "no-such-id" in error["message"]


def test_404_unknown_route(http: httpx.Client) -> None:
    assert_envelope(http.get("/api/v1/nothing-here/at-all"), 404)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/api/v1/statements", "/api/v1/actors/antony-blinken"])
def test_405_other_methods(http: httpx.Client, method: str, path: str) -> None:
    response = http.request(method, path, json={"a": 1})
    assert_envelope(response, 405)
    assert set(response.headers["allow"].split(", ")) == {"GET", "HEAD"}


@pytest.mark.parametrize(
    "accept", ["image/png", "text/html", "text/*;q=0, */*;q=0", "application/xml, text/plain"]
)
def test_406_unsupported_accept(http: httpx.Client, accept: str) -> None:
    for path in ["/api/v1/outlets", "/api/v1/outlets/reuters"]:
        assert_envelope(http.get(path, headers={"Accept": accept}), 406)


def test_format_overrides_accept(http: httpx.Client) -> None:
    response = http.get("/api/v1/outlets?format=csv", headers={"Accept": "image/png"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"


def test_413_body_over_the_limit(http: httpx.Client) -> None:
    big = b"x" * (Settings().max_body_bytes + 1)
    for method in ["GET", "POST"]:
        assert_envelope(http.request(method, "/api/v1/statements", content=big), 413)


@pytest.mark.parametrize(
    "path", ["/api/v1/", "/api/v1/openapi.json", "/api/v1/statements", "/api/v1/actors/x"]
)
def test_415_a_body_on_a_get(http: httpx.Client, path: str) -> None:
    assert_envelope(http.request("GET", path, json={"act": "denies"}), 415)


def test_a_bad_request_does_not_stop_the_server(http: httpx.Client) -> None:
    bad = {"search": "a:b", "syntax": "fts"}
    assert http.get("/api/v1/statements", params=bad).status_code == 400
    assert http.get("/api/v1/statements").status_code == 200


def test_time_budget(db_path: Path) -> None:
    with TestClient(create_app(Settings(db_path=db_path, time_budget_ms=0))) as client:
        error = assert_envelope(client.get("/api/v1/statements?search=a*&facet=speaker"), 400)
    assert "time budget" in error["message"]


# A small package with retired and replaced rows (the real one has none yet).
REPLACED = {
    "actor_id": "jane-roe-old",
    "name": "Jane Roe (old)",
    "kind": "person",
    "record_status": "retired",
    "retired_reason": "duplicate of jane-roe",
    "replaced_by": "jane-roe",
}


@pytest.fixture(scope="module")
def retired(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    pkg = new_package(tmp_path_factory.mktemp("retired") / "pkg")
    root = pkg.root
    pkg.rows["actors"] += [
        REPLACED,
        {**REPLACED, "actor_id": "jane-roe-older", "replaced_by": "jane-roe-old"},
        {**REPLACED, "actor_id": "gone-actor", "replaced_by": "", "retired_reason": "no text"},
    ]
    pkg.row("contradictions", "ct-calm-vs-denial").update(
        record_status="retired", retired_reason="not a contradiction after all"
    )
    for side in pkg.rows["contradiction_sides"]:
        side.update(record_status="retired", retired_reason="its contradiction was retired")
    pkg.write()
    build(root, root / "ledger.db", say=lambda message: None)
    with TestClient(create_app(Settings(db_path=root / "ledger.db"))) as client:
        yield client


def test_308_to_the_replacement(retired: TestClient) -> None:
    response = retired.get("/api/v1/actors/jane-roe-older?format=json", follow_redirects=False)
    error = assert_envelope(response, 308)
    location = response.headers["location"]
    assert location == "/api/v1/actors/jane-roe?format=json"  # relative: no Host header in it
    assert "jane-roe-older" in error["message"] and location in error["message"]
    assert retired.get(location).json()["data"]["actor_id"] == "jane-roe"


def test_a_configured_base_url_leads_every_url_the_server_writes(
    retired: TestClient, tmp_path_factory: pytest.TempPathFactory
) -> None:
    db_path = retired.app.state.settings.db_path  # type: ignore[attr-defined]
    settings = Settings(db_path=db_path, base_url="https://ledger.example/")
    with TestClient(create_app(settings)) as client:
        moved = client.get("/api/v1/actors/jane-roe-older", follow_redirects=False)
        assert moved.headers["location"] == "https://ledger.example/api/v1/actors/jane-roe"
        listing = client.get("/api/v1/actors?first=1", headers={"Host": "evil.example"})
        assert listing.headers["link"].startswith("<https://ledger.example/api/v1/actors?")
        index = client.get("/api/v1/").json()
        assert index["openapi"] == "https://ledger.example/api/v1/openapi.json"
        page = client.get("/actors/jane-roe-older", follow_redirects=False)
        assert page.headers["location"] == "https://ledger.example/actors/jane-roe"


def test_retired_row_without_replacement_is_still_served(retired: TestClient) -> None:
    data = retired.get("/api/v1/actors/gone-actor").json()["data"]
    assert (data["record_status"], data["retired_reason"]) == ("retired", "no text")


def test_retired_rows_hidden_unless_asked(retired: TestClient) -> None:
    default = retired.get("/api/v1/actors").json()
    everything = retired.get("/api/v1/actors?include_retired=true").json()
    assert [a["actor_id"] for a in default["data"]] == ["jane-roe", "test-ministry"]
    assert [a["actor_id"] for a in everything["data"]] == [
        "gone-actor",
        "jane-roe",
        "jane-roe-old",
        "jane-roe-older",
        "test-ministry",
    ]
    assert (default["total"], everything["total"]) == (2, 5)


def test_retired_related_rows_hidden_unless_asked(retired: TestClient) -> None:
    statement = "/api/v1/statements/st-roe-calm"
    assert retired.get(statement).json()["data"]["contradictions"] == []
    shown = retired.get(statement + "?include_retired=true").json()["data"]
    assert shown["contradictions"] == ["ct-calm-vs-denial"]
    contradiction = "/api/v1/contradictions/ct-calm-vs-denial"
    assert retired.get(contradiction).json()["data"]["sides"] == []
    sides = retired.get(contradiction + "?include_retired=true").json()["data"]["sides"]
    assert [(s["side"], s["statement_id"], s["record_status"]) for s in sides] == [
        ("a", "st-roe-calm", "retired"),
        ("b", "st-ministry-denial", "retired"),
    ]
