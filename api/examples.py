"""examples/*.md are documentation and tests at once: a query and the JSON it returns."""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Any

from statement_ledger.api.db import Database
from statement_ledger.api.graphql.compile import Answer
from statement_ledger.api.graphql.view import make_schema
from statement_ledger.api.settings import Settings

BLOCK = re.compile(
    r"```graphql\n(?P<query>.*?)```\n(?P<between>.*?)```json\n(?P<json>.*?)```\n", re.S
)


def run(db: Database, query: str) -> dict[str, Any]:
    """Execute `query` in-process against `db`, as the server would."""
    from statement_ledger.api.graphql.context import Context
    from statement_ledger.api.graphql.loaders import Loaders

    settings = Settings(db_path=Path("unused"))
    context = Context(
        db=db,
        loaders=Loaders(db, settings.max_page_size),
        settings=settings,
        enums=db.catalogue.enums(),
    )
    result = asyncio.run(make_schema(settings).execute(query, context_value=context))
    if result.errors:
        return {"errors": [error.message for error in result.errors]}
    data = result.data
    # an answer compiled to SQL comes as JSON text (the server writes it as it is)
    return {"data": json.loads(data) if isinstance(data, Answer) else data}


def render(db: Database, text: str) -> str:
    """`text` with each ```json block replaced by what its ```graphql block returns now."""

    def replace(match: re.Match[str]) -> str:
        answer = json.dumps(run(db, match["query"]), indent=2, ensure_ascii=False)
        return f"```graphql\n{match['query']}```\n{match['between']}```json\n{answer}\n```\n"

    return BLOCK.sub(replace, text)


def sync(db: Database, folder: Path, check: bool) -> list[Path]:
    """Rewrite (or with `check`, only list) the example files whose results are stale."""
    stale = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        wanted = render(db, text)
        if wanted != text:
            stale.append(path)
            if not check:
                path.write_text(wanted, encoding="utf-8")
    return stale
