"""Keep the studio local: a token on every request, our own Host only, small bodies."""

from __future__ import annotations

import json
import secrets
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

SAVE_LIMIT = 2 * 1024 * 1024
"""Bytes a save may send: far more than any script, far less than would hurt."""
OTHER_LIMIT = 64 * 1024
LIMITS = {"/api/save": SAVE_LIMIT}
TOKEN_HEADER = b"x-scriptreel-token"
"""The header the page's scripts send the token in on every call to the API."""


def cookie_name(port: int) -> str:
    # Cookies ignore the port: two studios on one machine must not read each other's token.
    return f"scriptreel_studio_{port}"


def is_shell(path: str) -> bool:
    """The page and its scripts and styles: the same for everyone, holding no data."""
    return path in ("/", "/favicon.ico") or path.startswith("/static/")


class Guard:
    """ASGI middleware in front of every route.

    Browsers send a cookie for 127.0.0.1 to every port there, so any local server could collect
    it: the cookie only opens the page shell, which holds nothing. Everything else (the API, the
    event stream, the media) needs the token in the X-Scriptreel-Token header, which only the
    studio's own page sends, or in the address of an element that cannot send headers.
    """

    def __init__(self, app, token: str, port: int):
        self.app = app
        self.token = token
        self.port = port
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}
        self.origins = {f"http://{host.decode()}".encode() for host in self.hosts}

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            return await self.app(scope, receive, send)
        if scope["type"] != "http":
            return  # no websockets: closing without accepting refuses them
        headers = dict(scope["headers"])
        # DNS rebinding: a page from evil.example resolved to 127.0.0.1 still sends its own Host.
        if headers.get(b"host") not in self.hosts:
            return await refuse(send, 403, "this address is not the studio's")
        origin = headers.get(b"origin")
        if origin is not None and origin not in self.origins:
            return await refuse(send, 403, "requests from other sites are refused")
        from_query = self._query_token(scope)
        shell = is_shell(scope["path"])
        if not (from_query or self._header_token(headers) or (shell and self._cookie(headers))):
            return await refuse(
                send, 403, "missing or wrong token: open the address the studio printed"
            )
        limit = LIMITS.get(scope["path"], OTHER_LIMIT)
        body = await read_body(receive, headers, limit)
        if body is None:
            return await refuse(send, 413, f"request body over {limit // 1024} KB")
        sending = self._with_cookie(send) if from_query and shell else send
        await self.app(scope, replay(body, receive), sending)

    def _query_token(self, scope) -> bool:
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
        return bool(values) and same(values[0], self.token)

    def _header_token(self, headers) -> bool:
        given = headers.get(TOKEN_HEADER)
        return given is not None and same(given.decode("latin-1"), self.token)

    def _cookie(self, headers) -> bool:
        cookie = SimpleCookie()
        try:
            cookie.load(headers.get(b"cookie", b"").decode("latin-1"))
        except Exception:  # a malformed cookie header is just no token
            return False
        morsel = cookie.get(cookie_name(self.port))
        return morsel is not None and same(morsel.value, self.token)

    def _with_cookie(self, send):
        value = f"{cookie_name(self.port)}={self.token}; Path=/; HttpOnly; SameSite=Strict"

        async def sending(message):
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", value.encode())]
            await send(message)

        return sending


def same(given: str, token: str) -> bool:
    """Constant-time comparison; as bytes, since compare_digest refuses non-ASCII text."""
    return secrets.compare_digest(given.encode("utf-8", "replace"), token.encode())


async def read_body(receive, headers, limit: int) -> bytes | None:
    """The whole request body, or None as soon as it is longer than `limit`."""
    declared = headers.get(b"content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        return None
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive):
    """Hand the app the body already read, then the real channel (a stream waits on it to end)."""
    sent = False

    async def receiving():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return receiving


async def refuse(send, status: int, message: str) -> None:
    body = json.dumps({"message": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
