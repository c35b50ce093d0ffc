"""The timeline as server-rendered SVG: one lane per speaker (or outlet), events on top,
contradictions drawn as arcs between the statements they oppose."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from markupsafe import Markup

from statement_ledger.api.explorer.formats import MONTHS, date_text
from statement_ledger.api.explorer.store import Row, Side

# Okabe-Ito and Tableau hues, dark enough for 3:1 against white.
PALETTE = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8c6d1f",
    "#56147d", "#b8001f", "#1f6f6f", "#6b6b00", "#4d4d4d",
]  # fmt: skip
WIDTH, LEFT, RIGHT, TOP, LANE = 1000, 200, 20, 40, 30


@dataclass
class Lane:
    key: str
    label: str
    colour: str
    href: str


@dataclass
class Timeline:
    svg: Markup
    shown: list[Row]
    lanes: list[Lane] = field(default_factory=list)


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

    def x(self, day: dt.date) -> float:
        return round(LEFT + (day - self.low).days / self.days * (WIDTH - LEFT - RIGHT), 1)

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
        Lane(key, names.get(key, key), PALETTE[i % len(PALETTE)], "") for i, key in enumerate(keys)
    ]


def render(
    statements: list[Row],
    events: list[Row],
    sides: dict[str, list[Side]],
    summaries: dict[str, str],
    lanes: list[Lane],
    key_of: dict[str, str],
) -> Timeline:
    """The SVG for dated statements (one mark each) and dated events."""
    dated = [s for s in statements if s["said_on"]]
    dated_events = [e for e in events if e["start_date"]]
    days = [_span(s["said_on"], s["said_on_precision"]) for s in dated]
    days += [_span(e["start_date"], e["start_date_precision"]) for e in dated_events]
    if not days:
        return Timeline(Markup(""), [])
    scale = Scale(min(d[0] for d in days), max(d[1] for d in days))
    lane_y = {lane.key: TOP + LANE * (i + 1) + LANE // 2 for i, lane in enumerate(lanes)}
    height = TOP + LANE * (len(lanes) + 1) + 30
    parts: list[Markup] = []
    parts += _axis(scale, height)
    parts += _lane_labels(lanes, lane_y)
    parts += _events(scale, dated_events)
    positions: dict[str, tuple[float, float]] = {}
    stacked: dict[tuple[str, float], int] = {}
    marks: list[Markup] = []
    colour = {lane.key: lane.colour for lane in lanes}
    for statement, (first, last) in zip(dated, days, strict=False):
        key = key_of[statement["statement_id"]]
        x1, x2 = scale.x(first), scale.x(last)
        slot = stacked.get((key, x1), 0)
        stacked[(key, x1)] = slot + 1
        y = lane_y[key] + ((slot % 3) - 1) * 6
        positions[statement["statement_id"]] = ((x1 + x2) / 2, y)
        marks.append(_mark(statement, x1, x2, y, colour[key]))
    parts += _links(sides, summaries, positions)
    parts += marks
    svg = Markup(
        '<svg class="timeline" role="group" aria-labelledby="tl-title" aria-describedby="tl-desc" '
        'viewBox="0 0 {w} {h}" width="{w}" height="{h}" xmlns="http://www.w3.org/2000/svg">'
        '<title id="tl-title">Timeline of {n} statements</title>'
        '<desc id="tl-desc">Each dot or bar is a statement, placed at its date (a bar spans '
        "a month or year when the date is that imprecise; hollow when the date is inferred). "
        "Lines join statements that contradict each other. The same statements are listed "
        "below the chart.</desc>{body}</svg>"
    ).format(w=WIDTH, h=height, n=len(dated), body=Markup("").join(parts))
    return Timeline(svg, dated, lanes)


def _axis(scale: Scale, height: int) -> list[Markup]:
    out = []
    for day, label in scale.ticks():
        x = scale.x(day)
        out.append(
            Markup(
                '<line class="tick" x1="{x}" x2="{x}" y1="{top}" y2="{bottom}"/>'
                '<text class="tick-label" x="{x}" y="{label_y}">{label}</text>'
            ).format(x=x, top=TOP - 8, bottom=height - 20, label_y=TOP - 14, label=label)
        )
    return out


def _lane_labels(lanes: list[Lane], lane_y: dict[str, int]) -> list[Markup]:
    out = [Markup('<text class="lane-label" x="8" y="{}">Events</text>').format(TOP + 19)]
    for lane in lanes:
        out.append(
            Markup(
                '<rect x="8" y="{sy}" width="10" height="10" fill="{c}"/>'
                '<text class="lane-label" x="24" y="{y}">{label}</text>'
            ).format(sy=lane_y[lane.key] - 9, c=lane.colour, y=lane_y[lane.key], label=lane.label)
        )
    return out


def _events(scale: Scale, events: list[Row]) -> list[Markup]:
    out = []
    for i, event in enumerate(events):
        first, last = _span(event["start_date"], event["start_date_precision"])
        if event["end_date"]:
            last = max(last, _span(event["end_date"], event["end_date_precision"])[1])
        x1, x2 = scale.x(first), scale.x(last)
        y = TOP + 6 + (i % 3) * 6
        when = date_text(event["start_date"], event["start_date_precision"])
        out.append(
            Markup(
                '<a href="/events/{id}" aria-label="Event: {name}, {when}">'
                '<rect class="mark event" data-event-id="{id}" x="{x}" y="{y}" width="{w}" '
                'height="5"><title>{name} ({when})</title></rect></a>'
            ).format(id=event["event_id"], name=event["name"], when=when, x=x1, y=y,
                     w=max(x2 - x1, 4))
        )  # fmt: skip
    return out


def _mark(statement: Row, x1: float, x2: float, y: float, colour: str) -> Markup:
    when = date_text(statement["said_on"], statement["said_on_precision"])
    inferred = statement["said_on_basis"] == "inferred"
    fill = "#fff" if inferred else colour
    label = f"{statement['claim']} ({when}{', inferred' if inferred else ''})"
    if x2 - x1 < 4:
        shape = Markup(
            '<circle class="mark statement" data-statement-id="{id}" cx="{x}" cy="{y}" r="5" '
            'fill="{fill}" stroke="{c}" stroke-width="2"><title>{label}</title></circle>'
        ).format(id=statement["statement_id"], x=x1, y=y, fill=fill, c=colour, label=label)
    else:
        shape = Markup(
            '<rect class="mark statement" data-statement-id="{id}" x="{x}" y="{top}" '
            'width="{w}" height="8" rx="4" fill="{fill}" stroke="{c}" stroke-width="2">'
            "<title>{label}</title></rect>"
        ).format(id=statement["statement_id"], x=x1, top=y - 4, w=x2 - x1, fill=fill, c=colour,
                 label=label)  # fmt: skip
    return Markup('<a href="/statements/{}" aria-label="{}">{}</a>').format(
        statement["statement_id"], label, shape
    )


def _links(
    sides: dict[str, list[Side]],
    summaries: dict[str, str],
    positions: dict[str, tuple[float, float]],
) -> list[Markup]:
    out = []
    for contradiction_id, members in sorted(sides.items()):
        shown = [m for m in members if m.statement_id in positions and not m.retired]
        for a in shown:
            for b in shown:
                if a.side >= b.side:
                    continue
                (x1, y1), (x2, y2) = positions[a.statement_id], positions[b.statement_id]
                lift = 18 + abs(x2 - x1) / 8
                path = f"M{x1},{y1} Q{(x1 + x2) / 2},{min(y1, y2) - lift} {x2},{y2}"
                out.append(
                    Markup(
                        '<a href="/contradictions/{id}" aria-label="Contradiction: {s}">'
                        '<path class="link" data-contradiction-id="{id}" d="{d}">'
                        "<title>{s}</title></path></a>"
                    ).format(id=contradiction_id, s=summaries.get(contradiction_id, ""), d=path)
                )
    return out
