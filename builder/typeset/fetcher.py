"""The only way WeasyPrint reads files: from the project and the toolkit, never the network.

Input: the folders a render may read from. Output: a
:class:`weasyprint.urls.URLFetcher` that serves ``file:`` URLs below those
folders and ``data:`` URLs, and refuses everything else with an error that
says which URL and why.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class ConfinedFetchError(FatalURLFetchingError):
    """A render asked for something outside the folders it may read."""


class ConfinedURLFetcher(URLFetcher):
    """Serve files from the allowed folders only; no network access at all."""

    def __init__(self, roots: tuple[Path, ...]) -> None:
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=True)
        self.roots = tuple(root.resolve() for root in roots)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file":
            self.refused.append(url)
            raise ConfinedFetchError(f"refused {url!r}: renders read local files only, no network")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            self.refused.append(url)
            raise ConfinedFetchError(f"refused {url!r}: outside the project and toolkit folders")
        if not path.is_file():
            raise ConfinedFetchError(f"missing file {path}")
        return URLFetcherResponse(path.as_uri(), path.read_bytes())
