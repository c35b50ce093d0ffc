"""Checks that keep the curated package honest as it grows (independent of the validator code)."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from statement_ledger.validators.text import find_spans, in_ranges
from statement_ledger.validators.validate import validate

from ledger_fixture import REPO

SHARED = REPO.parent / "shared"
URL = re.compile(r"https?://[^\s,;)'\"<>]+")


def table(name: str) -> list[dict[str, str]]:
    with open(REPO / "datapackage" / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle)]


def active(name: str) -> list[dict[str, str]]:
    return [r for r in table(name) if r["record_status"] == "active"]


def seed(article: dict[str, str]) -> str:
    return (REPO / article["seed_path"]).read_text(encoding="utf-8")


ARTICLES = {a["article_id"]: a for a in table("articles")}


def furniture(article: dict[str, str]) -> list[tuple[int, int]]:
    spans = [item.split("-") for item in article["furniture_lines"].split("|") if item]
    return [(int(a), int(b)) for a, b in spans]


def test_the_curated_package_passes_every_check() -> None:
    assert [f.model_dump() for f in validate(REPO).findings] == []


def test_stock_frictionless_validates_the_descriptor_untouched() -> None:
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "datapackage.json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]


def test_csvs_are_in_canonical_form() -> None:
    from statement_ledger.curation import canonical

    assert [f.model_dump() for f in canonical.check(REPO)] == []


def test_seeds_are_byte_identical_to_the_shared_archive() -> None:
    ours = {p.name: p.read_bytes() for p in (REPO / "seeds").iterdir()}
    theirs = {p.name: p.read_bytes() for p in (SHARED / "seeds").iterdir()}
    assert ours == theirs


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
    for contradiction in active("contradictions"):
        assert len(sides[contradiction["contradiction_id"]]) >= 2, contradiction


def test_no_quote_lies_only_in_page_furniture() -> None:
    for statement in active("statements"):
        article = ARTICLES[statement["article_id"]]
        spans = find_spans(seed(article), statement["quote"])
        assert spans, statement["statement_id"]
        outside = [s for s in spans if not in_ranges(s, furniture(article))]
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


# Pages found in stored public copies after the research notes were written (each a
# reference row with its title and date as the page shows them).
FOUND_LATER = (
    "https://news.am/eng/news/640725.html",
    "https://www.anews.com.tr/world/2021/08/02/nikol-pashinyan-confirmed-in-new-term-as-armenias-prime-minister",
    "https://news.az/news/azerbaijan-initiates-criminal-case-over-armenian-terrorist-act-against-interior-ministry-employees",
    "https://mirrorspectator.com/2023/09/21/armenian-government-faces-angry-protests-over-karabakh-fighting/",
    "https://nationalpost.com/pmn/news-pmn/german-publisher-axel-springer-to-acquire-u-s-news-website-politico",
    "https://www.myhighplains.com/news/business/german-publisher-axel-springer-completes-politico-takeover/",
    "https://wikimili.com/en/Reuters",
    "https://ipfs.io/ipfs/QmXoypizjW3WknFiJnKLwHCnL72vedxjQkDDP1mXWo6uco/wiki/Thomson_Reuters.html",
)


@pytest.mark.parametrize(
    "name", ["outlets", "articles", "events", "contradictions", "statements", "references"]
)
def test_every_url_comes_from_the_research_notes_or_the_archive(name: str) -> None:
    """Never invent a URL: each one must be cited in the research notes or the seeds."""
    known = (SHARED / "research" / "source-facts.md").read_text(encoding="utf-8")
    known += " ".join(p.read_text(encoding="utf-8") for p in (REPO / "seeds").iterdir())
    known += " ".join(FOUND_LATER)
    cells = [cell for row in table(name) for cell in row.values()]
    urls = {u.rstrip(".") for cell in cells for u in URL.findall(cell)}
    assert sorted(u for u in urls if u not in known) == []
