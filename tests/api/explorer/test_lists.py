"""The list pages over the real package: rows per filter (expected from the CSVs), every row
once over the pages, facet links, 400 pages, and the markers of listed statements."""

from __future__ import annotations

import csv
import html as html_lib
import re
from collections import Counter
from functools import cache

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.explorer import lists

from ledger_fixture import REPO

TABLES = {
    "contradictions": "contradiction_id",
    "statements": "statement_id",
    "actors": "actor_id",
    "outlets": "outlet_id",
    "events": "event_id",
}


# A facet link's text: its facet's name (for assistive technology only), then the value.
LINK_TEXT = r'<span class="visually-hidden">[^<]*: </span>[^<]*</a>'


@cache
def rows(table: str) -> tuple[dict[str, str], ...]:
    """The active rows of a table's CSV."""
    with (REPO / "datapackage" / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return tuple(r for r in csv.DictReader(f) if r["record_status"] == "active")


def ids(table: str, **equal: str) -> set[str]:
    return {r[TABLES[table]] for r in rows(table) if all(r[k] == v for k, v in equal.items())}


def listed(table: str, html: str) -> list[str]:
    """The ids of the rows a list page shows, in order (the row list only: not facets)."""
    body = html.split('<section class="rows"', 1)[1].split('<nav aria-label="Pages"', 1)[0]
    return re.findall(rf'<li[^>]*>\s*<a href="/{table}/([^"?]+)"', body)


def links(html: str, rel: str) -> str | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    return html_lib.unescape(found.group(1)) if found else None


def walk(client: TestClient, url: str, table: str) -> list[str]:
    """Every row over the pages, following the next links from `url`."""
    seen: list[str] = []
    following: str | None = url
    while following:
        response = client.get(following)
        assert response.status_code == 200, response.text[:300]
        seen += listed(table, response.text)
        following = links(response.text, "next")
    return seen


@pytest.mark.parametrize("table", list(TABLES))
def test_pages_walk_every_row_once_forward_and_back(client: TestClient, table: str) -> None:
    forward = walk(client, f"/{table}?first=7", table)
    assert sorted(forward) == sorted(ids(table))
    assert len(forward) == len(set(forward))
    # back from the last page to the first by the previous links: the same rows, same order
    last = client.get(f"/{table}?first=7")
    while nxt := links(last.text, "next"):
        last = client.get(nxt)
    backward: list[str] = listed(table, last.text)
    while prev := links(last.text, "prev"):
        last = client.get(prev)
        assert last.status_code == 200
        backward = listed(table, last.text) + backward
    assert backward == forward
    assert links(last.text, "prev") is None


def articles_of(outlet: str) -> set[str]:
    return {a["article_id"] for a in rows("articles") if a["outlet_id"] == outlet}


def said_between(start: str, end: str) -> set[str]:
    return {
        s["statement_id"]
        for s in rows("statements")
        if s["said_on"] and start <= s["said_on"] <= end
    }


def filter_cases() -> list[tuple[str, dict[str, str], set[str]]]:
    """(table, parameters, expected ids) for each value of the filters a journalist uses."""
    out: list[tuple[str, dict[str, str], set[str]]] = []
    for column in ("kind", "resolution"):
        for value in sorted({r[column] for r in rows("contradictions")}):
            out.append(
                ("contradictions", {column: value}, ids("contradictions", **{column: value}))
            )
    for column, name in (("speaker_id", "speaker"), ("attribution", "attribution"), ("act", "act")):
        for value in sorted({r[column] for r in rows("statements")}):
            out.append(("statements", {name: value}, ids("statements", **{column: value})))
    for outlet in sorted({a["outlet_id"] for a in rows("articles")}):
        expected = {
            s["statement_id"] for s in rows("statements") if s["article_id"] in articles_of(outlet)
        }
        out.append(("statements", {"outlet": outlet}, expected))
    dates = sorted({s["said_on"] for s in rows("statements") if s["said_on"]})
    start, end = dates[len(dates) // 4], dates[3 * len(dates) // 4]
    out.append(("statements", {"said_from": start, "said_to": end}, said_between(start, end)))
    out.append(("statements", {"said_from": end}, said_between(end, "9999-12-31")))
    both = ids("statements", speaker_id="antony-blinken", attribution="anonymous_sources")
    out.append(
        ("statements", {"speaker": "antony-blinken", "attribution": "anonymous_sources"}, both)
    )
    for table in ("actors", "outlets", "events"):
        for value in sorted({r["kind"] for r in rows(table)}):
            out.append((table, {"kind": value}, ids(table, kind=value)))
    return out


@pytest.mark.parametrize(("table", "params", "expected"), filter_cases())
def test_each_filter_lists_the_rows_the_csvs_say(
    client: TestClient, table: str, params: dict[str, str], expected: set[str]
) -> None:
    response = client.get(f"/{table}", params={**params, "first": "100"})
    assert response.status_code == 200
    shown = listed(table, response.text)
    assert sorted(shown) == sorted(expected)
    assert f"<strong>{len(expected)}</strong>" in response.text


def test_statements_are_newest_first_unless_sorted(client: TestClient) -> None:
    shown = listed("statements", client.get("/statements?first=100").text)
    by_id = {s["statement_id"]: s for s in rows("statements")}
    dates = [by_id[i]["said_on"] for i in shown]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True) and dates[: len(dated)] == dated  # undated last
    ascending = listed("statements", client.get("/statements?first=100&sort=act").text)
    assert [by_id[i]["act"] for i in ascending] == sorted(by_id[i]["act"] for i in ascending)


@pytest.mark.parametrize("table", ["contradictions", "statements", "actors", "outlets", "events"])
def test_facet_links_add_their_filter_and_count_right(client: TestClient, table: str) -> None:
    html = client.get(f"/{table}").text
    facets = re.findall(
        r'<li><a href="(/[a-z]+\?[^"]+)">' + LINK_TEXT + r' <span class="meta">(\d+)</span>', html
    )
    assert facets
    for href, count in facets:
        url = html_lib.unescape(href)
        response = client.get(url + "&first=100")
        assert response.status_code == 200
        assert len(listed(table, response.text)) == int(count), url


@pytest.mark.parametrize("table", ["contradictions", "statements", "actors", "outlets", "events"])
def test_a_facet_link_read_alone_names_its_facet(client: TestClient, table: str) -> None:
    """A value such as a country code ("IR") is no description of where a link goes."""
    html = client.get(f"/{table}").text
    sections = re.findall(
        r'<h2 id="facet-[a-z_]+">([^<]+)</h2>\s*<ul class="plain facet">(.*?)</ul>', html, re.S
    )
    assert sections
    for heading, items in sections:
        texts = [re.sub(r"<[^>]+>", "", text) for text in re.findall(r"<a [^>]*>(.*?)</a>", items)]
        assert texts and all(t.startswith(f"{heading}: ") for t in texts), (heading, texts)


def test_contradiction_facets_count_as_the_csv_does(client: TestClient) -> None:
    html = client.get("/contradictions").text
    for column in ("kind", "resolution"):
        for value, n in Counter(r[column] for r in rows("contradictions")).items():
            assert re.search(
                rf'href="/contradictions\?{column}={value}">{LINK_TEXT} '
                rf'<span class="meta">{n}</span>',
                html,
            ), (column, value)


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/statements?act=shouts", "act"),
        ("/statements?said_from=2023-13-01", "said_from"),
        ("/statements?said_to=20230101", "said_to"),
        ("/contradictions?resolution=maybe", "resolution"),
        ("/actors?sort=height", "sort"),
        ("/outlets?order=sideways", "order"),
        ("/events?first=0", "first"),
        ("/statements?first=abc", "first"),
        ("/statements?after=not-a-cursor", "after"),
        ("/statements?before=not-a-cursor", "before"),
        ("/statements?search=a-x&syntax=fts", "search"),
        ("/statements?search=*", "search"),
        ("/statements?search=a&syntax=regex", "syntax"),
        ("/statements?speakr=antony-blinken", "speakr"),
        ("/contradictions?facet=kind", "facet"),
        ("/statements?act=asserts&act=denies", "act"),
    ],
)
def test_a_bad_parameter_is_a_400_page_naming_it(
    client: TestClient, url: str, parameter: str
) -> None:
    response = client.get(url)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert f"The parameter “{parameter}”" in response.text


def expected_markers() -> dict[str, set[str]]:
    """The markers each statement should carry, from the CSVs: its attribution, and the
    active contradictions it is on a side of."""
    statements = {s["statement_id"]: s for s in rows("statements")}
    kinds = {c["contradiction_id"]: c for c in rows("contradictions")}
    sides = [s for s in rows("contradiction_sides") if s["contradiction_id"] in kinds]
    out: dict[str, set[str]] = {key: set() for key in statements}
    for key, s in statements.items():
        if s["attribution"] == "anonymous_sources":
            out[key].add("anonymous")
        if s["attribution"] == "second_hand":
            out[key].add("second-hand")
    denies = {
        (s["contradiction_id"], s["side"])
        for s in sides
        if statements[s["statement_id"]]["act"] == "denies"
    }
    for side in sides:
        contradiction = kinds[side["contradiction_id"]]
        if contradiction["resolution"] == "open":
            out[side["statement_id"]].add("disputed")
        others = {s for c, s in denies if c == side["contradiction_id"] and s != side["side"]}
        own = (side["contradiction_id"], side["side"]) in denies
        if contradiction["kind"] == "denial" and others and not own:
            out[side["statement_id"]].add("denied")
    return out


def shown_markers(html: str) -> dict[str, set[str]]:
    items = re.findall(r'<li class="statement-item[^"]*">(.*?)</li>', html, re.S)
    out = {}
    for item in items:
        key = re.search(r'href="/statements/([^"]+)"', item)
        assert key
        out[key.group(1)] = set(re.findall(r'class="flag flag-([a-z-]+)"', item))
    return out


def test_markers_appear_exactly_on_the_statements_the_data_says(client: TestClient) -> None:
    expected = expected_markers()
    assert any("denied" in m for m in expected.values())  # the package has each kind
    assert any("anonymous" in m for m in expected.values())
    assert any("disputed" in m for m in expected.values())
    assert shown_markers(client.get("/statements?first=100").text) == expected
    actor = shown_markers(client.get("/actors/antony-blinken").text)
    assert actor and actor == {k: expected[k] for k in actor}


def test_actor_page_counts_utterances_and_reports(client: TestClient) -> None:
    said = [s for s in rows("statements") if s["speaker_id"] == "antony-blinken"]
    utterances = len({s["utterance_id"] or s["statement_id"] for s in said})
    html = client.get("/actors/antony-blinken").text
    assert f"Said ({utterances} utterances in {len(said)} reports)" in html
    assert utterances < len(said)  # the package reports some utterances more than once


def test_inferred_is_marked_only_against_the_usual(client: TestClient) -> None:
    """Most listed dates are inferred: items then mark the stated ones, not every row."""
    html = client.get("/statements?first=100").text
    body = html.split('<ul class="list">', 1)[1]
    stated = sum(1 for s in rows("statements") if s["said_on_basis"] == "stated")
    assert body.count('<span class="tag">stated</span>') == stated
    assert body.count("tag inferred") == 0
    assert "Most dates here are worked out" in html


def test_home_links_the_lists_and_dates_the_latest(client: TestClient) -> None:
    html = client.get("/").text
    for table in TABLES:
        assert re.search(
            rf'<a href="/{table}"><strong>{len(rows(table))}</strong> {table}</a>', html
        )
        assert f'<li><a href="/{table}">' in html  # the nav
    latest = html.split('id="latest-h"', 1)[1].split("</section>", 1)[0]
    assert latest.count("<li>") == latest.count("<time")
    assert f"All {len(rows('contradictions'))} contradictions" in latest


def test_retired_rows_are_listed_only_when_asked(pkg_client: TestClient) -> None:
    plain = listed("statements", pkg_client.get("/statements").text)
    assert plain and "st-roe-calm-dup" not in plain
    every = pkg_client.get("/statements?include_retired=true").text
    assert "st-roe-calm-dup" in listed("statements", every)
    assert "jane-roe-old" not in listed("actors", pkg_client.get("/actors").text)


def test_above_the_facet_bound_only_enum_values_are_listed(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lists, "FACET_ROWS", 10)
    monkeypatch.setattr(lists, "FACET_SHOWN", 1)
    html = client.get("/statements").text
    assert 'id="facet-speaker"' not in html  # an id facet waits for a narrower list
    assert re.search(
        r'<li><a href="/statements\?act=[a-z_]+">' + LINK_TEXT + "</li>", html
    )  # no count
    assert "counts by value are given" in html.lower()
    params = {"speaker": "antony-blinken", "attribution": "anonymous_sources"}
    selected = [
        s
        for s in rows("statements")
        if s["speaker_id"] == params["speaker"] and s["attribution"] == params["attribution"]
    ]
    assert len(selected) <= 10
    narrow = client.get("/statements", params=params).text
    articles = Counter(s["article_id"] for s in selected)
    top, n = articles.most_common(1)[0]
    section = narrow.split('id="facet-article"', 1)[1].split("</section>", 1)[0]
    assert f"article={top}" in section and f'<span class="meta">{n}</span>' in section
    assert f"and {len(articles) - 1} more" in section
