"""SQL that builds JSON: the pieces the compiler (compile.py) puts together into one statement.

Every record is a `json_object` over a row alias; a related row or list is a correlated
subquery. A subquery's value loses SQLite's JSON mark, so each is read back through `json()`
where it is used (`nested`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from statement_ledger.api.query import encode_cursor

# The SQL function that writes a cursor as the resolvers do (base64 of a JSON pair).
CURSOR = "ledger_cursor"
# json_object takes at most this many key-value pairs (SQLite's 127 arguments per function).
MAX_PAIRS = 63


class Unsupported(Exception):
    """The compiler does not cover something the operation asks for: Strawberry answers it."""


class Fallback(Exception):
    """A request's values need Strawberry's answer (an error it reports, a value it refuses)."""


def cursor(first: object, second: object) -> str:
    """`ledger_cursor(a, b)`: the cursor of the pair, as `encode_cursor` writes it."""
    return encode_cursor([first, second])


def quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def text(value: str) -> str:
    """A SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def nested(sql: str) -> str:
    """The JSON a subquery gives, marked as JSON again (NULL stays NULL)."""
    return f"json(({sql}))"


def boolean(condition: str) -> str:
    return f"json(CASE WHEN {condition} THEN 'true' ELSE 'false' END)"


def obj(pairs: Sequence[tuple[str, str]]) -> str:
    """`json_object` of (response name, SQL value) pairs."""
    if len(pairs) > MAX_PAIRS:
        raise Unsupported("too many fields in one object")
    if not pairs:
        return "json_object()"
    return "json_object(" + ", ".join(f"{text(k)}, {v}" for k, v in pairs) + ")"


def array(rows: str, table: str, value: str, alias: str) -> str:
    """A JSON array of `value` over `alias`, a row of `table`, for each rowid (`_r`) `rows`
    gives, in its order (it ends with ORDER BY ... LIMIT, and CROSS JOIN keeps it the outer
    loop); `[]` for none. `rows` carries rowids only: copying whole rows through a subquery
    costs more than reading the columns asked for once."""
    return (
        f"SELECT json_group_array({value}) FROM ({rows}) {alias}o "
        f"CROSS JOIN {quoted(table)} {alias} ON {alias}.rowid = {alias}o._r"
    )


def json_list(column: str) -> str:
    """A list column (a JSON array as text, empty when it has none) as a JSON array."""
    return f"CASE WHEN {column} IS NULL OR {column} = '' THEN json_array() ELSE json({column}) END"


# A parameter's value, worked out per request from the arguments of the field it belongs to.
Getter = Callable[[dict[str, Any]], Any]


@dataclass
class Params:
    """The numbered parameters (`?1`, `?2`, ...) of one statement: each the value of a getter
    over the arguments of one field (a "site"), so the same value can be used many times."""

    sites: list[tuple[Any, Any]] = field(default_factory=list)  # (GraphQLField, FieldNode)
    getters: list[tuple[int, Getter]] = field(default_factory=list)

    def site(self, definition: Any, node: Any) -> int:
        self.sites.append((definition, node))
        return len(self.sites) - 1

    def add(self, site: int, getter: Getter) -> str:
        self.getters.append((site, getter))
        return f"?{len(self.getters)}"
