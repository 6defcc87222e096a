"""Server-sent events: worker threads publish, every open page receives, the latest of each kept."""

from __future__ import annotations

import asyncio
import json
import threading

# A page that opens late still needs the script, the storyboard and the last render or error.
REPLAYED = ("script", "storyboard", "rendered", "error", "settings")


class EventHub:
    """Fans events out from any thread to the asyncio queues of connected pages."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[tuple[asyncio.AbstractEventLoop, asyncio.Queue]] = []
        self._latest: dict[str, dict] = {}
        self._closed = False

    def publish(self, kind: str, data: dict) -> None:
        with self._lock:
            if kind in REPLAYED:
                self._latest[kind] = data
            # A page opening later must not see an error that has since been put right.
            error = self._latest.get("error")
            if error and (kind == "rendered" or (kind == "storyboard" and error.get("source"))):
                del self._latest["error"]
            subscribers = list(self._subscribers)
        for loop, queue in subscribers:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, (kind, data))
            except RuntimeError:  # that page's loop has closed
                pass

    def latest(self, kind: str) -> dict | None:
        with self._lock:
            return self._latest.get(kind)

    def subscribe(self) -> asyncio.Queue:
        queue: asyncio.Queue = asyncio.Queue()
        with self._lock:
            for kind in REPLAYED:
                if kind in self._latest:
                    queue.put_nowait((kind, self._latest[kind]))
            if self._closed:
                queue.put_nowait(None)
            self._subscribers.append((asyncio.get_running_loop(), queue))
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        with self._lock:
            self._subscribers = [(lp, q) for lp, q in self._subscribers if q is not queue]

    def close(self) -> None:
        """End every open stream, so the server can stop without waiting for the pages."""
        with self._lock:
            self._closed = True
            subscribers = list(self._subscribers)
        for loop, queue in subscribers:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, None)
            except RuntimeError:
                pass


def sse(kind: str, data: dict) -> str:
    """One event in the text/event-stream format."""
    return f"event: {kind}\ndata: {json.dumps(data)}\n\n"
