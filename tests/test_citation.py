"""CITATION.cff and the descriptor's sources and contributors stay true to the package."""

import csv
import json
from typing import Any

import yaml

from ledger_fixture import REPO

# The top-level keys of the Citation File Format 1.2.0 schema, and the ones it requires.
CFF_KEYS = {
    "abstract", "authors", "cff-version", "commit", "contact", "date-released", "doi",
    "identifiers", "keywords", "license", "license-url", "message", "preferred-citation",
    "references", "repository", "repository-artifact", "repository-code", "title", "type",
    "url", "version",
}  # fmt: skip
CFF_REQUIRED = {"authors", "cff-version", "message", "title"}


def descriptor() -> dict[str, Any]:
    found: dict[str, Any] = json.loads((REPO / "datapackage.json").read_text(encoding="utf-8"))
    return found


def test_citation_describes_the_dataset_as_the_descriptor_does() -> None:
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    package = descriptor()
    assert CFF_REQUIRED <= set(cff) <= CFF_KEYS
    assert (cff["cff-version"], cff["type"]) == ("1.2.0", "dataset")
    assert (cff["title"], cff["abstract"]) == (package["title"], package["description"])
    assert cff["version"] == package["version"]  # a string: release rewrites it
    assert cff["license"] == "CC-BY-4.0"
    assert cff["license"] in [licence["name"] for licence in package["licenses"]]
    assert cff["authors"] == [{"name": c["title"]} for c in package["contributors"]]


def test_every_archived_article_is_a_source_with_its_url() -> None:
    sources = {s["path"]: s.get("url", "") for s in descriptor()["sources"]}
    with open(REPO / "datapackage" / "articles.csv", encoding="utf-8", newline="") as handle:
        articles = {row["seed_path"]: row["url"] for row in csv.DictReader(handle)}
    seeds = {f"seeds/{p.name}" for p in (REPO / "seeds").iterdir() if p.is_file()}
    assert set(sources) == set(articles) == seeds
    assert sources == articles
