"""The main part of the actor, event, outlet and article pages, written in Python as one string
rather than by their templates' blocks, which cost 0.07–0.15 ms a page at 100k (an escape call
and a Markup object for each value) where these take 0.01–0.02 ms. Each writes what its
template's block wrote, escaped as Jinja's autoescape escapes (formats.escaped is markupsafe's
escaping, as a str), None as "None"; tests/api/explorer/test_entity_pages.py holds the former
blocks and compares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from markupsafe import Markup

from statement_ledger.api.explorer.formats import escaped, when, words
from statement_ledger.api.explorer.view_models import references_html, retired_note

# A value as `{{ value }}` writes it.
text = escaped


def joined(values: Iterable[Any]) -> str:
    """`{{ values | join(", ") }}` of plain values."""
    return text(", ".join(map(str, values)))


def links(table: str, rows: Iterable[Any], id_column: str) -> str:
    """Rows as links to their pages by name, comma-separated (members, parts)."""
    return ", ".join(
        f'<a href="/{table}/{text(row[id_column])}">{text(row["name"])}</a>' for row in rows
    )


def showing(limit: int, count: int, rest: str = "") -> str:
    """What a list that stops at `limit` of its `count` rows says after them ('Showing the
    latest 50 of 120', then `rest`, HTML), or nothing when it shows them all."""
    return f"<p>Showing the latest {limit} of {count}{rest}</p>" if count > limit else ""


def said(count: int, utterances: int) -> str:
    """'(3 utterances in 4 reports)'."""
    return (
        f"({utterances} {'utterance' if utterances == 1 else 'utterances'} in "
        f"{count} {'report' if count == 1 else 'reports'})"
    )


def actor(c: Mapping[str, Any]) -> Markup:
    a = c["a"]
    key = text(a.get("actor_id"))
    limit = c["limit"]
    facts = "\n  ".join([
        f"<dt>Also called</dt><dd>{joined(a['aliases'])}</dd>" if a.get("aliases") else "",
        f"<dt>Misspelt as</dt><dd>{joined(a['misspellings'])}</dd>"
        if a.get("misspellings") else "",
        f"<dt>Country</dt><dd>{text(a['country'])}</dd>" if a.get("country") else "",
        "".join(f'<dt>Speaks for</dt><dd><a href="/actors/{text(i)}">{text(p.get("name"))}'
                "</a></dd>" for i, p in c["affiliation"].items()),
        f"<dt>Members</dt><dd>{links('actors', c['members'], 'actor_id')}</dd>"
        if c["members"] else "",
        f'<dt>Wikidata</dt><dd><a href="https://www.wikidata.org/wiki/{text(a["wikidata_id"])}">'
        f"{text(a['wikidata_id'])}</a></dd>" if a.get("wikidata_id") else "",
    ])  # fmt: skip
    notes = f'<p class="notes">{text(a["notes"])}</p>' if a.get("notes") else ""
    said_count, relayed_count = c["said_count"], c["relayed_count"]
    relayed = c["relayed"]
    out = (
        f'<p class="kicker">{text(words(a.get("kind")))} <code>{key}</code></p>\n'
        f"<h1>{text(a.get('name'))}</h1>\n{retired_note(a)}\n"
        f'<dl class="facts">\n  {facts}\n</dl>\n'
        f"{notes}\n"
        f'<p><a href="/timeline?actor={key}">On the timeline</a></p>\n'
        '<section aria-labelledby="said-h">\n'
        f'<h2 id="said-h">Said {said(said_count, c["said_utterances"])}</h2>\n'
        f"{c['said'].note}\n"
        f'<p><a href="/statements?speaker={key}">All of them on the statements list, with '
        "filters</a></p>\n"
        f'<ul class="list">{"".join(c["said"])}</ul>\n'
    )
    out += showing(limit, said_count, f'; <a href="/statements?speaker={key}">all of them</a>.')
    out += "\n</section>\n"
    if relayed_count:
        out += (
            '<section aria-labelledby="relayed-h">\n<h2 id="relayed-h">Relayed as a source '
            f"{said(relayed_count, c['relayed_utterances'])}</h2>\n{relayed.note}\n"
            f'<ul class="list">{"".join(relayed)}</ul>\n'
        )
        out += showing(limit, relayed_count, ".")
        out += "\n</section>\n"
    return Markup(out)


def event(c: Mapping[str, Any]) -> Markup:
    e = c["e"]
    key = text(e.get("event_id"))
    limit = c["limit"]
    facts = "\n  ".join([
        f"<dt>Started</dt><dd>{when(e, 'start_date')}</dd>",
        f"<dt>Ended</dt><dd>{when(e, 'end_date')}</dd>" if e.get("end_date") else "",
        f"<dt>Dates</dt><dd><small>{text(e['date_note'])}</small></dd>"
        if e.get("date_note") else "",
        f"<dt>Where</dt><dd>{text(e['location'])}</dd>" if e.get("location") else "",
        "".join(f'<dt>Part of</dt><dd><a href="/events/{text(i)}">{text(p.get("name"))}</a>'
                "</dd>" for i, p in c["parent"].items()),
        f"<dt>Includes</dt><dd>{links('events', c['children'], 'event_id')}</dd>"
        if c["children"] else "",
        f"<dt>Record</dt><dd>{references_html(c['references'])}</dd>"
        if c["references"] else "",
    ])  # fmt: skip
    description = f"<p>{text(e['description'])}</p>" if e.get("description") else ""
    made, about = c["made"], c["about"]
    made_count, about_count = c["made_count"], c["about_count"]
    out = (
        f'<p class="kicker">{text(words(e.get("kind")))} <code>{key}</code></p>\n'
        f"<h1>{text(e.get('name'))}</h1>\n{retired_note(e)}\n"
        f'<dl class="facts">\n  {facts}\n</dl>\n'
        f"{description}\n"
        f'<p><a href="/timeline?event={key}">On the timeline</a></p>\n'
        '<section aria-labelledby="made-h">\n'
        f'<h2 id="made-h">Said at this event {said(made_count, c["made_utterances"])}</h2>\n'
        f"{made.note}\n"
        f'<ul class="list">{"".join(made)}</ul>\n'
    )
    out += showing(
        limit, made_count,
        f'; <a href="/statements?event={key}">all of them</a>, with those said about it.',
    )  # fmt: skip
    out += (
        "\n</section>\n"
        '<section aria-labelledby="about-h">\n'
        f'<h2 id="about-h">Said about it {said(about_count, c["about_utterances"])}</h2>\n'
        f"{about.note}\n"
        f'<p><a href="/statements?event={key}">Both on the statements list, with filters</a>'
        "</p>\n"
        f'<ul class="list">{"".join(about)}</ul>\n'
    )
    out += showing(
        limit, about_count,
        f'; <a href="/statements?event={key}">all of them</a>, with those said at it.',
    )  # fmt: skip
    out += "\n</section>\n"
    return Markup(out)


def outlet(c: Mapping[str, Any]) -> Markup:
    o = c["o"]
    key = text(o.get("outlet_id"))
    limit, article_count, cited_count = c["limit"], c["article_count"], c["cited_count"]
    cited = c["cited"]
    country = f" · {text(o['country'])}" if o.get("country") else ""
    homepage = (
        f'<p><a href="{text(o["homepage"])}" rel="noopener">{text(o["homepage"])}</a></p>'
        if o.get("homepage")
        else ""
    )
    notes = f'<p class="notes">{text(o["notes"])}</p>' if o.get("notes") else ""
    out = (
        f'<p class="kicker">{text(words(o.get("kind")))} · {text(words(o.get("ownership")))} '
        f"ownership{country} <code>{key}</code></p>\n"
        f"<h1>{text(o.get('name'))}</h1>\n{retired_note(o)}\n{homepage}\n{notes}\n"
        '<ul class="counts">\n'
        f"  <li><strong>{article_count}</strong> archived articles</li>\n"
        f"  <li><strong>{c['statement_count']}</strong> statements in them</li>\n"
        f"  <li><strong>{cited_count}</strong> statements credited to it by other articles</li>\n"
        f"  <li><strong>{c['reused_count']}</strong> articles reusing its text</li>\n"
        "</ul>\n"
        '<section aria-labelledby="art-h">\n<h2 id="art-h">Published</h2>\n'
        f'<p><a href="/statements?outlet={key}">Every statement its articles report, on the '
        "statements list</a></p>\n"
        f'<ul class="list">{text(c["articles"])}</ul>\n'
    )
    out += showing(
        limit, article_count,
        f' articles; <a href="/api/v1/articles?outlet={key}">all of them, in the API</a>.',
    )  # fmt: skip
    out += "\n</section>\n"
    if cited:
        out += (
            '<section aria-labelledby="cited-h">\n<h2 id="cited-h">Cited by other articles</h2>\n'
            f'{cited.note}\n<ul class="list">{"".join(cited)}</ul>\n'
        )
        out += showing(
            limit, cited_count, f'; <a href="/statements?via_outlet={key}">all of them</a>.'
        )
        out += "\n</section>\n"
    return Markup(out)


def article(c: Mapping[str, Any]) -> Markup:
    art = c["art"]
    publisher = c["outlet"]
    published_by = (
        f'<a href="/outlets/{text(publisher.get("outlet_id"))}">{text(publisher.get("name"))}</a>'
        if publisher
        else ""
    )
    note = (
        f"<br><small>{text(art['published_on_note'])}</small>"
        if art.get("published_on_note")
        else ""
    )
    facts = "\n  ".join([
        f"<dt>Published by</dt><dd>{published_by}</dd>",
        f"<dt>Published</dt><dd>{when(art, 'published_on')}{note}</dd>",
        f"<dt>Printed date</dt><dd><q>{text(art['printed_date'])}</q> <small>(as the page "
        "prints it)</small></dd>" if art.get("printed_date") else "",
        "".join(f'<dt>Text taken from</dt><dd><a href="/outlets/{text(i)}">{text(o.get("name"))}'
                "</a></dd>" for i, o in c["origin"].items()),
        "".join(f'<dt>Text taken from</dt><dd><a href="/actors/{text(i)}">{text(a.get("name"))}'
                "</a></dd>" for i, a in c["origin_actor"].items()),
        "".join(f'<dt>A side of</dt><dd><a href="/contradictions/{text(s["contradiction_id"])}">'
                f'{text(s["contradiction_id"])}</a> (side {text(str(s["side"]).upper())})</dd>'
                for s in c["sides"]),
        f'<dt>Original</dt><dd><a href="{text(art["url"])}" rel="noopener">{text(art["url"])}'
        "</a></dd>" if art.get("url") else "",
        f'<dt>Archived file</dt><dd><a href="/{text(art.get("seed_path"))}">'
        f'{text(art.get("seed_path"))}</a> <small>(sha256 <code>{text(art["sha256"][:12])}…'
        "</code>)</small></dd>",
    ])  # fmt: skip
    notes = f'<p class="notes">{text(art["notes"])}</p>' if art.get("notes") else ""
    statements, missing = c["statements"], c["missing"]
    unfound = f"; {len(missing)} quotes not found in the text" if missing else ""
    return Markup(
        f'<p class="kicker">Archived article <code>{text(art.get("article_id"))}</code></p>\n'
        f"<h1>{text(art.get('title'))}</h1>\n{retired_note(art)}\n"
        f'<dl class="facts">\n  {facts}\n</dl>\n{notes}\n'
        '<section aria-labelledby="text-h">\n<h2 id="text-h">The archived text</h2>\n'
        '<p class="legend"><mark>Highlighted</mark> words are curated quotes (each links to its '
        'statement).\nLines marked <span class="furniture-label">furniture</span>, and '
        '<span class="furniture-part">parts of a line set apart</span>, are page furniture '
        "(navigation, captions, sidebars, a page label), not article text.\n"
        f"{len(statements)} statements{unfound}.</p>\n"
        f'<div class="seed" lang="{text(art.get("language"))}">\n{text(c["lines"])}\n</div>\n'
        "</section>\n"
        '<section aria-labelledby="st-h">\n'
        f'<h2 id="st-h">Statements from this article ({len(statements)})</h2>\n'
        f'{statements.note}\n<ul class="list">{"".join(statements)}</ul>\n'
        "</section>\n"
    )
