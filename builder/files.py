"""Every file the toolkit reads, read through one rule.

Input: a path, the folder it must stay inside (its *root*) and what kind of
file it is. Output: the file's bytes or text — or :class:`FileRefused`
saying why not. The rule, the same for content, images, layouts, templates,
font sets and settings, and for what WeasyPrint fetches:

- the path, with every symbolic link followed, lies inside the root: a link
  that leaves it is refused, and so is ``..`` that climbs out;
- it is a regular file: not a folder, a device, a FIFO or a socket (a FIFO
  would block the read for ever, ``/dev/zero`` would never end);
- it is no larger than the cap of its kind (:data:`CAPS`);
- text is UTF-8; a byte-order mark at its start is dropped.

The file is opened without following a final symbolic link and checked again
on the open descriptor, and never more than the cap is read, so a file that
is swapped or grows after the check gains nothing.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import BroadsheetError, Problem

KIB = 1024
MIB = 1024 * KIB


@dataclass(frozen=True)
class Kind:
    """A kind of file and the most bytes one may have."""

    name: str
    cap: int


MARKDOWN = Kind("Markdown file", 1 * MIB)
YAML = Kind("YAML file", 256 * KIB)
TOML = Kind("TOML file", 256 * KIB)
TEMPLATE = Kind("template", 1 * MIB)
IMAGE = Kind("image", 64 * MIB)
#: a font file a role names (a CJK collection of several weights is large)
FONT = Kind("font file", 128 * MIB)
#: what a render reads besides images and fonts: style sheets
RESOURCE = Kind("file", 64 * MIB)

#: The caps, as documented in the README.
CAPS = {kind.name: kind.cap for kind in (MARKDOWN, YAML, TOML, TEMPLATE, IMAGE, FONT, RESOURCE)}

_BOM = "\ufeff"


class FileRefused(BroadsheetError):
    """A file that may not be read: outside its root, not a regular file, too large, not text."""

    code = "file-refused"

    def __init__(self, path: Path, reason: str, code: str = "file-refused") -> None:
        super().__init__(Problem(path, reason, code=code))
        self.path = path
        self.reason = reason
        self.reason_code = code


def _size(count: int) -> str:
    if count >= MIB:
        return f"{count / MIB:.1f} MB".replace(".0 ", " ")
    if count >= KIB:
        return f"{count / KIB:.0f} KB"
    return f"{count} bytes"


def _a(name: str) -> str:
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def describe(mode: int) -> str | None:
    """What a file of ``st_mode`` is when it is not a regular file ("a folder", "a FIFO"…); None when it is."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(mode: int) -> str | None:
    what = describe(mode)
    return f"is {what}, not a file" if what else None


def confine(path: Path, root: Path, kind: Kind) -> Path:
    """The real path of ``path`` if it may be read as ``kind`` from below ``root``.

    Raises :class:`FileRefused` naming ``path`` (as given) and the reason.
    """
    given = os.path.abspath(path)
    if not _inside(given, os.path.abspath(root)):
        raise FileRefused(path, f"is outside {root}", "file-outside")
    real = os.path.realpath(given)
    if not _inside(real, os.path.realpath(root)):
        raise FileRefused(path, f"is a symbolic link to {real}, outside {root}", "file-outside")
    try:
        status = os.stat(real)
    except FileNotFoundError:
        raise FileRefused(path, "not found", "file-missing") from None
    except OSError as error:
        raise FileRefused(path, f"cannot be read: {error.strerror}", "file-unreadable") from None
    reason = _not_regular(status.st_mode)
    if reason:
        raise FileRefused(path, reason, "file-not-regular")
    if status.st_size > kind.cap:
        raise FileRefused(path, f"is {_size(status.st_size)}; {_a(kind.name)} may have at most {_size(kind.cap)}",
                          "file-too-large")
    return Path(real)


def read_bytes(path: Path, root: Path, kind: Kind) -> bytes:
    """The bytes of ``path``, read under the rule of :func:`confine`."""
    real = confine(path, root, kind)
    try:
        handle = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        raise FileRefused(path, f"cannot be read: {error.strerror}", "file-unreadable") from None
    try:
        reason = _not_regular(os.fstat(handle).st_mode)
        if reason:
            raise FileRefused(path, reason, "file-not-regular")
        chunks = []
        left = kind.cap + 1
        while left > 0:
            chunk = os.read(handle, min(left, MIB))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise FileRefused(path, f"cannot be read: {error.strerror}", "file-unreadable") from None
    finally:
        os.close(handle)
    data = b"".join(chunks)
    if len(data) > kind.cap:
        raise FileRefused(path, f"is over {_size(kind.cap)}, the most {_a(kind.name)} may have", "file-too-large")
    return data


def read_text(path: Path, root: Path, kind: Kind) -> str:
    """The UTF-8 text of ``path`` without a leading byte-order mark."""
    data = read_bytes(path, root, kind)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRefused(path, f"not UTF-8 text (byte {error.start}): save it as UTF-8", "not-utf8") from None
    return text.removeprefix(_BOM)


def is_file(path: Path) -> bool:
    """Whether ``path`` is there as a regular file (a symbolic link counts; reading it checks where it points)."""
    return os.path.lexists(path) and not os.path.isdir(path)


def list_folder(folder: Path, root: Path) -> list[Path]:
    """The entries of ``folder`` (below ``root``), sorted by name, as paths inside ``folder``.

    The folder itself must really be inside ``root``; each entry is read, if
    at all, under the rule of :func:`confine`.
    """
    given = os.path.abspath(folder)
    real = os.path.realpath(given)
    if not _inside(given, os.path.abspath(root)) or not _inside(real, os.path.realpath(root)):
        raise FileRefused(folder, f"is a symbolic link to {real}, outside {root}", "file-outside")
    if not os.path.isdir(real):
        raise FileRefused(folder, "is not a folder", "file-not-regular")
    try:
        names = sorted(os.listdir(real))
    except OSError as error:
        raise FileRefused(folder, f"cannot be read: {error.strerror}", "file-unreadable") from None
    return [Path(folder) / name for name in names]


def folder_inside(folder: Path, root: Path) -> bool:
    """Whether ``folder`` is a folder really inside ``root`` (links followed)."""
    given = os.path.abspath(folder)
    real = os.path.realpath(given)
    return (_inside(given, os.path.abspath(root)) and _inside(real, os.path.realpath(root))
            and os.path.isdir(real))
