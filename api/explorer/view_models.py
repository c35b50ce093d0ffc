"""A statement as a page shows it: its row with everything it points at, and its passage."""

from __future__ import annotations

import html
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Any

from markupsafe import Markup

from statement_ledger.api.db import Database
from statement_ledger.api.explorer.formats import date_text, escaped, when, when_html, words
from statement_ledger.api.explorer.highlight import furniture_ranges, passage, passage_at
from statement_ledger.api.explorer.jsonld import rating
from statement_ledger.api.explorer.store import (
    MARKERS,
    Related,
    Row,
    Side,
    contested,
    directory,
    marker_names,
)


@dataclass
class Link:
    """One link of an attribution chain: who or what, where it goes, and its part in it."""

    label: str
    href: str
    role: str


@dataclass
class StatementView:
    row: Row
    speaker: Row | None
    article: Row | None
    outlet: Row | None
    occasion: Row | None
    about: Row | None
    when: str
    chain: list[Link]
    passage: Markup | None

    @property
    def id(self) -> str:
        return str(self.row["statement_id"])


def chain(statement: Row, related: Related) -> list[Link]:
    """speaker ← source actor ← via outlet ← the article's outlet (← where its text came from)."""
    out = []
    speaker = related.actors.get(statement["speaker_id"])
    if speaker:
        out.append(Link(speaker["name"], f"/actors/{speaker['actor_id']}", "speaker"))
    source = related.actors.get(statement["source_actor_id"] or "")
    if source:
        out.append(Link(source["name"], f"/actors/{source['actor_id']}", "source"))
    via = related.outlets.get(statement["via_outlet_id"] or "")
    if via:
        out.append(Link(via["name"], f"/outlets/{via['outlet_id']}", "cited outlet"))
    article = related.articles.get(statement["article_id"])
    if article:
        outlet = related.outlets.get(article["outlet_id"])
        if outlet:
            out.append(Link(outlet["name"], f"/outlets/{outlet['outlet_id']}", "published by"))
        origin = related.outlets.get(article["text_origin_outlet_id"] or "")
        if origin and origin is not via:
            out.append(Link(origin["name"], f"/outlets/{origin['outlet_id']}", "text taken from"))
    return out


def view(statement: Row, related: Related) -> StatementView:
    article = related.articles.get(statement["article_id"])
    text = related.text_of(statement["article_id"])
    shown = None
    if text is not None and article is not None:
        furniture = furniture_ranges(article["furniture_lines"])
        statement_id = statement["statement_id"]
        if statement_id in related.placed:  # where the build placed it
            shown = passage_at(text, related.placed[statement_id], furniture)
        else:
            shown = passage(text, statement["quote"], furniture)
    return StatementView(
        row=statement,
        speaker=related.actors.get(statement["speaker_id"]),
        article=article,
        outlet=related.outlets.get(article["outlet_id"]) if article else None,
        occasion=related.events.get(statement["occasion_event_id"] or ""),
        about=related.events.get(statement["about_event_id"] or ""),
        when=date_text(statement["said_on"], statement["said_on_precision"]),
        chain=chain(statement, related),
        passage=shown,
    )


class Items(list[str]):
    """List items, each as escaped HTML, with the note that goes above the list (what an
    unmarked date means)."""

    note: Markup = Markup("")

    @property
    def html(self) -> Markup:
        """The items one after another (what a template writes: a loop over them in Jinja cost
        a list of 100 more than writing them did, and a Markup object an item 0.5 µs)."""
        return Markup("".join(self))


INFERRED_NOTE = Markup(
    '<p class="meta basis-note">Most dates here are worked out from the article rather than '
    "printed in it (inferred); a date printed in the source is marked "
    '<span class="tag">stated</span>. A statement\'s page gives the reasoning.</p>'
)


def usual_basis(statements: Sequence[Any]) -> str | None:
    """The basis most of the listed dates have, when most are inferred: then the date of
    each item is left unmarked and the few stated ones are marked instead."""
    inferred = sum(1 for row in statements if row["said_on_basis"] == "inferred")
    return "inferred" if inferred * 2 > len(statements) else None


def date_of(row: Row, usual: str | None) -> Markup:
    """A listed statement's date, its basis marked only where it differs from the usual."""
    return _date_html(row["said_on"], row["said_on_precision"], row["said_on_basis"], usual)


@lru_cache(maxsize=8192)  # a page lists many statements of the same few dates
def _date_html(value: str | None, precision: str, basis: str | None, usual: str | None) -> Markup:
    if usual is None:
        return when_html(value, precision, basis)
    shown = when_html(value, precision)
    if basis == "stated":
        return shown + Markup(' <span class="tag">stated</span>')
    return shown


def flags(found: list[str]) -> str:
    return "".join(f' <span class="flag flag-{m}">{MARKERS[m]}</span>' for m in found)


@lru_cache(maxsize=256)
def _flags_of(found: frozenset[str], attribution: str | None) -> str:
    return flags(marker_names(found, attribution))


# The columns of a statement a list item reads, in the order statement_items unpacks them.
ITEM_COLUMNS = (
    "statement_id", "claim", "said_on", "said_on_precision", "said_on_basis", "record_status",
    "speaker_id", "article_id", "attribution",
)  # fmt: skip


def _item_columns(first: Any) -> itemgetter[Any]:
    """What reads ITEM_COLUMNS from each row of a list like `first`: by position from the rows
    SQLite returns (by name, a sqlite3.Row compares the name with each column's in turn: a
    third of the cost of an item), by key from dicts."""
    if isinstance(first, sqlite3.Row):
        keys = first.keys()
        return itemgetter(*(keys.index(column) for column in ITEM_COLUMNS))
    return itemgetter(*ITEM_COLUMNS)


def statement_items(db: Database, statements: Sequence[Any]) -> Items:
    """Statements (dicts, or rows as SQLite returns them) as the items of a list (list, actor,
    outlet, event and article pages): claim, markers (anonymous, second hand, denied,
    disputed), speaker, date and outlet. Built here rather than by a Jinja macro, in one pass
    over the rows (names from store.directory, markers from store.contested): a page lists up
    to 200, and the macro calls cost more than the rest of the page."""
    out = Items()
    rows = list(map(_item_columns(statements[0]), statements)) if statements else []
    # usual_basis, from the columns read
    usual = "inferred" if sum(1 for r in rows if r[4] == "inferred") * 2 > len(rows) else None
    out.note = INFERRED_NOTE if usual else Markup("")
    e = html.escape  # a plain str each (markupsafe's makes a Markup object a call)
    names = directory(db)
    speakers, outlets, outlet_of = names.actors, names.outlets, names.outlet_of
    known = contested(db)
    empty: frozenset[str] = frozenset()
    name = _escaped_name
    append = out.append
    for sid, claim, said_on, precision, basis, status, speaker_id, article_id, attribution in rows:
        speaker = speakers.get(speaker_id)
        outlet = outlets.get(outlet_of.get(article_id, ""))
        append(
            f'<li class="statement-item{" is-retired" if status == "retired" else ""}">\n'
            f'  <a href="/statements/{e(sid)}">{e(claim)}</a>'
            f"{_flags_of(known.get(sid, empty), attribution)}\n"
            f'  <span class="meta">{"" if speaker is None else f"{name(speaker)}, "}'
            f"{_date_html(said_on, precision, basis, usual)}"
            f"{'' if outlet is None else f', in {name(outlet)}'}</span>\n"
            "</li>"
        )
    return out


# Speakers' and outlets' names escaped once: a list names the same few many times.
_escaped_name = lru_cache(maxsize=8192)(html.escape)


def retired_note(row: Row) -> str:
    """A retired row's note, as the _macros.html `retired` macro writes it (escaped as Jinja
    escapes); the statement, contradiction, actor, event, outlet and article pages use it."""
    if row.get("record_status") != "retired":
        return ""
    replaced = row.get("replaced_by")
    return (
        '\n<div class="retired" role="note"><strong>Retired.</strong> '
        f"{escaped(row.get('retired_reason') or '')}\n"
        f"{f' Replaced by <code>{escaped(replaced)}</code>.' if replaced else ''}</div>\n"
    )


def statement_full(s: StatementView, level: int = 3) -> Markup:
    """A statement in full (its page, a contradiction's sides): claim, speaker, date, channel,
    act, attribution chain, the passage of the archived text with the quote marked. Written
    here rather than as a Jinja macro, which cost a contradiction page a fifth of its time;
    the links and enum values, which pages share, escaped once (`_link`, `_chain_item`,
    `_word`: 0.020 -> 0.017 ms a statement at 100k)."""
    e = html.escape
    row = s.row
    sid = e(s.id)
    speaker = _link("actors", s.speaker["actor_id"], s.speaker["name"]) if s.speaker else ""
    reported = (
        f' <span class="as-reported">(the article says “{e(row["speaker_as_reported"])}”)</span>'
        if row.get("speaker_as_reported")
        else ""
    )
    role = f"<dt>Role</dt><dd>{e(row['speaker_role'])}</dd>" if row.get("speaker_role") else ""
    note = f"<br><small>{e(row['said_on_note'])}</small>" if row.get("said_on_note") else ""
    occasion = (
        f", at {_link('events', s.occasion['event_id'], s.occasion['name'])}" if s.occasion else ""
    )
    about = (
        f"<dt>About</dt><dd>{_link('events', s.about['event_id'], s.about['name'])}</dd>"
        if s.about
        else ""
    )
    links = "".join(_chain_item(link.role, link.href, link.label) for link in s.chain)
    passage = s.passage if s.passage else Markup(f"<mark>{e(row['quote'])}</mark>")
    title = e(s.article["title"]) if s.article else e(row["article_id"])
    outlet = f", {_escaped_name(s.outlet['name'])}" if s.outlet else ""
    notes = (
        f'<p class="notes"><strong>Curator\'s note:</strong> {e(row["notes"])}</p>'
        if row.get("notes")
        else ""
    )
    is_retired = " is-retired" if row.get("record_status") == "retired" else ""
    claim = e(str(row["claim"]))
    return Markup(
        f'<article class="statement{is_retired}" aria-labelledby="h-{sid}">\n'
        f'  <h{level} id="h-{sid}"><a href="/statements/{sid}">{claim}</a></h{level}>\n'
        f"  {retired_note(row)}\n"
        '  <dl class="facts">\n'
        f"    <dt>Speaker</dt><dd>{speaker}\n      {reported}</dd>\n"
        f"    {role}\n"
        f"    <dt>Said</dt><dd>{when(row, 'said_on')}{note}</dd>\n"
        f"    <dt>Channel</dt><dd>{_word(row.get('channel'))}{occasion}</dd>\n"
        f"    {about}\n"
        f"    <dt>Act</dt><dd>{_word(row.get('act'))} · {_word(str(row.get('quote_kind')), False)}"
        f" quote · {_word(row.get('attribution'))}</dd>\n"
        '    <dt>Attribution</dt><dd><ol class="chain" aria-label="Attribution chain">\n'
        f"{links}\n</ol></dd>\n"
        "  </dl>\n"
        '  <figure class="passage">\n'
        f"    <blockquote>{passage}</blockquote>\n"
        f'    <figcaption>In <a href="/articles/{e(row["article_id"])}#q-{sid}">{title}</a>'
        f"{outlet}</figcaption>\n"
        "  </figure>\n"
        f"  {notes}\n"
        "</article>"
    )


@lru_cache(maxsize=8192)  # the same speakers and events on many pages
def _link(path: str, key: str, name: str) -> str:
    return f'<a href="/{path}/{html.escape(key)}">{html.escape(name)}</a>'


@lru_cache(maxsize=8192)
def _chain_item(role: str, href: str, label: str) -> str:
    e = html.escape
    return f'<li><span class="role">{e(role)}</span> <a href="{e(href)}">{e(label)}</a></li>'


@lru_cache(maxsize=256)  # enum values: a few each
def _word(value: str | None, in_words: bool = True) -> str:
    return html.escape(words(value) if in_words else str(value))


def contradiction_html(
    contradiction: Row,
    references: Sequence[Row],
    columns: Sequence[tuple[str, Sequence[tuple[Side, StatementView]]]],
    records: Sequence[tuple[Row, Sequence[Row]]],
    article_sides: Sequence[Row],
) -> Markup:
    """A contradiction's page below the site's header: what it is, what the outside record says
    (with the references it cites), and its sides (`sides_html`). Written here rather than by
    the template (its expressions, the `retired` and `references_list` macros): the render
    went from 0.155 to 0.112 ms a page at 100k."""
    e, c = escaped, contradiction
    resolution = words(c["resolution"])
    supported = (
        f"<p>The record supports side <strong>{e(str(c['supported_side']).upper())}</strong>.</p>"
        if c["supported_side"]
        else ""
    )
    cites = f"<p>References:</p>{references_html(references)}" if references else ""
    return Markup(
        f'<p class="kicker">Contradiction <code>{e(c["contradiction_id"])}</code> · '
        f'<span class="tag">{e(words(c["kind"]))}</span> '
        f'<span class="tag res-{e(c["resolution"])}">{e(resolution)}</span></p>\n'
        f"<h1>{e(c['summary'])}</h1>\n{retired_note(c)}\n"
        '<section class="resolution" aria-labelledby="res-h">\n'
        '<h2 id="res-h">What the outside record says</h2>\n'
        f"<p><strong>{e(resolution.capitalize())}.</strong> "
        f"{e(c['resolution_note'] or 'No note.')}</p>\n{supported}\n{cites}\n</section>\n"
        f"{sides_html(c, columns, records, article_sides)}\n"
        f'<p class="api">As data: <a href="/api/v1/contradictions/{e(c["contradiction_id"])}">'
        "JSON</a></p>"
    )


def references_html(refs: Sequence[Row]) -> str:
    """A list of references (the _macros.html `references_list` macro), as escaped HTML."""
    e = escaped
    items = []
    for r in refs:
        publisher = f", {e(r['publisher'])}" if r.get("publisher") else ""
        published = f", {when(r, 'published_on')}" if r.get("published_on") else ""
        items.append(
            f'<li><a href="{e(r["url"])}" rel="noopener">{e(r["title"] or r["url"])}</a>'
            f"{publisher}{published}</li>"
        )
    return f'<ul class="references">{"".join(items)}</ul>'


def sides_html(
    contradiction: Row,
    columns: Sequence[tuple[str, Sequence[tuple[Side, StatementView]]]],
    records: Sequence[tuple[Row, Sequence[Row]]],
    article_sides: Sequence[Row],
) -> Markup:
    """A contradiction's sides: its statements in full under each label, then its outside
    record (references) and the articles taken as a whole. Written here rather than by the
    template's loops and macros: 0.30 -> 0.24 ms a contradiction page's render at 100k."""
    e = escaped
    out = ['<div class="sides">']
    for label, members in columns:
        out.append(_side_head("side", label, "", contradiction))
        for side, s in members:
            if side.note:
                out.append(f'<p class="side-note">{e(side.note)}</p>')
            if side.retired:
                out.append('<p class="retired">This side entry is retired.</p>')
            out.append(statement_full(s, 3))
        out.append("</section>")
    alone = len(columns) + len(article_sides) < 2
    for r, refs in records:
        out.append(_side_head("side side-record", r["side"], ": the outside record", contradiction))
        if alone:
            out.append(ALONE)
        if r["note"]:
            out.append(f"<p>{e(r['note'])}</p>")
        out.append(references_html(refs))
        out.append("</section>")
    for a in article_sides:
        head = _side_head("side side-article", a["side"], ": the article itself", contradiction)
        out.append(head)
        if a["note"]:
            out.append(f'<p class="side-note">{e(a["note"])}</p>')
        printed = f"<q>{e(a['printed_date'])}</q>" if a["printed_date"] else "none printed"
        out.append(
            f'<p><a href="/articles/{e(a["article_id"])}">{e(a["title"] or a["article_id"])}</a>'
            '</p>\n<dl class="facts">\n'
            f"<dt>Printed date</dt><dd>{printed}</dd>\n"
            f"<dt>Published</dt><dd>{when(a, 'published_on')}</dd>\n</dl>\n</section>"
        )
    out.append("</div>")
    return Markup("\n".join(out))


ALONE = (
    '<p class="side-note">No other article is on the other side of this contradiction: it is '
    "the outside record, in these references.</p>"
)


def _side_head(kind: str, label: str, what: str, contradiction: Row) -> str:
    e = escaped(label)
    return (
        f'<section class="{kind}" aria-labelledby="side-{e}">\n'
        f'<h2 id="side-{e}">Side {escaped(str(label).upper())}{what} '
        f'<span class="tag">{escaped(rating(contradiction, label))}</span></h2>'
    )
