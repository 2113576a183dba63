"""Print-ready images: each placed photo turned upright, cropped, sized and converted for its frame.

Input: the feature's images, the plan (the size each image is placed at:
known only once the frames are placed) and the layout's ``[images]``
settings. Output: a :class:`PlacedImage` per image frame, naming the file the
composed HTML places — made by Pillow, before typesetting:

1. the EXIF orientation applied (a camera held on its side);
2. cropped to the frame's aspect ratio around the image's ``focus``
   (fractions of its width and height; the centre by default);
3. downsampled to the layout's resolution at the placed size (300 ppi by
   default) — never upsampled: a photo with fewer pixels keeps them, and
   preflight reports its effective resolution;
4. converted to sRGB (CMYK with or without a profile, 16-bit, palette and
   transparent images; grayscale when the layout says so);
5. written as JPEG (photographs) or PNG (line art: few colours, from a
   lossless file).

A JPEG that needs none of this but a slight crop — upright, in sRGB, with no
more pixels than the frame takes, :data:`AS_IS_SHARE` of them shown — is
placed as it is, and the frame crops it (:func:`object_position`):
re-encoding it would only lose quality and add bytes.

Results are cached on disk (:mod:`builder.cache`) under a hash of the
source's bytes, the placed size and the settings, so a second render — or
the live preview's next rebuild — reuses them; in a long-lived process a
cache hit costs a ``stat``. The source is read under :mod:`builder.files`'
rule with Pillow's pixel limit set (:data:`builder.assets.MAX_IMAGE_PIXELS`).
"""

from __future__ import annotations

import hashlib
import io
import math
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PIL import Image as PILImage
from PIL import ImageCms, ImageFile, ImageOps

from . import files
from .assets import IMAGE_FORMATS, MAX_IMAGE_PIXELS, QUARTER_TURNS, ImageRefused, orientation
from .errors import AssetError, Problem
from .layout.plan import Frame, ImageParams, Plan
from .layout.spec import Grid, ImageRules
from .model import ContentKind, Feature, Image
from .output import write_atomically
from .units import MM, inches

#: Bumped when the pipeline's output changes for the same input: old cache entries are not reused.
PIPELINE_VERSION = 1

PILImage.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

#: The least share of a JPEG's pixels the frame must show for it to be placed as it is (not cropped and re-encoded).
AS_IS_SHARE = 0.9

#: A processed image with at most this many colours, from a lossless file, is line art: PNG.
LINE_ART_COLOURS = 4096

Kind = Literal["photo", "line-art"]


@dataclass(frozen=True)
class PlacedImage:
    """One image as a frame places it, and the file made for the press."""

    slot: str  #: hero, section:01
    frame: str  #: the frame's name (hero, image:01)
    image: Image  #: the source, as the content (or --asset) names it
    placed_pt: tuple[float, float]  #: width and height of the picture in the frame, points
    crop: tuple[int, int, int, int]  #: left, top, right, bottom in upright source pixels
    pixels: tuple[int, int]  #: of the file made
    file: Path  #: the file made, in the cache; the source itself when it is placed as it is
    kind: Kind
    hit: bool  #: the file was in the cache already
    as_is: bool = False  #: the source is placed unchanged; the frame crops it

    @property
    def outcome(self) -> str:
        """``hit``, ``miss`` (made now) or ``as is`` (the source placed unchanged)."""
        return "as is" if self.as_is else "hit" if self.hit else "miss"

    @property
    def placed_mm(self) -> tuple[float, float]:
        return self.placed_pt[0] / MM, self.placed_pt[1] / MM

    @property
    def effective_ppi(self) -> float:
        """Pixels per inch of the source as placed: what the photo has to give."""
        return (self.crop[2] - self.crop[0]) / inches(self.placed_pt[0])

    @property
    def output_ppi(self) -> float:
        """Pixels per inch of the file made, as placed."""
        return self.pixels[0] / inches(self.placed_pt[0])

    @property
    def cropped(self) -> bool:
        """Whether the crop leaves out part of the source."""
        return self.crop != (0, 0, self.image.width_px, self.image.height_px)


# --- which frames hold which images ------------------------------------------------


def image_frames(feature: Feature, plan: Plan, grid: Grid) -> Iterator[tuple[Frame, str, Image, tuple[float, float]]]:
    """(frame, slot, image, placed size in points) of every image frame of a plan.

    The placed size is the frame less its caption band: the picture's box.
    """
    for frame in plan.frames:
        if frame.content.kind is ContentKind.HERO:
            yield frame, "hero", feature.hero, (frame.width, frame.height)
        elif frame.content.kind is ContentKind.IMAGE and isinstance(frame.params, ImageParams):
            section = feature.section(frame.content.key)
            if section.image is not None:
                caption = frame.params.caption_rows * grid.pitch
                yield frame, str(section.ref), section.image, (frame.width, frame.height - caption)


# --- the geometry: crop and size -----------------------------------------------------


def crop_box(width: int, height: int, aspect: float, focus: tuple[float, float]) -> tuple[int, int, int, int]:
    """The largest box of ``aspect`` (width / height) in a ``width`` × ``height`` picture, centred on
    ``focus`` as far as the edges allow."""
    if width / height > aspect:  # too wide: keep the height
        crop_w, crop_h = max(1, min(width, round(height * aspect))), height
    else:
        crop_w, crop_h = width, max(1, min(height, round(width / aspect)))
    left = min(max(0, round(focus[0] * width - crop_w / 2)), width - crop_w)
    top = min(max(0, round(focus[1] * height - crop_h / 2)), height - crop_h)
    return left, top, left + crop_w, top + crop_h


def target_size(crop: tuple[int, int, int, int], placed_pt: tuple[float, float], ppi: float) -> tuple[int, int]:
    """Pixels of the file made: ``ppi`` at the placed size (rounded down), never more than the crop has."""
    crop_w, crop_h = crop[2] - crop[0], crop[3] - crop[1]
    want_w = max(1, math.floor(inches(placed_pt[0]) * ppi))
    want_h = max(1, math.floor(inches(placed_pt[1]) * ppi))
    if want_w >= crop_w or want_h >= crop_h:
        return crop_w, crop_h
    return want_w, want_h


# --- the cache -------------------------------------------------------------------------


#: Digests of source files by (real path, size, mtime, inode): a warm process hashes each once.
_DIGESTS: dict[tuple[str, int, int, int], str] = {}
#: Results by cache key, while their file is there.
_MADE: dict[str, tuple[Path, tuple[int, int], Kind]] = {}


def _digest(path: Path) -> str:
    status = path.stat()
    version = (str(path), status.st_size, status.st_mtime_ns, status.st_ino)
    digest = _DIGESTS.get(version)
    if digest is None:
        digest = hashlib.sha256(files.read_bytes(path, path.parent, files.IMAGE)).hexdigest()
        if len(_DIGESTS) > 256:
            _DIGESTS.clear()
        _DIGESTS[version] = digest
    return digest


def cache_key(image: Image, placed_pt: tuple[float, float], rules: ImageRules) -> str:
    """What a processed image is made from: the source's bytes, the placed size, the focus, the settings."""
    material = "|".join(str(part) for part in (
        PIPELINE_VERSION, _digest(image.path), f"{placed_pt[0]:.2f}x{placed_pt[1]:.2f}",
        f"{image.focus[0]:.4f},{image.focus[1]:.4f}", rules.ppi, rules.grayscale, rules.jpeg_quality))
    return hashlib.sha256(material.encode()).hexdigest()[:40]


def _cached(folder: Path, key: str) -> tuple[Path, tuple[int, int], Kind] | None:
    made = _MADE.get(key)
    if made is not None and made[0].parent == folder and made[0].is_file():
        return made
    for suffix, kind in ((".jpg", "photo"), (".png", "line-art")):
        path = folder / f"{key}{suffix}"
        if path.is_file():
            try:
                with PILImage.open(path) as image:
                    size = image.size
            except Exception:  # noqa: BLE001 - a damaged cache entry is made again
                continue
            if len(_MADE) > 256:
                _MADE.clear()
            _MADE[key] = (path, size, kind)  # type: ignore[assignment]
            return _MADE[key]
    return None


# --- the pipeline ----------------------------------------------------------------------


def place_images(feature: Feature, plan: Plan, grid: Grid, rules: ImageRules, cache: Path) -> dict[str, PlacedImage]:
    """Each image frame's print-ready file, by frame name; from the cache where it is there already."""
    placed: dict[str, PlacedImage] = {}
    problems: list[Problem] = []
    for frame, slot, image, box in image_frames(feature, plan, grid):
        if box[0] <= 0 or box[1] <= 0:
            continue
        try:
            placed[frame.name] = place_image(image, slot, frame.name, box, rules, cache)
        except ImageRefused as refused:
            problems.append(Problem(image.path, f"image {image.src!r} {refused}", code="image-unreadable"))
        except files.FileRefused as refused:
            problems.extend(refused.problems)
    if problems:
        raise AssetError(problems)
    return placed


def place_image(image: Image, slot: str, frame: str, placed_pt: tuple[float, float], rules: ImageRules,
                cache: Path) -> PlacedImage:
    """One image made print-ready for a box of ``placed_pt`` (or found in the cache)."""
    crop = crop_box(image.width_px, image.height_px, placed_pt[0] / placed_pt[1], image.focus)
    size = target_size(crop, placed_pt, rules.ppi)
    shown = (crop[2] - crop[0]) * (crop[3] - crop[1]) / (image.width_px * image.height_px)
    if size == (crop[2] - crop[0], crop[3] - crop[1]) and shown >= AS_IS_SHARE and _placeable_as_is(image, rules):
        return PlacedImage(slot, frame, image, placed_pt, crop, (image.width_px, image.height_px), image.path,
                           "photo", False, as_is=True)
    key = cache_key(image, placed_pt, rules)
    found = _cached(cache, key)
    hit = found is not None
    if found is None:
        found = _make(image, crop, size, rules, cache, key)
    path, pixels, kind = found
    return PlacedImage(slot, frame, image, placed_pt, crop, pixels, path, kind, hit)


#: The mode of a source that may be placed unchanged (None: it may not), by (real path, size, mtime, inode).
_AS_IS: dict[tuple[str, int, int, int], str | None] = {}


def _placeable_as_is(image: Image, rules: ImageRules) -> bool:
    """An sRGB (or grey) JPEG, upright as stored: nothing to do but crop."""
    status = image.path.stat()
    version = (str(image.path), status.st_size, status.st_mtime_ns, status.st_ino)
    if version not in _AS_IS:
        mode = None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with PILImage.open(image.path, formats=("JPEG",)) as source:
                    icc = source.info.get("icc_profile")
                    srgb = not icc or "srgb" in ImageCms.getProfileDescription(
                        ImageCms.ImageCmsProfile(io.BytesIO(icc))).lower()
                    if source.mode in ("RGB", "L") and orientation(source) == 1 and srgb:
                        mode = source.mode
        except Exception:  # noqa: BLE001 - not a JPEG, or an odd one: it is made anew
            mode = None
        _AS_IS[version] = mode
    mode = _AS_IS[version]
    return mode is not None and (mode == "L" or not rules.grayscale)


def object_position(placed: PlacedImage) -> str:
    """CSS that shows a source placed as it is cropped as the pipeline would crop it ('' otherwise)."""
    if not placed.as_is or not placed.cropped:
        return ""
    scale = placed.placed_pt[0] / (placed.crop[2] - placed.crop[0])  # points per source pixel
    return f"object-position: {-placed.crop[0] * scale:.3f}pt {-placed.crop[1] * scale:.3f}pt"


def _make(image: Image, crop: tuple[int, int, int, int], size: tuple[int, int], rules: ImageRules, cache: Path,
          key: str) -> tuple[Path, tuple[int, int], Kind]:
    data = files.read_bytes(image.path, image.path.parent, files.IMAGE)
    truncated = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # Pillow's EXIF and profile chatter; the cap is checked at the door
            with PILImage.open(io.BytesIO(data), formats=IMAGE_FORMATS) as source:
                source_format = source.format
                icc = source.info.get("icc_profile")
                picture = _to_srgb(_upright_crop(source, crop, size), icc)
                if picture.size != size:
                    picture = picture.resize(size, PILImage.Resampling.LANCZOS, reducing_gap=3.0)
    except PILImage.DecompressionBombError:
        raise ImageRefused(f"has more than {MAX_IMAGE_PIXELS // 1_000_000} megapixels") from None
    except (ImageRefused, MemoryError):
        raise
    except Exception as error:  # noqa: BLE001 - Pillow's decoders raise many kinds for a bad file
        raise ImageRefused(f"is damaged or truncated ({str(error) or type(error).__name__})") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated
    if rules.grayscale and picture.mode != "L":
        picture = picture.convert("L")
    line_art = source_format != "JPEG" and picture.getcolors(LINE_ART_COLOURS) is not None
    buffer = io.BytesIO()
    dpi = (rules.ppi, rules.ppi)
    profile = _SRGB if picture.mode == "RGB" else None
    if line_art:
        picture.save(buffer, format="PNG", dpi=dpi, **({"icc_profile": profile} if profile else {}))
        suffix, kind = ".png", "line-art"
    else:
        picture.save(buffer, format="JPEG", quality=rules.jpeg_quality, optimize=True, dpi=dpi,
                     **({"icc_profile": profile} if profile else {}))
        suffix, kind = ".jpg", "photo"
    cache.mkdir(parents=True, exist_ok=True)
    path = write_atomically(cache / f"{key}{suffix}", buffer.getvalue())
    _MADE[key] = (path, picture.size, kind)  # type: ignore[assignment]
    return _MADE[key]


def _upright_crop(source: PILImage.Image, crop: tuple[int, int, int, int], size: tuple[int, int]) -> PILImage.Image:
    """The crop of the upright picture; a JPEG is decoded at a reduced scale where ``size`` allows."""
    turn = orientation(source)
    stored_w, stored_h = source.size
    upright_w, upright_h = (stored_h, stored_w) if turn in QUARTER_TURNS else (stored_w, stored_h)
    scale = size[0] / (crop[2] - crop[0])
    if source.format == "JPEG" and scale < 0.5:
        # libjpeg decodes at 1/2, 1/4 or 1/8 scale on request, never below the size asked for.
        source.draft(source.mode, (math.ceil(stored_w * scale) + 1, math.ceil(stored_h * scale) + 1))
    source.load()
    upright = ImageOps.exif_transpose(source) if turn != 1 else source
    assert upright is not None
    fx, fy = upright.size[0] / upright_w, upright.size[1] / upright_h
    left, top, right, bottom = crop
    return upright.crop((round(left * fx), round(top * fy), round(right * fx), round(bottom * fy)))


def _full_range(picture: PILImage.Image) -> PILImage.Image:
    """16-bit and 32-bit grey as 8-bit grey; other modes as they are."""
    if picture.mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        high = 65535 if picture.mode.startswith("I;16") else max(1, picture.getextrema()[1])
        return picture.convert("I").point(lambda value: value * (255 / high)).convert("L")
    if picture.mode == "F":
        return picture.convert("L")
    return picture


_SRGB_PROFILE = ImageCms.createProfile("sRGB")
_SRGB = ImageCms.ImageCmsProfile(_SRGB_PROFILE).tobytes()


def _to_srgb(picture: PILImage.Image, icc: bytes | None) -> PILImage.Image:
    """The picture in sRGB (or 8-bit grey): from CMYK, a camera or Adobe RGB profile, palettes, transparency."""
    picture = _full_range(picture)
    if picture.mode in ("1", "L"):
        return picture.convert("L")
    if picture.mode in ("P", "PA", "LA", "RGBA", "RGBa", "La") or "transparency" in picture.info:
        rgba = picture.convert("RGBA")
        flat = PILImage.new("RGB", rgba.size, (255, 255, 255))  # the paper under a transparent part
        flat.paste(rgba, mask=rgba.getchannel("A"))
        picture = flat
    if icc:
        try:
            source_profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(picture, source_profile, _SRGB_PROFILE, outputMode="RGB",
                                             renderingIntent=ImageCms.Intent.PERCEPTUAL)
        except Exception:  # noqa: BLE001 - a broken profile: converted as if it had none
            pass
    return picture.convert("RGB") if picture.mode != "RGB" else picture


def describe_crop(placed: PlacedImage) -> str:
    """The crop in words: ``none`` or ``x 120–5880, y 0–4000 (of 6000 × 4000)``."""
    if not placed.cropped:
        return "none"
    left, top, right, bottom = placed.crop
    return f"x {left}–{right}, y {top}–{bottom} (of {placed.image.width_px} × {placed.image.height_px})"


def clear_memory() -> None:
    """Forget what this process knows of the cache (the files stay)."""
    _DIGESTS.clear()
    _MADE.clear()
    _AS_IS.clear()


