"""Where the toolkit keeps what it derives from files, to reuse it in later runs.

Input: a project root and a kind (``images``, ``fonts``). Output: a folder for
files named by a hash of everything they were made from, so an entry is never
stale: a changed input is a new name. The folder is
``$XDG_CACHE_HOME/broadsheet/<kind>`` when that variable is set, else the
project's ``.cache/broadsheet/<kind>``; where neither can be written (a
read-only project), and for the sample that comes with the package, the
user's ``~/.cache/broadsheet/<kind>``. Deleting a
cache folder only costs time.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The package's own folder: the bundled sample lives in it, and no cache goes there.
_PACKAGE = Path(__file__).resolve().parent


def cache_root(project_root: Path | None) -> Path:
    """The toolkit's cache folder for a project (not made)."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "broadsheet"
    if project_root is not None and not Path(project_root).resolve().is_relative_to(_PACKAGE):
        return project_root / ".cache" / "broadsheet"
    return user_cache_root()


def user_cache_root() -> Path:
    """Where the cache goes when the project's cannot be written."""
    return Path.home() / ".cache" / "broadsheet"


def cache_roots(project_root: Path | None) -> tuple[Path, ...]:
    """Every folder a project's cached files may be in (what a render may read)."""
    roots = (cache_root(project_root), user_cache_root())
    return roots[:1] if roots[0] == roots[1] else roots


def cache_dir(project_root: Path | None, kind: str) -> Path:
    """The cache folder of one kind, made if need be (the user's cache when the project's cannot be)."""
    folder = cache_root(project_root) / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.access(folder, os.W_OK):
            return folder
    except OSError:
        pass
    folder = user_cache_root() / kind
    folder.mkdir(parents=True, exist_ok=True)
    return folder
