"""Swapping fonts and images from the command line and the content: what the PDF then carries."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader

from builder.check import preflight
from builder.pipeline import Options, Overrides, build, export
from builder.project import SAMPLE_FEATURE
from tests.conftest import LEFT_OUT, run_cli
from tests.test_images import save_rotated

pytestmark = pytest.mark.slow

#: Text of the first section's body, and of the hero's caption.
BODY_TEXT = "新年伊始"


def fonts_of(pdf: Path, text: str) -> set[str]:
    """The PDF font names the characters of ``text`` are drawn with."""
    with pdfplumber.open(pdf) as document:
        names = set()
        for page in document.pages:
            chars = page.chars
            drawn = "".join(char["text"] for char in chars)
            start = drawn.find(text)
            if start >= 0:
                names.update(char["fontname"] for char in chars[start:start + len(text)])
        return names


def embedded_face(pdf: Path, font_name_part: str) -> TTFont:
    """The font program the PDF embeds under a font name containing ``font_name_part``."""
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            descendant = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            if font_name_part in descriptor["/FontName"]:
                stream = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                return TTFont(io.BytesIO(stream.get_object().get_data()))
    raise AssertionError(f"no font named like {font_name_part!r} in {pdf}")


def frames(result) -> dict[str, tuple[float, ...]]:
    return {f.name: tuple(round(v, 3) for v in (f.x, f.y, f.width, f.height)) for f in result.plan.frames}


@pytest.mark.parametrize("fontset, body_font", [
    ("noto", "Noto-Serif-CJK-SC"),
    ("classic", "AR-PL-UMing-CN"),
    ("wenkai", "LXGW-WenKai"),
])
def test_each_built_in_set_sets_the_sample_on_the_same_frames_and_checks_clean(
        sample_pages, fontset, body_font, tmp_path):
    result = build(SAMPLE_FEATURE, Options(overrides=Overrides(fontset=fontset)))
    assert result.fonts.name == fontset
    assert frames(result) == frames(sample_pages)  # a face changes no frame
    result = export(result)
    pdf = tmp_path / f"{fontset}.pdf"
    pdf.write_bytes(result.pdf.data)
    assert {name.split("+", 1)[1] for name in fonts_of(pdf, BODY_TEXT)} <= {body_font, f"{body_font}-Light"}
    report = preflight(result)
    assert report.errors == [] and report.warnings == [], [str(issue) for issue in report.issues]


def test_a_font_file_given_for_the_body_is_the_face_the_pdf_embeds(test_font, tmp_path):
    pdf = tmp_path / "out.pdf"
    result = run_cli("render", "-q", "--font", f"body={test_font}", "-o", str(pdf))
    assert result.returncode == 0, result.stderr
    names = fonts_of(pdf, BODY_TEXT)
    assert len(names) == 1 and "BroadsheetTestKai-Regular" in next(iter(names))
    face = embedded_face(pdf, "BroadsheetTestKai")
    assert face["name"].getDebugName(6) == "BroadsheetTestKai-Regular"
    assert face["name"].getDebugName(1) == "Broadsheet Test Kai"


def test_fonts_lists_what_a_face_lacks_with_file_and_line_and_check_stops_on_it(test_font):
    listed = run_cli("fonts", "--json", "--font", f"caption={test_font}")
    assert listed.returncode == 3, listed.stderr
    document = json.loads(listed.stdout)
    caption = next(role for role in document["roles"] if role["role"] == "caption")
    assert caption["faces"][0]["family"] == "Broadsheet Test Kai" and caption["faces"][0]["loaded"]
    gap = caption["uncovered"][0]
    assert gap["char"] == LEFT_OUT and gap["codepoint"] == "U+8776"
    assert [(Path(p["file"]).name, p["line"]) for p in gap["places"]] == [("feature.md", 16)]
    text = run_cli("fonts", "--font", f"caption={test_font}")
    assert f"missing: '{LEFT_OUT}' U+8776 at " in text.stdout and "feature.md:16" in text.stdout

    checked = run_cli("check", "--json", "-q", "--font", f"caption={test_font}")
    assert checked.returncode == 3
    issue = next(i for i in json.loads(checked.stdout)["issues"] if i["code"] == "missing-glyph")
    assert issue["severity"] == "error" and issue["details"]["role"] == "caption"
    assert issue["details"]["char"] == LEFT_OUT and issue["where"]["line"] == 16
    assert issue["where"]["file"].endswith("feature.md") and issue["frame"] == "caption"


def test_a_missing_family_stops_the_render_naming_the_role(tmp_path):
    pdf = tmp_path / "out.pdf"
    result = run_cli("render", "--font", "headline=No Such Sans", "-o", str(pdf))
    assert result.returncode == 1
    assert "error: --font: 'headline': family 'No Such Sans' is not installed" in result.stderr
    assert "Traceback" not in result.stderr and not pdf.exists()


def test_a_feature_sets_a_role_in_a_font_file_of_the_project(make_feature, test_font):
    folder = make_feature()
    project = folder.parent.parent
    (project / "fonts").mkdir()
    (project / "fonts" / "house.ttf").write_bytes(test_font.read_bytes())
    feature = folder / "feature.md"
    feature.write_text(feature.read_text(encoding="utf-8").replace(
        "layout: feature-spread\n", "layout: feature-spread\nfonts:\n  set: wenkai\n  body: house.ttf\n"),
        encoding="utf-8")
    result = build(folder, Options())
    assert result.fonts.name == "wenkai" and result.fonts.chosen_by == "feature.md fonts.set"
    names = {font.name.split("+", 1)[1].strip("'") for font in export(result).pdf.fonts}
    assert any(name.startswith("BroadsheetTestKai-Regular") for name in names)
    assert "LXGW-WenKai" in names  # the set's other roles


@pytest.fixture
def big_photo_project(make_feature, tmp_path):
    """A project and a 6000 × 4000 camera photo in its assets/, stored on its side (EXIF orientation 6)."""
    folder = make_feature()
    project = folder.parent.parent
    upright = Image.new("RGB", (4000, 6000), (200, 30, 30))
    upright.paste((30, 40, 200), (0, 3000, 4000, 6000))  # the lower half blue
    save_rotated(upright, project / "assets" / "camera.jpg")
    assert Image.open(project / "assets" / "camera.jpg").size == (6000, 4000)
    return folder, project


#: One tabloid page: a hero narrower than the photo's 4000 upright pixels at 300 ppi (338 mm), so it is downsampled.
SMALL_PAGE = ("--layout", "feature-page", "--paper", "tabloid")


def test_a_swapped_camera_photo_is_upright_cropped_and_sized_for_the_press(big_photo_project, tmp_path):
    folder, project = big_photo_project
    pdf = tmp_path / "out.pdf"
    result = run_cli("render", str(folder), "-q", *SMALL_PAGE, "--asset", "hero=assets/camera.jpg", "-o", str(pdf),
                     "--allow-overset", cwd=project)
    assert result.returncode == 0, result.stderr
    images = [image for page in PdfReader(pdf).pages for image in page.images]
    assert len(images) == 1  # the hero, and no other image
    picture = images[0].image.convert("RGB")

    listed = run_cli("assets", str(folder), "--json", *SMALL_PAGE, "--asset", "hero=assets/camera.jpg", cwd=project)
    assert listed.returncode == 0, listed.stderr
    hero = json.loads(listed.stdout)["images"][0]
    assert hero["slot"] == "hero" and hero["pixels"] == [4000, 6000]  # upright
    width_mm, height_mm = hero["placed_mm"]
    assert list(picture.size) == hero["output_pixels"]
    assert abs(picture.width / picture.height - width_mm / height_mm) < 0.01  # the hero frame's shape
    assert picture.width / (width_mm / 25.4) <= 300 and picture.height / (height_mm / 25.4) <= 300
    assert picture.width / (width_mm / 25.4) > 290  # and not less than the photo can give
    # upright: red above blue across the middle of the photo, where the crop is
    top = picture.getpixel((picture.width // 2, 2))
    bottom = picture.getpixel((picture.width // 2, picture.height - 3))
    assert top[0] > 150 and top[2] < 90 and bottom[2] > 150 and bottom[0] < 90, (top, bottom)

    # the second run (a process of its own) reuses the file the render made
    assert hero["cache"] == "hit"
    cache = Path(json.loads(listed.stdout)["cache"]["folder"])
    cache = cache if cache.is_absolute() else project / cache
    assert [path.name for path in cache.iterdir()] == [Path(hero["output"]).name]


def test_an_image_from_outside_the_project_is_refused(make_feature, tmp_path):
    folder = make_feature()
    project = folder.parent.parent
    Image.new("RGB", (900, 600)).save(project.parent / "outside.jpg")
    pdf = tmp_path / "out.pdf"
    result = run_cli("render", str(folder), "--asset", "hero=../outside.jpg", "-o", str(pdf), cwd=project)
    assert result.returncode == 2
    assert "error: --asset: 'hero': image '../outside.jpg' is outside" in result.stderr
    assert "must lie inside the project folder" in result.stderr and not pdf.exists()
    (project / "assets" / "notes.jpg").write_text("not an image", encoding="utf-8")
    result = run_cli("render", str(folder), "--asset", "hero=assets/notes.jpg", "-o", str(pdf), cwd=project)
    assert result.returncode == 1 and "is not an image" in result.stderr


def _schema_validated(stdout: str, command: str) -> dict:
    import jsonschema
    from referencing import Registry, Resource

    from tests.conftest import REPO

    schemas = {name: json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
               for name in ("check", command)}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas.values())
    document = json.loads(stdout)
    jsonschema.Draft202012Validator(schemas[command], registry=registry).validate(document)
    return document


def test_fonts_and_assets_print_one_json_document_however_they_end(make_feature):
    listed = run_cli("fonts", "--json", "--fontset", "classic")
    document = _schema_validated(listed.stdout, "fonts")
    assert listed.returncode == 0 and document["fontset"]["name"] == "classic"
    assert {role["role"] for role in document["roles"]} == {"body", "subhead", "headline", "display", "caption",
                                                             "figure", "sans"}
    body = next(role for role in document["roles"] if role["role"] == "body")
    assert body["faces"][0]["family"] == "AR PL UMing CN" and body["faces"][0]["weight"] == 300
    assert body["faces"][0]["licence"] == "ARPHIC PUBLIC LICENSE" and body["uncovered"] == []

    usage = run_cli("fonts", "--json", "--fontset", "../x")
    assert usage.returncode == 2 and _schema_validated(usage.stdout, "fonts")["status"] == "usage"
    unknown = run_cli("fonts", "--json", "--fontset", "gone")
    assert unknown.returncode == 2
    assert _schema_validated(unknown.stdout, "fonts")["issues"][0]["code"] == "unknown-font-set"

    folder = make_feature()
    slot = run_cli("assets", str(folder), "--json", "--asset", "section:09=assets/x.jpg")
    assert slot.returncode == 2
    issue = _schema_validated(slot.stdout, "assets")["issues"][0]
    assert issue["code"] == "unknown-slot" and "slots: hero" in issue["message"]
    placed = run_cli("assets", str(folder), "--json", "-q")
    document = _schema_validated(placed.stdout, "assets")
    assert placed.returncode == 0 and [image["slot"] for image in document["images"]] == ["hero"]
    assert document["images"][0]["cache"] == "as is"  # the sample's hero: nothing to do but a slight crop
