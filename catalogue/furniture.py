"""Page furniture: the `furniture_lines` cell of articles, read the same way by every layer.

Items are separated by |. `FIRST-LAST` is a range of whole lines (`3-4`, `22-22`);
`LINE:COLUMN-LINE:COLUMN` is a span within lines (`1:1-1:23`), from the first column to the
last, both included. Lines and columns count from 1; a line ends at a line feed (after \\r\\n
and \\r are made \\n, as everywhere a seed is read), and a column is a character of the line,
as `statement-ledger quote` prints it. Items come in the order of the text and do not overlap.
Words overlapping any item are in furniture.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

Position = tuple[int, int]  # (line, column), 1-based
END = 1 << 62  # the column a range of whole lines ends at: after the end of any line
# One item, as the Table Schema's description and the row rule read it (numbers checked apart).
ITEM = r"[0-9]+-[0-9]+|[0-9]+:[0-9]+-[0-9]+:[0-9]+"
_LINES = re.compile(r"([0-9]+)-([0-9]+)")
_SPAN = re.compile(r"([0-9]+):([0-9]+)-([0-9]+):([0-9]+)")


class Mark(NamedTuple):
    """One item of the cell: from `start` to `end`, both included; `whole` for FIRST-LAST.
    A named tuple: the validator reads one per item of every article, and it is built about
    four times faster than a frozen dataclass."""

    start: Position
    end: Position
    whole: bool

    def __str__(self) -> str:
        if self.whole:
            return f"{self.start[0]}-{self.end[0]}"
        return f"{self.start[0]}:{self.start[1]}-{self.end[0]}:{self.end[1]}"

    @property
    def valid(self) -> bool:
        """Numbers from 1, and the start not after the end."""
        return min(*self.start, *self.end) >= 1 and self.start <= self.end

    def touches(self, start: Position, end: Position) -> bool:
        """Whether any character from `start` to `end` (both included) lies in this item."""
        return self.start <= end and start <= self.end

    def touches_lines(self, first: int, last: int) -> bool:
        """Whether this item lies at least partly on lines `first` to `last`."""
        return self.start[0] <= last and first <= self.end[0]


def parse_item(item: str) -> Mark | None:
    """The item as written, or None when it is neither FIRST-LAST nor LINE:COLUMN-LINE:COLUMN
    (its numbers are not checked: see `Mark.valid`)."""
    match = _LINES.fullmatch(item)
    if match:
        return Mark((int(match[1]), 1), (int(match[2]), END), whole=True)
    match = _SPAN.fullmatch(item)
    if match:
        line, column, last, end = map(int, match.groups())
        return Mark((line, column), (last, end), whole=False)
    return None


def marks(cell: str | Sequence[str] | None) -> tuple[Mark, ...]:
    """The well-formed, valid items of a cell (a |-separated string, or its items)."""
    items = cell.split("|") if isinstance(cell, str) else cell or ()
    out = []
    for item in items:
        first, dash, last = item.partition("-")
        if dash and first.isdecimal() and last.isdecimal() and item.isascii():  # the usual item
            mark: Mark | None = Mark((int(first), 1), (int(last), END), True)
        else:
            mark = parse_item(item)
        if mark is not None and mark.valid:
            out.append(mark)
    return tuple(out)


def cell(ranges: Sequence[Mark]) -> str:
    """The cell that holds `ranges`."""
    return "|".join(map(str, ranges))


def whole_lines(first: int, last: int) -> Mark:
    """The item FIRST-LAST."""
    return Mark((first, 1), (last, END), whole=True)


def span(start: Position, end: Position) -> Mark:
    """The item LINE:COLUMN-LINE:COLUMN."""
    return Mark(start, end, whole=False)


def covers(ranges: Sequence[Mark], start: Position, end: Position) -> bool:
    """Whether the characters from `start` to `end` (both included) touch any item."""
    return any(mark.touches(start, end) for mark in ranges)


def position(text: str, offset: int) -> Position:
    """The line and column of character `offset` of `text` (lines end at \\n)."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def extent(text: str, start: int, end: int) -> tuple[Position, Position]:
    """The first and last character of text[start:end] (not empty) as positions."""
    return position(text, start), position(text, end - 1)


def on_line(ranges: Sequence[Mark], number: int, length: int) -> list[tuple[int, int]]:
    """The parts of line `number` (of `length` characters) that are furniture, as merged
    0-based [start, end) column intervals."""
    pieces = []
    for mark in ranges:
        if mark.touches_lines(number, number):
            low = mark.start[1] - 1 if mark.start[0] == number else 0
            high = min(mark.end[1], length) if mark.end[0] == number else length
            if low < high:
                pieces.append((low, high))
    parts: list[tuple[int, int]] = []
    for low, high in sorted(pieces):
        if parts and low <= parts[-1][1]:
            parts[-1] = (parts[-1][0], max(high, parts[-1][1]))
        else:
            parts.append((low, high))
    return parts


def line_is_furniture(ranges: Sequence[Mark], number: int, length: int) -> bool:
    """Whether the whole of line `number` (of `length` characters) is furniture: a range of
    whole lines holds it, or spans cover every character of it."""
    if any(mark.whole and mark.touches_lines(number, number) for mark in ranges):
        return True
    return length > 0 and on_line(ranges, number, length) == [(0, length)]


def disorder(ranges: Sequence[Mark]) -> Iterator[tuple[Mark, Mark]]:
    """Each item that does not start after the one before it ends, with that one."""
    for before, mark in itertools.pairwise(ranges):
        if mark.start <= before.end:
            yield mark, before
