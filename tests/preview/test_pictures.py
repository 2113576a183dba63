"""Proof pictures: the right size for the resolution, overlays where the plan says, nothing else touched."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageChops

from builder.pipeline import Options, build
from builder.preview.draw import FRAME, sheet_view
from builder.preview.files import write_pictures
from builder.preview.raster import picture_size, rasterise
from builder.preview.shapes import parse_layers
from builder.preview.source import Proof, proof_of
from builder.project import SAMPLE_FEATURE, SAMPLE_PROJECT
from tests.conftest import pin_hero, repeat_body, run_cli


@pytest.fixture(scope="module")
def sample_proof(sample_pages) -> Proof:
    return proof_of(sample_pages)


def _pictures(proof: Proof, folder, dpi: float, layers: str) -> dict[str, Image.Image]:
    paths = write_pictures(proof, folder, dpi, layers=parse_layers(layers))
    return {path.stem.rsplit("-", 1)[1]: Image.open(path).convert("RGB") for path in paths}


@pytest.mark.parametrize("dpi", [36, 100])
def test_pictures_are_the_size_the_resolution_gives(sample_proof, sample_spread_pdf, tmp_path, dpi):
    pictures = _pictures(sample_proof, tmp_path, dpi, "frames")
    assert sorted(pictures) == ["page6", "page7", "spread"]
    for name, sheet in zip(("page6", "page7"), sample_proof.overlay.sheets):
        # A whole sheet — trim, bleed, slug — at dpi / 72 pixels a point.
        assert pictures[name].size == picture_size(sheet.width, sheet.height, dpi)
    assert pictures["page6"].size == (round(1190.55 * dpi / 72 + 0.5), round(1615.75 * dpi / 72 + 0.5))
    # The spread is the size of render --as spread's sheet at the same resolution.
    assert pictures["spread"].size == rasterise(sample_spread_pdf.read_bytes(), dpi)[0].size


def _classify(picture: Image.Image, plain: Image.Image, y: int, xs: range) -> str:
    """A row of pixels as characters: B the frame colour, . as the page is without overlays, ? anything else."""
    r, g, b, alpha = FRAME
    blue = tuple(round((c * alpha + 255 * (255 - alpha)) / 255) for c in (r, g, b))
    row = ""
    for x in xs:
        pixel, under = picture.getpixel((x, y)), plain.getpixel((x, y))
        if pixel == under:
            row += "."
        elif all(abs(p - c) <= 30 for p, c in zip(pixel, blue)):
            row += "B"
        else:
            row += "?"
    return row


def test_frames_are_outlined_where_the_plan_puts_them_and_nothing_inside_changes(sample_proof, tmp_path):
    dpi = 100
    picture = _pictures(sample_proof, tmp_path, dpi, "frames")["page6"]
    plain = rasterise(sample_proof.pdf, dpi, [0])[0]
    view = sheet_view(sample_proof.overlay.sheets[0], dpi)
    frame = sample_proof.overlay.frame("section:01")
    left, top, right, bottom = (round(v) for v in view.box(frame.box))
    middle = (top + bottom) // 2
    # Across the frame's left edge, then its right edge: two pixels of outline, inside them the page as it was.
    assert _classify(picture, plain, middle, range(left - 3, left + 6)) == "...BB...."
    assert _classify(picture, plain, middle, range(right - 5, right + 3)) == "...BB..."
    assert _classify(picture, plain, top + 20, range(left - 3, left + 6)) == "...BB...."
    # Inside the frame (clear of the outline) the overlay leaves every pixel alone.
    inside = (left + 4, top + 4, right - 4, bottom - 4)
    assert ImageChops.difference(picture.crop(inside), plain.crop(inside)).getbbox() is None


def test_no_overlay_is_the_plain_rasterisation_of_the_pdf(sample_pdf, tmp_path):
    result = run_cli("preview", "--overlay", "none", "--as", "pages", "--dpi", "40", "-o", str(tmp_path), "-q")
    assert result.returncode == 0, result.stderr
    plain = rasterise(sample_pdf.read_bytes(), 40)
    for index, number in enumerate((6, 7)):
        picture = Image.open(tmp_path / f"jiangbei-2023-page{number}.png").convert("RGB")
        assert picture.size == plain[index].size
        assert ImageChops.difference(picture, plain[index]).getbbox() is None
    assert not (tmp_path / "jiangbei-2023-spread.png").exists()


def test_an_unknown_overlay_is_a_usage_error(tmp_path):
    result = run_cli("preview", "--overlay", "frames,grid", "-o", str(tmp_path))
    assert result.returncode == 2
    assert "--overlay: unknown overlay 'grid' (choose from baseline, columns, frames, problems, or none)" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def overset_proof(tmp_path_factory) -> Proof:
    """Section 02 six times as long, the hero held: the frame overflows by many lines."""
    project = tmp_path_factory.mktemp("overset") / "project"
    (project / "content").mkdir(parents=True)
    shutil.copytree(SAMPLE_PROJECT / "assets", project / "assets")
    folder = project / "content" / "feature"
    shutil.copytree(SAMPLE_FEATURE, folder)
    repeat_body(folder / "sections" / "02-high-quality-life.md", 6)
    return proof_of(build(folder, Options(layout=pin_hero(project))))


def _red(picture: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Share of strongly red pixels in a box."""
    crop = picture.crop(box)
    pixels = list(crop.get_flattened_data())
    return sum(1 for r, g, b in pixels if r > 170 and g < 110 and b < 130 and r - g > 90) / len(pixels)


@pytest.mark.slow
def test_an_overset_frame_is_hatched_red_with_its_line_count(overset_proof, tmp_path):
    dpi = 60
    proof = overset_proof
    frame = proof.overlay.frame("section:02")
    assert frame.overset_lines > 10
    assert proof.stops_render and "lines over" in proof.summary.text
    pictures = _pictures(proof, tmp_path, dpi, "frames")
    index = _sheet_of(proof, frame.box.x)
    plain = rasterise(proof.pdf, dpi, [index])[index]
    picture = pictures[f"page{6 + index}"]
    view = sheet_view(proof.overlay.sheets[index], dpi)
    box = tuple(round(v) for v in view.box(frame.box))
    assert _red(picture, box) > 0.12
    assert _red(plain, box) < 0.03
    # The page's other text frames carry no hatch.
    for other in proof.overlay.frames:
        if other.kind == "text" and other.name != frame.name and _sheet_of(proof, other.box.x) == index:
            assert _red(picture, tuple(round(v) for v in view.box(other.box))) < 0.03, other.name


def _sheet_of(proof: Proof, x: float) -> int:
    return max(i for i, sheet in enumerate(proof.overlay.sheets) if sheet.offset <= x)


@pytest.mark.slow
def test_problems_are_numbered_markers_in_their_frame_with_a_legend_below(overset_proof, tmp_path):
    proof = overset_proof
    markers = [m for m in proof.overlay.markers if m.code == "overset"]
    assert [m.frame for m in markers] == ["section:02"]
    marker, frame = markers[0], proof.overlay.frame("section:02")
    assert frame.box.x <= marker.x <= frame.box.right and frame.box.y <= marker.y <= frame.box.bottom
    assert [m.number for m in proof.overlay.markers] == list(range(1, len(proof.overlay.markers) + 1))
    dpi = 40
    pictures = _pictures(proof, tmp_path, dpi, "frames,problems")
    index = _sheet_of(proof, frame.box.x)
    picture = pictures[f"page{6 + index}"]
    sheet = proof.overlay.sheets[index]
    width, height = picture_size(sheet.width, sheet.height, dpi)
    # The page keeps its size; the legend is a band under it.
    assert picture.width == width and picture.height > height + 40
    band = picture.crop((0, height, width, picture.height))
    assert _red(band, (0, 0, band.width, band.height)) > 0.001


def test_bad_input_names_the_file_and_line_and_writes_nothing(make_feature, tmp_path):
    folder = make_feature({"infographic.yaml": """
        credit: 制图：楼奕
        panels:
          - title: 推动: 发展
            items: [增长]
        """})
    out = tmp_path / "pictures"
    result = run_cli("preview", str(folder), "-o", str(out))
    assert result.returncode == 1
    assert "infographic.yaml:3: malformed YAML" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
