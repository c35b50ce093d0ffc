"""The timeline as server-rendered SVG: one lane per speaker (or outlet), events on top,
contradictions drawn as arcs between the statements they oppose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup, escape

from statement_ledger.api.explorer.formats import MONTHS, date_text, when_html
from statement_ledger.api.explorer.store import Row, Side

# Okabe-Ito and Tableau hues, dark enough for 3:1 against white.
PALETTE = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8c6d1f",
    "#56147d", "#b8001f", "#1f6f6f", "#6b6b00", "#4d4d4d",
]  # fmt: skip
WIDTH, LEFT, RIGHT, TOP, LANE = 1000, 200, 20, 40, 30


# Marks name their lane's colour by class (c0 … c9), set once in the chart's <style>.
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
    claims: dict[str, str] = field(default_factory=dict)  # statement id -> claim, escaped


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


class Scale:
    def __init__(self, low: dt.date, high: dt.date) -> None:
        self.low = low - dt.timedelta(days=10)
        self.days = max((high - self.low).days + 10, 1)
        self._xs: dict[dt.date, float] = {}  # a page places many marks on the same few days

    def x(self, day: dt.date) -> float:
        x = self._xs.get(day)
        if x is None:
            x = round(LEFT + (day - self.low).days / self.days * (WIDTH - LEFT - RIGHT), 1)
            self._xs[day] = x
        return x

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


_e = escape  # for HTML text and attribute values (markupsafe's C escape)


def render(
    statements: list[Row],
    events: list[Row],
    sides: dict[str, list[Side]],
    summaries: dict[str, str],
    lanes: list[Lane],
    key_of: dict[str, str],
) -> Timeline:
    """The SVG for dated statements (one mark each) and dated events.

    Written with f-strings and escape() rather than Markup.format, whose Python formatter
    cost 0.3 ms a mark: 1.1 s for the 2,000 marks and 4,750 events of an unfiltered page at
    100k. Each mark carries only its place and a class (colours live in the chart's <style>);
    its link is named by a <title>, which is also its tooltip."""
    dated = [s for s in statements if s["said_on"]]
    dated_events = [e for e in events if e["start_date"]]
    days = [_span(s["said_on"], s["said_on_precision"]) for s in dated]
    days += [_span(e["start_date"], e["start_date_precision"]) for e in dated_events]
    if not days:
        return Timeline(Markup(""), [])
    scale = Scale(min(d[0] for d in days), max(d[1] for d in days))
    lane_y = {lane.key: TOP + LANE * (i + 1) + LANE // 2 for i, lane in enumerate(lanes)}
    height = TOP + LANE * (len(lanes) + 1) + 30
    parts: list[str] = [f"<style>{STYLE}</style>"]
    parts += _axis(scale, height)
    parts += _lane_labels(lanes, lane_y)
    parts += _events(scale, dated_events)
    positions: dict[str, tuple[float, float]] = {}
    stacked: dict[tuple[str, float], int] = {}
    marks: list[str] = []
    claims: dict[str, str] = {}
    colour = {lane.key: lane.colour for lane in lanes}
    for statement, (first, last) in zip(dated, days, strict=False):
        statement_id = statement["statement_id"]
        key = key_of[statement_id]
        x1, x2 = scale.x(first), scale.x(last)
        slot = stacked.get((key, x1), 0)
        stacked[(key, x1)] = slot + 1
        y = lane_y[key] + ((slot % 3) - 1) * 6
        positions[statement_id] = ((x1 + x2) / 2, y)
        claims[statement_id] = claim = str(_e(statement["claim"]))
        marks.append(_mark(statement, claim, x1, x2, y, colour[key]))
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
    return Timeline(Markup(svg), dated, lanes, claims)


def _axis(scale: Scale, height: int) -> list[str]:
    out = []
    for day, label in scale.ticks():
        x = scale.x(day)
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


def _events(scale: Scale, events: list[Row]) -> list[str]:
    out = []
    for i, event in enumerate(events):
        first, last = _span(event["start_date"], event["start_date_precision"])
        if event["end_date"]:
            last = max(last, _span(event["end_date"], event["end_date_precision"])[1])
        x1, x2 = scale.x(first), scale.x(last)
        when = date_text(event["start_date"], event["start_date_precision"])
        out.append(
            f'<a href="/events/{_e(event["event_id"])}"><title>Event: {_e(event["name"])} '
            f'({when})</title><rect class="mark event" x="{x1}" y="{TOP + 6 + (i % 3) * 6}" '
            f'width="{max(round(x2 - x1, 1), 4)}" height="5"/></a>'
        )
    return out


def _mark(statement: Row, claim: str, x1: float, x2: float, y: float, colour: str) -> str:
    """One statement: a dot (a bar for a month or a year), hollow when its date is inferred."""
    when = date_text(statement["said_on"], statement["said_on_precision"])
    if statement["said_on_basis"] == "inferred":
        when, colour = f"{when}, inferred", f"{colour} inferred"
    if x2 - x1 < 4:
        shape = f'<circle class="mark statement {colour}" cx="{x1}" cy="{y}" r="5"/>'
    else:
        shape = (
            f'<rect class="mark statement {colour}" x="{x1}" y="{y - 4}" '
            f'width="{round(x2 - x1, 1)}" height="8" rx="4"/>'
        )
    href = f"/statements/{_e(statement['statement_id'])}"
    return f'<a href="{href}"><title>{claim} ({when})</title>{shape}</a>'


def _links(
    sides: dict[str, list[Side]],
    summaries: dict[str, str],
    positions: dict[str, tuple[float, float]],
) -> list[str]:
    out = []
    for contradiction_id, members in sorted(sides.items()):
        shown = [m for m in members if m.statement_id in positions and not m.retired]
        key, summary = _e(contradiction_id), _e(summaries.get(contradiction_id, ""))
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
    2,000 items with a macro each took longer than drawing them)."""
    items = []
    names = {key: _e(name) for key, name in speakers.items()}
    for s in chart.shown:
        statement_id = s["statement_id"]
        speaker = names.get(s["speaker_id"]) or _e(s["speaker_id"])
        when = when_html(s["said_on"], s["said_on_precision"], s["said_on_basis"])
        items.append(
            f'\n<li><a href="/statements/{_e(statement_id)}">{chart.claims[statement_id]}</a> '
            f'<span class="meta">{speaker}, {when}</span></li>\n'
        )
    return Markup("".join(items))
