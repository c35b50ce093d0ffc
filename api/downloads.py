"""The package itself at stable URLs: descriptor, schemas, CSVs and archived articles."""

from __future__ import annotations

import base64

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from statement_ledger.api.db import Database


async def package_file(request: Request) -> Response:
    db: Database = request.app.state.db
    path = request.url.path.lstrip("/")
    found = db.file(path)
    if found is None:
        raise HTTPException(404, f"no file /{path} in this package")
    content, media_type, sha256 = found
    digest = base64.b64encode(bytes.fromhex(sha256)).decode()
    charset = "; charset=utf-8" if media_type.startswith(("text/", "application/json")) else ""
    return Response(
        content,
        media_type=media_type + charset,
        headers={"Repr-Digest": f"sha-256=:{digest}:"},
    )


routes = [
    Route("/datapackage.json", package_file, methods=["GET", "HEAD"]),
    Route("/schema/{name:str}", package_file, methods=["GET", "HEAD"]),
    Route("/datapackage/{name:str}", package_file, methods=["GET", "HEAD"]),
    Route("/seeds/{name:str}", package_file, methods=["GET", "HEAD"]),
]
