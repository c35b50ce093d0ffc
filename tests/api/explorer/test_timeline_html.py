"""The timeline page's HTML written in Python (timeline_html) is what its Jinja template wrote:
the template as it was is kept here (timeline_reference.html) and rendered with the same
context, on the real package, a generated one, and one whose names need escaping."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import pytest
from starlette.testclient import TestClient

from statement_ledger.api.app import create_app
from statement_ledger.api.explorer import timeline_page
from statement_ledger.api.explorer.formats import escaped
from statement_ledger.api.settings import Settings
from statement_ledger.database.build import build

from ledger_fixture import new_package

HERE = Path(__file__).parent
NASTY = "<b>\"Peace\" & 'war'</b> > <script>alert(1)</script>"
# the template extends base.html: a stand-in with the block alone
ENV = jinja2.Environment(
    loader=jinja2.ChoiceLoader([
        jinja2.DictLoader({"base.html": "{% block main %}{% endblock %}"}),
        jinja2.FileSystemLoader(HERE),
    ]),
    autoescape=True,
)  # fmt: skip


def _reference(context: dict[str, Any]) -> str:
    return ENV.get_template("timeline_reference.html").render(context)


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Each timeline page rendered from now on is compared to the reference template's; yields
    the addresses compared."""
    seen: list[str] = []
    real = timeline_page.render_main

    def render_main(request: Any, context: dict[str, Any], *rest: Any) -> Any:
        assert str(context["main"]) == _reference(context), request.url
        seen.append(str(request.url))
        return real(request, context, *rest)

    monkeypatch.setattr(timeline_page, "render_main", render_main)
    yield seen


def _addresses(db: Path) -> list[str]:
    """Timelines of the busiest speakers and events, in every colour, zoomed, with arcs."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    speakers = [r[0] for r in connection.execute(
        "SELECT speaker_id FROM statements WHERE said_on IS NOT NULL GROUP BY 1 "
        "ORDER BY count(*) DESC, 1 LIMIT 3"
    )]  # fmt: skip
    events = [r[0] for r in connection.execute(
        "SELECT e FROM (SELECT occasion_event_id e FROM statements UNION ALL "
        "SELECT about_event_id FROM statements) WHERE e IS NOT NULL GROUP BY 1 "
        "ORDER BY count(*) DESC, 1 LIMIT 3"
    )]  # fmt: skip
    day = connection.execute(
        "SELECT said_on FROM statements WHERE said_on IS NOT NULL ORDER BY said_on "
        "LIMIT 1 OFFSET (SELECT count(said_on) / 2 FROM statements)"
    ).fetchone()[0]
    connection.close()
    year = day[:4]
    out = [
        "/timeline", "/timeline?colour=attribution&links=on", f"/timeline?from={day}&to={day}",
        f"/timeline?from={year}-01-01&to={year}-12-31&colour=outlet",
        f"/timeline?from={year}-04-01&to={year}-06-30", "/timeline?actor=nobody&links=off",
    ]  # fmt: skip
    for key, name in [*(("actor", s) for s in speakers), *(("event", e) for e in events)]:
        out += [
            f"/timeline?{key}={quote(name)}",
            f"/timeline?{key}={quote(name)}&colour=outlet&links=on",
            f"/timeline?{key}={quote(name)}&colour=attribution&from={year}-01-01",
        ]
    return out


def _compare(db: Path, compared: list[str]) -> None:
    addresses = _addresses(db)
    with TestClient(create_app(Settings(db_path=db))) as client:
        for address in addresses:
            assert client.get(address).status_code == 200
    assert len(compared) == len(addresses)


def test_the_real_packages_timelines_are_the_templates(db_path: Path, compared: list[str]) -> None:
    _compare(db_path, compared)


def test_a_generated_packages_timelines_are_the_templates(
    generated_path: Path, compared: list[str]
) -> None:
    _compare(generated_path, compared)


def test_names_needing_escapes_are_escaped_as_the_template_did(
    tmp_path: Path, compared: list[str]
) -> None:
    pkg = new_package(tmp_path)
    for table in ("actors", "events", "outlets"):
        for row in pkg.rows[table]:
            row["name"] = f"{NASTY} {row['name']}"
    pkg.write()
    db = tmp_path / "ledger.db"
    build(tmp_path, db, say=lambda message: None)
    _compare(db, compared)
    with TestClient(create_app(Settings(db_path=db))) as client:
        page = client.get(f"/timeline?event={quote(NASTY)}&colour=outlet").text
        assert "<script>alert" not in page
        page = client.get("/timeline").text  # the key names each speaker
    assert "<script>alert" not in page and escaped(NASTY) in page
