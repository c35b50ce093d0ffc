"""Finding a quote in an archived text, allowing only whitespace, quote-mark and dash variants.

A quote matches where its folded form occurs in the folded text: quote marks made one ("),
dashes made one (-), every run of whitespace one space. Both are folded as UTF-8 bytes with a
few whole-buffer operations (no per-character Python work), which is what lets the package
checks fold 200,000 archived texts in seconds; `find_spans` keeps its meaning.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from itertools import accumulate

from statement_ledger.catalogue import furniture as marks

QUOTE_MARKS = "\"'“”„‟«»‘’‚‛`´"
DASHES = "-‐‑‒–—―−"
# What `str.isspace`, `str.split()`, `str.strip()` and the regex `\s` count as whitespace.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
# Line breaks of `str.splitlines` (after universal newlines, so without \r).
LINE_BREAKS = "\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
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


# -- folding, over str: offsets in the text itself --------------------------------------------

# Quote marks made ", dashes -, every whitespace character a space: one character each, so an
# offset in the folded text is an offset in the text. Line feeds (most of what folds) by
# str.replace, the rest by one regex pass looking each up (three passes, one a class, took an
# archived text twice as long; str.translate with a table this size looks up every character,
# 4-5 times as long).
_FOLDED = {
    **{char: '"' for char in QUOTE_MARKS},
    **{char: "-" for char in DASHES},
    **{char: " " for char in WHITESPACE if char not in " \n"},
}
_FOLD = re.compile("[" + re.escape("".join(_FOLDED)) + "]")
_SPACES = re.compile(" {2,}")


def _fold_one(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


def _fold_chars(text: str) -> str:
    return _FOLD.sub(_fold_one, text.replace("\n", " "))


class FoldedText:
    """A text folded once as `quote_pattern` reads it (quote marks, dashes, whitespace runs
    made one), with the way back from a position in the folded text to one in the text."""

    __slots__ = ("_shifts", "_starts", "folded")

    def __init__(self, text: str) -> None:
        spaced = _fold_chars(text)
        self._starts: list[int] = []  # where each collapsed run is, in the folded text
        self._shifts: list[int] = []  # characters removed up to and including that run
        removed = 0
        kept: list[str] = []  # the text up to and including the first space of each run
        last = 0
        run = spaced.find("  ")  # runs are few (a regex scan cost a text more than its fold)
        while run != -1:
            end = _SPACES.match(spaced, run).end()  # type: ignore[union-attr]
            self._starts.append(run - removed)
            removed += end - run - 1
            self._shifts.append(removed)
            kept.append(spaced[last : run + 1])
            last = end
            run = spaced.find("  ", end)
        self.folded = "".join(kept) + spaced[last:] if kept else spaced

    def _original(self, position: int) -> int:
        """The offset in the text of the folded text's character at `position` (not a run)."""
        runs = bisect_right(self._starts, position)
        return position + (self._shifts[runs - 1] if runs else 0)

    def find(self, quote: str) -> list[tuple[int, int]]:
        """Every place `quote` occurs, left to right without overlap, as (start, end) offsets
        in the text: the spans of `quote_pattern(quote).finditer(text)`, without a regex."""
        return self.find_folded(fold_needle(quote))

    def find_folded(self, needle: str) -> list[tuple[int, int]]:
        """`find` of a quote already folded (`fold_needle`)."""
        if not needle:
            return []
        out = []
        size = len(needle)
        start = self.folded.find(needle)
        while start != -1:
            out.append((self._original(start), self._original(start + size - 1) + 1))
            start = self.folded.find(needle, start + size)
        return out


def fold_needle(quote: str) -> str:
    """The quote stripped and folded as `FoldedText` folds a text: what `find` looks for."""
    return _SPACES.sub(" ", _fold_chars(quote.strip()))


_SEPARATOR = "\x00"  # not folded, and not in a quote


def fold_needles(quotes: Sequence[str]) -> list[str]:
    """`fold_needle` of each quote, all folded together: four regex substitutions in all
    rather than four a quote (the build folds every quote of the package)."""
    stripped = [quote.strip() for quote in quotes]
    joined = _SEPARATOR.join(stripped)
    if not stripped or joined.count(_SEPARATOR) != len(stripped) - 1:  # a quote holds one
        return [fold_needle(quote) for quote in stripped]
    # each character folds to one, and a run of spaces never spans a separator
    return _SPACES.sub(" ", _fold_chars(joined)).split(_SEPARATOR)


@lru_cache(maxsize=64)
def folded_text(text: str) -> FoldedText:
    """`FoldedText(text)`, kept for the last texts searched (a page searches one text for
    each of its quotes)."""
    return FoldedText(text)


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Every place `quote` occurs in `text` as (start, end) offsets, left to right without
    overlap: the same spans as `quote_pattern(quote).finditer(text)`, found by str.find in
    the text folded once (compiling a regex for each quote cost a page most of its time)."""
    return folded_text(text).find(quote)


def place(
    text: str, matches: list[tuple[int, int]], furniture: Sequence[marks.Mark]
) -> tuple[int, int] | None:
    """Which of a quote's `matches` in `text` (`FoldedText.find`) a page marks: the first
    outside page furniture, else the first at all; None when there are none."""
    if furniture:
        for low, high in matches:
            start, end = marks.extent(text, low, high)
            if not marks.covers(furniture, start, end):
                return low, high
    return matches[0] if matches else None


def locate(text: str, quote: str, furniture: Sequence[marks.Mark]) -> tuple[int, int] | None:
    """Where a page marks `quote` in `text`, as (start, end) offsets (`place`), or None."""
    if not quote.strip():
        return None
    return place(text, find_quote(text, quote), furniture)


# -- folding, over UTF-8 bytes ----------------------------------------------------------------

_ASCII_FROM = "".join(c for c in QUOTE_MARKS + WHITESPACE if c < "\x80" and c != "\n")
_ASCII_TO = "".join('"' if c in QUOTE_MARKS else " " for c in _ASCII_FROM)
# ASCII quote marks to ", ASCII whitespace other than the line feed to a space.
_ASCII_FOLD = bytes.maketrans(_ASCII_FROM.encode(), _ASCII_TO.encode())
# The other characters that fold, and what each becomes.
_WIDE_FOLD = {
    **{c: b'"' for c in QUOTE_MARKS if c >= "\x80"},
    **{c: b"-" for c in DASHES if c >= "\x80"},
    **{c: b" " for c in WHITESPACE if c >= "\x80"},
}
_WIDE_TAILS: list[tuple[bytes, dict[bytes, bytes]]] = []  # by lead byte: the rest, folded
for _char, _folded_char in _WIDE_FOLD.items():
    _code = _char.encode()
    _tails = next((t for lead, t in _WIDE_TAILS if lead == _code[:1]), None)
    if _tails is None:
        _tails = {}
        _WIDE_TAILS.append((_code[:1], _tails))
    _tails[_code[1:]] = _folded_char
assert all(len({len(tail) for tail in tails}) == 1 for _, tails in _WIDE_TAILS)
_LF_TO_SPACE = bytes.maketrans(b"\n", b" ")
_ALL_BREAKS = tuple(c.encode() for c in LINE_BREAKS)
_OTHER_BREAKS = _ALL_BREAKS[1:]  # but the line feed
_NEWLINES = re.compile(rb"\n+")
_PLUS_ONE = (1).__add__


def universal_newlines(raw: bytes) -> bytes:
    """\\r\\n and \\r made \\n, as reading a file in text mode does."""
    if b"\r" in raw:
        return raw.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    return raw


def count_lines(text: bytes) -> int:
    """`len(text.decode().splitlines())`, for UTF-8 `text` without \\r."""
    if not text:
        return 0
    breaks = text.count(b"\n")
    for other in _OTHER_BREAKS:  # each looked for with memchr first: they are rare
        if other[-1:] in text:
            breaks += text.count(other)
    ends = text.endswith(_ALL_BREAKS)
    return breaks + (0 if ends else 1)


def _fold_wide(data: bytes) -> bytes:
    """The non-ASCII quote marks, dashes and spaces of `data` (UTF-8) folded: split on each
    lead byte they share (a memchr), so the cost is per such character, not per byte."""
    for lead, tails in _WIDE_TAILS:
        if lead not in data:
            continue
        parts = data.split(lead)
        size = len(next(iter(tails)))
        out = [parts[0]]
        for part in parts[1:]:
            folded = tails.get(part[:size])
            out.append(lead + part if folded is None else folded + part[size:])
        data = b"".join(out)
    return data


def _fold_bytes(data: bytes) -> tuple[bytes, bytes | None]:
    """`data` (UTF-8) with quote marks made ", dashes -, and each whitespace run one space or,
    when the run holds line feeds, its line feeds; and the same with the line feeds made
    spaces when that needs no more folding (else None)."""
    folded = data.translate(_ASCII_FOLD)
    if not folded.isascii():
        folded = _fold_wide(folded)
    flat = folded.translate(_LF_TO_SPACE)
    if b"  " not in flat:
        return folded, flat
    while b"  " in folded:
        folded = folded.replace(b"  ", b" ")
    if b"\n" in folded:
        folded = folded.replace(b" \n", b"\n").replace(b"\n ", b"\n")
    return folded, None


def fold_quote(quote: str) -> bytes:
    """The quote stripped and folded, as UTF-8: what is searched for in a `Folded` text."""
    folded, flat = _fold_bytes(quote.strip().encode("utf-8", "surrogatepass"))
    if flat is not None:
        return flat
    folded = folded.replace(b"\n", b" ")
    while b"  " in folded:
        folded = folded.replace(b"  ", b" ")
    return folded


class Folded:
    """An archived text folded once: searched as bytes, with the line of every position."""

    __slots__ = ("_blank", "_ends", "_marks", "haystack")

    def __init__(self, text: bytes) -> None:
        """`text`: UTF-8 bytes; only \\n starts a line."""
        marks, flat = _fold_bytes(text)  # each whitespace run: a space, or its line feeds
        self._marks = marks
        self._blank = flat is None and b"\n\n" in marks  # a run holds several line feeds
        if flat is None:
            flat = marks
            if self._blank:
                flat = _NEWLINES.sub(b"\n", marks)
            flat = flat.translate(_LF_TO_SPACE)
        self.haystack = flat
        self._ends: list[int] | None = None

    def _line_ends(self) -> list[int]:
        """Where each line feed ends, in the haystack, once per line feed (so that a position's
        line is 1 + how many end at or before it)."""
        lengths = map(len, self._marks.split(b"\n"))
        if not self._blank:
            self._ends = list(accumulate(map(_PLUS_ONE, lengths)))
        else:  # the line feeds after the first of a run take no room in the haystack
            self._ends = list(accumulate(n + (n > 0 or i == 0) for i, n in enumerate(lengths)))
        return self._ends

    def line(self, position: int) -> int:
        """The 1-based line of the text that byte `position` of the haystack comes from."""
        return bisect_right(self._ends or self._line_ends(), position) + 1

    def span(self, start: int, size: int) -> tuple[int, int]:
        """The first and last line of the `size` bytes at `start` of the haystack."""
        ends = self._ends or self._line_ends()
        return bisect_right(ends, start) + 1, bisect_right(ends, start + size - 1) + 1

    def spans(self, needle: bytes) -> tuple[tuple[int, int], ...]:
        """Every place `needle` (a `fold_quote`) occurs, as (first line, last line), left to
        right without overlap."""
        if not needle:
            return ()
        spans = []
        size = len(needle)
        start = self.haystack.find(needle)
        while start != -1:
            spans.append(self.span(start, size))
            start = self.haystack.find(needle, start + size)
        return tuple(spans)


@lru_cache(maxsize=64)
def _folded(text: str) -> Folded:
    return Folded(text.encode("utf-8", "surrogatepass"))


def find_spans(text: str, quote: str) -> tuple[tuple[int, int], ...]:
    """Every place `quote` occurs in `text`, as (first line, last line), 1-based.

    The text is folded once and searched with bytes.find: linear, no regex per quote."""
    return _folded(text).spans(fold_quote(quote))
