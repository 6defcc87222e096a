"""Where the studio renders: the variants, the one chosen, and files it must not replace."""

from __future__ import annotations

from pathlib import Path

from scriptreel.render.batch.variants import Variant, expand_variants, plain_output, variant_output
from scriptreel.render.errors import UsageError
from scriptreel.render.progress import Progress
from scriptreel.render.store.output import sidecars
from scriptreel.script import Script

KEEP_FIX = (
    "move or rename it and render again, start the studio with -o OTHER.mp4, or press "
    "Replace it to lose that file"
)


class FileInTheWay(UsageError):
    """A render refused because a file scriptreel did not write is at one of its outputs; the
    page offers to render again with force."""


class Variants:
    """The script's `variants:` (front matter) and which one the page previews and renders."""

    def __init__(self, base) -> None:
        self.base = base
        """The command line's RenderSettings: its values win over a variant's, as in render."""
        self.known: list[Variant] = []
        self.chosen = ""
        """The chosen variant's label; "" when the script lists none."""

    def update(self, script: Script) -> bool:
        """Read the variants of a newly parsed script; True when the list changed."""
        before = self.labels()
        if script.settings.variants:
            base = self.base
            self.known = expand_variants(
                base,
                sizes=[base.size] if base.size else (),
                themes=[base.theme] if base.theme else (),
                voices=[base.voice] if base.voice else (),
                script=script,
            )
        else:
            self.known = []
        labels = self.labels()
        if self.chosen not in labels:
            self.chosen = labels[0] if labels else ""
        return labels != before

    def labels(self) -> list[str]:
        return [variant.describe() for variant in self.known]

    def check(self, label: str) -> str:
        """`label` if it names a variant ("" keeps the current one); else a ValueError."""
        if label and label not in self.labels():
            raise ValueError(f"unknown variant {label!r}")
        return label or self.chosen

    def current(self) -> Variant | None:
        return next((v for v in self.known if v.describe() == self.chosen), None)

    def settings(self):
        variant = self.current()
        return variant.settings(self.base) if variant else self.base

    def output(self, script_path: Path, output: Path | None) -> Path | None:
        """The video path of the chosen variant, named as `scriptreel render` names it."""
        variant = self.current()
        if variant is None:
            return output
        return variant_output(plain_output(script_path, output), variant)


def studio_render(
    script_path: Path, output: Path | None, settings, progress: Progress, force: bool = False
):
    """Render as `scriptreel render` does; `force` as its --force, once the writer confirmed it.

    A file at the output that scriptreel did not write is refused by the render: that error
    becomes a FileInTheWay, naming the fixes the writer has here.
    """
    from scriptreel.render import render_video

    try:
        return render_video(script_path, output, settings, progress, force=force)
    except UsageError as exc:
        video = plain_output(script_path, output)
        targets = {path.resolve() for path in (video, *sidecars(video))}
        where = Path(exc.where).resolve() if exc.where else None
        if where in targets and where.exists() and where != Path(script_path).resolve():
            raise FileInTheWay(exc.where, exc.problem, KEEP_FIX) from None
        raise
