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

import logging
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path

from script import ScriptreelError
from script.errors import EXIT_FAILED

from .cache import default_root
from .errors import RenderError, UsageError
from .variants import theme_label, voice_label

WORKER_MEMORY = 600 * 2**20
"""Memory planned per worker: one loaded Piper voice (about 560 MB) and a render's buffers."""
RAY_INSTALL = 'install it with: pip install "scriptreel[ray]"'


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
    from .pipeline import render_video
    from .progress import Progress

    os.environ["SCRIPTREEL_CACHE_DIR"] = cache_dir
    try:
        summary = render_video(
            job.script, job.output, job.settings, Progress(quiet=True), force=job.force
        )
    except ScriptreelError as exc:
        return JobResult(job, error=exc.one_line(), exit_code=exc.exit_code)
    except Exception as exc:  # a worker never raises: one job's bug must not stop the batch
        return JobResult(
            job,
            error=f"{job.script}: internal error: {type(exc).__name__}: {exc} — "
            "rerun with --debug and report the traceback",
            exit_code=EXIT_FAILED,
            trace=traceback.format_exc(),
        )
    return JobResult(job, summary=summary)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def available_memory() -> int | None:
    """Bytes the system can give without swapping (MemAvailable), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


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
        _run_ray(scheduler, workers, ray_address, cache_dir, start, on_done)
    else:
        _run_local(scheduler, workers, cache_dir, start, on_done)


def _run_local(scheduler: Scheduler, workers: int, cache_dir: str, start, on_done) -> None:
    import multiprocessing

    # Not fork: onnxruntime's threads (Piper) do not survive it.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    running: dict = {}
    try:
        while not scheduler.done:
            for job in scheduler.take(workers - len(running)):
                start(job)
                running[pool.submit(run_job, job, cache_dir)] = job
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for future in finished:
                job = running.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken = True
                    result = JobResult(
                        job,
                        error=f"{job.script}: the worker process died (killed, or out of memory?)"
                        " — rerun with fewer --workers",
                        exit_code=EXIT_FAILED,
                    )
                scheduler.finish(job, result.ok)
                on_done(result)
            if broken:
                pool.shutdown(wait=False, cancel_futures=True)
                pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def import_ray():
    """Ray, imported only when asked for; a one-line error telling how to install it."""
    try:
        import ray
    except ImportError:
        raise UsageError("--executor ray", "Ray is not installed", RAY_INSTALL) from None
    return ray


def _connect(ray, workers: int, address: str | None) -> bool:
    """Join the cluster at ADDRESS or RAY_ADDRESS, else start Ray here; True if we started it."""
    if ray.is_initialized():
        return False
    quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
    address = address or os.environ.get("RAY_ADDRESS")
    try:
        if address:
            ray.init(address=address, **quiet)
        else:
            # Workers started here import this very copy of scriptreel, not an installed one.
            here = str(Path(__file__).resolve().parents[1])
            path = os.pathsep.join(p for p in (here, os.environ.get("PYTHONPATH")) if p)
            ray.init(
                num_cpus=workers,
                include_dashboard=False,
                runtime_env={"env_vars": {"PYTHONPATH": path}},
                **quiet,
            )
    except ConnectionError as exc:
        raise RenderError(
            f"--ray-address {address}",
            f"cannot reach the Ray cluster ({exc})",
            "start one with 'ray start --head', or check the address",
        ) from None
    return True


def _run_ray(scheduler: Scheduler, workers, address, cache_dir: str, start, on_done) -> None:
    ray = import_ray()
    started = _connect(ray, workers, address)
    try:
        capacity = workers or int(ray.cluster_resources().get("CPU", 1))
        task = ray.remote(run_job).options(num_cpus=1, max_retries=0)
        running: dict = {}
        while not scheduler.done:
            for job in scheduler.take(capacity - len(running)):
                start(job)
                running[task.remote(job, cache_dir)] = job
            finished, _ = ray.wait(list(running), num_returns=1)
            for ref in finished:
                job = running.pop(ref)
                try:
                    result = ray.get(ref)
                except ray.exceptions.RayError as exc:
                    result = JobResult(
                        job,
                        error=f"{job.script}: the Ray task failed ({type(exc).__name__}) — "
                        "rerun with --debug for the worker's traceback",
                        exit_code=EXIT_FAILED,
                        trace=str(exc),
                    )
                scheduler.finish(job, result.ok)
                on_done(result)
    finally:
        if started:
            ray.shutdown()
    sys.stderr.flush()
