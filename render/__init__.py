"""The pipeline and the user's door: plan what is stale, cache, assemble, command line."""

from __future__ import annotations

from scriptreel.render.errors import RenderError, UsageError

__all__ = ["RenderError", "RenderSettings", "RenderSummary", "UsageError", "render_video"]


def __getattr__(name: str):
    # The pipeline imports numpy and media; keep `import render` (and --help) light.
    if name in ("RenderSettings", "RenderSummary", "render_video"):
        from scriptreel.render import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
