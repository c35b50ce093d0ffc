"""The timeline as server-rendered SVG: one lane per speaker (or outlet), events on top,
contradictions drawn as arcs between the statements they oppose."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup

from statement_ledger.api.explorer.formats import MONTHS, date_text, when_html
from statement_ledger.api.explorer.store import Row, Side

# Okabe-Ito and Tableau hues, dark enough for 3:1 against white.
PALETTE = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8c6d1f",
    "#56147d", "#b8001f", "#1f6f6f", "#6b6b00", "#4d4d4d",
]  # fmt: skip
WIDTH, LEFT, RIGHT, TOP, LANE = 1000, 200, 20, 40, 30
PLOT_TENTHS = (WIDTH - LEFT - RIGHT) * 10  # the plot's width, in tenths


# Marks name their lane's colour by class (c0 … c9), set in style.css (no inline style: the
# pages' Content Security Policy allows only the server's own stylesheet).
STYLE = (
    "".join(f".c{i}{{fill:{colour};stroke:{colour}}}" for i, colour in enumerate(PALETTE))
    + ".mark.statement{stroke-width:2}.mark.statement.inferred{fill:#fff}"
)


@dataclass
class Lane:
    key: str
    label: str
    colour: str  # a class of STYLE
    href: str


@dataclass
class Timeline:
    svg: Markup
    shown: list[Row]
    lanes: list[Lane] = field(default_factory=list)
    # (statement id, claim) of each statement shown, both escaped: the list under the chart
    # uses them too
    labels: list[tuple[str, str]] = field(default_factory=list)


@lru_cache(maxsize=8192)
def _span(value: str, precision: str) -> tuple[dt.date, dt.date]:
    """The days a date of this precision may stand for."""
    day = dt.date.fromisoformat(value)
    if precision == "year":
        return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return day, following - dt.timedelta(days=1)
    return day, day


@lru_cache(maxsize=16384)  # every tenth of the viewBox (10,000) fits
def _tenths(tenths: int) -> str:
    """A non-negative number of tenths as an attribute value: 2043 -> '204.3', 40 -> '4.0'
    (formatting took 0.5 µs, twice an event)."""
    return f"{tenths // 10}.{tenths % 10}"


class Scale:
    """Days to x, in whole tenths of a unit of the viewBox: exact integer arithmetic, rounded
    half up (round(x, 1) and a float's repr cost about 0.7 µs each, per day placed)."""

    def __init__(self, low: dt.date, high: dt.date) -> None:
        self.low = low - dt.timedelta(days=10)
        self.days = max((high - self.low).days + 10, 1)
        self._low = self.low.toordinal()
        self._at: dict[dt.date, tuple[int, str]] = {}  # a page places many marks on few days

    def at(self, day: dt.date) -> tuple[int, str]:
        """x of a day in tenths, and as an attribute value."""
        placed = self._at.get(day)
        if placed is None:
            offset = 2 * (day.toordinal() - self._low) * PLOT_TENTHS + self.days
            tenths = LEFT * 10 + offset // (2 * self.days)
            placed = self._at[day] = (tenths, _tenths(tenths))
        return placed

    def x(self, day: dt.date) -> float:
        return self.at(day)[0] / 10

    def ticks(self) -> list[tuple[dt.date, str]]:
        end = self.low + dt.timedelta(days=self.days)
        out = []
        if self.days > 800:
            for year in range(self.low.year + 1, end.year + 1):
                out.append((dt.date(year, 1, 1), str(year)))
            return out
        step = max(1, self.days // 300)
        year, month = self.low.year, self.low.month
        while True:
            month += step
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            day = dt.date(year, month, 1)
            if day > end:
                return out
            out.append((day, f"{MONTHS[month - 1]} {year}"))


def lanes_for(statements: list[Row], key_of: dict[str, str], names: dict[str, str]) -> list[Lane]:
    keys = sorted({key_of[s["statement_id"]] for s in statements}, key=lambda k: names.get(k, k))
    return [
        Lane(key, names.get(key, key), f"c{i % len(PALETTE)}", "") for i, key in enumerate(keys)
    ]


# HTML text and attribute values as a plain str (the standard library's escape: markupsafe's
# makes a Markup object each call, 1.2 µs, and a page escapes some 450 values)
_e = html.escape


def render(
    statements: list[Row],
    events: list[Row],
    sides: dict[str, list[Side]],
    summaries: dict[str, str],
    lanes: list[Lane],
    key_of: dict[str, str],
) -> Timeline:
    """The SVG for dated statements (one mark each) and dated events.

    Written with f-strings and _e() rather than Markup.format, whose Python formatter
    cost 0.3 ms a mark: 1.1 s for the 2,000 marks and 4,750 events of an unfiltered page at
    100k. Each mark carries only its place and a class (colours live in style.css);
    its link is named by a <title>, which is also its tooltip. The marks are written in the
    loop that places them (no call per mark), their geometry formatted once per span of days."""
    dated = [s for s in statements if s["said_on"]]
    dated_events = [e for e in events if e["start_date"]]
    days = [_span(s["said_on"], s["said_on_precision"]) for s in dated]
    starts = [_span(e["start_date"], e["start_date_precision"]) for e in dated_events]
    if not days and not starts:
        return Timeline(Markup(""), [])
    scale = Scale(min(d[0] for d in days + starts), max(d[1] for d in days + starts))
    lane_y = {lane.key: TOP + LANE * (i + 1) + LANE // 2 for i, lane in enumerate(lanes)}
    height = TOP + LANE * (len(lanes) + 1) + 30
    parts: list[str] = []
    parts += _axis(scale, height)
    parts += _lane_labels(lanes, lane_y)
    parts += _events(scale, dated_events, starts)
    positions: dict[str, tuple[float, float]] = {}
    stacked: dict[tuple[str, int], int] = {}
    marks: list[str] = []
    labels: list[tuple[str, str]] = []
    colour = {lane.key: lane.colour for lane in lanes}
    shapes: dict[tuple[dt.date, dt.date], tuple[int, float, str, str]] = {}
    for statement, span in zip(dated, days, strict=True):
        shape = shapes.get(span)
        if shape is None:
            (x1, x1_text), (x2, _) = scale.at(span[0]), scale.at(span[1])
            # a dot, or a bar spanning the month or year the date stands for
            width = _tenths(x2 - x1) if x2 - x1 >= 40 else ""
            shape = shapes[span] = (x1, (x1 / 10 + x2 / 10) / 2, x1_text, width)
        x1, middle, x1_text, width = shape
        statement_id = statement["statement_id"]
        key = key_of[statement_id]
        slot = stacked.get((key, x1), 0)
        stacked[(key, x1)] = slot + 1
        y = lane_y[key] + ((slot % 3) - 1) * 6
        positions[statement_id] = (middle, y)
        labels.append((href := _e(statement_id), claim := _e(statement["claim"])))
        when = date_text(statement["said_on"], statement["said_on_precision"])
        css = colour[key]
        if statement["said_on_basis"] == "inferred":  # hollow
            when, css = f"{when}, inferred", f"{css} inferred"
        marks.append(
            f'<a href="/statements/{href}"><title>{claim} ({when})</title>'
            + (
                f'<rect class="mark statement {css}" x="{x1_text}" y="{y - 4}" '
                f'width="{width}" height="8" rx="4"/></a>'
                if width
                else f'<circle class="mark statement {css}" cx="{x1_text}" cy="{y}" r="5"/></a>'
            )
        )
    parts += _links(sides, summaries, positions)
    parts += marks
    svg = (
        '<svg class="timeline" role="group" aria-labelledby="tl-title" aria-describedby="tl-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="tl-title">Timeline of {len(dated)} statements</title>'
        '<desc id="tl-desc">Each dot or bar is a statement, placed at its date (a bar spans '
        "a month or year when the date is that imprecise; hollow when the date is inferred). "
        "Lines join statements that contradict each other. The same statements are listed "
        f"below the chart.</desc>{''.join(parts)}</svg>"
    )
    return Timeline(Markup(svg), dated, lanes, labels)


def _axis(scale: Scale, height: int) -> list[str]:
    out = []
    for day, label in scale.ticks():
        x = scale.at(day)[1]
        out.append(
            f'<line class="tick" x1="{x}" x2="{x}" y1="{TOP - 8}" y2="{height - 20}"/>'
            f'<text class="tick-label" x="{x}" y="{TOP - 14}">{_e(label)}</text>'
        )
    return out


def _lane_labels(lanes: list[Lane], lane_y: dict[str, int]) -> list[str]:
    out = [f'<text class="lane-label" x="8" y="{TOP + 19}">Events</text>']
    for lane in lanes:
        y = lane_y[lane.key]
        out.append(
            f'<rect class="{lane.colour}" x="8" y="{y - 9}" width="10" height="10"/>'
            f'<text class="lane-label" x="24" y="{y}">{_e(lane.label)}</text>'
        )
    return out


def _events(scale: Scale, events: list[Row], starts: list[tuple[dt.date, dt.date]]) -> list[str]:
    """Events on top, in three rows; `starts`: the span of each one's start date."""
    out = []
    for i, (event, (first, last)) in enumerate(zip(events, starts, strict=True)):
        if event["end_date"]:
            last = max(last, _span(event["end_date"], event["end_date_precision"])[1])
        (x1, x1_text), (x2, _) = scale.at(first), scale.at(last)
        when = date_text(event["start_date"], event["start_date_precision"])
        out.append(
            f'<a href="/events/{_e(event["event_id"])}"><title>Event: {_e(event["name"])} '
            f'({when})</title><rect class="mark event" x="{x1_text}" y="{TOP + 6 + (i % 3) * 6}" '
            f'width="{_tenths(x2 - x1) if x2 - x1 >= 40 else 4}" height="5"/></a>'
        )
    return out


def _links(
    sides: dict[str, list[Side]],
    summaries: dict[str, str],
    positions: dict[str, tuple[float, float]],
) -> list[str]:
    out = []
    for contradiction_id, members in sorted(sides.items()):
        shown = [m for m in members if m.statement_id in positions and not m.retired]
        key, summary = _e(contradiction_id), _e(summaries.get(contradiction_id) or "")
        for a in shown:
            for b in shown:
                if a.side >= b.side:
                    continue
                (x1, y1), (x2, y2) = positions[a.statement_id], positions[b.statement_id]
                top = round(min(y1, y2) - 18 - abs(x2 - x1) / 8, 1)
                path = f"M{x1},{y1} Q{round((x1 + x2) / 2, 1)},{top} {x2},{y2}"
                out.append(
                    f'<a href="/contradictions/{key}"><title>Contradiction: {summary}</title>'
                    f'<path class="link" d="{path}"/></a>'
                )
    return out


def listing(chart: Timeline, speakers: dict[str, str]) -> Markup:
    """The statements drawn, as the list items under the chart (built here: a Jinja loop over
    2,000 items with a macro each took longer than drawing them), with the ids and claims
    the chart escaped."""
    items = []
    names = {key: _e(name) for key, name in speakers.items()}
    for s, (href, claim) in zip(chart.shown, chart.labels, strict=True):
        speaker = names.get(s["speaker_id"]) or _e(s["speaker_id"])
        when = when_html(s["said_on"], s["said_on_precision"], s["said_on_basis"])
        items.append(
            f'\n<li><a href="/statements/{href}">{claim}</a> '
            f'<span class="meta">{speaker}, {when}</span></li>\n'
        )
    return Markup("".join(items))


def options(choices: list[tuple[str, str]], chosen: str | None) -> Markup:
    """A filter's <option>s, (id, name) each, the chosen one selected (built here: Jinja's loop
    over the ~200 speakers of a 10k dataset, two escapes an option, took 0.8 ms)."""
    return Markup(
        "".join(
            f'<option value="{_e(key)}"{" selected" if key == chosen else ""}>{_e(name)}</option>'
            for key, name in choices
        )
    )
