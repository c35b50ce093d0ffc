"""Files served with caching of their own: a release's files are immutable, the list of
releases is not, and nothing outside the releases folder can be reached through it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ledger_server import serving


@pytest.fixture(scope="module")
def releases(tmp_path_factory: pytest.TempPathFactory, db_path: Path) -> Iterator[httpx.Client]:
    folder = tmp_path_factory.mktemp("served") / "releases"
    (folder / "1.0.0").mkdir(parents=True)
    (folder / "1.0.0" / "statement-ledger-1.0.0.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    (folder / "index.json").write_text(json.dumps({"releases": [{"version": "1.0.0"}]}))
    (folder.parent / "secret.txt").write_text("not for the public")
    with (
        serving(db_path, env={"LEDGER_RELEASES": str(folder)}) as base,
        httpx.Client(base_url=base, timeout=10) as client,
    ):
        yield client


def test_a_releases_files_are_immutable_and_its_list_is_not(releases: httpx.Client) -> None:
    listed = releases.get("/releases/index.json")
    assert listed.status_code == 200
    assert listed.json() == {"releases": [{"version": "1.0.0"}]}
    assert listed.headers["cache-control"] == "public, max-age=300"
    archive = releases.get("/releases/1.0.0/statement-ledger-1.0.0.zip")
    assert archive.status_code == 200 and archive.content == b"PK\x05\x06" + bytes(18)
    assert archive.headers["cache-control"] == "public, max-age=31536000, immutable"
    again = releases.get(
        "/releases/1.0.0/statement-ledger-1.0.0.zip",
        headers={"If-None-Match": archive.headers["etag"]},
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/releases/../secret.txt",
        "/releases/%2e%2e/secret.txt",
        "/releases/..%2fsecret.txt",
        "/releases/1.0.0/",
        "/releases/2.0.0/statement-ledger-2.0.0.zip",
        "/releases/.hidden",
    ],
)
def test_nothing_else_is_reachable(releases: httpx.Client, path: str) -> None:
    answer = releases.get(path)
    assert answer.status_code == 404, path
    assert answer.json()["error"]["code"] == "not_found"
    assert "not for the public" not in answer.text
