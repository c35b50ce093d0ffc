"""Search hits as the page shows them: the matching words marked, and what tells a reader which
row each hit is (a statement's speaker, date and outlet; an actor's kind and affiliation; an
article's outlet and date; an event's kind, date and place; a contradiction's kind and
resolution). Every value is escaped; only the markers of FTS5's highlight() become <mark>."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from statement_ledger.api.db import Database
from statement_ledger.api.explorer.formats import when, words
from statement_ledger.api.explorer.store import markers
from statement_ledger.api.explorer.view_models import INFERRED_NOTE, date_of, flags, usual_basis

OPEN, CLOSE = "\x02", "\x03"  # never in the text; become <mark> after escaping
# What a hit shows: table -> (title column, other columns shown), all searched columns.
SHOWN = {
    "statements": ("claim", ["quote", "speaker_as_reported"]),
    "contradictions": ("summary", ["resolution_note"]),
    "actors": ("name", ["aliases", "misspellings"]),
    "outlets": ("name", []),
    "articles": ("title", []),
    "events": ("name", ["description"]),
}
# What identifies a hit, read with its id in the query that finds it: columns of the row, and
# names of the rows it points at (a subquery by primary key each, rather than a lookup per
# table after the hits are found: fewer queries on a page that runs a dozen already).
NAME_OF = {
    "speaker": "(SELECT name FROM actors WHERE actor_id = {t}.speaker_id)",
    "outlet": "(SELECT o.name FROM articles a JOIN outlets o ON o.outlet_id = a.outlet_id "
    "WHERE a.article_id = {t}.article_id)",
    "affiliation": "(SELECT name FROM actors WHERE actor_id = {t}.affiliation_id)",
    "publisher": "(SELECT name FROM outlets WHERE outlet_id = {t}.outlet_id)",
}
IDENTITY = {
    "statements": [
        "said_on", "said_on_precision", "said_on_basis", "attribution", "speaker", "outlet",
    ],
    "contradictions": ["kind", "resolution"],
    "actors": ["kind", "country", "affiliation"],
    "outlets": ["kind", "ownership", "country"],
    "articles": ["published_on", "published_on_precision", "published_on_basis", "publisher"],
    "events": ["kind", "start_date", "start_date_precision", "start_date_basis", "location"],
}  # fmt: skip


def marked(value: str | None, is_list: bool = False) -> Markup:
    """FTS5 highlight() output, escaped, with its markers turned into <mark>."""
    value = value or ""
    if is_list:  # stored as a JSON array
        value = value.removeprefix('["').removesuffix('"]').replace('","', ", ")
    text = str(escape(value)).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")
    return Markup(text)


@dataclass
class Hit:
    table: str
    id: str
    title: Markup
    details: list[tuple[str, Markup]]
    row: dict[str, Any] = field(default_factory=dict)  # the IDENTITY columns
    meta: Markup = field(default_factory=Markup)  # what identifies it, set by `identify`


def identity_columns(table: str, alias: str) -> str:
    """The IDENTITY of `table` for a SELECT whose row of `table` is `alias`."""
    return ", ".join(
        f'{NAME_OF[c].format(t=alias)} AS "{c}"' if c in NAME_OF else f'{alias}."{c}"'
        for c in IDENTITY[table]
    )


def tag(value: str | None, kind: str = "") -> str:
    css = escape(f"tag {kind}".strip())
    return f'<span class="{css}">{escape(words(value))}</span>' if value else ""


def identify(db: Database, table: str, hits: list[Hit]) -> Markup:
    """Set the `meta` line of each hit of `table`; returns the note that goes above the hits
    (what an unmarked date means)."""
    if table == "statements" and hits:
        return _statements(db, hits)
    for hit in hits:
        hit.meta = Markup(" · ".join(p for p in _parts(table, hit.row) if p))
    return Markup("")


def _parts(table: str, row: dict[str, Any]) -> list[str]:
    """The pieces of a hit's meta line, as escaped HTML."""
    if table == "contradictions":
        return [tag(row["kind"]), tag(row["resolution"], f"res-{row['resolution']}")]
    if table == "actors":
        of = f"of {escape(row['affiliation'])}" if row["affiliation"] else ""
        return [escape(words(row["kind"])), of, escape(row["country"] or "")]
    if table == "outlets":
        kind, ownership = words(row["kind"]), words(row["ownership"])
        return [escape(kind), escape(ownership), escape(row["country"] or "")]
    if table == "articles":
        publisher = f"in {escape(row['publisher'])}" if row["publisher"] else ""
        return [publisher, when(row, "published_on")]
    if table == "events":
        place = row["location"]
        return [escape(words(row["kind"])), when(row, "start_date"), escape(place or "")]
    return []


def _statements(db: Database, hits: list[Hit]) -> Markup:
    """Speaker, date and outlet of each statement hit, with its markers (anonymous sources,
    second hand, denied, disputed), as the list pages show them."""
    rows = [{**h.row, "statement_id": h.id} for h in hits]
    found = markers(db, rows)
    usual = usual_basis(rows)
    for hit, row in zip(hits, rows, strict=True):
        parts: list[str] = [escape(row["speaker"] or ""), date_of(row, usual)]
        parts.append(f"in {escape(row['outlet'])}" if row["outlet"] else "")
        hit.meta = Markup(", ".join(p for p in parts if p) + flags(found.get(hit.id, [])))
    return INFERRED_NOTE if usual else Markup("")


def hit_items(table: str, hits: list[Hit]) -> Markup:
    """The hits of a table as the items of the results list: the title linked to the row's
    page, the meta line, the other matching columns (built here: the template's loops cost a
    search page more than its queries)."""
    out = []
    for hit in hits:
        meta = f'<p class="meta">{hit.meta}</p>' if hit.meta else ""
        details = "".join(
            f'<p class="detail"><span class="field">{html.escape(words(name))}:</span> {value}</p>'
            for name, value in hit.details
        )
        out.append(
            f'<li><a href="/{table}/{html.escape(hit.id)}">{hit.title}</a>\n{meta}\n'
            f"{details}</li>\n"
        )
    return Markup("".join(out))
