"""The timeline page's HTML around its chart, written as one string: the filters, the zoom
links, what the page says of its selection, the chart's key and the list under it.

Jinja's template for them (some 90 pieces a page, a loop and an escape per lane and per zoom
link) was a seventh of one speaker's timeline at 100k under the profiler; written here, about
0.03 ms a page. What it writes is what the template wrote, character for character (the tests
compare the two)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from markupsafe import Markup

from statement_ledger.api.explorer.formats import escaped


def main(c: dict[str, Any]) -> Markup:
    """The page's main part, from the template context `c` (see timeline_page)."""
    return Markup(
        "\n<h1>Timeline</h1>\n"
        + _filters(c)
        + "\n"
        + (_zoom(c["zoom"]) if c.get("zoom") else "")
        + "\n"
        + _said(c)
        + "\n"
        + _arcs(c)
        + "\n"
        + (_figure(c) if c["chart"].shown or c["counted"] else "")
        + "\n"
        + _list(c)
        + "\n"
    )


def _picker(name: str, value: str | None, nobody: tuple[str, str], listed: Markup | None) -> str:
    """A filter's field: a list of `listed` options, or (None) a text field for an id.
    `nobody`: the field's placeholder and the list's first option (no filter)."""
    if listed is None:
        return (
            f'<input id="f-{name}" name="{name}" value="{escaped(value or "")}" '
            f'placeholder="{nobody[0]}" aria-describedby="f-ids">\n  '
        )
    return (
        f'<select id="f-{name}" name="{name}"><option value="">{nobody[1]}</option>\n  '
        f"{listed}</select>"
    )


@lru_cache(maxsize=16)  # colour and arcs, three choices each (0.01 ms a page, each time)
def _selected(chosen: str | None, options: tuple[tuple[str, str], ...]) -> str:
    return "".join(
        f'\n    <option value="{key}"{" selected" if chosen == key else ""}>{text}</option>'
        for key, text in options
    )


COLOURS = (("speaker", "speaker"), ("outlet", "outlet"), ("attribution", "attribution"))
LINKS = (("auto", "when few"), ("on", "always"), ("off", "never"))


def _filters(c: dict[str, Any]) -> str:
    chosen = c["chosen"]
    actors, events = c["actors"], c["events"]
    actor = _picker(
        "actor", chosen["actor"], ("actor id (everyone)", "Everyone"),
        None if actors is None else c["actor_options"],
    )  # fmt: skip
    event = _picker(
        "event", chosen["event"], ("event id (any event)", "Any event"),
        None if events is None else c["event_options"],
    )  # fmt: skip
    hint = (
        '\n  <p id="f-ids" class="hint">Too many to list: type the id from the address of a '
        "speaker's or an event's page, or follow &ldquo;On the timeline&rdquo; there.</p>"
        if actors is None or events is None
        else ""
    )
    return (
        '<form class="filters" action="/timeline" method="get">\n'
        f'  <div><label for="f-actor">Speaker</label>\n  {actor}</div>\n'
        f'  <div><label for="f-event">Event</label>\n  {event}</div>\n'
        '  <div><label for="f-from">From</label> <input id="f-from" type="date" name="from" '
        f'value="{escaped(chosen["from"] or "")}"></div>\n'
        '  <div><label for="f-to">To</label> <input id="f-to" type="date" name="to" '
        f'value="{escaped(chosen["to"] or "")}"></div>\n'
        '  <div><label for="f-colour">Colour by</label>\n  <select id="f-colour" name="colour">'
        f"{_selected(chosen['colour'], COLOURS)}\n  </select></div>\n"
        '  <div><label for="f-links">Contradiction arcs</label>\n'
        '  <select id="f-links" name="links">'
        f"{_selected(chosen['links'], LINKS)}\n  </select></div>\n"
        f'  <div><button type="submit">Show</button></div>{hint}\n</form>'
    )


def _zoom(zoom: dict[str, Any]) -> str:
    period = zoom["period"]
    head = f"<strong>{escaped(period.label) if period else 'All dates'}</strong>"
    if zoom["out"]:
        label, link = zoom["out"]
        head += f' &middot; <a href="{escaped(link)}">Zoom out to {escaped(label)}</a>'
    if zoom["along"]:
        (before, before_link), (after, after_link) = zoom["along"]
        head += (
            f' &middot; <a href="{escaped(before_link)}">&larr; {escaped(before)}</a>'
            f' &middot; <a href="{escaped(after_link)}">{escaped(after)} &rarr;</a>'
        )
    inside = ""
    if zoom["in"]:
        links = " &middot; ".join(
            f'<a href="{escaped(link)}">{escaped(label)}</a>' for label, link in zoom["in"]
        )
        inside = f"<p>Zoom in: {links}</p>"
    return f'<nav class="zoom" aria-label="Zoom">\n<p>{head}</p>\n{inside}\n</nav>'


def _said(c: dict[str, Any]) -> str:
    counted = c["counted"]
    if counted:
        out = (
            f'<p class="warning">More than {c["max_marks"]} statements in this selection: each '
            f"bar counts a {escaped(counted.counts.kind)} of them (at most "
            f"{c['chart'].tallest}). Follow a bar, zoom in or choose a speaker to see the "
            "statements themselves.</p>\n"
        )
    else:
        out = (
            f"<p>{len(c['chart'].shown)} dated statements. Statements without a date are not drawn."
        )
    if c["events_referred"]:
        out += (
            f" More than {c['max_events']} events fall in this selection: only those the "
            "statements drawn were made at or are about are shown."
        )
    elif c["events_hidden"]:
        out += f" More than {c['max_events']} events fall in this selection: zoom in to see them."
    return out if counted else out + "</p>"


def _arcs(c: dict[str, Any]) -> str:
    linked = c["linked"]
    if not linked or c["counted"]:
        return ""
    if c.get("links_drawn"):
        text = (
            f"{linked} contradiction{'s' if linked != 1 else ''} join"
            f"{'s' if linked == 1 else ''} statements drawn here"
        )
        if c["chosen"]["links"] != "on":
            text += "."
        else:
            text += f': <a href="{escaped(c["href"](links="off"))}">hide their arcs</a>.'
    else:
        text = (
            f"{linked} contradictions join statements drawn here; their arcs are hidden so the "
            f'dates stay readable: <a href="{escaped(c["href"](links="on"))}">draw them</a>, '
            "or choose a speaker."
        )
    return f'<p class="arcs">{text}</p>'


SWATCH = '<li><svg class="swatch" width="{}" height="14" aria-hidden="true">'
MARKS = "\n".join(
    (
        SWATCH.format(14) + '<circle class="key-dot c0" cx="7" cy="7" r="5"/></svg> '
        "A statement, dated to the day</li>",
        SWATCH.format(14) + '<circle class="key-dot c0 inferred" cx="7" cy="7" r="5"/></svg> '
        "Hollow: its date is inferred, not stated</li>",
        SWATCH.format(28) + '<rect class="key-dot c0" x="1" y="3" width="26" height="8" rx="4"/>'
        "</svg> A statement dated to a month or year only: the bar spans it</li>",
        SWATCH.format(28) + '<path class="key-arc open" d="M1,12 Q14,0 27,12"/></svg> '
        "Solid arc: an open contradiction between two statements</li>",
        SWATCH.format(28) + '<path class="key-arc settled" d="M1,12 Q14,0 27,12"/></svg> '
        "Dashed arc: a resolved one (or not a contradiction after all)</li>",
    )
)
EVENT_MARK = (
    SWATCH.format(28) + '<rect class="key-event" x="1" y="5" width="26" height="5"/></svg> '
    "Grey bar on top: an event, from its start to its end</li>"
)


def _figure(c: dict[str, Any]) -> str:
    chart, counted = c["chart"], c["counted"]
    rows = []
    for lane in chart.lanes:
        label = escaped(lane.label)
        if lane.href:
            label = f'<a href="{escaped(lane.href)}">{label}</a>'
        rows.append(
            f'\n{SWATCH.format(14)}<rect class="{escaped(lane.colour)}" x="1" y="1" width="12" '
            f'height="12"/></svg> {label} <span class="meta">({lane.count})</span></li>'
        )
    seven = (
        '<p class="meta">Seven colours at most: further rows are grey, each named by its label.</p>'
        if len(chart.lanes) > 7
        else ""
    )
    if counted:
        kind = escaped(counted.counts.kind)
        marks = (
            f'{SWATCH.format(14)}<rect class="c0" x="2" y="4" width="4" height="9"/>'
            '<rect class="c0" x="8" y="1" width="4" height="12"/></svg> Statements in one '
            f"{kind}, against the row's busiest {kind} (each bar's count is its tooltip)</li>\n"
        )
    else:
        marks = MARKS
    return (
        '\n<div class="chart-with-key">\n<figure class="chart"><div class="scroll" tabindex="0" '
        'role="region" aria-label="Timeline chart, scrolls sideways">'
        f"{escaped(chart.svg)}</div></figure>\n"
        '<section class="legend" aria-labelledby="tl-key-h">\n<h2 id="tl-key-h">Key</h2>\n'
        f"<h3>Rows: {escaped(c['colour_noun'])}</h3>\n"
        f'<ul class="plain">{"".join(rows)}\n</ul>\n{seven}\n<h3>Marks</h3>\n'
        f'<ul class="plain">\n{marks}\n{EVENT_MARK}\n</ul>\n</section>\n</div>\n'
    )


def _list(c: dict[str, Any]) -> str:
    if c["chart"].shown:
        return (
            '\n<section aria-labelledby="tl-list-h">\n<h2 id="tl-list-h">The statements drawn'
            f'</h2>\n<ol class="list">\n{escaped(c["listing"])}\n</ol>\n</section>\n'
        )
    return "" if c["counted"] else "<p>Nothing to draw for this selection.</p>"
