"""What `add article` and `quote` propose for a curator to check: ids, furniture lines, and the
sentences of a new text that the package already quotes."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass

from statement_ledger.catalogue import furniture
from statement_ledger.catalogue.text import Folded, fold_quote
from statement_ledger.validators.errors import CannotRun
from statement_ledger.validators.package import Package, Table, decode, records

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "by",
        "for",
        "from",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "to",
        "with",
        "was",
        "were",
        "be",
        "has",
        "have",
    ]
)
# Lines that are page furniture whatever their length.
FURNITURE = re.compile(
    r"^(source|photo|image|read more|read also|see also|related|share|advertisement|comments?"
    r"|leave a (comment|reply)|by|author|tags?|follow us|subscribe)\b[\s:]"
    r"|©|copyright|^\d+\s+views?\b|^https?://",
    re.IGNORECASE,
)
SENTENCE_END = tuple(".!?:;\"'”’»)…")
SHORT = 5  # words: a shorter line without sentence punctuation is proposed as furniture
SENTENCE = re.compile(r"(?<=[.!?])[\"'”’»]?\s+")
MIN_SENTENCE_WORDS = 6


def table_rows(table: Table) -> list[dict[str, str]]:
    """The table's records as dicts (by the header's names)."""
    try:
        recs = records(decode(table))
    except csv.Error as exc:
        raise CannotRun(f"{table.path}: cannot be read as CSV ({exc}); run `validate`") from None
    if not recs:
        return []
    header = recs[0][1]
    return [dict(zip(header, cells, strict=False)) for _, cells in recs[1:]]


def slug(text: str, words: int | None = None) -> str:
    """Lowercase ASCII words joined by '-', without possessives or (if `words`) stopwords."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    ascii_text = re.sub(r"['’]s\b", "", ascii_text.lower())
    parts = re.findall(r"[a-z0-9]+", ascii_text)
    if words is not None:
        kept = [p for p in parts if p not in STOPWORDS] or parts
        parts = kept[:words]
    return "-".join(parts)


def is_furniture(line: str) -> bool:
    """A line that looks like page furniture: a byline, a 'Source:' line, a menu item..."""
    text = line.strip()
    if not text:
        return False
    if FURNITURE.search(text) or text.count(" | ") >= 2:  # a byline, a menu
        return True
    return len(re.findall(r"\w+", text)) <= SHORT and not text.endswith(SENTENCE_END)


def furniture_ranges(lines: list[str]) -> list[furniture.Mark]:
    """Runs of furniture lines, as ranges of whole lines (1-based, blank lines between two of
    them included). A label within a line is left to the curator: telling where it ends from
    the sentence after it is guesswork."""
    ranges: list[tuple[int, int]] = []
    for number, line in enumerate(lines, 1):
        if not is_furniture(line):
            continue
        if ranges and all(not lines[i - 1].strip() for i in range(ranges[-1][1] + 1, number)):
            ranges[-1] = (ranges[-1][0], number)
        else:
            ranges.append((number, number))
    return [furniture.whole_lines(first, last) for first, last in ranges]


@dataclass(frozen=True)
class Match:
    """A quote of the package found in a new text (or a sentence of it inside a quote)."""

    first: int
    last: int
    statement_id: str
    utterance_id: str
    quote: str


def _folded(text: str) -> Folded:
    return Folded(text.casefold().encode("utf-8", "surrogatepass"))


def known_quotes(package: Package, text: str) -> list[Match]:
    """Every active statement whose quote occurs in `text`, or holds one of its sentences
    (of six words or more), folded as quote-grounded folds, and for case."""
    haystack = _folded(text)
    sentences = [
        s.strip()
        for s in SENTENCE.split(" ".join(text.split()))
        if len(s.split()) >= MIN_SENTENCE_WORDS
    ]
    found: list[Match] = []
    for row in table_rows(package.table("statements")):
        quote = row.get("quote", "")
        if row.get("record_status") == "retired" or not quote.strip():
            continue
        spans = haystack.spans(fold_quote(quote.casefold()))
        if not spans:
            folded = fold_quote(quote.casefold())
            spans = tuple(
                span
                for sentence in sentences
                if fold_quote(sentence.casefold()) in folded
                for span in haystack.spans(fold_quote(sentence.casefold()))[:1]
            )
        for first, last in spans[:1]:
            found.append(
                Match(first, last, row["statement_id"], row.get("utterance_id", ""), quote)
            )
    return sorted(found, key=lambda m: (m.first, m.statement_id))
