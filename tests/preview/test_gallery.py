"""The layout gallery: every layout × paper of the sample, each labelled with what preflight found."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from PIL import Image

from builder.layout.paper import PAPERS
from builder.preview.draw import TONE
from builder.preview.source import proof_of
from tests.conftest import run_cli

LAYOUTS = ("feature-page", "feature-spread")


class _Figures(HTMLParser):
    """The variants of index.html: data attributes of each figure."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = dict(attrs)
        if tag == "figure" and data.get("id"):
            self.figures[data["id"]] = {k: v or "" for k, v in data.items()}


@pytest.fixture(scope="module")
def gallery(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gallery")
    result = run_cli("preview", "--gallery", "--dpi", "24", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    return folder, result


@pytest.mark.slow
def test_the_gallery_writes_one_picture_per_variant_and_the_sheet(gallery):
    folder, result = gallery
    names = {f"{layout}--{paper}.png" for layout in LAYOUTS for paper in PAPERS}
    assert names <= {path.name for path in folder.iterdir()}
    for name in names:
        assert Image.open(folder / name).width > 100
    sheet = Image.open(folder / "gallery.png").convert("RGB")
    assert sheet.width > 1000
    colours = set(sheet.get_flattened_data())
    # Labels: green where it fits, red where text is over.
    assert TONE["ok"] in colours and TONE["error"] in colours
    # Progress, one line per variant as it finishes.
    assert len(re.findall(r"^\[\d/8\] ", result.stdout, re.M)) == 8


@pytest.mark.slow
def test_each_variant_is_labelled_with_what_preflight_found(gallery, sample_build):
    folder, _ = gallery
    parser = _Figures()
    parser.feed((folder / "index.html").read_text(encoding="utf-8"))
    assert set(parser.figures) == {f"{layout}--{paper}" for layout in LAYOUTS for paper in PAPERS}
    tabloid = parser.figures["feature-page--tabloid"]
    expected = proof_of(sample_build(layout="feature-page", paper="tabloid")).summary
    assert tabloid["data-summary"] == expected.text
    # Three sections on one tabloid page do not fit: the label says by how much, in red.
    assert re.match(r"\d+ lines over", tabloid["data-summary"])
    assert "error" in tabloid["class"].split()
    assert parser.figures["feature-spread--broadsheet-cn"]["data-summary"] == "fits"


def test_unknown_layouts_and_papers_are_named(tmp_path):
    result = run_cli("preview", "--gallery", "--layouts", "feature-spread,poster", "--papers", "a4",
                     "-o", str(tmp_path))
    assert result.returncode == 2
    assert "--layouts: unknown layout 'poster' (known: feature-page, feature-spread)" in result.stderr
    assert "--papers: unknown paper 'a4'" in result.stderr
    assert not list(tmp_path.iterdir())


def test_layouts_without_gallery_is_a_usage_error(tmp_path):
    result = run_cli("preview", "--layouts", "feature-page", "-o", str(tmp_path))
    assert result.returncode == 2
    assert "--layouts and --papers choose the variants of --gallery" in result.stderr
