"""Finding a quote in an archived text, allowing only whitespace, quote-mark and dash variants."""

from __future__ import annotations

import re
from bisect import bisect_right
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


_FOLD = str.maketrans({**dict.fromkeys(QUOTE_MARKS, '"'), **dict.fromkeys(DASHES, "-")})
_SPACE = re.compile(r"\s+")


def _fold(text: str) -> str:
    """Quote marks and dashes made one each, whitespace runs one space (the only variants a
    quote may differ by)."""
    return _SPACE.sub(" ", text.translate(_FOLD))


@lru_cache(maxsize=64)
def _folded(text: str) -> tuple[str, list[int], list[int]]:
    """`text` folded once, the original offset of each folded character, and where each
    original line starts."""
    translated = text.translate(_FOLD)
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _SPACE.finditer(translated):
        parts.append(translated[position : match.start()])
        offsets.extend(range(position, match.start()))
        parts.append(" ")
        offsets.append(match.start())
        position = match.end()
    parts.append(translated[position:])
    offsets.extend(range(position, len(translated)))
    line_starts = [0] + [i + 1 for i, char in enumerate(text) if char == "\n"]
    return "".join(parts), offsets, line_starts


def find_spans(text: str, quote: str) -> tuple[tuple[int, int], ...]:
    """Every place `quote` occurs in `text`, as (first line, last line), 1-based.

    The text is folded once (see `_fold`) and searched with str.find: linear, no regex per
    quote."""
    needle = _fold(quote.strip())
    if not needle:
        return ()
    haystack, offsets, line_starts = _folded(text)
    spans = []
    start = haystack.find(needle)
    while start != -1:
        first = bisect_right(line_starts, offsets[start])
        last = bisect_right(line_starts, offsets[start + len(needle) - 1])
        spans.append((first, last))
        start = haystack.find(needle, start + len(needle))
    return tuple(spans)


def in_ranges(span: tuple[int, int], ranges: list[tuple[int, int]]) -> bool:
    """Whether any line of `span` falls inside one of `ranges`."""
    first, last = span
    return any(first <= high and last >= low for low, high in ranges)
