"""Batch jobs as Ray tasks: joining a cluster (or starting Ray here) and running the jobs."""

from __future__ import annotations

import logging
import os
import re
import socket
import sys
import threading
from pathlib import Path

from scriptreel.render.errors import RenderError, UsageError

RAY_INSTALL = 'install it with: pip install "scriptreel[ray]"'
CONNECT_SECONDS = 10.0
"""How long joining a cluster may take: Ray itself retries an unreachable address for minutes."""
_ADDRESS = re.compile(r"(auto|local|(ray://)?([A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5}))")


def parse_ray_address(text: str) -> str:
    """A Ray address as `--ray-address` takes it: HOST:PORT, ray://HOST:PORT, auto or local."""
    found = _ADDRESS.fullmatch(text.strip())
    if not found or (found.group(4) and not 1 <= int(found.group(4)) <= 65535):
        raise ValueError(f"Ray address {text!r} is not HOST:PORT — e.g. 127.0.0.1:6379, or auto")
    return text.strip()


def import_ray():
    """Ray, imported only when asked for; a one-line error telling how to install it."""
    try:
        import ray
    except ImportError:
        raise UsageError("--executor ray", "Ray is not installed", RAY_INSTALL) from None
    return ray


def connect(ray, workers: int | None, address: str | None) -> bool:
    """Join the cluster at ADDRESS or RAY_ADDRESS, else start Ray here; True if we started it."""
    if ray.is_initialized():
        return False
    quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
    address = address or os.environ.get("RAY_ADDRESS")
    if address:
        _join(ray, address, quiet)
        return True
    path = os.pathsep.join(p for p in (_import_root(), os.environ.get("PYTHONPATH")) if p)
    ray.init(
        num_cpus=workers,
        include_dashboard=False,
        runtime_env={"env_vars": {"PYTHONPATH": path}},
        **quiet,
    )
    return True


def _join(ray, address: str, quiet: dict) -> None:
    """ray.init(address) within CONNECT_SECONDS, from a thread, since Ray has no such limit."""
    where = f"--ray-address {address}"
    fix = "start one with 'ray start --head', or check the address"
    refused = _refused(address)
    if refused:  # before Ray, whose retries would print lines of their own for seconds
        raise RenderError(where, f"cannot reach the Ray cluster ({refused})", fix)
    outcome: dict = {}
    quiet = {**quiet, "logging_level": logging.ERROR}

    def joining() -> None:
        try:
            ray.init(address=address, **quiet)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=joining, name="ray-connect", daemon=True)
    thread.start()
    thread.join(CONNECT_SECONDS)
    if thread.is_alive():
        raise RenderError(where, f"no Ray cluster answered within {CONNECT_SECONDS:g} s", fix)
    error = outcome.get("error")
    if isinstance(error, ValueError):  # a malformed address, or Ray without its client
        raise UsageError(where, f"Ray refused the address ({error})", fix)
    if isinstance(error, ConnectionError):
        raise RenderError(where, f"cannot reach the Ray cluster ({error})", fix)
    if error is not None:
        raise error


def _refused(address: str) -> str | None:
    """Why nothing listens at a HOST:PORT address (None if something does, or for auto/local)."""
    found = _ADDRESS.fullmatch(address)
    if not found or not found.group(4):
        return None
    host = found.group(3).strip("[]")
    try:
        socket.create_connection((host, int(found.group(4))), timeout=CONNECT_SECONDS).close()
    except OSError as exc:
        return exc.strerror or str(exc) or type(exc).__name__
    return None


def run_ray(scheduler, workers, address, cache_dir: str, start, on_done, run_job, failed) -> None:
    """Run the scheduler's jobs as Ray tasks; a failed task fails only its own job."""
    ray = import_ray()
    started = connect(ray, workers, address)
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
                    message = (
                        f"{job.script}: the Ray task failed ({type(exc).__name__}) — "
                        "rerun with --debug for the worker's traceback"
                    )
                    result = failed(job, message, str(exc))
                scheduler.finish(job, result.ok)
                on_done(result)
    finally:
        if started:
            ray.shutdown()
    sys.stderr.flush()


def _import_root() -> str | None:
    """The folder that makes workers started here import this very copy of scriptreel: the
    parent of the `scriptreel` folder when the package is one (installed, or linked); None for
    an editable install, which the workers' Python finds on its own."""
    import scriptreel

    folder = Path(scriptreel.__file__).parent
    return str(folder.parent) if folder.name == "scriptreel" else None
