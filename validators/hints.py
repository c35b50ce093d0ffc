"""What a field's constraints mean, in words a curator can act on."""

from __future__ import annotations

from typing import Any

PATTERN_WORDS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "a lowercase id: letters a-z, digits and single hyphens, "
    "e.g. antony-blinken",
    "^https?://\\S+$": "a full web address starting with http:// or https://, with no spaces",
    "^[A-Z]{2}$": "a two-letter country code in capitals (ISO 3166-1 alpha-2), e.g. AM, AZ, US",
    "^Q[0-9]+$": "a Wikidata item id such as Q42 (fill it only when verified)",
    "^[0-9a-f]{64}$": "64 lowercase hexadecimal characters (`statement-ledger fmt` fills in a new "
    "article's from its archived file)",
    "^[a-z]$": "one lowercase letter: a, b, c ...",
    "^[0-9]+\\.[0-9]+\\.[0-9]+$": "a version number such as 0.1.0",
    "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "a BCP 47 language tag such as en, hy or az",
    "^seeds/[A-Za-z0-9_.-]+$": "a path such as seeds/000_name.txt",
}

TYPE_WORDS = {
    "date": "a date written YYYY-MM-DD, e.g. 2023-10-15 (a month is 2023-10-01 with precision "
    "month; a year is 2023-01-01 with precision year)",
    "integer": "a whole number",
    "number": "a number",
    "list": "items separated by |",
    "string": "text",
}


def pattern_words(pattern: str) -> str:
    return PATTERN_WORDS.get(pattern, f"text matching the pattern {pattern}")


def expected(field: dict[str, Any]) -> str:
    """A short description of what a valid cell of `field` looks like."""
    constraints = field.get("constraints", {})
    if "enum" in constraints:
        return "one of: " + ", ".join(constraints["enum"])
    if "pattern" in constraints:
        return pattern_words(constraints["pattern"])
    kind = str(field.get("type", "string"))
    return TYPE_WORDS.get(kind, kind)
