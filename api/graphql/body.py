"""Reading a GraphQL request's JSON (a POST body, or the `variables` of a GET) defensively.

Whatever a client sends is refused with a `BadRequest` naming what is wrong, before anything
deeper sees it: bytes that are not UTF-8 (a byte-order mark, UTF-16), nesting deeper than
any real request needs (Python's parser would recurse until RecursionError), integers too
long for Python to read, strings holding a lone surrogate (which no answer could encode),
and a top-level value that is not an object or a list of objects.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

# A real request nests: batch list, operation, variables, input object, list, value.
MAX_DEPTH = 32
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
# Strings (skipped when counting brackets) and the brackets themselves.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*+"|[\[\]{}]', re.DOTALL)
_DEPTH = {"[": 1, "{": 1, "]": -1, "}": -1}


class BadRequest(Exception):
    """A request the server refuses to read: `code` names the class, `message` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _text(data: str | bytes) -> str:
    if isinstance(data, str):
        return data
    if data.startswith(BOMS):
        raise BadRequest("bad_encoding", "the body must be UTF-8 without a byte-order mark")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(
            "bad_encoding", f"the body is not valid UTF-8 (byte {exc.start})"
        ) from None


def nesting(text: str) -> int:
    """How deep arrays and objects nest in JSON `text` (strings skipped), in linear time."""
    steps = (_DEPTH.get(token, 0) for token in _TOKENS.findall(text))
    return max(accumulate(steps, initial=0))


def _check_strings(value: Any) -> None:
    """Refuse a lone surrogate in any string or key (walked without recursion: the nesting
    is already bounded, but a wide value should not cost a deep stack either)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    raise BadRequest(
                        "bad_string", "a string holds a lone surrogate (\\ud800-\\udfff)"
                    ) from None
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def decode(data: str | bytes) -> object:
    """The JSON value of `data`: an object, or a list of objects (a batch); BadRequest for
    anything else."""
    text = _text(data)
    if nesting(text) > MAX_DEPTH:
        raise BadRequest("too_deep", f"JSON nested deeper than {MAX_DEPTH} levels")
    try:
        value = json.loads(text)
    except RecursionError:  # unbalanced brackets can still fool the count above
        raise BadRequest("too_deep", f"JSON nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        raise BadRequest("bad_json", f"the body is not JSON ({exc.msg})") from None
    except ValueError as exc:  # an integer over Python's limit of digits
        raise BadRequest("bad_json", f"the body holds a value Python cannot read: {exc}") from None
    if not isinstance(value, dict) and not (
        isinstance(value, list) and all(isinstance(item, dict) for item in value)
    ):
        raise BadRequest(
            "bad_request", "the body must be a JSON object, or a list of objects (a batch)"
        )
    _check_strings(value)
    return value


def check_operation(
    query: object, variables: object, operation_name: object, extensions: object, max_chars: int
) -> None:
    """Refuse an operation whose members have the wrong JSON type, or a query text longer
    than `max_chars`."""
    if not isinstance(query, str | None):
        raise BadRequest("bad_request", "`query` must be a string")
    if query is not None and len(query) > max_chars:
        raise BadRequest("query_too_long", f"`query` is over {max_chars} characters")
    if not isinstance(variables, dict | None):
        raise BadRequest("bad_request", "`variables` must be an object")
    if not isinstance(operation_name, str | None):
        raise BadRequest("bad_request", "`operationName` must be a string")
    if not isinstance(extensions, dict | None):
        raise BadRequest("bad_request", "`extensions` must be an object")
