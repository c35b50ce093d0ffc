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


HTML_PAGES = ["/", "/timeline", "/search?q=invade", "/graphql", "/no-such-page"]
OTHER = ["/api/v1/statements", "/datapackage.json", "/healthz", "/api/v1/nothing"]


def test_every_answer_has_the_security_headers(http: httpx.Client) -> None:
    for path in HTML_PAGES + OTHER:
        answer = http.get(path, headers={"Accept": "text/html" if path in HTML_PAGES else "*/*"})
        assert answer.headers["x-content-type-options"] == "nosniff", path
        assert answer.headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        policy = answer.headers.get("content-security-policy")
        if answer.headers["content-type"].startswith("text/html"):
            assert policy is not None and "object-src 'none'" in policy, path
            assert "frame-ancestors 'none'" in policy, path
        else:
            assert policy is None, path


def test_cross_origin_scripts_can_read_what_paging_needs(http: httpx.Client) -> None:
    answer = http.get("/api/v1/statements?first=2", headers={"Origin": "https://elsewhere.example"})
    exposed = {
        h.strip().lower() for h in answer.headers["access-control-expose-headers"].split(",")
    }
    assert {"link", "etag", "x-total-count", "repr-digest"} <= exposed
    assert "link" in answer.headers and "x-total-count" in answer.headers


def test_if_none_match_compares_weakly_and_takes_a_star(http: httpx.Client) -> None:
    etag = http.get("/api/v1/statements").headers["etag"]
    strong = etag.removeprefix("W/")
    for header in (etag, strong, "*", f'"other", {strong}'):
        again = http.get("/api/v1/statements", headers={"If-None-Match": header})
        assert again.status_code == 304, header
        vary = {v.strip() for v in again.headers["vary"].split(",")}
        assert {"Accept", "Accept-Encoding"} <= vary, header
        assert again.headers["etag"] == etag
    assert http.get("/api/v1/statements", headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_200_varies_on_accept_and_encoding(http: httpx.Client) -> None:
    vary = {v.strip() for v in http.get("/api/v1/statements").headers["vary"].split(",")}
    assert {"Accept", "Accept-Encoding"} <= vary


def test_static_files_are_content_hashed_and_immutable(http: httpx.Client) -> None:
    page = http.get("/", headers={"Accept": "text/html"}).text
    css = REPO / "api" / "explorer" / "static" / "style.css"
    digest = hashlib.sha256(css.read_bytes()).hexdigest()[:16]
    assert f'href="/static/style.css?v={digest}"' in page
    current = http.get(f"/static/style.css?v={digest}")
    assert current.status_code == 200 and current.content == css.read_bytes()
    assert current.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert current.headers["etag"] == f'"{digest}"'  # the file's, not the data version's
    assert current.headers["content-type"] == "text/css; charset=utf-8"
    for stale in ("/static/style.css", "/static/style.css?v=0000000000000000"):
        answer = http.get(stale)
        assert answer.headers["cache-control"] == "public, max-age=300", stale
        assert answer.content == css.read_bytes()
    again = http.get(f"/static/style.css?v={digest}", headers={"If-None-Match": f'W/"{digest}"'})
    assert again.status_code == 304


def test_the_favicon_and_graphiqls_files_are_served(http: httpx.Client) -> None:
    icon = http.get("/favicon.ico")
    assert icon.status_code == 200 and icon.content[:4] == b"\x00\x00\x01\x00"
    page = http.get("/graphql", headers={"Accept": "text/html"}).text
    for name in ("graphiql.min.js", "react.production.min.js", "graphiql-start.js"):
        body = (REPO / "api" / "graphql" / "static" / name).read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:16]
        assert f'"static/graphiql/{name}?v={digest}"' in page
        assert http.get(f"/static/graphiql/{name}?v={digest}").content == body
    for missing in ("/static/nothing.css", "/static/../pyproject.toml", "/static/graphiql/"):
        answer = http.get(missing)
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"


# Every control character, and each way bytes fail to be UTF-8 (a lone continuation byte, an
# overlong form, an encoded surrogate, a truncated sequence, bytes UTF-8 never uses).
CONTROLS = [f"%{c:02X}" for c in [*range(0x20), 0x7F]] + ["%C2%80", "%C2%9F"]
NOT_UTF8 = ["%80", "%C0%AF", "%ED%A0%80", "%E2%82", "%FF", "%F5%80%80%80"]
WHERE = [
    "/api/v1/statements?search=a{}",
    "/api/v1/statements?speaker={}",
    "/api/v1/statements?after={}",
    "/api/v1/statements/st-{}",
    "/api/v1/actors?sort={}",
    "/graphql?query={{__typename}}&operationName={}",
    "/search?q={}a",
    "/timeline?speaker={}",
    "/statements/{}",
    "/seeds/{}.txt",
]


def test_odd_bytes_in_any_path_or_parameter_are_refused_with_400(http: httpx.Client) -> None:
    for template in WHERE:
        for odd in CONTROLS + NOT_UTF8:
            url = template.format(odd)
            answer = http.get(url, headers={"Accept": "application/json"})
            assert answer.status_code == 400, url
            assert answer.json()["error"]["code"] == "bad_request", url
    page = http.get("/search?q=%00", headers={"Accept": "text/html"})
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html")
    assert "control character (U+0000)" in page.text
    assert http.get("/search?q=%C3%A9%20tab%09", headers={"Accept": "text/html"}).status_code == 400
    assert http.get("/search?q=%C3%A9t%C3%A9", headers={"Accept": "text/html"}).status_code == 200


def test_a_trailing_slash_is_a_404_with_the_envelope(http: httpx.Client) -> None:
    for url in ("/api/v1/statements/", "/api/v1/actors/antony-blinken/"):
        answer = http.get(url)
        assert answer.status_code == 404, url
        assert answer.json()["error"]["code"] == "not_found"
        assert "location" not in answer.headers


def test_graphql_names_its_methods_and_answers_head(http: httpx.Client) -> None:
    for method in ("PUT", "DELETE", "PATCH"):
        answer = http.request(method, "/graphql")
        assert answer.status_code == 405, method
        assert answer.headers["allow"] == "GET, HEAD, POST"
        assert answer.json()["error"]["code"] == "method_not_allowed"
    head = http.head("/graphql", headers={"Accept": "text/html"})
    get = http.get("/graphql", headers={"Accept": "text/html"})
    assert head.status_code == get.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def test_urls_in_answers_never_come_from_the_host_header(http: httpx.Client) -> None:
    evil = {"Host": "evil.example"}
    listing = http.get("/api/v1/statements?first=1", headers=evil)
    assert listing.headers["link"].startswith("</api/v1/statements?first=1&after=")
    index = http.get("/api/v1/", headers=evil).json()
    assert index["tables"]["statements"] == "/api/v1/statements"
    page = http.get("/statements/st-caliber-miller-rejects-politico-report", headers=evil)
    assert "evil.example" not in page.text and "evil.example" not in listing.text
