"""Pages whose main part is written in Python are put in base.html's frame without Jinja
(frame.Frame): the page must be what Jinja writes for a template that only fills base.html's
blocks, whatever the values hold."""

from __future__ import annotations

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment
from markupsafe import Markup, escape

from statement_ledger.api.explorer import pages
from statement_ledger.api.explorer.formats import escaped
from statement_ledger.api.explorer.frame import Frame

SHELL = (
    '{% extends "base.html" %}{% block head %}{{ jsonld }}{% endblock %}'
    "{% block main %}{{ main }}{% endblock %}"
)
AWKWARD = "<b>&amp; \"quoted\" 'single' — Ağdam “x” \x01 {{ not a tag }} %}"


@pytest.mark.parametrize(
    "values",
    [
        {"title": "Timeline", "description": "d", "version": "1.0.0", "data_version": "abc"},
        {"title": AWKWARD, "description": AWKWARD, "q": AWKWARD, "version": 3, "data_version": ""},
        {"title": Markup("<em>kept</em>"), "q": None, "version": None},  # unset ones write nothing
        {},
    ],
)
@pytest.mark.parametrize(
    "head", ["", '<script type="application/ld+json">{"a": "<\\/b>"}</script>']
)
def test_the_frame_writes_what_jinja_writes(values: dict[str, object], head: str) -> None:
    main = f"<h1>{AWKWARD}</h1>\n<p>\x00</p>"  # main and head are HTML already, put as they are
    jinja = pages.templates.env.from_string(SHELL).render(
        {**values, "jsonld": Markup(head), "main": Markup(main)}
    )
    assert pages.FRAME.html(values, head, main) == jinja


def test_a_value_changed_on_its_way_cannot_be_cut() -> None:
    base = (pages.HERE / "templates" / "base.html").read_text(encoding="utf-8")
    changed = base.replace("{{ title }}", "{{ title | upper }}")
    assert changed != base
    env = Environment(
        loader=ChoiceLoader([DictLoader({"base.html": changed}), pages.templates.env.loader]),
        autoescape=True,
    )
    env.globals.update(pages.templates.env.globals)
    with pytest.raises(ValueError, match="TITLE"):
        Frame(env)


class Html:
    """Not a str, but HTML by its __html__ (as markupsafe treats it)."""

    def __html__(self) -> str:
        return "<i>as it is</i>"


@pytest.mark.parametrize(
    "value",
    [AWKWARD, "", "plain", Markup("<b>kept</b> &amp;"), Html(), 42, None, 1.5, ["<a>", "'"]],
)
def test_escaped_writes_what_markupsafe_writes(value: object) -> None:
    """The pages written in Python escape with formats.escaped, a str rather than a Markup."""
    assert escaped(value) == str(escape(value))
    assert type(escaped(value)) is str
