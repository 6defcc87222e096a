"""The studio's web routes: the page, its event stream, saving, rendering, tiles and audition."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from scriptreel.render.studio.document import SaveConflict
from scriptreel.render.studio.events import sse
from scriptreel.render.studio.guard import Guard
from scriptreel.render.studio.session import Session
from scriptreel.script import ScriptreelError

STATIC = Path(__file__).parent / "static"
PAGE_FILES = {
    "studio.css": "text/css",
    "editor.js": "text/javascript",
    "board.js": "text/javascript",
    "cast.js": "text/javascript",
    "studio.js": "text/javascript",
    "icon.svg": "image/svg+xml",
}
KEEPALIVE = 15.0
"""Seconds between comment lines on an idle event stream, so proxies and browsers keep it open."""
# The page needs nothing from anywhere else: say so, so an injected script could not call out.
POLICY = (
    "default-src 'self'; img-src 'self' data:; media-src 'self'; style-src 'self'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PRIVATE = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


class BadRequest(Exception):
    """A request the studio cannot use; its message is the one line the page shows."""


async def page(request: Request) -> Response:
    # The page's script takes the token from the address, keeps it for this tab and drops it
    # from the address bar.
    return FileResponse(
        STATIC / "index.html",
        media_type="text/html",
        headers={**PRIVATE, "Content-Security-Policy": POLICY},
    )


async def read_json(request: Request) -> dict:
    """The body as a JSON object; BadRequest for anything else, however malformed."""
    try:
        data = json.loads(await request.body())
    except (ValueError, RecursionError):  # RecursionError: arrays nested thousands deep
        raise BadRequest("the body is not JSON") from None
    if not isinstance(data, dict):
        raise BadRequest("the body is not a JSON object")
    return data


def encodable(text: str) -> str:
    """`text` if it can be written as UTF-8; a lone surrogate (half of a pair) cannot."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise BadRequest(
            f"the text holds a lone surrogate U+{ord(text[exc.start]):04X} at character "
            f"{exc.start + 1}: not saved — delete that character and save again"
        ) from None
    return text


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in PAGE_FILES:
        return JSONResponse({"message": "no such file"}, 404)
    return FileResponse(STATIC / name, media_type=PAGE_FILES[name], headers=PRIVATE)


async def favicon(request: Request) -> Response:
    # Browsers ask for /favicon.ico whatever the page links to: the same picture, no 404.
    return FileResponse(STATIC / "icon.svg", media_type="image/svg+xml", headers=PRIVATE)


async def events(request: Request) -> Response:
    session: Session = request.app.state.session
    queue = session.hub.subscribe()

    async def stream():
        try:
            while True:
                try:
                    item = await asyncio.wait_for(queue.get(), KEEPALIVE)
                except asyncio.TimeoutError:
                    yield ": keepalive\n\n"
                    continue
                if item is None:
                    return
                yield sse(*item)
        finally:
            session.hub.unsubscribe(queue)

    return StreamingResponse(stream(), media_type="text/event-stream", headers=PRIVATE)


async def save(request: Request) -> Response:
    session: Session = request.app.state.session
    try:
        body = await read_json(request)
        text, base = body.get("text"), body.get("hash")
        if not isinstance(text, str) or not isinstance(base, str):
            raise BadRequest("send JSON with text and hash")
        encodable(text)
    except BadRequest as exc:
        return JSONResponse({"message": str(exc)}, 400)
    try:
        known = await asyncio.to_thread(session.save, text, base)
    except SaveConflict as conflict:
        message = (
            f"{session.file.path.name} changed on disk since it was loaded: not saved — "
            "reload it, or copy your edits and reload"
        )
        return JSONResponse(
            {"message": message, "hash": conflict.current, "text": conflict.text}, 409
        )
    except ScriptreelError as exc:
        return JSONResponse({"message": exc.one_line()}, 422)
    except OSError as exc:
        message = f"{session.file.path}: cannot save ({exc.strerror}) — check the folder's rights"
        return JSONResponse({"message": message}, 422)
    return JSONResponse({"hash": known}, headers=PRIVATE)


async def render(request: Request) -> Response:
    session: Session = request.app.state.session
    try:
        body = await read_json(request) if await request.body() else {}
    except BadRequest as exc:
        return JSONResponse({"message": str(exc)}, 400)
    # `force` comes from the page's "Replace it" button, after the writer confirmed it.
    session.request_render(force=body.get("force") is True)
    return JSONResponse({"queued": True}, 202)


async def choose(request: Request) -> Response:
    session: Session = request.app.state.session
    try:
        choices = await read_json(request)
        await asyncio.to_thread(session.choose, choices)
    except (BadRequest, ValueError) as exc:
        return JSONResponse({"message": str(exc)}, 400)
    return JSONResponse({**session.choices}, headers=PRIVATE)


async def tile(request: Request) -> Response:
    session: Session = request.app.state.session
    script, index = session.script, request.path_params["index"]
    if script is None:
        return JSONResponse({"message": "no such tile"}, 404)
    settings = session.settings()
    try:
        data = await asyncio.to_thread(
            session.thumbs.png,
            script,
            index,
            session.size_for(script),
            settings.theme,
            tuple(settings.fonts),
        )
    except IndexError:
        return JSONResponse({"message": "no such tile"}, 404)
    except ScriptreelError as exc:
        return JSONResponse({"message": exc.one_line()}, 422)
    return Response(data, media_type="image/png", headers={"Cache-Control": "max-age=3600"})


async def _spoken(request: Request, speak, missing: str) -> Response:
    """A WAV that `speak(index)` makes from the session: 404 when there is no such index."""
    try:
        data = await asyncio.to_thread(speak, request.path_params["index"])
    except IndexError:
        return JSONResponse({"message": missing}, 404)
    except ScriptreelError as exc:
        return JSONResponse({"message": exc.one_line()}, 422)
    return Response(data, media_type="audio/wav", headers=PRIVATE)


async def audition(request: Request) -> Response:
    session: Session = request.app.state.session
    return await _spoken(request, session.audition, "no such segment")


async def speaker(request: Request) -> Response:
    session: Session = request.app.state.session
    return await _spoken(request, session.speaker_audition, "no such speaker")


async def media(request: Request) -> Response:
    session: Session = request.app.state.session
    summary = session.summary
    if summary is None:
        return JSONResponse({"message": "nothing rendered yet"}, 404)
    name = request.path_params["name"]
    path = {"video.mp4": summary.output, "captions.vtt": summary.output_file("vtt")}.get(name)
    if path is None or not path.is_file():
        return JSONResponse({"message": "no such file"}, 404)
    types = {"video.mp4": "video/mp4", "captions.vtt": "text/vtt"}
    return FileResponse(path, media_type=types[name], headers=PRIVATE)


ROUTES = [
    Route("/", page),
    Route("/static/{name}", static),
    Route("/favicon.ico", favicon),
    Route("/events", events),
    Route("/api/save", save, methods=["POST"]),
    Route("/api/render", render, methods=["POST"]),
    Route("/api/settings", choose, methods=["POST"]),
    Route("/api/tile/{index:int}.png", tile),
    Route("/api/audition/{index:int}.wav", audition),
    Route("/api/speaker/{index:int}.wav", speaker),
    Route("/media/{name}", media),
]


def build_app(session: Session, token: str, port: int):
    """The ASGI app: Starlette routes behind the Guard (token, Host, body size)."""
    app = Starlette(routes=ROUTES)
    app.state.session = session
    return Guard(app, token, port)
