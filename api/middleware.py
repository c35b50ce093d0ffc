"""HTTP manners: a cap on request bodies, and ETag / Cache-Control / 304 on every GET."""

from __future__ import annotations

import json

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


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
    """ETag from the data version on GET/HEAD responses, Cache-Control, and 304 on a match."""

    def __init__(self, app: ASGIApp, max_age: int) -> None:
        self.app = app
        self.max_age = max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        # Weak: the data is the same for every representation (JSON, CSV, gzip) of a URL.
        etag = f'W/"{scope["app"].state.db.data_version}"'
        if_none_match = Headers(scope=scope).get("if-none-match", "")
        not_modified = etag in [t.strip() for t in if_none_match.split(",")]
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
                                (b"cache-control", self._cache_control()),
                            ],
                        }
                    )
                    started = True
                    return
                if status < 400:
                    headers = MutableHeaders(scope=message)
                    headers["ETag"] = etag
                    headers["Cache-Control"] = self._cache_control().decode()
                    headers.add_vary_header("Accept")
            elif started:
                if not message.get("more_body", False):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _cache_control(self) -> bytes:
        return f"public, max-age={self.max_age}".encode()
