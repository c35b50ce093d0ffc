"""The timeline in a real browser (Debian's Chromium, headless) against a real server, on the
curated package and on generated ones of 20,000 and 100,000 statements: what a reader sees is
measured on the rendered page (the legend, lane colours, the axis, where marks and labels
fall), a screenshot of each is saved under the test's directory, and axe-core checks each
variant (at 20,000)."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import axe_playwright_python.sync_playwright as axe_api
import playwright.sync_api as playwright_api
import pytest

from statement_ledger.api.explorer import timeline

from ledger_fixture import REPO
from ledger_server import serving

# A real Chromium: seconds to start; the generated package: about ten more.
pytestmark = pytest.mark.slow

GENERATED = 20_000  # statements: the size of every generated view (100k: the dense one too)
CURATED_VIEWS = [
    "/timeline",
    "/timeline?from=2023-09-01&to=2023-10-31",
    "/timeline?from=2023-09-01&to=2023-10-31&links=on",
    "/timeline?colour=attribution",
    "/timeline?colour=outlet&from=2023-01-01&to=2023-12-31",
]
GENERATED_VIEWS = [
    "/timeline",
    "/timeline?colour=outlet",
    "/timeline?colour=attribution",
    "/timeline?from=2022-07-01&to=2022-09-30",
]


def generated_server(root: Path, statements: int) -> Iterator[tuple[str, Path]]:
    """A real server over a generated package of `statements` (benchmarks/generate.py, loaded
    by benchmarks/fastbuild.py); yields its URL and database."""
    package, db = root / "pkg", root / "ledger.db"
    tools = REPO / "benchmarks"
    run = [sys.executable, str(tools / "generate.py"), str(statements), str(package)]
    subprocess.run(run, check=True, capture_output=True)
    subprocess.run(
        [sys.executable, str(tools / "fastbuild.py"), str(package), str(db)],
        check=True,
        capture_output=True,
    )
    with serving(db) as base:
        yield base, db


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    yield from generated_server(tmp_path_factory.mktemp("generated"), GENERATED)


@pytest.fixture(scope="module")
def generated_100k(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The size the timeline is to stay readable at (about 20 s more for the package)."""
    yield from generated_server(tmp_path_factory.mktemp("generated-100k"), 100_000)


def first_year(db: Path, where: str = "") -> int:
    """The year of the earliest dated active statement (within `where`)."""
    with sqlite3.connect(db) as connection:
        value = connection.execute(
            "SELECT min(said_on) FROM statements WHERE record_status = 'active' "
            f"AND said_on IS NOT NULL {where}"
        ).fetchone()[0]
    return int(value[:4])


def boxes(page: playwright_api.Page, selector: str) -> list[dict[str, float]]:
    """The bounding boxes of the chart's elements matching `selector`, in the SVG's units."""
    result: list[dict[str, float]] = page.evaluate(
        """(selector) => [...document.querySelectorAll('svg.timeline ' + selector)].map(e => {
             const b = e.getBBox(); return {x: b.x, y: b.y, w: b.width, h: b.height}; })""",
        selector,
    )
    return result


def texts(page: playwright_api.Page, selector: str) -> list[str]:
    """The text of the chart's elements matching `selector` (SVG has no innerText)."""
    found: list[str] = page.evaluate(
        "(s) => [...document.querySelectorAll('svg.timeline ' + s)].map(e => e.textContent)",
        selector,
    )
    return found


def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["x"] < b["x"] + b["w"]
        and b["x"] < a["x"] + a["w"]
        and a["y"] < b["y"] + b["h"]
        and b["y"] < a["y"] + a["h"]
    )


def check(page: playwright_api.Page, url: str, shots: Path, first_data_year: int) -> dict[str, Any]:
    """Load one view of the timeline and assert what a reader relies on; return what it saw."""
    response = page.goto(url)
    assert response is not None and response.status == 200
    name = re.sub(r"[^A-Za-z0-9]+", "-", url.split("/timeline", 1)[1]).strip("-") or "all"
    page.screenshot(path=str(shots / f"timeline-{name}.png"), full_page=True)
    assert (shots / f"timeline-{name}.png").stat().st_size > 0

    # the key is HTML beside the chart, visible, naming every row the chart has
    legend = page.locator("section.legend")
    assert legend.is_visible()
    assert legend.get_by_role("heading", name="Key").is_visible()
    rows = texts(page, "text.lane-label")[1:]  # after Events
    keyed = legend.locator("ul").first.locator("li").all_inner_texts()
    assert len(keyed) == len(rows) > 0
    for shown, item in zip(rows, keyed, strict=True):
        assert item.strip().startswith(shown.rstrip("\u2026")), (shown, item)

    # no two of the first len(PALETTE) rows share a colour, and none is the grey of the rest
    fills = page.evaluate(
        """() => [...document.querySelectorAll('svg.timeline rect:not(.mark)')]
             .map(r => getComputedStyle(r).fill)"""
    )
    coloured = fills[: len(timeline.PALETTE)]
    grey = page.evaluate(
        """() => { const r = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
             r.setAttribute('class', 'cx'); document.querySelector('svg.timeline').append(r);
             const fill = getComputedStyle(r).fill; r.remove(); return fill; }"""
    )
    if "colour=attribution" not in url:  # attributions keep their own colours, all distinct
        assert grey not in coloured
    assert len(set(coloured)) == len(coloured) and grey != "rgb(0, 0, 0)"

    # the axis starts no earlier than the data: the first tick's year is a year with data
    ticks = texts(page, "text.tick-label")
    assert ticks
    years = [int(t.split()[-1]) for t in ticks if re.fullmatch(r"(\w+ )?\d{4}", t)]
    if years:
        assert years[0] >= first_data_year, (ticks[0], first_data_year)

    # every mark inside the plot box
    view = page.evaluate("document.querySelector('svg.timeline').viewBox.baseVal.height")
    marks = boxes(page, ".mark")
    assert marks
    for box in marks:
        left = 0 if box["y"] < timeline.TOP + timeline.LANE else timeline.LEFT  # events: top row
        assert box["x"] >= left - 5.5 and box["x"] + box["w"] <= timeline.WIDTH + 0.5, box
        assert box["y"] >= timeline.TOP - 1 and box["y"] + box["h"] <= view, box

    # no two labels overlap
    labels = boxes(page, "text")
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not overlaps(a, b), (a, b)
    return {"ticks": ticks, "rows": rows, "marks": len(marks)}


def test_curated_timeline_reads_as_drawn(
    page: playwright_api.Page, server: str, db_path: Path, tmp_path: Path
) -> None:
    seen = {
        view: check(page, server + view, tmp_path, first_year(db_path)) for view in CURATED_VIEWS
    }
    # the curated statements start in May 2021 (an event starts in 2020: not the axis's start)
    assert seen["/timeline"]["ticks"][0] != "2020"
    zoomed = "/timeline?from=2023-09-01&to=2023-10-31"
    assert seen[zoomed]["ticks"][0].endswith(("Sep", "Aug")) and len(seen[zoomed]["ticks"]) > 4


def test_curated_arcs_on_demand(page: playwright_api.Page, server: str) -> None:
    """September and October 2023 hold many contradictions: no arcs until asked for."""
    page.goto(server + "/timeline?from=2023-09-01&to=2023-10-31")
    assert page.locator("svg.timeline .link").count() == 0
    page.get_by_role("link", name="draw them").click()
    page.wait_for_url(re.compile(r"links=on"))
    solid = page.locator("svg.timeline .link.open").count()
    dashed = page.locator("svg.timeline .link.settled").count()
    assert solid > 0 and dashed > 0
    styles = page.evaluate(
        """() => ['open', 'settled'].map(k => getComputedStyle(
             document.querySelector('svg.timeline .link.' + k)).strokeDasharray)"""
    )
    assert styles[0] == "none" and styles[1] != "none"


def test_zoom_links_narrow_and_widen_the_range(page: playwright_api.Page, server: str) -> None:
    page.goto(server + "/timeline")
    page.locator("nav.zoom").get_by_role("link", name="2023", exact=True).click()
    page.wait_for_url(re.compile(r"from=2023-01-01&to=2023-12-31"))
    page.locator("nav.zoom").get_by_role("link", name="Q4 2023").click()
    page.wait_for_url(re.compile(r"from=2023-10-01&to=2023-12-31"))
    page.locator("nav.zoom").get_by_role("link", name="Oct 2023").click()
    page.wait_for_url(re.compile(r"from=2023-10-01&to=2023-10-31"))
    assert page.locator("svg.timeline .mark.statement").count() > 0
    page.locator("nav.zoom").get_by_role("link", name="Zoom out to Q4 2023").click()
    page.wait_for_url(re.compile(r"from=2023-10-01&to=2023-12-31"))


@pytest.mark.parametrize("size", ["generated", "generated_100k"])
def test_generated_timeline_counts_when_dense(
    page: playwright_api.Page, size: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    base, db = request.getfixturevalue(size)
    for view in GENERATED_VIEWS:
        seen = check(page, base + view, tmp_path, first_year(db))
        assert len(seen["rows"]) <= timeline.MAX_LANES
    # counted: bars, no single marks, and the shared row says how many it holds
    page.goto(base + "/timeline")
    assert page.locator("svg.timeline .mark.count").count() > 0
    assert page.locator("svg.timeline .mark.statement").count() == 0
    assert re.fullmatch(r"\d+ more speakers", texts(page, "text.lane-label")[-1])
    # a speaker's bar leads to the statements it counts, drawn one by one
    page.locator('svg.timeline a[href*="actor="]:has(.mark.count)').first.click()
    page.wait_for_url(re.compile(r"actor=.*from=.*to="))
    assert page.locator("svg.timeline .mark.statement").count() > 0


def test_timeline_views_have_no_serious_accessibility_violations(
    page: playwright_api.Page, server: str, generated: tuple[str, Path]
) -> None:
    axe = axe_api.Axe()
    problems = []
    urls = [server + v for v in CURATED_VIEWS] + [generated[0] + v for v in GENERATED_VIEWS]
    for url in urls:
        page.goto(url)
        for violation in axe.run(page).response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{url}: {violation['id']} {targets}")
    assert problems == []
