"""Run any checkout of scriptreel: the folder to import it from, and the module that starts it.

A checkout keeps script/, media/ and render/ at its top and installs them as scriptreel.*; to
run one that is not installed (another branch, an older commit), its folders are linked under
a `scriptreel` folder in the temp directory. Checkouts from before the one import name run as
they are, with `python -m render`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def _named(tree: Path) -> bool:
    return (tree / "render" / "top" / "__init__.py").is_file()


def import_root(tree: Path) -> Path:
    """A folder that, first on the path, imports this checkout's code."""
    tree = tree.resolve()
    if not _named(tree):
        return tree
    digest = hashlib.sha256(str(tree).encode()).hexdigest()[:12]
    root = Path(tempfile.gettempdir()) / f"scriptreel-tree-{digest}"
    package = root / "scriptreel"
    package.mkdir(parents=True, exist_ok=True)
    links = {name: tree / name for name in ("script", "media", "render")}
    links.update({name: tree / "render" / "top" / name for name in ("__init__.py", "__main__.py")})
    for name, target in links.items():
        if os.path.realpath(package / name) != str(target):
            spare = package / f".{name}.{os.getpid()}"
            spare.unlink(missing_ok=True)
            spare.symlink_to(target)
            os.replace(spare, package / name)
    return root


def module(tree: Path) -> str:
    """What `python -m` runs for this checkout."""
    return "scriptreel" if _named(tree) else "render"
