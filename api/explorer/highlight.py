"""Quotes marked inside the archived text: a passage around one quote, or the whole article."""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from markupsafe import Markup, escape

from statement_ledger.catalogue import furniture as marks
from statement_ledger.catalogue.furniture import Mark
from statement_ledger.catalogue.text import locate

CONTEXT = 280  # characters of text shown either side of a quote in a passage


def furniture_ranges(items: list[str] | None) -> list[Mark]:
    """The furniture_lines items (ranges of whole lines, spans within lines) well formed."""
    return list(_ranges(items if isinstance(items, str) else tuple(items or ())))


@lru_cache(maxsize=4096)  # a contradiction page reads the same article's for each of its sides
def _ranges(items: str | tuple[str, ...]) -> tuple[Mark, ...]:
    return marks.marks(items)


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _paragraph(text: str, start: int, end: int) -> tuple[int, int]:
    """The line(s) holding text[start:end], as offsets."""
    para_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if para_end == -1 else para_end


def _neighbour(text: str, edge: int, step: int, furniture: list[Mark]) -> int:
    """The far edge of the nearest non-empty article line before (-1) or after (1) `edge`."""
    lines = text.split("\n")
    number = _line_of(text, edge) + step  # 1-based
    while 1 <= number <= len(lines):
        line = lines[number - 1]
        if line.strip() and not marks.line_is_furniture(furniture, number, len(line)):
            line_start = sum(len(line) + 1 for line in lines[: number - 1])
            return line_start if step < 0 else line_start + len(lines[number - 1])
        number += step
    return edge


# Where a quote is placed in its text: (start, end) offsets, or None when it is not found.
Placed = tuple[int, int] | None


def passage(text: str, quote: str, furniture: list[Mark]) -> Markup | None:
    """The quote marked inside its paragraph, cut to about CONTEXT characters either side."""
    return passage_at(text, locate(text, quote, furniture), furniture)


_CUT_WORD_BEFORE = re.compile(r"^\S*\s")  # the word a passage's lead cuts, with its space
_CUT_WORD_AFTER = re.compile(r"\s\S*$")


def passage_at(text: str, found: Placed, furniture: list[Mark]) -> Markup | None:
    """The quote at `found` (as `locate` places it) marked inside its paragraph."""
    if found is None:
        return None
    start, end = found
    para_start, para_end = _paragraph(text, start, end)
    if not text[para_start:start].strip() and not text[end:para_end].strip():
        # the quote is its whole paragraph: show the article lines around it as well
        para_start = _neighbour(text, para_start, -1, furniture)
        para_end = _neighbour(text, para_end, 1, furniture)
    before = text[max(para_start, start - CONTEXT) : start]
    after = text[end : min(para_end, end + CONTEXT)]
    lead = "…" if start - CONTEXT > para_start else ""
    tail = "…" if end + CONTEXT < para_end else ""
    if lead:
        before = _CUT_WORD_BEFORE.sub("", before)
    if tail:
        after = _CUT_WORD_AFTER.sub("", after)
    # the parts escaped as Markup.format escapes them, without its formatter (4 times the cost)
    e = escape
    return Markup(f"{lead}{e(before)}<mark>{e(text[start:end])}</mark>{e(after)}{tail}")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    statement_id: str


@dataclass(frozen=True)
class Line:
    """One line of an archived text, marked up (furniture within it set apart), and whether it
    is page furniture as a whole."""

    number: int
    html: Markup
    furniture: bool


def _segment(
    text: str,
    start: int,
    end: int,
    spans: list[Span],
    anchored: set[str],
    furniture: Sequence[tuple[int, int]] = (),
) -> Markup:
    """text[start:end] with every part covered by a span linked to (the first) statement, and
    the `furniture` parts (offsets in `text`) set apart. Written as a plain str with the
    standard library's escape (Markup.format and += cost an article page a third of its time)."""
    covering_any = [s for s in spans if s.start < end and s.end > start]
    if not covering_any and not furniture:
        return Markup(html.escape(text[start:end]))
    cuts = {start, end}
    for span in covering_any:
        cuts.update({max(span.start, start), min(span.end, end)})
    for low, high in furniture:
        cuts.update({max(low, start), min(high, end)})
    out = []
    points = sorted(cuts)
    for low, high in itertools.pairwise(points):
        covering = [s for s in covering_any if s.start <= low and s.end >= high]
        piece = _marked(text[low:high], covering, anchored)
        if any(f_low <= low and high <= f_high for f_low, f_high in furniture):
            piece = f'<span class="furniture-part">{piece}</span>'
        out.append(piece)
    return Markup("".join(out))


def _marked(piece: str, covering: list[Span], anchored: set[str]) -> str:
    """`piece` (escaped), linked to the first statement whose quote covers it (if any)."""
    if not covering:
        return html.escape(piece)
    first = covering[0].statement_id
    anchor = ""
    if first not in anchored:
        anchored.add(first)
        anchor = f' id="q-{html.escape(first)}"'
    overlap = " overlap" if len(covering) > 1 else ""
    return (
        f'<a class="quote{overlap}" href="/statements/{html.escape(first)}"{anchor}>'
        f"<mark>{html.escape(piece)}</mark></a>"
    )


def article_lines(
    text: str,
    quotes: dict[str, str],
    furniture: list[Mark],
    placed: dict[str, Placed] | None = None,
) -> tuple[list[Line], set[str]]:
    """Every line of `text`, each curated quote marked and linked, furniture set apart (a
    whole line, or the part of a line a span covers); and the ids not found. `placed`: where
    the build placed the quotes, by statement id (those it lacks are located here)."""
    spans: list[Span] = []
    missing: set[str] = set()
    placed = placed or {}
    for statement_id, quote in sorted(quotes.items()):
        known = statement_id in placed
        found = placed[statement_id] if known else locate(text, quote, furniture)
        if found is None:
            missing.add(statement_id)
        else:
            spans.append(Span(found[0], found[1], statement_id))
    spans.sort(key=lambda s: (s.start, -s.end))
    lines: list[Line] = []
    anchored: set[str] = set()
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        end = offset + len(line)
        whole = marks.line_is_furniture(furniture, number, len(line))
        parts = [] if whole else marks.on_line(furniture, number, len(line))
        inside = [(offset + low, offset + high) for low, high in parts]
        html = _segment(text, offset, end, spans, anchored, inside)
        lines.append(Line(number, html, whole))
        offset = end + 1
    if text.endswith("\n"):
        lines.pop()  # the empty "line" after the final newline
    return lines, missing


FURNITURE_LABEL = '<span class="furniture-label">furniture</span> '


def lines_html(lines: list[Line]) -> Markup:
    """The lines as the article page shows them, numbered, furniture labelled."""
    out = []
    for line in lines:
        css, label = (" furniture", FURNITURE_LABEL) if line.furniture else ("", "")
        out.append(
            f'<p class="line{css}" id="L{line.number}">'
            f'<span class="ln" aria-hidden="true">{line.number}</span>{label}{line.html}</p>\n'
        )
    return Markup("".join(out))
