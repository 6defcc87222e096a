"""Keep the studio local: a token on every request, our own Host only, small bodies, safe paths."""

from __future__ import annotations

import json
import secrets
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs

SAVE_LIMIT = 2 * 1024 * 1024
"""Bytes a save may send: far more than any script, far less than would hurt."""
OTHER_LIMIT = 64 * 1024
LIMITS = {"/api/save": SAVE_LIMIT}


def cookie_name(port: int) -> str:
    # Cookies ignore the port: two studios on one machine must not read each other's token.
    return f"scriptreel_studio_{port}"


class Guard:
    """ASGI middleware in front of every route."""

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
        if not (from_query or self._cookie_token(headers)):
            return await refuse(
                send, 403, "missing or wrong token: open the address the studio printed"
            )
        limit = LIMITS.get(scope["path"], OTHER_LIMIT)
        body = await read_body(receive, headers, limit)
        if body is None:
            return await refuse(send, 413, f"request body over {limit // 1024} KB")
        await self.app(
            scope, replay(body, receive), self._with_cookie(send) if from_query else send
        )

    def _query_token(self, scope) -> bool:
        values = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])
        return bool(values) and same(values[0], self.token)

    def _cookie_token(self, headers) -> bool:
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

    return receive


async def refuse(send, status: int, message: str) -> None:
    body = json.dumps({"message": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def inside(root: Path, relative: str) -> Path | None:
    """The file `relative` names under `root`, or None if it would lead anywhere else.

    Refuses absolute paths, `..`, hidden names (our own temp files) and symlinks out of `root`.
    """
    parts = relative.replace("\\", "/").split("/")
    if not relative or relative.startswith("/") or ":" in parts[0]:
        return None
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        return None
    root = root.resolve()
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        return None
    return target
