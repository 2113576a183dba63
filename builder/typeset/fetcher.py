"""The only way WeasyPrint reads files: from the project and the toolkit, never the network.

Input: the folders a render may read from (the project, the toolkit, the
cache of print-ready images and fonts) and single files it may read besides
(a font file named on the command line: that file, not its folder). Output: a
:class:`weasyprint.urls.URLFetcher` that serves ``file:`` URLs below those
folders — under the same rule as every other read (:mod:`builder.files`: no
link out of its folder, regular files, capped sizes) — and ``data:`` URLs,
and refuses everything else with an error that says which URL and why. An
image is served only when it is of a placed raster format, so WeasyPrint
never falls back to reading it as SVG.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from .. import files
from ..assets import IMAGE_SUFFIXES, ImageRefused, sniff_image
from ..fonts import FONT_SUFFIXES


class ConfinedFetchError(FatalURLFetchingError):
    """A render asked for something outside the folders it may read."""


class ConfinedURLFetcher(URLFetcher):
    """Serve files from the allowed folders only; no network access at all."""

    def __init__(self, roots: tuple[Path, ...], allowed_files: tuple[Path, ...] = ()) -> None:
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.roots = tuple(Path(os.path.abspath(root)) for root in roots)
        self.files = frozenset(Path(os.path.abspath(path)) for path in allowed_files)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file":
            self.refused.append(url)
            raise ConfinedFetchError(f"refused {url!r}: renders read local files only, no network")
        path = Path(os.path.abspath(unquote(parts.path)))
        root = next((root for root in self.roots if path.is_relative_to(root)), None)
        if root is None and path in self.files:
            root = path.parent  # this one file, allowed by name
        if root is None:
            self.refused.append(url)
            raise ConfinedFetchError(f"refused {url!r}: outside the project and toolkit folders")
        image = path.suffix.lower() in IMAGE_SUFFIXES
        kind = files.IMAGE if image else files.FONT if path.suffix.lower() in FONT_SUFFIXES else files.RESOURCE
        try:
            data = files.read_bytes(path, root, kind)
            if image:
                sniff_image(data)
        except files.FileRefused as refused:
            self.refused.append(url)
            raise ConfinedFetchError(f"refused {url!r}: {path} {refused.reason}") from None
        except ImageRefused as refused:
            self.refused.append(url)
            raise ConfinedFetchError(f"refused {url!r}: {path} {refused}") from None
        return URLFetcherResponse(path.as_uri(), data)
