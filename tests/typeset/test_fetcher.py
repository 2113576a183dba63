"""WeasyPrint reads only the project's and the toolkit's files, never the network."""

from __future__ import annotations

import pytest

from builder.errors import LayoutError
from builder.typeset import render
from builder.typeset.fetcher import ConfinedFetchError, ConfinedURLFetcher


def test_files_inside_the_roots_are_served(tmp_path):
    (tmp_path / "a.css").write_text("p { color: red }", encoding="utf-8")
    fetcher = ConfinedURLFetcher((tmp_path,))
    assert fetcher.fetch((tmp_path / "a.css").as_uri()).read() == b"p { color: red }"


@pytest.mark.parametrize("url", ["http://example.com/a.png", "https://example.com/a.css", "ftp://x/y"])
def test_the_network_is_refused(tmp_path, url):
    with pytest.raises(ConfinedFetchError, match="no network"):
        ConfinedURLFetcher((tmp_path,)).fetch(url)


def test_files_outside_the_roots_are_refused(tmp_path):
    inside = tmp_path / "project"
    inside.mkdir()
    with pytest.raises(ConfinedFetchError, match="outside"):
        ConfinedURLFetcher((inside,)).fetch("file:///etc/passwd")
    with pytest.raises(ConfinedFetchError, match="outside"):
        ConfinedURLFetcher((inside,)).fetch((inside / ".." / "x.png").as_uri())


def test_a_render_that_reaches_out_fails_with_a_message(tmp_path):
    html = '<meta charset="utf-8"><img src="https://example.com/x.png">'
    with pytest.raises(LayoutError, match="no network"):
        render(html, (tmp_path,))
