"""Package versions (MAJOR.MINOR.PATCH) and the kind of bump between two of them."""

from __future__ import annotations

import re

from statement_ledger.publishing.diff import Level
from statement_ledger.validators.errors import CannotRun

Version = tuple[int, int, int]
PATTERN = re.compile(r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$")


def parse(text: str) -> Version:
    """`1.2.3` as (1, 2, 3); anything else (pre-release tags included) is a CannotRun."""
    match = PATTERN.match(text)
    if not match:
        raise CannotRun(f"'{text}' is not a version MAJOR.MINOR.PATCH such as 1.0.0")
    return int(match[1]), int(match[2]), int(match[3])


def is_version(text: str) -> bool:
    return bool(PATTERN.match(text))


def bump(old: Version, new: Version) -> Level:
    """What kind of step `old` → `new` is (`new` is greater)."""
    if new[0] > old[0]:
        return "major"
    return "minor" if new[1] > old[1] else "patch"


def text(version: Version) -> str:
    return ".".join(map(str, version))
