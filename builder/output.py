"""Where a render's PDF goes, and writing it so that nothing is ever half-lost.

Input: the feature folder and the ``-o`` path (or none). Output: the checked
path (:func:`output_path`, called before any layout work) and the file
written there (:func:`write_atomically`). The rules:

- the path names a regular file or nothing yet: never a folder, a device, a
  FIFO or a socket; a symbolic link only with ``--follow-symlinks`` (then
  the file it points to is what is checked and replaced);
- it ends in ``.pdf``: a name like ``proof.png`` would get a PDF;
- never a file inside the feature folder or the toolkit's own source — the
  package, and in a source checkout the whole checkout but its ``out/`` —
  where a render could overwrite its own sources;
- the folder must take a new file *before* the work starts: a read-only or
  full disk, or a folder without permission, is exit 1 naming the path, not
  an internal error after a minute of typesetting;
- the PDF goes to a temporary file beside the target, which replaces it in
  one rename; on any failure, SIGINT, SIGTERM or SIGHUP the temporary file is
  removed and the previous PDF stays byte for byte as it was;
- a new file gets the usual mode (0666 less the umask: 0644 by default); a
  replaced one keeps its own.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from . import files
from .errors import OutputError, Problem, UsageError
from .project import CHECKOUT, PACKAGE_ROOT, find_project_root, out_dir

#: Temporary files being written now: removed on a hard stop (--timeout).
LIVE_TEMPORARIES: set[str] = set()


def default_output(feature_dir: Path) -> Path:
    """``out/<feature>.pdf`` in the feature's project folder (see :func:`~builder.project.out_dir`)."""
    feature_dir = Path(feature_dir).resolve()
    return out_dir(find_project_root(feature_dir)) / f"{feature_dir.name}.pdf"


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def output_path(feature_dir: Path, output: Path | None = None, follow_symlinks: bool = False,
                suffix: str = ".pdf") -> Path:
    """The path a render of ``feature_dir`` writes to, checked; its folder is made and probed.

    ``suffix``: what the file is (``.html`` for ``--emit-html``).

    Raises :class:`~builder.errors.UsageError` (exit 2) for a path the PDF
    may not go to, :class:`~builder.errors.OutputError` (exit 1) for a folder
    that does not take a new file.
    """
    target = Path(os.path.abspath(output if output is not None else default_output(feature_dir)))
    hint = "give -o the path of a PDF file" if output is not None else "give -o another path"

    def refuse(message: str, hint: str = hint) -> UsageError:
        return UsageError(Problem(target, message, code="output-refused", hint=hint))

    if os.path.islink(target):
        if not follow_symlinks:
            raise refuse(f"is a symbolic link (to {os.readlink(target)})",
                         "pass --follow-symlinks to replace the file it points to, or give -o another path")
        target = Path(os.path.realpath(target))
    try:
        kind = files.describe(os.stat(target).st_mode)
    except FileNotFoundError:
        kind = None
    except OSError as error:
        raise OutputError(Problem(target, f"cannot be written: {error.strerror}", code="output-write")) from None
    if kind:
        raise refuse(f"is {kind}, not a PDF file")

    real = os.path.realpath(target)
    if _inside(real, os.path.realpath(feature_dir)):
        raise refuse("is inside the feature folder: a render does not write among its sources")
    own = toolkit_source(real)
    if own:
        raise refuse(f"is inside the toolkit's own folder {own}"
                     + (" (only its out/ takes output)" if own != os.path.realpath(PACKAGE_ROOT) else ""))
    accepted = (".html", ".htm") if suffix == ".html" else (suffix,)
    if output is not None and Path(output).suffix.lower() not in accepted:
        if suffix == ".pdf":
            raise refuse("does not end in .pdf: render writes a PDF, whatever the name says",
                         "give -o a path ending in .pdf ('broadsheet preview' writes pictures)")
        raise refuse(f"does not end in {suffix}: this writes {suffix[1:].upper()}", f"give a path ending in {suffix}")

    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(handle)
        os.unlink(probe)
    except OSError as error:
        raise OutputError(Problem(target, f"cannot be written: {error.strerror} ({target.parent})",
                                  code="output-write")) from None
    return target


def toolkit_source(path: str) -> str | None:
    """The toolkit folder ``path`` (a real path) lies in, where no output may go; None when it is free.

    That is the package (installed or not) and, when it runs from a source
    checkout, the checkout — but the checkout's ``out/``.
    """
    package = os.path.realpath(PACKAGE_ROOT)
    if _inside(path, package):
        return package
    if CHECKOUT is not None:
        checkout = os.path.realpath(CHECKOUT)
        if _inside(path, checkout) and not _inside(path, os.path.join(checkout, "out")):
            return checkout
    return None


def _new_file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def write_atomically(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` through a temporary file and one rename.

    An OSError (a full or read-only disk, no permission) is an
    :class:`~builder.errors.OutputError` naming ``target``; whatever stops the
    write, the temporary file is removed and ``target`` is as it was.
    """
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = _new_file_mode()
    temp = None
    replaced = False
    try:
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        LIVE_TEMPORARIES.add(temp)
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temp, mode)
        os.replace(temp, target)
        replaced = True
    except OSError as error:
        raise OutputError(Problem(target, f"cannot be written: {error.strerror}", code="output-write")) from None
    finally:
        if temp is not None:
            LIVE_TEMPORARIES.discard(temp)
            if not replaced:
                Path(temp).unlink(missing_ok=True)
    return target


def remove_temporaries() -> None:
    """Remove the temporary files of writes still under way (a hard stop)."""
    for temp in list(LIVE_TEMPORARIES):
        Path(temp).unlink(missing_ok=True)
        LIVE_TEMPORARIES.discard(temp)
