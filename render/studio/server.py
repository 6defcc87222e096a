"""Run the studio: a socket on 127.0.0.1 only, uvicorn serving the app, in front or in a thread."""

from __future__ import annotations

import secrets
import socket
import threading
import time

import uvicorn

from scriptreel.render.studio.app import build_app
from scriptreel.render.studio.session import Session


def bind(port: int) -> socket.socket:
    """A listening-ready socket on the loopback address only (0 picks a free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(("127.0.0.1", port))
    except OSError:
        sock.close()
        raise
    return sock


class StudioServer:
    """The web server of one session; `url` carries the token the page needs."""

    def __init__(self, session: Session, port: int = 0):
        self.session = session
        # The socket is bound before the app exists, so the Host check knows the real port.
        self.socket = bind(port)
        self.port = self.socket.getsockname()[1]
        self.token = secrets.token_urlsafe(24)
        config = uvicorn.Config(
            build_app(session, self.token, self.port),
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=2,
        )
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/?token={self.token}"

    def serve(self) -> None:
        """Serve until Ctrl-C, which stops the studio as `watch` stops: normally, exit 0."""
        self.session.start()
        try:
            self.server.run(sockets=[self.socket])
        except KeyboardInterrupt:  # uvicorn shuts down first, then raises the signal again
            pass
        finally:
            self.session.stop()
            self.socket.close()

    def start(self) -> None:
        """Serve from a thread (for tests and embedding); returns once it accepts connections."""
        self.session.start()
        self._thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self) -> None:
        self.session.hub.close()  # ends the event streams, which would hold the shutdown
        self.server.should_exit = True
        if self._thread:
            self._thread.join(timeout=10)
        self.session.stop()
        self.socket.close()
