"""The frame every page shares (base.html: the head, the site's header and footer), for pages
whose main part is written in Python: base.html is rendered once with a marker in place of
each value and block, and cut there, so such a page is its values, escaped, put between the
pieces. Jinja rendering a page that only puts a finished main part in base.html cost about
35 µs, a third of it copying the globals into a new context; this costs about 3 µs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Environment

from statement_ledger.api.explorer.formats import escaped

# The values base.html writes ({{ name }}, escaped), and its two blocks.
VALUES = ("title", "description", "q", "version", "data_version")
BLOCKS = ("head", "main")
SHELL = '{% extends "base.html" %}{% block head %}\x00head\x00{% endblock %}' + (
    "{% block main %}\x00main\x00{% endblock %}"
)


class Frame:
    """base.html, cut at its values and blocks."""

    def __init__(self, env: Environment) -> None:
        text = env.from_string(SHELL).render({name: f"\x00{name}\x00" for name in VALUES})
        pieces = text.split("\x00")
        self.static, self.slots = pieces[0::2], pieces[1::2]
        unknown = set(self.slots) - {*VALUES, *BLOCKS}
        if unknown or not set(BLOCKS) <= set(self.slots):
            # base.html changes a value on its way (a filter) or lost a block: the cut is wrong
            raise ValueError(f"base.html cannot be cut at {sorted(unknown)}")

    def html(self, values: Mapping[str, Any], head: str, main: str) -> str:
        """The page: `values` as base.html writes them (a missing one writes nothing, as an
        undefined value does), `head` and `main` (HTML) in its blocks."""
        out = [self.static[0]]
        for slot, static in zip(self.slots, self.static[1:], strict=True):
            if slot == "main":
                out.append(main)
            elif slot == "head":
                out.append(head)
            elif slot in values:
                out.append(escaped(values[slot]))
            out.append(static)
        return "".join(out)
