"""Run render jobs in parallel, in local worker processes or as Ray tasks, sharing narration.

Jobs that would make the same cache entries (the narration of one script in one voice, or the
cards of one script in one size and theme) are held back until the first of them has finished,
so each entry is made once and read by the rest. Workers find one cache through
SCRIPTREEL_CACHE_DIR, passed with every job.

Local workers: as many as there are cores, but no more than available memory holds at
WORKER_MEMORY each (a worker narrating with Piper holds one loaded voice, about 560 MB), at
least one, and never more than there are jobs; `--workers N` overrides the rule.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from scriptreel.render.batch.labels import theme_label, voice_label
from scriptreel.render.batch.ray_executor import run_ray
from scriptreel.render.batch.worker_pool import WorkerPool
from scriptreel.render.machine import available_memory, cores
from scriptreel.render.store.cache import default_root
from scriptreel.script import ScriptreelError
from scriptreel.script.errors import EXIT_FAILED

WORKER_MEMORY = 600 * 2**20
"""Memory planned per worker: one loaded Piper voice (about 560 MB) and a render's buffers."""


class ExecutorKind(Enum):
    """Where the jobs run."""

    LOCAL = "local"
    """Worker processes on this machine."""
    RAY = "ray"
    """Tasks on a Ray cluster (or a Ray instance started here)."""


@dataclass(frozen=True)
class Job:
    """One video to render."""

    script: Path
    output: Path
    settings: object
    """The RenderSettings of this video."""
    variant: str = ""
    """How this video differs from the script's other videos, for messages."""
    force: bool = False
    """Replace output files that scriptreel did not write."""

    def shares(self) -> tuple[tuple, ...]:
        """Cache work this job has in common with others: its narration, its pictures."""
        s, script = self.settings, str(self.script.resolve())
        voice = voice_label(s.voice) if s.voice else ""
        theme = theme_label(s.theme) if s.theme else ""
        pictures = (s.size, theme, s.fps, s.motion, s.draft, s.burn_captions, s.fonts)
        return (("narration", script, voice, s.speed), ("pictures", script, *pictures))


@dataclass
class JobResult:
    """What became of a job: its RenderSummary, or its error as one line."""

    job: Job
    summary: object | None = None
    error: str | None = None
    exit_code: int = 0
    trace: str | None = None
    """The traceback of an unexpected error, shown with --debug."""

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Scheduler:
    """Hands out jobs in order; a job waits while another holds a share it has not made yet."""

    pending: list[Job]
    made: set = field(default_factory=set)
    held: dict = field(default_factory=dict)
    """Running job's output -> the shares it is making."""

    def take(self, limit: int) -> list[Job]:
        taken: list[Job] = []
        for job in list(self.pending):
            if len(taken) >= limit:
                break
            busy = set().union(*self.held.values())
            fresh = [key for key in job.shares() if key not in self.made]
            if any(key in busy for key in fresh):
                continue
            self.pending.remove(job)
            self.held[job.output] = set(fresh)
            taken.append(job)
        return taken

    def finish(self, job: Job, ok: bool) -> None:
        # A failed job may have made nothing: the next job of its group makes the shares.
        shares = self.held.pop(job.output, set())
        if ok:
            self.made |= shares

    @property
    def done(self) -> bool:
        return not self.pending and not self.held


def run_job(job: Job, cache_dir: str) -> JobResult:
    """Render one job (in a worker); every error comes back as one line, never raised."""
    from scriptreel.render.pipeline import render_video
    from scriptreel.render.progress import Progress

    os.environ["SCRIPTREEL_CACHE_DIR"] = cache_dir
    try:
        job.output.parent.mkdir(parents=True, exist_ok=True)
        summary = render_video(
            job.script, job.output, job.settings, Progress(quiet=True), force=job.force
        )
    except ScriptreelError as exc:
        return JobResult(job, error=exc.one_line(), exit_code=exc.exit_code)
    except OSError as exc:  # the output folder cannot be made
        message = f"{job.output.parent}: cannot make the folder ({exc.strerror or exc}) — check -o"
        return JobResult(job, error=message, exit_code=2)
    except Exception as exc:  # a worker never raises: one job's bug must not stop the batch
        message = (
            f"{job.script}: internal error: {type(exc).__name__}: {exc} — "
            "rerun with --debug and report the traceback"
        )
        return failed(job, message, traceback.format_exc())
    return JobResult(job, summary=summary)


def worker_count(requested: int | None, jobs: int) -> int:
    """--workers if given, else cores, capped by memory at WORKER_MEMORY each and by jobs."""
    if requested:
        return requested
    memory = available_memory()
    by_memory = max(1, memory // WORKER_MEMORY) if memory else cores()
    return max(1, min(cores(), by_memory, jobs))


def run_jobs(
    jobs: Sequence[Job],
    workers: int | None,
    on_done: Callable[[JobResult], None],
    on_start: Callable[[Job], None] | None = None,
    kind: ExecutorKind = ExecutorKind.LOCAL,
    ray_address: str | None = None,
) -> None:
    """Run every job, calling on_start and on_done as they go; failures are results, not raised.

    `workers` is how many run at once; None on Ray means one per CPU of the cluster.
    """
    cache_dir = str(default_root().expanduser().resolve())
    # Each render plans its card encoders for its share of the cores, not for all of them.
    share = max(1, cores() // workers) if workers else 2
    jobs = [
        job if job.settings.jobs else replace(job, settings=replace(job.settings, jobs=share))
        for job in jobs
    ]
    scheduler = Scheduler(list(jobs))
    start = on_start or (lambda job: None)
    if kind is ExecutorKind.RAY:
        run_ray(scheduler, workers, ray_address, cache_dir, start, on_done, run_job, failed)
    else:
        _run_local(scheduler, workers, cache_dir, start, on_done)


def failed(job: Job, message: str, trace: str | None = None) -> JobResult:
    return JobResult(job, error=message, exit_code=EXIT_FAILED, trace=trace)


def _run_local(scheduler: Scheduler, workers: int, cache_dir: str, start, on_done) -> None:
    pool = WorkerPool(workers, run_job)
    try:
        while not scheduler.done:
            for job in scheduler.take(pool.idle):
                start(job)
                pool.submit(job, cache_dir)
            for job, result in pool.wait():
                if result is None:
                    message = (
                        f"{job.script}: the worker process died (killed, or out of memory?) — "
                        "rerun with fewer --workers"
                    )
                    result = failed(job, message)
                scheduler.finish(job, result.ok)
                on_done(result)
    finally:
        pool.close()
