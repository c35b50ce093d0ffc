"""Every page over plain HTTP (no browser): status, content, 404s, 308s and retired rows."""

from __future__ import annotations

import re
import sqlite3
from html import escape
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.explorer import timeline_page
from statement_ledger.api.explorer.store import by_ids, named
from statement_ledger.api.settings import Settings

from ledger_data import rows


def first_id(db_path: Path, table: str, column: str) -> str:
    with sqlite3.connect(db_path) as db:
        return str(db.execute(f"SELECT {column} FROM {table} ORDER BY 1 LIMIT 1").fetchone()[0])


def marks(html: str) -> int:
    """Statement marks on a timeline (their class also names the lane's colour)."""
    return len(re.findall(r'class="mark statement[ "]', html))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_home_has_version_counts_search_and_links(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "0.1.0" in html or "version" in html
    assert re.search(r"<strong>\d+</strong> statements", html)
    assert 'action="/search"' in html
    for href in ["/datapackage.json", "/datapackage/statements.csv", "/graphql",
                 "/api/v1/openapi.json", "/timeline"]:  # fmt: skip
        assert f'href="{href}"' in html
    assert html.count('href="/contradictions/') >= 1


@pytest.mark.parametrize(
    ("table", "column", "path"),
    [
        ("statements", "statement_id", "statements"),
        ("contradictions", "contradiction_id", "contradictions"),
        ("actors", "actor_id", "actors"),
        ("outlets", "outlet_id", "outlets"),
        ("articles", "article_id", "articles"),
        ("events", "event_id", "events"),
    ],
)
def test_every_page_type_answers_and_404s(
    client: TestClient, db_path: Path, table: str, column: str, path: str
) -> None:
    key = first_id(db_path, table, column)
    response = client.get(f"/{path}/{key}")
    assert response.status_code == 200, response.text[:500]
    assert "<h1" in response.text and key in response.text
    missing = client.get(f"/{path}/no-such-id")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("text/html")
    assert "no-such-id" in missing.text


def test_contradiction_shows_sides_resolution_and_passages(client: TestClient) -> None:
    html = client.get("/contradictions/ct-armenia-sovereignty-formula-reuse").text
    assert html.count('class="side"') == 3  # sides a, b and c, side by side
    assert "Not a contradiction" in html and "https://news.am/eng/news/786957.html" in html
    assert html.count("<mark>") >= 3  # every quote inside its passage
    assert 'class="chain"' in html and "published by" in html


def test_statement_page_dates_chain_and_contradictions(client: TestClient) -> None:
    html = client.get("/statements/st-aviationanalysis-armenia-accuses-border-crossing").text
    assert "May 2021" in html and "month only" in html and "inferred" in html
    assert "/contradictions/" in html
    assert "<mark>Armenia accused Azerbaijan of sending troops across the border.</mark>" in html


def test_attribution_chain_runs_speaker_to_source_to_outlets(
    client: TestClient, db_path: Path
) -> None:
    with sqlite3.connect(db_path) as db:
        key = db.execute(
            "SELECT statement_id FROM statements WHERE source_actor_id IS NOT NULL "
            "AND via_outlet_id IS NOT NULL LIMIT 1"
        ).fetchone()[0]
    html = client.get(f"/statements/{key}").text
    chain = re.search(r'<ol class="chain".*?</ol>', html, re.S)
    assert chain is not None
    roles = re.findall(r'<span class="role">([^<]+)</span>', chain.group(0))
    assert roles[:4] == ["speaker", "source", "cited outlet", "published by"]


def test_article_marks_every_curated_quote_and_furniture(client: TestClient) -> None:
    html = client.get("/articles/up-azerbaijan-plans-to-invade-armenia").text
    statements = re.findall(r'<li class="statement-item[^"]*">\s*<a href="/statements/([^"]+)"',
                            html)  # fmt: skip
    assert statements
    for key in statements:
        assert f'id="q-{key}"' in html, key
    assert 'class="line furniture" id="L2"' in html and 'class="line furniture" id="L15"' in html
    assert 'class="line" id="L3"' in html


def test_search_highlights_matching_words(client: TestClient) -> None:
    html = client.get("/search", params={"q": "invade"}).text
    assert "<mark>invade</mark>" in html.lower() or "<mark>Invade</mark>" in html
    assert 'href="/statements/' in html
    # plain words: what FTS5 would read as a column is a word like any other
    dashed = client.get("/search", params={"q": "Nagorno-Karabakh"})
    assert dashed.status_code == 200 and "<mark>Nagorno-Karabakh</mark>" in dashed.text
    assert client.get("/search").status_code == 200


def test_search_escapes_the_query(client: TestClient) -> None:
    html = client.get("/search", params={"q": "<script>alert(1)</script>"}).text
    assert "<script>alert(1)" not in html and "&lt;script&gt;" in html


def test_timeline_draws_one_mark_per_dated_statement(client: TestClient, db_path: Path) -> None:
    with sqlite3.connect(db_path) as db:
        dated = db.execute(
            "SELECT count(*) FROM statements WHERE said_on IS NOT NULL AND record_status = 'active'"
        ).fetchone()[0]
        blinken = db.execute(
            "SELECT count(*) FROM statements WHERE said_on IS NOT NULL AND record_status = 'active'"
            " AND speaker_id = 'antony-blinken'"
        ).fetchone()[0]
    html = client.get("/timeline").text
    assert marks(html) == dated
    assert 'class="mark event"' in html
    # more contradictions than LINKS_AUTO among them: their arcs wait to be asked for
    assert 'class="link' not in html and "draw them</a>" in html
    assert 'class="link ' in client.get("/timeline", params={"links": "on"}).text
    filtered = client.get("/timeline", params={"actor": "antony-blinken", "colour": "outlet"}).text
    assert marks(filtered) == blinken > 0


def test_timeline_lists_the_statements_drawn_by_date_then_id(
    client: TestClient, db_path: Path
) -> None:
    with sqlite3.connect(db_path) as db:
        expected = [r[0] for r in db.execute(
            "SELECT statement_id FROM statements WHERE said_on IS NOT NULL "
            "AND record_status = 'active' ORDER BY said_on, statement_id LIMIT ?",
            [timeline_page.MAX_MARKS],
        )]  # fmt: skip
    for colour in ("speaker", "outlet"):
        html = client.get("/timeline", params={"colour": colour}).text
        listed = html[html.index('<ol class="list">') :]
        assert re.findall(r'<li><a href="/statements/([^"]+)"', listed) == expected
        drawn = re.findall(r'<a href="/statements/([^"]+)"><title>', html)
        assert drawn == expected


def test_timeline_date_bounds_are_inclusive(client: TestClient, db_path: Path) -> None:
    with sqlite3.connect(db_path) as db:
        days = [r[0] for r in db.execute(
            "SELECT DISTINCT said_on FROM statements WHERE said_on IS NOT NULL "
            "AND record_status = 'active' ORDER BY said_on"
        )]  # fmt: skip
        low, high = days[1], days[-2]  # both bounds fall on statements' dates
        expected = db.execute(
            "SELECT count(*) FROM statements WHERE record_status = 'active' "
            "AND said_on BETWEEN ? AND ?",
            [low, high],
        ).fetchone()[0]
    html = client.get("/timeline", params={"from": low, "to": high}).text
    assert marks(html) == expected > 0
    assert marks(client.get("/timeline", params={"from": high, "to": high}).text) >= 1


def test_timeline_beyond_its_event_cap_draws_the_events_referred_to(
    client: TestClient, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline_page, "MAX_EVENTS", 0)
    with sqlite3.connect(db_path) as db:
        days = [r[0] for r in db.execute(
            "SELECT DISTINCT said_on FROM statements WHERE said_on IS NOT NULL ORDER BY 1"
        )]  # fmt: skip
        low = days[len(days) // 2]
        referred = {r[0] for r in db.execute(
            "SELECT e.event_id FROM events e JOIN statements s ON e.event_id IN "
            "(s.occasion_event_id, s.about_event_id) WHERE s.said_on >= ? "
            "AND s.record_status = 'active' AND e.start_date IS NOT NULL "
            "AND e.record_status = 'active' AND coalesce(e.end_date, e.start_date) >= ?",
            [low, low],
        )}  # fmt: skip
        earlier = {r[0] for r in db.execute(
            "SELECT e.event_id FROM events e JOIN statements s ON e.event_id IN "
            "(s.occasion_event_id, s.about_event_id) WHERE s.said_on >= ? "
            "AND coalesce(e.end_date, e.start_date) < ?",
            [low, low],
        )}  # fmt: skip
    html = client.get("/timeline", params={"from": low}).text
    drawn = set(re.findall(r'<a href="/events/([^"]+)"><title>', html))
    assert "only those the statements drawn were made at or are about" in html
    assert drawn == referred and drawn
    assert earlier, "the fixture has statements about events that ended before the range"


def test_timeline_ignores_bad_filters(client: TestClient) -> None:
    response = client.get("/timeline", params={"from": "not-a-date", "actor": "nobody"})
    assert response.status_code == 200 and "Nothing to draw" in response.text


def test_timeline_filter_lists_are_read_once_per_database(
    client: TestClient, pkg_client: TestClient, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline_page, "_CHOICES", {})

    def offered(test_client: TestClient) -> tuple[list[str], int]:
        db = test_client.app.state.db  # type: ignore[attr-defined]
        before = db.executed
        html = test_client.get("/timeline").text
        select = re.search(r'<select id="f-actor".*?</select>', html, re.S)
        assert select is not None
        return re.findall(r'<option value="([^"]+)"', select.group(0)), db.executed - before

    with sqlite3.connect(db_path) as db:
        speakers = {r[0] for r in db.execute(
            "SELECT DISTINCT speaker_id FROM statements WHERE said_on IS NOT NULL"
        )}  # fmt: skip
    first, queries = offered(client)
    assert set(first) == speakers and len(first) > 1
    again, fewer = offered(client)
    assert again == first and fewer == queries - 2  # the speakers' and the events' lists
    small, _ = offered(pkg_client)  # another database, its own lists
    assert small == ["jane-roe"]


def test_replaced_ids_redirect_308(pkg_client: TestClient) -> None:
    response = pkg_client.get("/statements/st-roe-calm-dup?x=1", follow_redirects=False)
    assert response.status_code == 308
    assert response.headers["location"].endswith("/statements/st-roe-calm?x=1")
    actor = pkg_client.get("/actors/jane-roe-old", follow_redirects=False)
    assert actor.status_code == 308 and actor.headers["location"].endswith("/actors/jane-roe")


def test_retired_rows_are_marked_with_their_reason(pkg_client: TestClient) -> None:
    html = pkg_client.get("/events/cancelled-briefing").text
    assert 'class="retired"' in html and "The briefing never took place." in html
    active = pkg_client.get("/events/border-briefing-2023").text
    assert 'class="retired"' not in active


def test_small_package_pages(pkg_client: TestClient) -> None:
    html = pkg_client.get("/statements/st-roe-calm").text
    assert "14 Oct 2023" in html and "inferred" in html
    assert "<mark>the border is “calm and quiet”</mark>" in html
    article = pkg_client.get("/articles/test-article").text
    assert 'class="line furniture" id="L1"' in article
    assert 'href="/statements/st-roe-calm"' in article
    assert "st-roe-calm-dup" not in article  # retired statements are not curated quotes


def test_pages_run_under_the_sql_budget(pkg_client: TestClient) -> None:
    db = pkg_client.app.state.db  # type: ignore[attr-defined]
    before = db.executed
    pkg_client.get("/contradictions/ct-calm-vs-denial")
    assert db.executed - before <= 10


def test_etag_and_static(client: TestClient) -> None:
    response = client.get("/")
    again = client.get("/", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304
    assert client.get("/static/style.css").status_code == 200


def test_a_page_over_its_sql_budget_says_so(db_path: Path) -> None:
    settings = Settings(db_path=db_path, time_budget_ms=-1)  # the deadline has passed
    with TestClient(create_app(settings)) as late:
        response = late.get("/statements/st-aviationanalysis-armenia-accuses-border-crossing")
    assert response.status_code == 503 and "took longer" in response.text


def test_one_sided_contradiction_page_shows_the_record_as_its_other_side(
    client: TestClient,
) -> None:
    html = client.get("/contradictions/ct-massispost-gao-misnamed").text
    assert "Side B: the outside record" in html
    assert "it is the outside record, in these references" in html
    link = (
        '<a href="https://gao.gov/products/gao-22-104619" rel="noopener">Foreign Assistance: '
        "Agencies Should Take Steps to Improve Reporting on Assistance to the Government of "
        "Azerbaijan</a>"
    )
    assert html.count(link) == 2  # the contradiction's references and side b's
    assert "evidence" not in text_of(html).lower()


def test_a_two_sided_contradiction_with_a_record_side_says_nothing_of_one_side(
    client: TestClient,
) -> None:
    html = client.get("/contradictions/ct-aliyev-readiness-vs-conditional-halt").text
    assert "Side B: the outside record" in html and "Side A" in html
    assert "it is the outside record, in these references" not in html
    assert 'href="https://caliber.az/en/post/191474/"' in html


def test_event_page_links_its_references_by_title(client: TestClient) -> None:
    html = client.get("/events/armenia-snap-parliamentary-election-2021-06").text
    assert '<a href="https://news.am/eng/news/640725.html" rel="noopener">' in html
    assert "Nikol Pashinyan resigns as PM</a>, news.am" in html
    assert "2 Aug 2021" in text_of(html) or "2 August 2021" in text_of(html)


def test_a_contradiction_about_an_article_shows_the_article_as_a_side(
    client: TestClient,
) -> None:
    side = next(iter(rows("article_sides")))
    article = next(r for r in rows("articles") if r["article_id"] == side["article_id"])
    html = client.get(f"/contradictions/{side['contradiction_id']}").text
    assert f"Side {side['side'].upper()}: the article itself" in html
    assert f'<a href="/articles/{article["article_id"]}">' in html
    assert f"<q>{escape(article['printed_date'])}</q>" in html
    page = client.get(f"/articles/{article['article_id']}").text
    assert f'<a href="/contradictions/{side["contradiction_id"]}">' in page
    assert "Printed date" in page


def test_names_from_the_directory_are_the_rows_a_query_reads(client: TestClient) -> None:
    db = client.app.state.db  # type: ignore[attr-defined]
    for table, key in (("outlets", "outlet_id"), ("actors", "actor_id")):
        ids = [row[0] for row in db.query(f"SELECT {key} FROM {table}")] + ["nobody", None]
        found = named(db, table, ids)
        assert found == by_ids(db, table, ids, ("name",)) and len(found) == len(ids) - 2
