"""scriptreel: a written script in, a narrated explainer video out.

This folder is installed as the top package `scriptreel`; its parts are `scriptreel.script`
(parsing), `scriptreel.media` (per-segment media) and `scriptreel.render` (the pipeline and the
commands). Nothing heavy is imported here, so `python -m scriptreel --help` stays fast.
"""

__version__ = "0.1.0"
