"""What every resolver can reach: the database, this request's loaders, and the settings."""

from __future__ import annotations

import math
from dataclasses import dataclass

from statement_ledger.api.db import Database
from statement_ledger.api.graphql.loaders import Loaders
from statement_ledger.api.settings import Settings


@dataclass
class Context:
    db: Database
    loaders: Loaders
    settings: Settings
    enums: dict[tuple[str, str], list[str]]
    # When the request's time budget ends (time.monotonic()), shared by a batch's operations.
    deadline: float = math.inf
