"""HTTP manners: a cap on request bodies; ETag / Cache-Control / 304 on every GET of data; the
security headers of every answer."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote_to_bytes

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from statement_ledger.api.assets import SELF_CACHED, matches


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413 (Content-Length or streamed)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = Headers(scope=scope).get("content-length")
        if length and length.isdigit() and int(length) > self.limit:
            await _too_large(send, self.limit)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _TooLarge:
            await _too_large(send, self.limit)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        {"error": {"code": "payload_too_large", "message": f"request body over {limit} bytes"}}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class CacheHeaders:
    """ETag from the data version on GET/HEAD answers that depend on the data, Cache-Control,
    and 304 when If-None-Match matches it (weakly, or `*`). Files with caching of their own
    (static files, releases) are left to their routes."""

    def __init__(self, app: ASGIApp, cache_control: str) -> None:
        self.app = app
        self.cache_control = cache_control.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "HEAD")
            or scope["path"].startswith(SELF_CACHED)
        ):
            await self.app(scope, receive, send)
            return
        # Weak: the data is the same for every representation (JSON, CSV, gzip) of a URL.
        etag = f'W/"{scope["app"].state.db.data_version}"'
        not_modified = matches(Headers(scope=scope).get("if-none-match", ""), etag)
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                status = message["status"]
                if status == 200 and not_modified:
                    await send(
                        {
                            "type": "http.response.start",
                            "status": 304,
                            "headers": [
                                (b"etag", etag.encode()),
                                (b"cache-control", self.cache_control),
                                (b"vary", VARY),
                            ],
                        }
                    )
                    started = True
                    return
                if status < 400:
                    headers = MutableHeaders(scope=message)
                    headers["ETag"] = etag
                    headers["Cache-Control"] = self.cache_control.decode()
                    headers.add_vary_header("Accept")
                    headers.add_vary_header("Accept-Encoding")
            elif started:
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app(scope, receive, send_with_headers)


# An answer's representation depends on these request headers (format, gzip).
VARY = b"Accept, Accept-Encoding"
# Pages run only the server's own scripts and styles; GraphiQL's editor sets styles inline.
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
GRAPHIQL_POLICY = (
    "default-src 'self'; img-src 'self' data:; font-src 'self' data:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """Every answer: no MIME sniffing and a referrer policy; an HTML page: its Content Security
    Policy."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = GRAPHIQL_POLICY if scope["path"] == "/graphql" else PAGE_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = policy
            await send(message)

        await self.app(scope, receive, send_with_headers)


class InputGuard:
    """A path or query string holding a control character (NUL, line breaks, escape, …) or
    bytes that are not UTF-8 is refused with 400 before any route reads it: no parameter of any
    route can carry them into SQL, a template or a log line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            problem = _odd(scope.get("raw_path") or scope["path"].encode(), "the path")
            problem = problem or _odd(scope.get("query_string", b""), "the query string")
            if problem:
                await _bad_request(scope, send, problem)
                return
        await self.app(scope, receive, send)


def _odd(raw: bytes, where: str) -> str | None:
    decoded = unquote_to_bytes(raw.replace(b"+", b" "))
    try:
        text = decoded.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"{where} holds bytes that are not UTF-8 (at byte {exc.start})"
    control = CONTROL.search(text)
    if control:
        return f"{where} holds a control character (U+{ord(control.group()):04X})"
    return None


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0, DEL and C1


async def _bad_request(scope: Scope, send: Send, message: str) -> None:
    wants_html = "text/html" in Headers(scope=scope).get("accept", "")
    api = scope["path"].startswith(("/api/", "/graphql"))
    if wants_html and not api:
        body = (
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bad request'
            f"</title></head><body><h1>Bad request</h1><p>{message}.</p></body></html>"
        ).encode()
        media = b"text/html; charset=utf-8"
    else:
        body = json.dumps({"error": {"code": "bad_request", "message": message}}).encode()
        media = b"application/json"
    headers = [(b"content-type", media), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})
