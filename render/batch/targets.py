"""What each job of a batch writes, refused before any job runs when it would write over another
job's script or files (never overridden by --force: a batch never replaces its own input)."""

from __future__ import annotations

from pathlib import Path

from scriptreel.render.batch.executors import Job
from scriptreel.render.editors import editor_formats, media_folder
from scriptreel.render.editors.publish import records
from scriptreel.render.errors import UsageError
from scriptreel.render.store.output import sidecars
from scriptreel.render.store.ownership import record_path


def targets(job: Job) -> tuple[Path, ...]:
    """Every path a job writes: the video, its sidecars and record, and with --export the
    timeline files, their record and the media folder."""
    video = job.output
    paths = [video, *sidecars(video), record_path(video)]
    formats = editor_formats(getattr(job.settings, "export", ()))
    if formats:
        paths += [each.path(video) for each in formats]
        paths += [records(video)[0].path, media_folder(video)]
    return tuple(paths)


def refuse_clashes(jobs: list[Job]) -> None:
    """Refuse a job that would write another job's script, or a file another job writes."""
    scripts = {job.script.resolve(): job for job in jobs}
    written: dict[Path, Job] = {}
    for job in jobs:
        for path in targets(job):
            where = path.resolve()
            if where in scripts:
                raise UsageError(
                    str(path),
                    f"{job.script} {job.variant} would write over the script "
                    f"{scripts[where].script}, another input of this batch".replace("  ", " "),
                    "put {stem} and {variant} in --name, or give the scripts different names",
                )
            other = written.setdefault(where, job)
            if other is not job:
                raise UsageError(
                    str(path),
                    f"{other.script} {other.variant} and {job.script} {job.variant} "
                    f"would both write this {'video' if path == job.output else 'file'}",
                    "put {stem} and {variant} in --name, or give the scripts different names",
                )


def refuse_files_as_folders(jobs: list[Job]) -> None:
    """Refuse an output folder that is a file (or inside one), before any job runs; the folders
    themselves are made by each job as it starts."""
    for folder in {job.output.parent for job in jobs}:
        existing = next((p for p in (folder, *folder.parents) if p.exists()), None)
        if existing is not None and not existing.is_dir():
            raise UsageError(
                str(existing),
                "is a file, not a folder, so the videos cannot be written there",
                "move it away or choose another folder with -o",
            )
