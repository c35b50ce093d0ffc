"""Finding a quote in an archived text, allowing only whitespace, quote-mark and dash variants."""

from __future__ import annotations

import re
from functools import lru_cache

QUOTE_MARKS = "\"'“”„‟«»‘’‚‛`´"
DASHES = "-‐‑‒–—―−"
_QUOTE_CLASS = "[" + re.escape(QUOTE_MARKS) + "]"
_DASH_CLASS = "[" + re.escape(DASHES) + "]"


def quote_pattern(quote: str) -> re.Pattern[str]:
    """A regex matching `quote` with any run of whitespace, any quote mark and any dash."""
    parts: list[str] = []
    for char in quote.strip():
        if char.isspace():
            if not parts or parts[-1] != r"\s+":
                parts.append(r"\s+")
        elif char in QUOTE_MARKS:
            parts.append(_QUOTE_CLASS)
        elif char in DASHES:
            parts.append(_DASH_CLASS)
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts))


@lru_cache(maxsize=4096)
def find_spans(text: str, quote: str) -> tuple[tuple[int, int], ...]:
    """Every place `quote` occurs in `text`, as (first line, last line), 1-based."""
    if not quote.strip():
        return ()
    spans = []
    for match in quote_pattern(quote).finditer(text):
        first = text.count("\n", 0, match.start()) + 1
        last = first + text.count("\n", match.start(), match.end())
        spans.append((first, last))
    return tuple(spans)


def in_ranges(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    """Whether any line of `span` falls inside one of `ranges`."""
    first, last = span
    return any(first <= high and last >= low for low, high in ranges)
