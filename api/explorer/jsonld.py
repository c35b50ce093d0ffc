"""schema.org Claim and ClaimReview for statements and contradictions, as embeddable JSON-LD."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup

from statement_ledger.api.explorer.formats import date_iso
from statement_ledger.api.explorer.store import Related, Row

PERSON_KINDS = {"person"}
PUBLISHER = {"@type": "Organization", "name": "statement-ledger"}


def _agent(actor: Row | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    kind = "Person" if actor["kind"] in PERSON_KINDS else "Organization"
    out: dict[str, Any] = {"@type": kind, "name": actor["name"]}
    if actor.get("wikidata_id"):
        out["sameAs"] = f"https://www.wikidata.org/wiki/{actor['wikidata_id']}"
    return out


def _article(article: Row | None, related: Related) -> dict[str, Any] | None:
    if article is None:
        return None
    out: dict[str, Any] = {"@type": "NewsArticle", "headline": article["title"]}
    if article.get("url"):
        out["url"] = article["url"]
    published = date_iso(article["published_on"], article["published_on_precision"])
    if published:
        out["datePublished"] = published
    outlet = related.outlets.get(article["outlet_id"])
    if outlet:
        out["publisher"] = {"@type": "Organization", "name": outlet["name"]}
    return out


def claim(statement: Row, related: Related, base: str) -> dict[str, Any]:
    """A statement as a schema.org Claim: what is claimed, by whom, where it appeared."""
    out: dict[str, Any] = {
        "@type": "Claim",
        "@id": f"{base}/statements/{statement['statement_id']}",
        "url": f"{base}/statements/{statement['statement_id']}",
        "identifier": statement["statement_id"],
        "name": statement["claim"],
        "text": statement["quote"],
    }
    author = _agent(related.actors.get(statement["speaker_id"]))
    if author:
        out["author"] = author
    said = date_iso(statement["said_on"], statement["said_on_precision"])
    if said:
        out["dateCreated"] = said
    appearance = _article(related.articles.get(statement["article_id"]), related)
    if appearance:
        out["appearance"] = appearance
    return out


RATINGS = {
    "open": "Disputed: open",
    "not_a_contradiction": "Not a contradiction",
}


def rating(contradiction: Row, side: str) -> str:
    """What the outside record says of one side, in words (schema.org alternateName)."""
    if contradiction["resolution"] != "resolved":
        return RATINGS.get(contradiction["resolution"], str(contradiction["resolution"]))
    supported = contradiction.get("supported_side")
    if not supported:
        return "Resolved: neither side supported"
    return "Supported by the record" if side == supported else "Contradicted by the record"


def review(
    contradiction: Row,
    statement: Row,
    side: str,
    related: Related,
    base: str,
    references: Sequence[Row] = (),
) -> dict[str, Any]:
    """One side of a contradiction as a schema.org ClaimReview of that statement's claim,
    citing the references the contradiction relies on."""
    url = f"{base}/contradictions/{contradiction['contradiction_id']}"
    out: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": statement["claim"],
        "itemReviewed": claim(statement, related, base),
        "author": {**PUBLISHER, "url": f"{base}/"},
        "reviewRating": {"@type": "Rating", "alternateName": rating(contradiction, side)},
        "reviewBody": contradiction.get("resolution_note") or contradiction["summary"],
    }
    if references:
        out["citation"] = [
            {
                "@type": "CreativeWork",
                "url": r["url"],
                **({"name": r["title"]} if r["title"] else {}),
            }
            for r in references
        ]
    return out


def script(data: dict[str, Any]) -> Markup:
    """A <script type="application/ld+json"> element; '<', '>' and '&' escaped inside."""
    # compact: json's C encoder (with indent, its Python one: a fifth of a contradiction page)
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return Markup(f'<script type="application/ld+json">{text}</script>')
