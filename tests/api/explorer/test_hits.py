"""Search hits say which row each is (a statement's speaker, date and outlet; what identifies a
row of every other table), with the matching words marked and everything else escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.explorer.formats import date_text, words
from statement_ledger.api.explorer.hits import marked
from statement_ledger.api.settings import Settings
from statement_ledger.database.build import build

from ledger_data import by_id
from ledger_fixture import new_package

HIT = re.compile(
    r'<li><a href="/(\w+)/([^"/]+)">([^\n]*?)</a>\n(?:<p class="meta">([^\n]*)</p>\n)?'
)


def hits(page: str, table: str) -> dict[str, tuple[str, str]]:
    """The hits of one table on a search page: id -> (title HTML, meta line as text)."""
    out = {}
    for found, key, title, meta in HIT.findall(page):
        if found == table:
            text = html.unescape(re.sub(r"<[^>]+>", "", meta or ""))
            out[key] = (title, " ".join(text.split()))
    return out


def test_statement_hits_give_speaker_date_and_outlet(client: TestClient) -> None:
    page = client.get("/search", params={"q": "warning", "in": "statements"}).text
    found = hits(page, "statements")
    statements = by_id("statements", "statement_id")
    actors, articles = by_id("actors", "actor_id"), by_id("articles", "article_id")
    outlets = by_id("outlets", "outlet_id")
    assert len(found) >= 3
    for key, (_title, meta) in found.items():
        row = statements[key]
        outlet = outlets[articles[row["article_id"]]["outlet_id"]]["name"]
        said = date_text(row["said_on"] or None, row["said_on_precision"])
        assert meta.startswith(f"{actors[row['speaker_id']]['name']}, {said}"), meta
        assert f", in {outlet}" in meta, meta


@pytest.mark.parametrize(
    ("table", "query", "identity"),
    [
        ("actors", "Blinken", lambda row, ids: [words(row["kind"]), row["country"]]),
        (
            "articles",
            "Azerbaijan",
            lambda row, ids: [
                f"in {ids['outlets'][row['outlet_id']]['name']}",
                date_text(row["published_on"] or None, row["published_on_precision"]),
            ],
        ),
        (
            "events",
            "border",
            lambda row, ids: [
                words(row["kind"]),
                date_text(row["start_date"] or None, row["start_date_precision"]),
            ],
        ),
        (
            "contradictions",
            "readout",
            lambda row, ids: [words(row["kind"]), words(row["resolution"])],
        ),
    ],
)
def test_other_hits_say_what_identifies_them(
    client: TestClient, table: str, query: str, identity: object
) -> None:
    page = client.get("/search", params={"q": query, "in": table}).text
    found = hits(page, table)
    id_column = {"actors": "actor_id", "articles": "article_id", "events": "event_id"}.get(
        table, "contradiction_id"
    )
    rows = by_id(table, id_column)
    ids = {"outlets": by_id("outlets", "outlet_id")}
    assert found
    for key, (_, meta) in found.items():
        for part in identity(rows[key], ids):  # type: ignore[operator]
            assert part in meta, (key, part, meta)


def test_an_affiliation_is_named(client: TestClient) -> None:
    actors = by_id("actors", "actor_id")
    member = next(
        a for a in actors.values() if a["affiliation_id"] and a["name"] == "Matthew Miller"
    )
    page = client.get("/search", params={"q": "Matthew Miller", "in": "actors"}).text
    _, meta = hits(page, "actors")[member["actor_id"]]
    assert f"of {actors[member['affiliation_id']]['name']}" in meta


def test_marked_escapes_all_but_its_own_markers() -> None:
    value = 'a <b>\x02border\x03</b> & "x" \x02<i>\x03'
    assert str(marked(value)) == (
        "a &lt;b&gt;<mark>border</mark>&lt;/b&gt; &amp; &#34;x&#34; <mark>&lt;i&gt;</mark>"
    )
    assert str(marked('["a<", "\x02b\x03"]', is_list=True)).startswith("a&lt;")


@pytest.fixture(scope="module")
def hostile_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The small package, its statement's claim and its speaker's name holding markup."""
    root = tmp_path_factory.mktemp("hostile")
    pkg = new_package(root)
    pkg.row("statements", "st-roe-calm")["claim"] = 'The <b>border</b> is "calm" & <script>x'
    pkg.row("actors", "jane-roe")["name"] = "Jane <i>Roe</i>"
    pkg.write()
    path: Path = root / "ledger.db"
    build(root, path, say=lambda message: None)
    with TestClient(create_app(Settings(db_path=path))) as test_client:
        yield test_client


def test_markup_in_the_data_is_shown_as_text(hostile_client: TestClient) -> None:
    page = hostile_client.get("/search", params={"q": "border calm"}).text
    title, meta = hits(page, "statements")["st-roe-calm"]
    assert title == (
        "The &lt;b&gt;<mark>border</mark>&lt;/b&gt; is &#34;<mark>calm</mark>&#34; &amp; "
        "&lt;script&gt;x"
    )
    assert meta.startswith("Jane <i>Roe</i>, 14 Oct 2023")  # as text: the tags were escaped
    assert "<script>x" not in page and "<i>Roe" not in page


FLAG = re.compile(r'<span class="flag flag-([\w-]+)">')


def item_flags(page: str, key: str) -> list[str]:
    """The markers of the list item or hit of statement `key` on a page, as elements."""
    start = page.index(f'<a href="/statements/{key}">')
    return FLAG.findall(page[start : page.index("</li>", start)])


@pytest.mark.parametrize("query", ["invade", "denied", "warning", "Blinken"])
def test_statement_hits_carry_the_markers_their_speakers_page_shows(
    client: TestClient, query: str
) -> None:
    page = client.get("/search", params={"q": query, "in": "statements"}).text
    statements = by_id("statements", "statement_id")
    found = hits(page, "statements")
    assert found
    flagged = 0
    for key in found:
        speaker_page = client.get(f"/actors/{statements[key]['speaker_id']}").text
        assert item_flags(page, key) == item_flags(speaker_page, key), key
        flagged += bool(item_flags(page, key))
    assert flagged or query != "invade"  # the anonymous, denied warning is among its hits
