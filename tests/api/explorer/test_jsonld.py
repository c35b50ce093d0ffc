"""The JSON-LD on every statement and contradiction page parses and uses schema.org types with
their required properties, and only properties those types have."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

# schema.org properties used, per type (a subset of each type's properties on schema.org,
# inherited ones included); REQUIRED follows Google's fact-check markup guidelines.
ALLOWED = {
    "Claim": {"@id", "url", "identifier", "name", "text", "author", "dateCreated", "appearance"},
    "ClaimReview": {
        "url",
        "claimReviewed",
        "itemReviewed",
        "author",
        "reviewRating",
        "reviewBody",
        "citation",
    },
    "NewsArticle": {"headline", "url", "datePublished", "publisher"},
    "Person": {"name", "sameAs"},
    "Organization": {"name", "url", "sameAs"},
    "Rating": {"alternateName"},
}
REQUIRED = {
    "Claim": {"name", "text", "author", "appearance"},
    "ClaimReview": {"url", "claimReviewed", "itemReviewed", "author", "reviewRating"},
    "NewsArticle": {"headline", "publisher"},
    "Rating": {"alternateName"},
}
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def blocks(html: str) -> list[dict[str, Any]]:
    found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(text) for text in found]


def check(node: dict[str, Any]) -> list[str]:
    """Every node typed, with its required properties and no property its type lacks."""
    kind = node.get("@type")
    assert kind in ALLOWED, f"untyped or unknown node: {node}"
    keys = set(node) - {"@type", "@context"}
    assert keys <= ALLOWED[kind], f"{kind} has no {keys - ALLOWED[kind]}"
    assert REQUIRED.get(kind, set()) <= keys, f"{kind} lacks {REQUIRED[kind] - keys}"
    for key in ("dateCreated", "datePublished"):
        if key in node:
            assert ISO_DATE.match(node[key])
    seen = [kind]
    for value in node.values():
        if isinstance(value, dict):
            seen += check(value)
    return seen


def ids(db_path: Path, table: str, column: str) -> list[str]:
    with sqlite3.connect(db_path) as db:
        rows = db.execute(f"SELECT {column} FROM {table} WHERE record_status = 'active'")
        return [row[0] for row in rows]


def test_every_statement_page_has_a_claim(client: TestClient, db_path: Path) -> None:
    for key in ids(db_path, "statements", "statement_id"):
        (data,) = blocks(client.get(f"/statements/{key}").text)
        assert data["@context"] == "https://schema.org"
        nodes = data.get("@graph", [data])
        assert nodes[0]["@type"] == "Claim" and nodes[0]["identifier"] == key
        for node in nodes:
            kinds = check(node)
            assert "NewsArticle" in kinds


@pytest.mark.parametrize("speaker_kind", ["Person", "Organization"])
def test_authors_are_people_or_organisations(client: TestClient, speaker_kind: str) -> None:
    key = {"Person": "antony-blinken", "Organization": "government-of-armenia"}[speaker_kind]
    html = client.get(f"/api/v1/statements?speaker={key}&first=1").json()
    statement = html["data"][0]["statement_id"]
    (data,) = blocks(client.get(f"/statements/{statement}").text)
    claim = data.get("@graph", [data])[0]
    assert claim["author"]["@type"] == speaker_kind


def test_every_contradiction_page_has_claim_reviews(client: TestClient, db_path: Path) -> None:
    for key in ids(db_path, "contradictions", "contradiction_id"):
        (data,) = blocks(client.get(f"/contradictions/{key}").text)
        reviews = data["@graph"]
        assert len(reviews) >= 1
        for review in reviews:
            assert review["@type"] == "ClaimReview"
            assert review["url"].endswith(f"/contradictions/{key}")
            assert review["itemReviewed"]["@type"] == "Claim"
            check(review)


def test_json_ld_cannot_close_its_script(pkg_client: TestClient) -> None:
    html = pkg_client.get("/statements/st-roe-calm").text
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in script and ">" not in script
