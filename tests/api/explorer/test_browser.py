"""The pages in a real browser (Debian's Chromium, headless) against a real server: a reader's
path from home to an article, the timeline, screenshots, and an axe-core accessibility check."""

from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python.sync_playwright as axe_api
import playwright.sync_api as playwright_api
import pytest

from statement_ledger.catalogue import furniture

from ledger_fixture import REPO

# A real Chromium: seconds to start.
pytestmark = pytest.mark.slow

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


with open(REPO / "datapackage" / "articles.csv", encoding="utf-8", newline="") as handle:
    FURNITURE = {r["article_id"]: r["furniture_lines"] for r in csv.DictReader(handle)}
ARTICLE_IDS = sorted(FURNITURE)


def furniture_line_count(article_id: str) -> int:
    """How many whole lines of the article's archived text the package marks as page furniture
    (spans within a line are set apart inside their line)."""
    ranges = furniture.marks(FURNITURE[article_id])
    return sum(m.end[0] - m.start[0] + 1 for m in ranges if m.whole)


def shot(page: playwright_api.Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"explorer-{name}.png"), full_page=True)


def test_home_search_statement_contradiction_article(
    page: playwright_api.Page, server: str
) -> None:
    page.goto(server + "/")
    shot(page, "home")
    page.get_by_label("Search quotes, claims, people, outlets and contradictions").fill("invade")
    page.locator("form.big-search button").click()
    page.wait_for_url(re.compile(r"/search\?q=invade"))
    assert page.locator("main mark").count() > 0
    shot(page, "search")

    page.locator('main a[href^="/statements/"]').first.click()
    page.wait_for_url(re.compile(r"/statements/"))
    quote = page.locator(".passage mark").first.inner_text()
    assert quote and quote in page.locator("main").inner_text()
    shot(page, "statement")

    page.locator('main a[href^="/contradictions/"]').first.click()
    page.wait_for_url(re.compile(r"/contradictions/"))
    assert page.locator(".side").count() >= 2
    side_quote = page.locator(".side .passage mark").first.inner_text()
    shot(page, "contradiction")

    page.locator(".side .passage figcaption a").first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    marked = page.locator(".seed a.quote mark").all_inner_texts()
    assert side_quote.split()[0] in " ".join(marked)
    article_id = urlsplit(page.url).path.rsplit("/", 1)[-1]
    assert page.locator(".seed .furniture").count() == furniture_line_count(article_id)
    shot(page, "article")

    # the article reached may have none: the one with the most shows every line of it marked
    most = max(ARTICLE_IDS, key=furniture_line_count)
    page.goto(f"{server}/articles/{most}")
    assert page.locator(".seed .furniture").count() == furniture_line_count(most) > 0


def test_timeline_has_one_mark_per_statement_in_range(
    page: playwright_api.Page, server: str, db_path: Path
) -> None:
    with sqlite3.connect(db_path) as db:
        expected = db.execute(
            "SELECT count(*) FROM statements WHERE record_status = 'active' "
            "AND said_on BETWEEN '2023-09-01' AND '2023-10-31'"
        ).fetchone()[0]
    page.goto(server + "/timeline?from=2023-09-01&to=2023-10-31&links=on")
    assert page.locator("svg.timeline .mark.statement").count() == expected > 0
    assert page.locator("svg.timeline .link").count() > 0
    shot(page, "timeline")


def test_timeline_marks_are_named_links_coloured_by_lane(
    page: playwright_api.Page, server: str
) -> None:
    page.goto(server + "/timeline?from=2023-09-01&to=2023-10-31")
    first = page.locator("svg.timeline a:has(.mark.statement)").first
    claim = page.locator("ol.list li a").first.inner_text()
    # the <title> names the link (no aria-label repeats it)
    assert page.locator("svg.timeline").get_by_role("link", name=claim).count() == 1
    assert first.get_attribute("aria-label") is None
    mark = first.locator(".mark")
    lane = next(c for c in (mark.get_attribute("class") or "").split() if re.fullmatch(r"c\d+", c))
    swatch = page.locator(f"svg.timeline rect.{lane}:not(.mark)")  # the lane's legend
    stroke, fill = page.evaluate(
        "([m, s]) => [getComputedStyle(m).stroke, getComputedStyle(s).fill]",
        [mark.element_handle(), swatch.element_handle()],
    )
    assert stroke == fill and stroke not in ("none", "rgb(0, 0, 0)")


def test_phone_width_has_no_sideways_scroll(browser: playwright_api.Browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(server + "/contradictions/ct-armenia-sovereignty-formula-reuse")
    width = page.evaluate("document.documentElement.scrollWidth")
    shot(page, "contradiction-phone")
    page.goto(server + "/statements?speaker=antony-blinken")
    list_width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 375 and list_width <= 375


# Every kind of page: home, each list (plain and filtered), one of each record, search (one
# table and all, a second page), the timeline (all of it, a range, coloured by outlet).
PAGES = [
    "/",
    "/search?q=invade",
    "/search?q=Azerbaijan&in=statements&page=2",
    "/statements/st-aviationanalysis-armenia-accuses-border-crossing",
    "/contradictions/ct-armenia-sovereignty-formula-reuse",
    "/articles/up-azerbaijan-plans-to-invade-armenia",
    "/actors/antony-blinken",
    "/outlets/tass",
    "/events/armenia-azerbaijan-border-standoff-2021-05",
    "/timeline",
    "/timeline?from=2023-09-01&to=2023-10-31&colour=outlet",
    "/contradictions",
    "/contradictions?kind=wording_drift",
    "/statements",
    "/statements?speaker=antony-blinken",
    "/actors",
    "/outlets",
    "/events",
    "/events?kind=press_briefing",
]


def test_no_accessibility_violations(page: playwright_api.Page, server: str) -> None:
    """axe-core's rules (WCAG A and AA, and its best practices), none broken on any page, at
    any impact, in a desktop window and on a phone."""
    axe = axe_api.Axe()
    problems = []
    for width, height in [(1280, 800), (375, 740)]:
        page.set_viewport_size({"width": width, "height": height})
        for path in PAGES:
            page.goto(server + path)
            for violation in axe.run(page).response["violations"]:
                targets = [node["target"] for node in violation["nodes"]][:3]
                problems.append(f"{path} at {width}px: {violation['id']} {targets}")
    assert problems == []


def test_every_page_runs_under_its_content_security_policy(
    page: playwright_api.Page, server: str
) -> None:
    """A blocked script, style or image is a console error in Chromium: none on any page."""
    errors: list[str] = []
    page.on(
        "console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None
    )
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    for path in PAGES:
        response = page.goto(server + path)
        assert response is not None
        assert "script-src 'self'" in response.headers["content-security-policy"]
    assert errors == []
