"""Files served as they are, each with caching of its own (not the data version's): the explorer's
and GraphiQL's static files under content-hashed URLs, the favicon, and the releases.

A static file's URL carries a hash of its content (`/static/style.css?v=…`): asked with the
current hash, it may be cached for a year as immutable; asked without it (or with an old one),
it is served with the short cache of the rest of the site. A release's files never change once
written, so they are immutable too; the list of releases (`/releases/index.json`) is not.
"""

from __future__ import annotations

import hashlib
import mimetypes
from dataclasses import dataclass
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import BaseRoute, Route

from statement_ledger.api.settings import Settings

HERE = Path(__file__).parent
# URL prefix under /static -> the folder served there
FOLDERS = {"": HERE / "explorer" / "static", "graphiql/": HERE / "graphql" / "static"}
IMMUTABLE = "public, max-age=31536000, immutable"
HASH_LENGTH = 16


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str
    digest: str  # the first HASH_LENGTH hex digits of its sha256

    @property
    def etag(self) -> str:
        return f'"{self.digest}"'


def _media_type(path: Path) -> str:
    guessed = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if guessed.startswith("text/") or guessed in ("application/javascript", "image/svg+xml"):
        return f"{guessed}; charset=utf-8"
    return guessed


def load(folders: dict[str, Path] = FOLDERS) -> dict[str, Asset]:
    """Every file of the folders, by its path under /static (read once, at start-up)."""
    found: dict[str, Asset] = {}
    for prefix, folder in folders.items():
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                body = path.read_bytes()
                digest = hashlib.sha256(body).hexdigest()[:HASH_LENGTH]
                found[prefix + path.name] = Asset(body, _media_type(path), digest)
    return found


ASSETS = load()


def url(name: str) -> str:
    """The content-hashed URL of a static file (a template global)."""
    return f"/static/{name}?v={ASSETS[name].digest}"


def matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match's weak comparison (RFC 9110 13.1.2): `*`, or an entity tag equal to ours
    once both lose a `W/` prefix."""
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in if_none_match.split(","))


def _answer(request: Request, asset: Asset, cache_control: str) -> Response:
    headers = {"ETag": asset.etag, "Cache-Control": cache_control, "Vary": "Accept-Encoding"}
    if matches(request.headers.get("if-none-match", ""), asset.etag):
        return Response(status_code=304, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


async def static_file(request: Request) -> Response:
    asset = ASSETS.get(request.path_params["path"])
    if asset is None:
        raise HTTPException(404, f"no file {request.url.path} on this server")
    settings: Settings = request.app.state.settings
    current = request.query_params.get("v") == asset.digest
    return _answer(request, asset, IMMUTABLE if current else settings.cache_control())


async def favicon(request: Request) -> Response:
    """Browsers ask for /favicon.ico whatever the page says: the same icon as the pages'."""
    settings: Settings = request.app.state.settings
    return _answer(request, ASSETS["favicon.ico"], settings.cache_control())


async def release_file(request: Request) -> Response:
    settings: Settings = request.app.state.settings
    root = settings.releases_dir.resolve()
    asked = request.path_params["path"]
    parts = asked.split("/")
    # Only plain names below the folder: no dot files or '..', no control characters.
    if any(not part or part.startswith(".") or not part.isprintable() for part in parts):
        raise HTTPException(404, f"no file {request.url.path}: see /releases/index.json")
    target = root.joinpath(*parts)
    if not target.is_file() or not target.resolve().is_relative_to(root):
        raise HTTPException(404, f"no file {request.url.path}: see /releases/index.json")
    # A release's own files never change; the list of releases does.
    cache = settings.cache_control() if asked == "index.json" else IMMUTABLE
    response = FileResponse(
        target,
        stat_result=target.stat(),
        headers={"Cache-Control": cache, "Vary": "Accept-Encoding"},
    )
    etag = response.headers["etag"]
    if matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": cache})
    return response


GET = ["GET", "HEAD"]
routes: list[BaseRoute] = [
    Route("/static/{path:path}", static_file, methods=GET),
    Route("/favicon.ico", favicon, methods=GET),
    Route("/releases/{path:path}", release_file, methods=GET),
]
# Paths whose responses carry caching of their own (the data version's ETag is not theirs).
SELF_CACHED = ("/static/", "/favicon.ico", "/releases/")
