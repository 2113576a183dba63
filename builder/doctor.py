"""The environment a render needs, checked: libraries, fonts, a browser for the tests, folders to write.

Input: a project (its font sets, its output and cache folders). Output: one
:class:`Finding` per check — what was checked, whether it passed, what was
found, and what to install or do when it did not. A failed *required* check
means renders fail or are much slower; an *optional* one (Chromium) only the
live preview's tests and the benchmark's peer need.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .cache import cache_root, user_cache_root
from .errors import BroadsheetError
from .fonts import load_fontset
from .project import Project

#: Pango older than this cannot lay out with WeasyPrint 70.
PANGO_MIN = (1, 44)

#: The Debian package of each family the built-in font sets name.
FONT_PACKAGES = {
    "Noto Serif CJK SC": "fonts-noto-cjk",
    "Noto Sans CJK SC": "fonts-noto-cjk",
    "LXGW WenKai": "fonts-lxgw-wenkai",
    "AR PL UMing CN": "fonts-arphic-uming",
    "AR PL UKai CN": "fonts-arphic-ukai",
}


@dataclass(frozen=True)
class Finding:
    """One check's result."""

    name: str
    ok: bool
    detail: str
    #: what to do when not ok (a sentence)
    fix: str = ""
    #: Debian packages that fix it
    packages: tuple[str, ...] = ()
    #: only the tests and the benchmark need it
    optional: bool = False


def check_typesetter() -> list[Finding]:
    """Pango (a version WeasyPrint 70 lays out with) and HarfBuzz's subsetter (fast PDF font subsets)."""
    try:
        from weasyprint.text.ffi import harfbuzz, harfbuzz_subset, pango
    except (OSError, ImportError) as error:
        return [Finding("Pango", False, f"WeasyPrint cannot load its libraries ({error})",
                        "install Pango", ("libpango-1.0-0", "libpangoft2-1.0-0"))]
    number = pango.pango_version()
    version = (number // 10000, number // 100 % 100, number % 100)
    found = [Finding("Pango", version[:2] >= PANGO_MIN, f"Pango {'.'.join(map(str, version))}",
                     f"WeasyPrint 70 needs Pango {'.'.join(map(str, PANGO_MIN))} or later",
                     ("libpango-1.0-0", "libpangoft2-1.0-0"))]
    hb_version = _harfbuzz_version(harfbuzz.hb_version_atleast)
    subsetting = harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))
    found.append(Finding("HarfBuzz subsetting", subsetting,
                         f"libharfbuzz-subset with HarfBuzz {hb_version}" if subsetting
                         else f"no libharfbuzz-subset (HarfBuzz {hb_version}): fonts are subset with fontTools, "
                              "about 10 s slower a spread",
                         "install HarfBuzz's subsetting library", ("libharfbuzz-subset0",)))
    return found


def _harfbuzz_version(atleast: Callable[[int, int, int], int]) -> str:
    """HarfBuzz's major.minor, found with ``hb_version_atleast`` (the one version call WeasyPrint declares)."""
    major = next((m for m in range(30, 0, -1) if atleast(m, 0, 0)), 0)
    minor = next((n for n in range(99, -1, -1) if atleast(major, n, 0)), 0)
    return f"{major}.{minor}"


def check_font_sets(project: Project) -> list[Finding]:
    """Every font set the project offers: each family installed, each font file a font."""
    found = []
    for name in project.available("fonts", ".toml"):
        path = project.find("fonts", name, ".toml")
        if path is None:
            continue
        try:
            fontset = load_fontset(path)
        except BroadsheetError as error:
            missing = sorted({family for family in FONT_PACKAGES for p in error.problems if repr(family) in p.message})
            found.append(Finding(f"font set {name}", False, "; ".join(p.message for p in error.problems),
                                 f"install the families, or fix {path}",
                                 tuple(sorted({FONT_PACKAGES[f] for f in missing}))))
            continue
        families = sorted({face.family for role in fontset.roles.values() for face in role.faces})
        found.append(Finding(f"font set {name}", True, ", ".join(families)))
    return found


def check_chromium(which: Callable[[str], str | None] = shutil.which) -> Finding:
    """Debian's Chromium: the live preview's browser tests and the benchmark's peer print with it."""
    path = which("chromium")
    if path is None:
        return Finding("Chromium", False, "not found", "only the tests and the benchmark need it",
                       ("chromium",), optional=True)
    try:
        version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        version = path
    return Finding("Chromium", True, version or path, optional=True)


def check_writable(name: str, folder: Path) -> Finding:
    """Whether ``folder`` (made if need be) takes a new file."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".doctor.", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        return Finding(name, False, f"{folder}: {error.strerror or error}",
                       "make the folder writable, or give render -o another path")
    return Finding(name, True, f"{folder} is writable")


def check_cache(project: Project) -> Finding:
    """The cache folder: the project's, or the user's where the project's cannot be written."""
    own = check_writable("cache folder", cache_root(project.root))
    if own.ok:
        return own
    user = check_writable("cache folder", user_cache_root())
    if user.ok:
        return Finding("cache folder", True, f"{own.detail}; the user's {user_cache_root()} is used instead")
    return Finding("cache folder", False, f"{own.detail}; {user.detail}",
                   "set XDG_CACHE_HOME to a writable folder (without a cache every render measures everything)")


def diagnose(project: Project, output: Path) -> list[Finding]:
    """Every check, in the order they are printed."""
    return [*check_typesetter(), *check_font_sets(project), check_chromium(),
            check_writable("output folder", output), check_cache(project)]
