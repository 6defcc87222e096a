"""Open the studio in a browser without putting its token on any command line."""

from __future__ import annotations

import html
import os
import shutil
import tempfile
import webbrowser
from pathlib import Path

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0;url={url}">
<title>scriptreel studio</title>
</head>
<body><p>Opening the studio: <a href="{url}">continue</a>.</p></body>
</html>
"""


def write_launcher(url: str) -> Path:
    """A page that sends the browser on to `url`, readable by this user only.

    A browser is started with the address to open as an argument, which every local user can
    read in /proc/PID/cmdline; the address of this file holds no secret, and the file itself is
    in a private folder (0700) with mode 0600.
    """
    folder = Path(tempfile.mkdtemp(prefix="scriptreel-studio-"))
    path = folder / "open.html"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as page:
        page.write(PAGE.format(url=html.escape(url, quote=True)))
    return path


def open_browser(url: str) -> Path:
    """Open `url` through a launcher page; the page, to remove when the studio stops."""
    path = write_launcher(url)
    webbrowser.open(path.as_uri())
    return path


def remove_launcher(path: Path | None) -> None:
    if path is not None:
        shutil.rmtree(path.parent, ignore_errors=True)
