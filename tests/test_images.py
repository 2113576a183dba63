"""The image pipeline: upright, cropped around the focus, downsampled (never up), sRGB, cached."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PIL import ImageCms

from builder.assets import QUARTER_TURNS, check_image, resolve_image
from builder.images import clear_memory, crop_box, place_image, target_size
from builder.layout.spec import ImageRules
from builder.model import Image

MM = 72 / 25.4
#: A 100 × 50 mm box: at 300 ppi, 1181 × 590 pixels.
BOX = (100 * MM, 50 * MM)


def banded(width: int, height: int) -> PILImage.Image:
    """Upright: the top half red, the bottom half blue, a green stripe down the left edge."""
    picture = PILImage.new("RGB", (width, height), (200, 30, 30))
    picture.paste((30, 40, 200), (0, height // 2, width, height))
    picture.paste((20, 160, 60), (0, 0, width // 20, height))
    return picture


def save_rotated(upright: PILImage.Image, path: Path, orientation: int = 6) -> None:
    """Store ``upright`` as a camera held on its side would: turned, with the EXIF tag that turns it back."""
    stored = upright.transpose(PILImage.Transpose.ROTATE_90)  # orientation 6 turns it back (ROTATE_270)
    exif = PILImage.Exif()
    exif[0x0112] = orientation
    stored.save(path, quality=92, exif=exif.tobytes())


def model_image(path: Path, focus: tuple[float, float] = (0.5, 0.5)) -> Image:
    image, problems = resolve_image(path.name, None, (path.parent,), path, "image", focus)
    assert not problems, problems
    return image


@pytest.fixture(autouse=True)
def _fresh_memory():
    clear_memory()
    yield
    clear_memory()


def test_the_crop_keeps_the_frame_shape_and_the_focus_inside():
    assert crop_box(6000, 4000, 2.0, (0.5, 0.5)) == (0, 500, 6000, 3500)
    assert crop_box(6000, 4000, 1.0, (0.5, 0.5)) == (1000, 0, 5000, 4000)
    # the focus is centred where the edges allow, and the crop never leaves the picture
    assert crop_box(6000, 4000, 1.0, (0.2, 0.5)) == (0, 0, 4000, 4000)
    assert crop_box(6000, 4000, 1.0, (0.6, 0.5)) == (1600, 0, 5600, 4000)
    assert crop_box(6000, 4000, 1.0, (1.0, 0.0)) == (2000, 0, 6000, 4000)


def test_the_target_is_the_ppi_at_the_placed_size_never_more_than_the_crop():
    assert target_size((0, 0, 6000, 3000), BOX, 300) == (1181, 590)
    assert target_size((0, 0, 800, 400), BOX, 300) == (800, 400)  # never upsampled


def test_the_door_reads_the_upright_size(tmp_path):
    path = tmp_path / "turned.jpg"
    save_rotated(banded(400, 600), path)
    assert PILImage.open(path).size == (600, 400)
    assert check_image(path.read_bytes())[1:] == (400, 600)
    assert 6 in QUARTER_TURNS


def test_a_turned_camera_photo_is_made_upright_cropped_and_downsampled(tmp_path):
    path = tmp_path / "camera.jpg"
    save_rotated(banded(4000, 6000), path)  # stored 6000 × 4000, upright 4000 × 6000
    image = model_image(path)
    assert (image.width_px, image.height_px) == (4000, 6000)
    placed = place_image(image, "hero", "hero", BOX, ImageRules(), tmp_path / "cache")
    made = PILImage.open(placed.file)
    assert made.format == "JPEG" and made.mode == "RGB"
    assert made.size == placed.pixels == (1181, 590)
    assert abs(made.width / made.height - BOX[0] / BOX[1]) < 0.01  # the frame's shape
    assert placed.output_ppi <= 300 and placed.effective_ppi == pytest.approx(4000 / (100 / 25.4))
    # upright: the crop is the middle band, red above blue, the green stripe at the left
    top, bottom = made.getpixel((made.width // 2, 10)), made.getpixel((made.width // 2, made.height - 10))
    assert top[0] > 150 and top[2] < 90, top
    assert bottom[2] > 150 and bottom[0] < 90, bottom
    assert made.getpixel((5, made.height // 2))[1] > 120


def test_the_focus_moves_the_crop(tmp_path):
    path = tmp_path / "wide.png"
    picture = PILImage.new("RGB", (3000, 1000), (255, 255, 255))
    picture.paste((0, 0, 0), (0, 0, 1000, 1000))  # the subject: a black square at the left
    picture.save(path)
    placed = place_image(model_image(path, (0.1, 0.5)), "hero", "hero", (50 * MM, 50 * MM), ImageRules(),
                         tmp_path / "cache")
    assert placed.crop == (0, 0, 1000, 1000)
    assert PILImage.open(placed.file).convert("L").getextrema() == (0, 0)


def test_a_second_placing_is_a_cache_hit_and_a_change_is_not(tmp_path):
    path = tmp_path / "photo.jpg"
    banded(3000, 2000).save(path, quality=90)
    image = model_image(path)
    cache = tmp_path / "cache"
    first = place_image(image, "hero", "hero", BOX, ImageRules(), cache)
    stamp = first.file.stat().st_mtime_ns
    clear_memory()  # a new process: only the files on disk
    second = place_image(image, "hero", "hero", BOX, ImageRules(), cache)
    assert (first.hit, second.hit) == (False, True)
    assert second.file == first.file and second.file.stat().st_mtime_ns == stamp
    assert [p.name for p in cache.iterdir()] == [first.file.name]
    other = place_image(image, "hero", "hero", (BOX[0], BOX[1] / 2), ImageRules(), cache)  # another frame size
    assert not other.hit and other.file != first.file and len(list(cache.iterdir())) == 2


def test_cmyk_with_a_profile_and_without_becomes_srgb(tmp_path):
    cyan = PILImage.new("CMYK", (2000, 1000), (255, 0, 0, 0))
    plain = tmp_path / "cmyk.jpg"
    cyan.save(plain, quality=95)
    placed = place_image(model_image(plain), "hero", "hero", BOX, ImageRules(), tmp_path / "cache")
    made = PILImage.open(placed.file)
    assert made.mode == "RGB"
    red, green, blue = made.getpixel((100, 100))
    assert red < 60 and green > 200 and blue > 200
    # a file with its own (here: sRGB) profile is converted through it
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    tagged = tmp_path / "tagged.png"
    PILImage.new("RGB", (2000, 1000), (10, 120, 240)).save(tagged, icc_profile=srgb)
    made = PILImage.open(place_image(model_image(tagged), "hero", "hero", BOX, ImageRules(),
                                     tmp_path / "cache").file)
    assert all(abs(a - b) <= 3 for a, b in zip(made.getpixel((50, 50)), (10, 120, 240)))


def test_sixteen_bit_grey_keeps_its_tones(tmp_path):
    path = tmp_path / "grey16.png"
    picture = PILImage.new("I", (2400, 1200), 0)
    picture.paste(32768, (1200, 0, 2400, 1200))
    picture.convert("I;16").save(path)
    assert PILImage.open(path).mode == "I;16"
    placed = place_image(model_image(path), "hero", "hero", BOX, ImageRules(), tmp_path / "cache")
    made = PILImage.open(placed.file)
    assert made.mode == "L"
    assert made.getpixel((10, 10)) < 5 and 120 < made.getpixel((made.width - 10, 10)) < 136


def test_line_art_stays_png_flattened_on_white(tmp_path):
    path = tmp_path / "chart.png"
    chart = PILImage.new("RGBA", (2400, 1200), (0, 0, 0, 0))
    chart.paste((196, 22, 28, 255), (200, 200, 1000, 1000))
    chart.save(path)
    placed = place_image(model_image(path), "hero", "hero", BOX, ImageRules(), tmp_path / "cache")
    made = PILImage.open(placed.file)
    assert placed.kind == "line-art" and made.format == "PNG" and made.mode == "RGB"
    assert made.getpixel((2, 2)) == (255, 255, 255)  # the transparent part on paper white
    photo = place_image(model_image(tmp_path / "chart.png"), "hero", "hero", BOX, ImageRules(jpeg_quality=80),
                        tmp_path / "cache")
    assert photo.kind == "line-art"


def test_a_grayscale_layout_makes_grey_images(tmp_path):
    path = tmp_path / "colour.jpg"
    banded(3000, 1500).save(path)
    placed = place_image(model_image(path), "hero", "hero", BOX, ImageRules(grayscale=True), tmp_path / "cache")
    assert PILImage.open(placed.file).mode == "L"


def test_a_small_photo_is_never_upsampled(tmp_path):
    path = tmp_path / "small.png"
    banded(600, 300).save(path)
    placed = place_image(model_image(path), "hero", "hero", BOX, ImageRules(), tmp_path / "cache")
    assert placed.pixels == (600, 300) and placed.effective_ppi < 200


def test_an_upright_srgb_jpeg_with_no_pixels_to_spare_is_placed_as_it_is(tmp_path):
    path = tmp_path / "just-enough.jpg"
    banded(1100, 560).save(path, quality=90)  # the 2:1 box shows 1100 × 550 of it
    placed = place_image(model_image(path), "hero", "hero", BOX, ImageRules(), tmp_path / "cache")
    assert placed.as_is and placed.file == path.resolve() and placed.outcome == "as is"
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_a_file_truncated_after_the_door_is_refused_with_its_name(tmp_path):
    from builder.errors import AssetError
    from builder.images import place_images
    from builder.layout.paper import PAPERS
    from builder.layout.plan import Frame, ImageParams, Plan
    from builder.layout.spec import load_layout, make_grid
    from builder.model import ContentKind, ContentRef
    from builder.project import DATA_ROOT

    path = tmp_path / "photo.jpg"
    banded(3000, 2000).save(path, quality=90)
    image = model_image(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    layout = load_layout(DATA_ROOT / "layouts" / "feature-spread")
    grid = make_grid(layout, PAPERS["broadsheet-cn"])
    plan = Plan("feature-spread", grid, (Frame(ContentRef(ContentKind.HERO), "spread", 0, 0, *BOX, ImageParams()),), (6, 7))

    class Stub:
        hero = image
        sections = ()

    with pytest.raises(AssetError, match="photo.jpg.*(damaged or truncated|image file is truncated)"):
        place_images(Stub(), plan, grid, ImageRules(), tmp_path / "cache")  # type: ignore[arg-type]


def test_the_sample_photo_keeps_its_bytes():
    """The sample's hero (212 ppi as placed) has nothing to lose: it is placed as it is, not re-encoded."""
    from builder.project import SAMPLE_PROJECT

    path = SAMPLE_PROJECT / "assets" / "placeholders" / "hero-panorama.jpg"
    placed = place_image(model_image(path), "hero", "hero", (744 * MM, 192 * MM), ImageRules(),
                         Path("/nonexistent-cache"))
    assert placed.as_is and placed.cropped


def test_model_image_is_upright_for_every_quarter_turn(tmp_path):
    for orientation in (5, 6, 7, 8):
        path = tmp_path / f"o{orientation}.jpg"
        exif = PILImage.Exif()
        exif[0x0112] = orientation
        buffer = io.BytesIO()
        PILImage.new("RGB", (300, 200)).save(buffer, "JPEG", exif=exif.tobytes())
        path.write_bytes(buffer.getvalue())
        assert check_image(path.read_bytes())[1:] == (200, 300)


def test_each_project_gets_its_own_cached_file(tmp_path):
    """The process remembers files it made; a second project's render still reads from its own cache."""
    path = tmp_path / "photo.jpg"
    banded(3000, 2000).save(path, quality=90)
    image = model_image(path)
    first = place_image(image, "hero", "hero", BOX, ImageRules(), tmp_path / "one")
    second = place_image(image, "hero", "hero", BOX, ImageRules(), tmp_path / "two")
    assert first.file.parent == tmp_path / "one" and second.file.parent == tmp_path / "two"
    assert second.file.read_bytes() == first.file.read_bytes()
