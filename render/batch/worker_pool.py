"""Local worker processes for batch: one job at a time each; a worker that dies fails only the
job it was running, and a new worker takes its place."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

STOP_SECONDS = 10.0
"""How long a worker may take to finish after being told to stop, before it is terminated."""


def serve(connection: Connection, work: Callable) -> None:
    """A worker's loop: run `work(*arguments)` for each job sent, send back what it returns."""
    while True:
        try:
            arguments = connection.recv()
        except (EOFError, OSError):  # the batch has gone
            return
        if arguments is None:
            return
        connection.send(work(*arguments))


@dataclass
class Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    job: object | None = None
    """The job it is running; None when idle."""


class WorkerPool:
    """`size` processes running `work` (a module-level function, as spawn pickles it by name).

    Unlike concurrent.futures' pool, which breaks as a whole when one worker dies (failing every
    job in flight), each worker here has its own pipe, so the one that died is known.
    """

    def __init__(self, size: int, work: Callable, context=None):
        self.size = size
        self.work = work
        # Not fork: onnxruntime's threads (Piper) do not survive it.
        self.context = context or multiprocessing.get_context("spawn")
        self.workers: list[Worker] = []

    @property
    def idle(self) -> int:
        return self.size - sum(worker.job is not None for worker in self.workers)

    def submit(self, job, *arguments) -> None:
        """Send `job` (and the rest of work's arguments) to an idle worker, started if need be."""
        worker = next((w for w in self.workers if w.job is None), None) or self._start()
        worker.job = job
        worker.connection.send((job, *arguments))

    def wait(self) -> list[tuple[object, object | None]]:
        """(job, result) for each job that ended; result None when its worker died."""
        busy = [w for w in self.workers if w.job is not None]
        wait([w.connection for w in busy] + [w.process.sentinel for w in busy])
        ended = []
        for worker in busy:
            result, died = None, False
            try:
                if worker.connection.poll():
                    result = worker.connection.recv()
                elif not worker.process.is_alive():
                    died = True
                else:
                    continue
            except (EOFError, OSError):
                died = True
            ended.append((worker.job, result))
            worker.job = None
            if died:
                self._drop(worker)
        return ended

    def close(self) -> None:
        """Stop every worker: idle ones finish at once, busy ones are terminated."""
        for worker in self.workers:
            try:
                if worker.job is None:
                    worker.connection.send(None)
                else:
                    worker.process.terminate()
            except OSError:
                pass
        for worker in self.workers:
            worker.process.join(STOP_SECONDS)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self.workers = []

    def _start(self) -> Worker:
        ours, theirs = self.context.Pipe()
        process = self.context.Process(target=serve, args=(theirs, self.work), daemon=True)
        process.start()
        theirs.close()
        worker = Worker(process, ours)
        self.workers.append(worker)
        return worker

    def _drop(self, worker: Worker) -> None:
        worker.process.join(STOP_SECONDS)
        worker.connection.close()
        self.workers.remove(worker)
