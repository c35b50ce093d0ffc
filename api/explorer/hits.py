"""Search hits as the page shows them: the matching words marked, and what tells a reader which
row each hit is (a statement's speaker, date and outlet; an actor's kind and affiliation; an
article's outlet and date; an event's kind, date and place; a contradiction's kind and
resolution). Every value is escaped; only the markers of FTS5's highlight() become <mark>."""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from statement_ledger.api.db import Database
from statement_ledger.api.explorer.formats import escaped, when, words
from statement_ledger.api.explorer.store import Directory, contested, marker_names
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
# What identifies a hit: columns of its row, and names of the rows it points at. The names are
# looked up in store.directory (in memory, once per database) by the id the hit's query reads
# (a name -> that id column): a subquery per name cost a page of statement hits 30 µs of SQL.
NAME_OF = {
    "speaker": "speaker_id",
    "outlet": "article_id",  # the outlet of the statement's article
    "affiliation": "affiliation_id",
    "publisher": "outlet_id",
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


def marked(value: str | None, is_list: bool = False) -> str:
    """FTS5 highlight() output, escaped, with its markers turned into <mark>: HTML, as a str
    (a Markup of each cost a search page about 40 constructors)."""
    value = value or ""
    if is_list:  # stored as a JSON array
        value = value.removeprefix('["').removesuffix('"]').replace('","', ", ")
    return escaped(value).replace(OPEN, "<mark>").replace(CLOSE, "</mark>")


@dataclass(slots=True)
class Hit:
    """One hit; `title`, the `details` values and `meta` are HTML (escaped, with <mark>)."""

    table: str
    id: str
    title: str
    details: list[tuple[str, str]]
    row: dict[str, Any] = field(default_factory=dict)  # the IDENTITY columns
    meta: str = ""  # what identifies it, set by `identify`


def identity_columns(table: str, alias: str) -> str:
    """What a SELECT whose row of `table` is `alias` reads for its IDENTITY (`identity`): the
    columns, and the id columns the names are looked up by."""
    return ", ".join(f'{alias}."{NAME_OF.get(c, c)}"' for c in IDENTITY[table])


def identity(names: Directory, table: str, row: Mapping[str, Any] | sqlite3.Row) -> dict[str, Any]:
    """The IDENTITY of a hit of `table`, from its row as `identity_columns` reads it."""
    if table == "statements":  # most hits: its columns named here, not looked up in a loop
        outlet = names.outlet_of.get(row["article_id"])
        return {
            "said_on": row["said_on"],
            "said_on_precision": row["said_on_precision"],
            "said_on_basis": row["said_on_basis"],
            "attribution": row["attribution"],
            "speaker": names.actors.get(row["speaker_id"] or ""),
            "outlet": names.outlets.get(outlet or ""),
        }
    out = {}
    for column in IDENTITY[table]:  # speaker and outlet are a statement's alone
        if column == "affiliation":
            out[column] = names.actors.get(row["affiliation_id"] or "")
        elif column == "publisher":
            out[column] = names.outlets.get(row["outlet_id"] or "")
        else:
            out[column] = row[column]
    return out


def tag(value: str | None, kind: str = "") -> str:
    css = escaped(f"tag {kind}".strip())
    return f'<span class="{css}">{escaped(words(value))}</span>' if value else ""


def identify(db: Database, table: str, hits: list[Hit]) -> Markup:
    """Set the `meta` line of each hit of `table`; returns the note that goes above the hits
    (what an unmarked date means)."""
    if table == "statements" and hits:
        return _statements(db, hits)
    for hit in hits:
        hit.meta = " · ".join(p for p in _parts(table, hit.row) if p)
    return Markup("")


def _parts(table: str, row: dict[str, Any]) -> list[str]:
    """The pieces of a hit's meta line, as escaped HTML."""
    if table == "contradictions":
        return [tag(row["kind"]), tag(row["resolution"], f"res-{row['resolution']}")]
    if table == "actors":
        of = f"of {escaped(row['affiliation'])}" if row["affiliation"] else ""
        return [escaped(words(row["kind"])), of, escaped(row["country"] or "")]
    if table == "outlets":
        kind, ownership = words(row["kind"]), words(row["ownership"])
        return [escaped(kind), escaped(ownership), escaped(row["country"] or "")]
    if table == "articles":
        publisher = f"in {escaped(row['publisher'])}" if row["publisher"] else ""
        return [publisher, when(row, "published_on")]
    if table == "events":
        place = row["location"]
        return [escaped(words(row["kind"])), when(row, "start_date"), escaped(place or "")]
    return []


def _statements(db: Database, hits: list[Hit]) -> Markup:
    """Speaker, date and outlet of each statement hit, with its markers (anonymous sources,
    second hand, denied, disputed), as the list pages show them."""
    known, empty = contested(db), frozenset[str]()
    usual = usual_basis([h.row for h in hits])
    for hit in hits:
        row = hit.row
        speaker, outlet = row["speaker"], row["outlet"]
        # f-strings, not +: adding a str to the Markup date_of returns would escape the str
        said = f"{escaped(speaker)}, {date_of(row, usual)}" if speaker else f"{date_of(row, usual)}"
        where = f", in {escaped(outlet)}" if outlet else ""
        marks = flags(marker_names(known.get(hit.id, empty), row["attribution"]))
        hit.meta = f"{said}{where}{marks}"
    return INFERRED_NOTE if usual else Markup("")


# The label of each column a hit shows besides its title, as HTML.
FIELDS = {c: html.escape(words(c)) for _, others in SHOWN.values() for c in others}


def hit_items(table: str, hits: list[Hit]) -> Markup:
    """The hits of a table as the items of the results list: the title linked to the row's
    page, the meta line, the other matching columns (built here: the template's loops cost a
    search page more than its queries)."""
    out = []
    for hit in hits:
        meta = f'<p class="meta">{hit.meta}</p>' if hit.meta else ""
        details = "".join(
            f'<p class="detail"><span class="field">{FIELDS[name]}:</span> {value}</p>'
            for name, value in hit.details
        )
        out.append(
            f'<li><a href="/{table}/{html.escape(hit.id)}">{hit.title}</a>\n{meta}\n'
            f"{details}</li>\n"
        )
    return Markup("".join(out))
