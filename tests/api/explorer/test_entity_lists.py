"""Actor, outlet and event pages list the newest of their rows, as many as a page of the
statements list shows, and say how many there are and where the rest are."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest

from statement_ledger.api.explorer.lists import PAGE_SIZE
from statement_ledger.api.explorer.pages import LIST_LIMIT

from ledger_server import serving

ACTIVE = "record_status = 'active'"


@pytest.fixture(scope="module")
def site(generated_path: Path) -> Iterator[str]:
    with serving(generated_path) as base:
        yield base


def most(path: Path, sql: str) -> tuple[str, int]:
    """The key with the most rows, and how many."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        key, count = connection.execute(f"{sql} GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1").fetchone()
    assert count > LIST_LIMIT, "the generated package no longer has a long enough list"
    return str(key), int(count)


def get(url: str) -> str:
    with urlopen(url, timeout=30) as answer:
        assert answer.status == 200
        return str(answer.read().decode())


def section(page: str, heading_id: str) -> str:
    start = page.index(f'aria-labelledby="{heading_id}"')
    return page[start : page.index("</section>", start)]


def test_entity_pages_list_a_page_of_the_statements_list() -> None:
    assert LIST_LIMIT == PAGE_SIZE


def test_an_actor_page_lists_the_newest_and_links_to_all(site: str, generated_path: Path) -> None:
    speaker, count = most(
        generated_path, f"SELECT speaker_id, count(*) FROM statements WHERE {ACTIVE}"
    )
    said = section(get(f"{site}/actors/{speaker}"), "said-h")
    assert said.count('class="statement-item') == LIST_LIMIT
    assert f"Showing the latest {LIST_LIMIT} of {count};" in said
    assert f'<a href="/statements?speaker={speaker}">all of them</a>' in said
    assert f"<strong>{count}</strong> statements match" in get(
        f"{site}/statements?speaker={speaker}"
    )


def test_an_outlet_page_lists_its_newest_articles_and_links_to_all(
    site: str, generated_path: Path
) -> None:
    outlet, count = most(generated_path, f"SELECT outlet_id, count(*) FROM articles WHERE {ACTIVE}")
    published = section(get(f"{site}/outlets/{outlet}"), "art-h")
    assert published.count('<li><a href="/articles/') == LIST_LIMIT
    assert f"Showing the latest {LIST_LIMIT} of {count} articles;" in published
    link = f"/api/v1/articles?outlet={outlet}"
    assert f'<a href="{link}">' in published
    assert f'"outlet_id":"{outlet}"' in get(f"{site}{link}").replace(" ", "")


def test_an_event_page_lists_the_newest_said_about_it(site: str, generated_path: Path) -> None:
    about_an_event = f"{ACTIVE} AND about_event_id <> ''"
    event, count = most(
        generated_path, f"SELECT about_event_id, count(*) FROM statements WHERE {about_an_event}"
    )
    about = section(get(f"{site}/events/{event}"), "about-h")
    assert about.count('class="statement-item') == LIST_LIMIT
    assert f"Showing the latest {LIST_LIMIT} of {count};" in about
    assert f'<a href="/statements?event={event}">all of them</a>' in about
