"""Checks that keep the curated package honest as it grows (independent of the validator code)."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from urllib.parse import urlsplit

from statement_ledger.catalogue import furniture
from statement_ledger.catalogue.text import find_spans, quote_pattern
from statement_ledger.validators.validate import validate

from ledger_fixture import REPO, stock_frictionless

URL = re.compile(r"https?://[^\s,;)'\"<>]+")
# Names reserved for examples and tests (RFC 2606, RFC 6761): never a page anyone published.
RESERVED_HOSTS = {"example.com", "example.org", "example.net"}
RESERVED_TLDS = {"example", "invalid", "localhost", "test", "local"}


def table(name: str) -> list[dict[str, str]]:
    with open(REPO / "datapackage" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle)]


def active(name: str) -> list[dict[str, str]]:
    return [r for r in table(name) if r["record_status"] == "active"]


def seed(article: dict[str, str]) -> str:
    return (REPO / article["seed_path"]).read_text(encoding="utf-8")


ARTICLES = {a["article_id"]: a for a in table("articles")}


def test_the_curated_package_passes_every_check() -> None:
    assert [f.model_dump() for f in validate(REPO).findings] == []


def test_stock_frictionless_validates_the_descriptor_untouched() -> None:
    result = stock_frictionless(REPO)
    assert result.returncode == 0, result.stdout[-2000:]


def test_csvs_are_in_canonical_form() -> None:
    from statement_ledger.curation import canonical

    assert [f.model_dump() for f in canonical.check(REPO)] == []


def test_the_archive_holds_the_articles_files_and_nothing_else() -> None:
    """The build and a release publish whatever lies under seeds/, so nothing may lie there but
    the articles' archived files, each a plain file (a link could publish what it points at).
    That each file's bytes are the sha256 its article records is the seed-hash rule's, run by
    test_the_curated_package_passes_every_check."""
    entries = list((REPO / "seeds").rglob("*"))
    assert [p for p in entries if p.is_symlink() or not p.is_file()] == []
    names = {p.relative_to(REPO).as_posix() for p in entries}
    assert names == {article["seed_path"] for article in table("articles")}


def test_every_article_has_statements_and_sanity_bounds_hold() -> None:
    per_article = Counter(s["article_id"] for s in active("statements"))
    assert {a for a in ARTICLES if per_article[a] == 0} == set()
    assert len(active("statements")) >= 50
    assert len(active("contradictions")) >= 20


def test_every_contradiction_has_its_sides() -> None:
    statements = {s["statement_id"] for s in active("statements")}
    sides: dict[str, set[str]] = defaultdict(set)
    for side in active("contradiction_sides"):
        assert side["statement_id"] in statements, side
        sides[side["contradiction_id"]].add(side["side"])
    for side in active("record_sides"):
        assert side["reference_ids"], side
        sides[side["contradiction_id"]].add(side["side"])
    articles = {a["article_id"] for a in active("articles")}
    for side in active("article_sides"):
        assert side["article_id"] in articles, side
        sides[side["contradiction_id"]].add(side["side"])
    for contradiction in active("contradictions"):
        assert len(sides[contradiction["contradiction_id"]]) >= 2, contradiction


def test_no_quote_lies_only_in_page_furniture() -> None:
    for statement in active("statements"):
        article = ARTICLES[statement["article_id"]]
        text = seed(article)
        assert find_spans(text, statement["quote"]), statement["statement_id"]
        marks = furniture.marks(article["furniture_lines"])
        found = [
            furniture.extent(text, match.start(), match.end())
            for match in quote_pattern(statement["quote"]).finditer(text)
        ]
        outside = [(start, end) for start, end in found if not furniture.covers(marks, start, end)]
        assert outside, statement["statement_id"]


def test_no_two_statements_of_one_article_share_a_quote() -> None:
    quotes = Counter((s["article_id"], s["quote"].strip()) for s in active("statements"))
    assert [key for key, count in quotes.items() if count > 1] == []


def test_name_as_reported_is_printed_in_the_article() -> None:
    for statement in active("statements"):
        reported = statement["speaker_as_reported"]
        if reported:
            text = seed(ARTICLES[statement["article_id"]]).casefold()
            assert reported.casefold() in text, statement["statement_id"]


def test_every_misspelling_is_seen_in_a_source_and_recorded_as_misattribution() -> None:
    texts = " ".join(seed(a) for a in ARTICLES.values())
    misattributed = {
        side["statement_id"]
        for side in active("contradiction_sides")
        for c in active("contradictions")
        if c["kind"] == "misattribution" and c["contradiction_id"] == side["contradiction_id"]
    }
    statements = {s["statement_id"]: s for s in active("statements")}
    for actor in active("actors"):
        for wrong in filter(None, actor["misspellings"].split("|")):
            assert wrong in texts, wrong
            assert any(
                wrong in statements[s]["speaker_as_reported"] + statements[s]["quote"]
                for s in misattributed
            ), wrong


def made_up(url: str) -> bool:
    """A URL nobody published: no dotted host, a name reserved for examples (RFC 2606 and
    6761), or cut short with an ellipsis where it was copied from."""
    host = urlsplit(url).hostname or ""
    return (
        "." not in host.strip(".")
        or host.rsplit(".", 1)[-1] in RESERVED_TLDS
        or host.removeprefix("www.") in RESERVED_HOSTS
        or "..." in url
        or "…" in url
    )


def test_no_url_is_made_up() -> None:
    """Every URL in any cell of any table (notes included, where no schema pattern applies)
    names a page on a real host name."""
    names = json.loads((REPO / "datapackage.json").read_text())["resources"]
    cells = [cell for r in names for row in table(r["name"]) for cell in row.values()]
    urls = {url for cell in cells for url in URL.findall(cell)}  # a trailing "..." kept
    assert len(urls) > 50  # the references alone hold more
    assert sorted(u for u in urls if made_up(u)) == []
