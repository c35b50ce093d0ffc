"""The timeline as server-rendered SVG: one lane per speaker (or outlet), events on top,
contradictions drawn as arcs between the statements they oppose."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup

from statement_ledger.api.explorer import timeline_zoom
from statement_ledger.api.explorer.formats import MONTHS, date_text, when_html
from statement_ledger.api.explorer.store import Row, Side

# Seven hues of Okabe and Ito's palette for colour-blind readers, those too light for 3:1
# against white darkened (orange to ochre; sky blue and yellow left out, too close to blue and
# ochre once dark enough), and black. Beyond seven lanes readers no longer tell hues apart
# reliably: further lanes are grey ("cx") and every lane is labelled, so colour is never the
# only carrier of who said it.
PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#a66f00", "#56147d", "#1b1b1b"]
OTHER_COLOUR = "#8c8c8c"
MAX_LANES = 12  # lanes of their own; the rest share one lane ("N more speakers")
OTHER = " more"  # that lane's key (no id has a space)
ATTRIBUTIONS = ["on_record", "official_readout", "anonymous_sources", "second_hand", "editorial"]
WIDTH, LEFT, RIGHT, TOP, LANE = 1000, 200, 20, 40, 30
PLOT_TENTHS = (WIDTH - LEFT - RIGHT) * 10  # the plot's width, in tenths
LABEL_CHARS = 26  # a lane label longer than this is cut (its full name is its <title>)


# Marks name their lane's colour by class (c0 … c6, cx), set in style.css (no inline style: the
# pages' Content Security Policy allows only the server's own stylesheet).
STYLE = (
    "".join(f".c{i}{{fill:{colour};stroke:{colour}}}" for i, colour in enumerate(PALETTE))
    + f".cx{{fill:{OTHER_COLOUR};stroke:{OTHER_COLOUR}}}"
    + ".mark.statement{stroke-width:2}.mark.statement.inferred{fill:#fff}"
)


@dataclass
class Lane:
    key: str
    label: str
    colour: str  # a class of STYLE
    href: str
    count: int = 0  # statements in the lane, in the selection


@dataclass
class Counts:
    """Statements counted per lane and bucket (when too many to draw one by one)."""

    kind: str  # the buckets: day, week, month or year (timeline_zoom.bucket)
    cells: dict[tuple[str, dt.date], int]  # (lane key, first day of the bucket): statements


@dataclass
class Timeline:
    svg: Markup
    shown: list[Row]
    lanes: list[Lane] = field(default_factory=list)
    # (statement id, claim, date) of each statement shown, as the list under the chart writes
    # them (the id and claim escaped, the date as when_html)
    labels: list[tuple[str, str, str]] = field(default_factory=list)
    links: int = 0  # contradiction arcs drawn
    tallest: int = 0  # the largest count of one bucket, when counted


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
    half up (round(x, 1) and a float's repr cost about 0.7 µs each, per day placed). The axis
    runs from `pad` days before `low` to `pad` days after `high`; days outside it are clamped
    to its ends."""

    def __init__(self, low: dt.date, high: dt.date, pad: int = 10) -> None:
        self.low = low - dt.timedelta(days=pad)
        self.days = max((high - self.low).days + pad, 1)
        self._low = self.low.toordinal()
        self._at: dict[dt.date, tuple[int, str]] = {}  # a page places many marks on few days

    def at(self, day: dt.date) -> tuple[int, str]:
        """x of a day in tenths, and as an attribute value (compared rather than clamped with
        min and max: a page places some 70 days, most of them once)."""
        placed = self._at.get(day)
        if placed is None:
            days = day.toordinal() - self._low
            if days < 0:
                days = 0
            elif days > self.days:
                days = self.days
            tenths = LEFT * 10 + (2 * days * PLOT_TENTHS + self.days) // (2 * self.days)
            placed = self._at[day] = (tenths, _tenths(tenths))
        return placed

    def x(self, day: dt.date) -> float:
        return self.at(day)[0] / 10

    def xs(self, ordinals: list[int]) -> list[int]:
        """`at(day)[0]` of many days at once, by their ordinals: the same arithmetic in one
        comprehension, without a call and a cache look-up per day (at() was called 70 times a
        speaker's timeline at 100k, 0.17 s of 1,000 pages under the profiler)."""
        low, days, base, twice = self._low, self.days, LEFT * 10, 2 * self.days
        return [
            base + (2 * (0 if o < low else days if o - low > days else o - low) * PLOT_TENTHS
                    + days) // twice
            for o in ordinals
        ]  # fmt: skip

    def ticks(self) -> list[tuple[dt.date, str]]:
        """Days to mark on the axis and their labels: at most about 13, all inside it."""
        end = self.low + dt.timedelta(days=self.days)
        if self.days > 800:
            step = 1 + self.days // 5000  # a year apart up to about 13 years
            first = self.low.year + 1
            return [(dt.date(y, 1, 1), str(y)) for y in range(first, end.year + 1, step)]
        if self.days <= 120:
            step = 1 if self.days <= 14 else 2 if self.days <= 28 else 7 * (1 + self.days // 91)
            day = self.low + dt.timedelta(days=1)
            if step >= 7:  # weeks start on Mondays
                day += dt.timedelta(days=-day.weekday() % 7)
            out = []
            while day < end:
                out.append((day, f"{day.day} {MONTHS[day.month - 1]}"))
                day += dt.timedelta(days=step)
            return out
        out = []
        step = 1 + int(self.days / 30.44) // 12  # twelve months or fewer
        year, month = self.low.year, self.low.month
        while True:
            month += step
            year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
            day = dt.date(year, month, 1)
            if day > end:
                return out
            out.append((day, f"{MONTHS[month - 1]} {year}"))


def lanes_for(
    counts: dict[str, int], names: dict[str, str], colour: str = "speaker"
) -> tuple[list[Lane], dict[str, str]]:
    """The lanes for statements grouped by `counts` (key: statements), and each key's lane.

    Attributions keep one colour each, in the schema's order. Speakers and outlets are ordered
    by how many statements they have here, then by name: the first MAX_LANES get lanes of
    their own (the first len(PALETTE) a colour each, the rest grey), the others share one."""
    if colour == "attribution":
        keys = [a for a in ATTRIBUTIONS if a in counts] + sorted(set(counts) - set(ATTRIBUTIONS))
        lanes = [
            Lane(k, names.get(k, k), f"c{ATTRIBUTIONS.index(k)}" if k in ATTRIBUTIONS else "cx",
                 "", counts[k])
            for k in keys
        ]  # fmt: skip
        return lanes, {k: k for k in keys}
    keys = sorted(counts, key=lambda k: (-counts[k], names.get(k, k) or ""))
    own = keys if len(keys) <= MAX_LANES else keys[: MAX_LANES - 1]
    lanes = [
        Lane(k, names.get(k) or k or "(none)", f"c{i}" if i < len(PALETTE) else "cx", "", counts[k])
        for i, k in enumerate(own)
    ]
    lane_of = {k: k for k in own}
    rest = keys[len(own) :]
    if rest:
        noun = "outlets" if colour == "outlet" else "speakers"
        lanes.append(
            Lane(OTHER, f"{len(rest)} more {noun}", "cx", "", sum(counts[k] for k in rest))
        )
        lane_of.update((k, OTHER) for k in rest)
    return lanes, lane_of


# HTML text and attribute values as a plain str (the standard library's escape: markupsafe's
# makes a Markup object each call, 1.2 µs, and a page escapes some 450 values)
_e = html.escape


def _svg(parts: list[str], height: int, title: str, desc: str) -> Markup:
    return Markup(
        '<svg class="timeline" role="group" aria-labelledby="tl-title" aria-describedby="tl-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg">'
        f'<title id="tl-title">{title}</title><desc id="tl-desc">{desc}</desc>'
        f"{''.join(parts)}</svg>"
    )


def render(
    statements: list[Row],
    events: list[Row],
    sides: dict[str, list[Side]],
    summaries: dict[str, str],
    lanes: list[Lane],
    key_of: dict[str, str],
    domain: tuple[dt.date, dt.date] | None = None,
    resolutions: dict[str, str] | None = None,
    texts: Texts | None = None,
    heads: Heads | None = None,
) -> Timeline:
    """The SVG for dated statements (one mark each) and dated events, on an axis over `domain`
    (by default the statements' dates, or the events' when there are no statements). Arcs
    join the statements on opposite sides of the contradictions in `sides`: solid while the
    contradiction is open (`resolutions`), dashed once resolved.

    Written with f-strings and _e() rather than Markup.format, whose Python formatter
    cost 0.3 ms a mark: 1.1 s for the 2,000 marks and 4,750 events of an unfiltered page at
    100k. Each mark carries only its place and a class (colours live in style.css);
    its link is named by a <title>, which is also its tooltip. The marks are written in the
    loop that places them (no call per mark), their places worked out for all of them at
    once (Scale.xs). What a mark says of its statement or event alone, and the days it spans,
    are kept in `texts` and `heads` (one each per database) when given.
    """
    dated = [s for s in statements if s["said_on"]]
    known = (Texts() if texts is None else texts).of(dated)
    placed = (Heads() if heads is None else heads).of([e for e in events if e["start_date"]])
    if domain is None:
        # the axis fits the statements; events (their start dates) only when there are none
        fitted = [(k[3], k[4]) for k in known] or [(h[1], h[2]) for h in placed]
        if not fitted:
            return Timeline(Markup(""), [])
        low = dt.date.fromordinal(min(f[0] for f in fitted))
        high = dt.date.fromordinal(max(f[1] for f in fitted))
    else:
        low, high = domain
    scale = Scale(low, high, pad=max(1, (high - low).days // 80))
    lane_y = {lane.key: TOP + LANE * (i + 1) + LANE // 2 for i, lane in enumerate(lanes)}
    height = TOP + LANE * (len(lanes) + 1) + 30
    parts: list[str] = []
    parts += _axis(scale, height)
    parts += _lane_labels(lanes, lane_y)
    parts += _events(scale, placed, (low, high))
    positions: dict[str, tuple[float, float]] = {}
    stacked: dict[tuple[str, int], int] = {}
    marks: list[str] = []
    labels: list[tuple[str, str, str]] = []
    colour = {lane.key: lane.colour for lane in lanes}
    starts, ends = scale.xs([k[3] for k in known]), scale.xs([k[4] for k in known])
    for statement, text, x1, x2 in zip(dated, known, starts, ends, strict=True):
        href, claim, when, _, _, inferred, listed = text
        statement_id = statement["statement_id"]
        key = key_of[statement_id]
        slot = stacked.get((key, x1), 0)
        stacked[(key, x1)] = slot + 1
        y = lane_y[key] + ((slot % 3) - 1) * 6
        positions[statement_id] = ((x1 / 10 + x2 / 10) / 2, y)
        labels.append((href, claim, listed))
        if key == OTHER:
            when = f"{_e(statement.get('speaker_name') or statement['speaker_id'])}, {when}"
        # a dot, or a bar spanning the month or year the date stands for; hollow when inferred
        marks.append(
            f'<a href="/statements/{href}"><title>{claim} ({when})</title>'
            + (
                f'<rect class="mark statement {colour[key]}{inferred}" x="{_tenths(x1)}" '
                f'y="{y - 4}" width="{_tenths(x2 - x1)}" height="8" rx="4"/></a>'
                if x2 - x1 >= 40
                else f'<circle class="mark statement {colour[key]}{inferred}" '
                f'cx="{_tenths(x1)}" cy="{y}" r="5"/></a>'
            )
        )
    arcs = _links(sides, summaries, positions, resolutions or {})
    parts += arcs
    parts += marks
    svg = _svg(
        parts, height, f"Timeline of {len(dated)} statements",
        "Each dot or bar is a statement, placed at its date (a bar spans a month or year when "
        "the date is that imprecise; hollow when the date is inferred). Arcs join statements "
        "that contradict each other: solid while open, dashed once resolved. The same "
        "statements are listed below the chart.",
    )  # fmt: skip
    return Timeline(svg, dated, lanes, labels, links=len(arcs))


# What a mark and its list item say of a statement alone: its id and claim, escaped; its date
# in words (", inferred" after it when inferred); the first and last days (ordinals) the date
# may stand for; " inferred" (the mark's class) or ""; and its date as the list writes it.
Text = tuple[str, str, str, int, int, str, str]


class Texts(dict[str, Text]):
    """Each statement's Text by id, kept for a database (Database.memo) up to CAP statements,
    about 7 MB (two escapes, two dates and their days a mark took 3 µs, a sixth of the
    drawing of a speaker's timeline at 100k). At 1M it holds the CAP statements drawn first."""

    CAP = 20_000

    def keep(self, key: str, value: Text) -> Text:
        if len(self) < self.CAP:
            self[key] = value
        return value

    def of(self, statements: list[Row]) -> list[Text]:
        """The Text of each of these dated statements, kept or written afresh."""
        get = self.get
        return [
            get(s["statement_id"]) or self.keep(s["statement_id"], _texts(s)) for s in statements
        ]


def _texts(statement: Row) -> Text:
    said_on, precision, basis = (
        statement["said_on"], statement["said_on_precision"], statement["said_on_basis"]
    )  # fmt: skip
    first, last = _span(said_on, precision)
    inferred = basis == "inferred"
    return (
        _e(statement["statement_id"]),
        _e(statement["claim"]),
        date_text(said_on, precision) + (", inferred" if inferred else ""),
        first.toordinal(),
        last.toordinal(),
        " inferred" if inferred else "",
        when_html(said_on, precision, basis),  # shared by the statements of a date
    )


def render_counts(
    counts: Counts,
    events: list[Row],
    lanes: list[Lane],
    domain: tuple[dt.date, dt.date],
    zoom: Callable[[str, dt.date, dt.date], str],
    heads: Heads | None = None,
) -> Timeline:
    """The SVG for statements counted per lane and bucket: a bar per bucket, as tall as its
    count against the lane's largest (the lane of the rest would flatten every other one
    against a shared largest), linked (`zoom(lane key, first, last)`, an escaped URL) to the
    timeline of that bucket."""
    low, high = domain
    scale = Scale(low, high, pad=max(1, (high - low).days // 80))
    lane_y = {lane.key: TOP + LANE * (i + 1) + LANE // 2 for i, lane in enumerate(lanes)}
    height = TOP + LANE * (len(lanes) + 1) + 30
    placed = (Heads() if heads is None else heads).of([e for e in events if e["start_date"]])
    parts = _axis(scale, height) + _lane_labels(lanes, lane_y)
    parts += _events(scale, placed, domain)
    tallest: dict[str, int] = {}
    for (key, _), count in counts.cells.items():
        tallest[key] = max(tallest.get(key, 0), count)
    colour = {lane.key: lane.colour for lane in lanes}
    names = {lane.key: _e(lane.label) for lane in lanes}
    # a bucket's place, width and label, worked out once for all the lanes that have it
    geometry: dict[dt.date, tuple[dt.date, str, str, str]] = {}
    for (key, first), count in sorted(counts.cells.items()):
        shape = geometry.get(first)
        if shape is None:
            last = timeline_zoom.bucket(first, counts.kind)[1]
            (x1, x1_text), (x2, _) = scale.at(max(first, low)), scale.at(min(last, high))
            label = timeline_zoom.bucket_label(first, counts.kind)
            shape = geometry[first] = (last, x1_text, _tenths(max(x2 - x1 - 10, 20)), label)
        last, x1_text, width, label = shape
        tall = 2 + (LANE - 10) * count // tallest[key]  # 2 to 22 units
        parts.append(
            f'<a href="{zoom(key, first, last)}"><title>{count} statement'
            f"{'' if count == 1 else 's'}, {names[key]}, {label}</title>"
            f'<rect class="mark count {colour[key]}" x="{x1_text}" '
            f'y="{lane_y[key] + LANE // 2 - 4 - tall}" width="{width}" height="{tall}"/></a>'
        )
    svg = _svg(
        parts, height, f"Timeline: statements counted by {counts.kind}",
        f"Too many statements to draw one by one: each bar counts the statements of its lane "
        f"in one {counts.kind}, as tall as its count against the lane's largest. Each links "
        "to the timeline of that lane and that span.",
    )  # fmt: skip
    return Timeline(svg, [], lanes, [], tallest=max(tallest.values(), default=0))


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
        link, label = _lane_texts(lane.label, lane.href)
        text = f'<text class="lane-label" x="24" y="{y}">{label}</text>'
        if link:
            text = f"{link}{text}</a>"
        out.append(f'<rect class="{lane.colour}" x="8" y="{y - 9}" width="10" height="10"/>{text}')
    return out


@lru_cache(maxsize=4096)  # the lanes of the pages served lately
def _lane_texts(label: str, href: str) -> tuple[str, str]:
    """A lane's link with its title (or '' without a link) and its label, escaped and cut:
    they depend on the speaker or outlet alone (three escapes a lane, 2 µs; an event's
    timeline has a lane for each of its speakers)."""
    text = _e(label)
    if len(label) > LABEL_CHARS:  # an ellipsis, as a reference: the page stays ASCII
        text = _e(label[: LABEL_CHARS - 1].rstrip()) + "&#8230;"
    link = f'<a href="{_e(href)}"><title>{_e(label)}</title>' if href else ""
    return link, text


def _events(scale: Scale, placed: list[Head], domain: tuple[dt.date, dt.date]) -> list[str]:
    """Events on top, in three rows (by their order among `placed`, the Head of each). Those
    entirely outside `domain` are left out; the others are cut to it."""
    low, high = domain[0].toordinal(), domain[1].toordinal()
    shown = [(i, head) for i, head in enumerate(placed) if head[3] >= low and head[1] <= high]
    # compared rather than cut with max and min, a call each (0.3 µs here)
    starts = scale.xs([head[1] if head[1] > low else low for _, head in shown])
    ends = scale.xs([head[3] if head[3] < high else high for _, head in shown])
    return [
        f'{head[0]}x="{_tenths(x1)}" y="{_EVENT_ROWS[i % 3]}" '
        f'width="{_tenths(x2 - x1) if x2 - x1 >= 40 else 4}" height="5"/></a>'
        for (i, head), x1, x2 in zip(shown, starts, ends, strict=True)
    ]


_EVENT_ROWS = tuple(str(TOP + 6 + row * 6) for row in range(3))

# An event's mark up to its place (its link and title), the first and last days (ordinals)
# its start date may stand for, and the last day the event may stand for (its end's).
Head = tuple[str, int, int, int]


class Heads(dict[str, Head]):
    """Each event's Head by id, kept for a database (Database.memo) up to CAP events, about
    8 MB (2 MB for the 5,000 at 100k): written once, not on every page that draws the event
    (two escapes, three dates and a cache look-up by six values an event, 2 µs; a speaker's
    timeline at 100k draws 15). At 1M, past CAP events, it holds those drawn first."""

    CAP = 20_000

    def of(self, events: list[Row]) -> list[Head]:
        """The Head of each of these dated events, kept or written afresh."""
        get = self.get
        out = []
        for event in events:
            head = get(event["event_id"])
            if head is None:
                head = _event_head(event)
                if len(self) < self.CAP:
                    self[event["event_id"]] = head
            out.append(head)
        return out


def _event_head(event: Row) -> Head:
    start, precision, end = event["start_date"], event["start_date_precision"], event["end_date"]
    first, last = _span(start, precision)
    final = max(last, _span(end, event["end_date_precision"] or "day")[1]) if end else last
    return (
        f'<a href="/events/{_e(event["event_id"])}"><title>Event: {_e(event["name"])} '
        f'({date_text(start, precision)})</title><rect class="mark event" ',
        first.toordinal(),
        last.toordinal(),
        final.toordinal(),
    )


def _links(
    sides: dict[str, list[Side]],
    summaries: dict[str, str],
    positions: dict[str, tuple[float, float]],
    resolutions: dict[str, str],
) -> list[str]:
    out = []
    for contradiction_id, members in sorted(sides.items()):
        shown = [m for m in members if m.statement_id in positions and not m.retired]
        key, summary = _e(contradiction_id), _e(summaries.get(contradiction_id) or "")
        state = "open" if resolutions.get(contradiction_id) == "open" else "settled"
        for a in shown:
            for b in shown:
                if a.side >= b.side:
                    continue
                (x1, y1), (x2, y2) = positions[a.statement_id], positions[b.statement_id]
                top = round(max(min(y1, y2) - 18 - abs(x2 - x1) / 8, TOP + 20), 1)
                path = f"M{x1},{y1} Q{round((x1 + x2) / 2, 1)},{top} {x2},{y2}"
                out.append(
                    f'<a href="/contradictions/{key}"><title>Contradiction ({state}): {summary}'
                    f'</title><path class="link {state}" d="{path}"/></a>'
                )
    return out


def listing(chart: Timeline, speakers: dict[str, str]) -> Markup:
    """The statements drawn, as the list items under the chart (built here: a Jinja loop over
    2,000 items with a macro each took longer than drawing them), with the ids and claims
    the chart escaped."""
    items = []
    names = {key: _e(name) for key, name in speakers.items()}
    for s, (href, claim, when) in zip(chart.shown, chart.labels, strict=True):
        speaker = names.get(s["speaker_id"]) or _e(s["speaker_id"])
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
