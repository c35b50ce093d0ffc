"""A contradiction's page below the header, written in Python (view_models.contradiction_html,
sides_html, references_html): the same HTML as the template and its macros wrote, on the
curated contradictions and on values that need escaping."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from starlette.testclient import TestClient

from statement_ledger.api.db import Database
from statement_ledger.api.explorer import jsonld, pages, store, view_models

# What contradiction.html wrote below the header before it was written in Python.
TEMPLATE = """{% from "_macros.html" import retired, references_list %}
<p class="kicker">Contradiction <code>{{ c.contradiction_id }}</code> · <span class="tag">{{ c.kind | words }}</span> <span class="tag res-{{ c.resolution }}">{{ c.resolution | words }}</span></p>
<h1>{{ c.summary }}</h1>
{{ retired(c) }}
<section class="resolution" aria-labelledby="res-h">
<h2 id="res-h">What the outside record says</h2>
<p><strong>{{ c.resolution | words | capitalize }}.</strong> {{ c.resolution_note or "No note." }}</p>
{% if c.supported_side %}<p>The record supports side <strong>{{ c.supported_side | upper }}</strong>.</p>{% endif %}
{% if references %}<p>References:</p>{{ references_list(references) }}{% endif %}
</section>
<div class="sides">
{% for label, members in columns %}
<section class="side" aria-labelledby="side-{{ label }}">
  <h2 id="side-{{ label }}">Side {{ label | upper }} <span class="tag">{{ rating(c, label) }}</span></h2>
  {% for side, s in members %}
    {% if side.note %}<p class="side-note">{{ side.note }}</p>{% endif %}
    {% if side.retired %}<p class="retired">This side entry is retired.</p>{% endif %}
    {{ statement_full(s, 3) }}
  {% endfor %}
</section>
{% endfor %}
{% for r, refs in records %}
<section class="side side-record" aria-labelledby="side-{{ r.side }}">
  <h2 id="side-{{ r.side }}">Side {{ r.side | upper }}: the outside record <span class="tag">{{ rating(c, r.side) }}</span></h2>
  {% if columns | length + article_sides | length < 2 %}<p class="side-note">No other article is on the other side of this contradiction: it is the outside record, in these references.</p>{% endif %}
  {% if r.note %}<p>{{ r.note }}</p>{% endif %}
  {{ references_list(refs) }}
</section>
{% endfor %}
{% for a in article_sides %}
<section class="side side-article" aria-labelledby="side-{{ a.side }}">
  <h2 id="side-{{ a.side }}">Side {{ a.side | upper }}: the article itself <span class="tag">{{ rating(c, a.side) }}</span></h2>
  {% if a.note %}<p class="side-note">{{ a.note }}</p>{% endif %}
  <p><a href="/articles/{{ a.article_id }}">{{ a.title or a.article_id }}</a></p>
  <dl class="facts">
    <dt>Printed date</dt><dd>{% if a.printed_date %}<q>{{ a.printed_date }}</q>{% else %}none printed{% endif %}</dd>
    <dt>Published</dt><dd>{{ when(a, 'published_on') }}</dd>
  </dl>
</section>
{% endfor %}
</div>
<p class="api">As data: <a href="/api/v1/contradictions/{{ c.contradiction_id }}">JSON</a></p>"""  # noqa: E501


def normalised(html: str) -> str:
    return re.sub(r"\s+", " ", html).strip()


def both(c: dict[str, Any], columns: Any, records: Any, article_sides: Any) -> tuple[str, str]:
    """The page below the header, from the template and from Python."""
    references = store.cited(c, {r["reference_id"]: r for r in refs_of(c, records)})
    template = pages.templates.env.from_string(TEMPLATE)
    context = {"c": c, "columns": columns, "records": records, "article_sides": article_sides}
    before = template.render(**context, references=references, rating=jsonld.rating)
    after = view_models.contradiction_html(c, references, columns, records, article_sides)
    return normalised(before), normalised(after)


def refs_of(c: dict[str, Any], records: Any) -> list[dict[str, Any]]:
    """The references the contradiction and its record sides cite."""
    return [r for _, refs in records for r in refs] + c.get("_references", [])


def inputs(db: Database, key: str) -> tuple[dict[str, Any], Any, Any, Any]:
    """What the contradiction page gives sides_html, as pages.contradiction gathers it."""
    c = store.as_dict(db, db.query("SELECT * FROM contradictions WHERE contradiction_id = ?",
                                   [key])[0])  # fmt: skip
    sides = store.sides_of(db, [key])[key]
    rows, rel = store.statements_related(db, (s.statement_id for s in sides), with_text=True)
    columns: dict[str, list[Any]] = {}
    for side in sides:
        if side.statement_id in rows:
            columns.setdefault(side.side, []).append(
                (side, view_models.view(rows[side.statement_id], rel))
            )
    records, article_sides = store.other_sides_of(db, key)
    refs = store.references_of(db, [c, *records])
    c["_references"] = store.cited(c, refs)
    return c, sorted(columns.items()), [(r, store.cited(r, refs)) for r in records], article_sides


@pytest.mark.parametrize("which", ["client", "pkg_client"])
def test_sides_as_the_template_wrote_them(which: str, request: pytest.FixtureRequest) -> None:
    client: TestClient = request.getfixturevalue(which)
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    keys = [str(row[0]) for row in db.query("SELECT contradiction_id FROM contradictions")]
    kinds = set()
    for key in keys:
        c, columns, records, article_sides = inputs(db, key)
        before, after = both(c, columns, records, article_sides)
        assert after == before, key
        kinds |= {"records"} if records else set()
        kinds |= {"articles"} if article_sides else set()
        kinds |= {"retired"} if any(s.retired for _, m in columns for s, _ in m) else set()
    assert kinds == {"records", "articles", "retired"} or which == "pkg_client"


AWKWARD = "<b>&\"quoted\" and 'single'</b> & more"


def test_sides_escaped_as_the_template_escaped_them(client: TestClient) -> None:
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    key = next(
        str(row[0])
        for row in db.query("SELECT contradiction_id FROM record_sides")
        if store.other_sides_of(db, str(row[0]))[0]
    )
    c, columns, records, _ = inputs(db, key)
    awkward_ref = {
        "reference_id": "ref-awkward", "url": f"https://example.org/?a=1&b='{AWKWARD}'",
        "title": AWKWARD, "publisher": AWKWARD, "published_on": "2023-10-14",
        "published_on_precision": "month", "published_on_basis": "inferred",
    }  # fmt: skip
    untitled = {**awkward_ref, "reference_id": "ref-untitled", "title": None, "publisher": None}
    records = [({**r, "note": AWKWARD, "side": f"{r['side']}<&>"}, [*refs, awkward_ref, untitled])
               for r, refs in records]  # fmt: skip
    columns = [
        (f"{label}'\"", [(store.Side(c["contradiction_id"], s.id, label, AWKWARD, True), s)
                         for _, s in members])
        for label, members in columns
    ]  # fmt: skip
    article = {
        "side": "z&", "note": AWKWARD, "article_id": "a<1>", "title": AWKWARD,
        "printed_date": AWKWARD, "published_on": "2023-10-14",
        "published_on_precision": "day", "published_on_basis": None,
    }  # fmt: skip
    untitled_article = {**article, "side": "y", "title": None, "note": None, "printed_date": None}
    c = {
        **c, "reference_ids": ["ref-awkward", "ref-untitled"], "supported_side": "z&",
        "summary": AWKWARD, "resolution_note": AWKWARD, "kind": "a_b<", "resolution": "resolved",
        "record_status": "retired", "retired_reason": AWKWARD, "replaced_by": "ct-<'>",
    }  # fmt: skip
    before, after = both(c, columns, records, [article, untitled_article])
    assert AWKWARD not in after and "&#39;single&#39;" in after
    assert after == before
    plain = {**c, "resolution_note": None, "supported_side": None, "replaced_by": None,
             "reference_ids": []}  # fmt: skip
    before, after = both(plain, columns, records, [])
    assert "No note." in after and 'class="retired" role="note"' in after
    assert after == before


def test_statement_in_full_escapes_what_it_links(client: TestClient) -> None:
    """The links and enum values statement_full writes once for every page are escaped."""
    db: Database = client.app.state.db  # type: ignore[attr-defined]
    key = store.latest_contradictions(db, 1)[0]["contradiction_id"]
    s = inputs(db, key)[1][0][1][0][1]
    speaker = {"actor_id": "a<1>", "name": AWKWARD}
    event = {"event_id": "e&'1", "name": AWKWARD + "!"}
    kind, apostrophe = 'q"', "'"
    row = {**s.row, "channel": "x_<y>", "act": "a&b", "quote_kind": kind, "attribution": apostrophe}
    chain = [view_models.Link(AWKWARD, "/actors/a<1>", "speaker<")]
    awkward = view_models.StatementView(
        row, speaker, s.article, s.outlet, event, event, s.when, chain, s.passage
    )
    written = view_models.statement_full(awkward)
    e = html.escape
    assert f'<a href="/actors/{e("a<1>")}">{e(AWKWARD)}</a>' in written
    assert f'<a href="/events/{e(event["event_id"])}">{e(event["name"])}</a>' in written
    role = f'<span class="role">{e("speaker<")}</span> <a href="{e("/actors/a<1>")}">'
    assert role + f"{e(AWKWARD)}</a>" in written
    assert f"<dd>{e('x <y>')}, at" in written
    assert f"<dd>{e('a&b')} · {e(kind)} quote · {e(apostrophe)}</dd>" in written
    assert AWKWARD not in written
