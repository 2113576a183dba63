"""The images of a feature as the press gets them: source, placed size, resolution, crop, cached file."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from .. import report
from ..diagnostics import Diagnostic
from ..errors import display_path
from .common import feature_dir, load_content, note, progress, say, session, stdout
from .options import (
    DEFAULT_TIMEOUT,
    AssetOption,
    DebugOption,
    FeatureArg,
    FontOption,
    FontsetOption,
    LayoutOption,
    PaperOption,
    QuietOption,
    TimeoutOption,
    swaps,
)


def assets(
    feature: FeatureArg = None,
    asset: AssetOption = None,
    layout: LayoutOption = None,
    paper: PaperOption = None,
    fontset: FontsetOption = None,
    font: FontOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout "
                       "(schemas/assets.schema.json), however the command ends.")] = False,
    timeout: TimeoutOption = DEFAULT_TIMEOUT,
    quiet: QuietOption = False,
    debug: DebugOption = False,
) -> None:
    """List the images of a feature as render places them, and make them print-ready.

    Per slot (hero, section:NN): the source file and its pixels (upright),
    the size it is placed at in mm, its effective resolution there, the crop
    to the frame's shape (around the image's focus), and the file made for
    the press — downsampled to the layout's resolution (300 ppi unless its
    [images] says otherwise; never upsampled), sRGB, JPEG for photos, PNG for
    line art — with whether it came from the cache. Frames are placed as
    render places them: the same layout, paper, fonts and swapped images.
    """
    folder = feature_dir(feature, note(quiet or as_json))
    summary: dict[str, Any] = {"images": [], "cache": None}

    def document(exit_code: int, diagnostics: list[Diagnostic]) -> dict[str, Any]:
        return report.document("assets", folder.name, exit_code, diagnostics, **summary)

    with session("assets", folder, debug=debug, as_json=as_json, timeout=timeout, document=document) as run:
        with progress(quiet or as_json) as step:
            load_content(run, folder)
            from ..cache import cache_dir
            from ..pipeline import Options, Overrides, build

            options = Options(layout=layout, paper=paper, overrides=Overrides(**swaps(fontset, font, asset)))
            result = run.run(lambda: build(folder, options, step))
        rules = result.layout.images
        placed = list(result.images.values())
        images = [_image_json(item, result.layout.preflight.min_ppi) for item in placed]
        folder_used = cache_dir(result.project.root, "images")
        counts = {outcome: sum(1 for item in placed if item.outcome == outcome) for outcome in ("hit", "miss", "as is")}
        summary.update(layout=result.layout.name, paper=result.grid.paper.name, images=images,
                       target_ppi=rules.ppi, grayscale=rules.grayscale,
                       cache={"folder": report.path_json(folder_used), "hits": counts["hit"],
                              "misses": counts["miss"], "as_is": counts["as is"]})
        run.emit(document(0, []))
        if as_json:
            return
        say(stdout, f"{result.feature.slug} ({result.layout.name}, {result.grid.paper.name}): {len(images)} "
                    f"image(s), made for {rules.ppi:g} ppi at their placed size"
                    + (", in grey" if rules.grayscale else ""))
        for item in images:
            say(stdout, "")
            say(stdout, f"{item['slot']}: {item['source']} — {item['pixels'][0]} × {item['pixels'][1]} px")
            say(stdout, f"  placed {item['placed_mm'][0]:g} × {item['placed_mm'][1]:g} mm: "
                        f"{item['effective_ppi']:g} ppi effective"
                        + (f" (below the layout's {result.layout.preflight.min_ppi:g}: 'check' reports it)"
                           if item["low_resolution"] else ""))
            say(stdout, f"  crop: {item['crop_text']}")
            if item["cache"] == "as is":
                say(stdout, "  placed as it is: an upright sRGB JPEG with no pixels to spare; the frame crops it")
            else:
                say(stdout, f"  made: {item['output']} — {item['output_pixels'][0]} × {item['output_pixels'][1]} px, "
                            f"{item['output_ppi']:g} ppi, {item['format']}, cache {item['cache']}")
        cache = summary["cache"]
        say(stdout, "")
        say(stdout, f"cache {cache['folder']}: {cache['hits']} hit(s), {cache['misses']} made now, "
                    f"{cache['as_is']} placed as is")


def _image_json(item: Any, min_ppi: float) -> dict[str, Any]:
    from ..images import describe_crop

    left, top, right, bottom = item.crop
    return {
        "slot": item.slot, "frame": item.frame, "source": display_path(item.image.path),
        "pixels": [item.image.width_px, item.image.height_px],
        "placed_mm": [round(item.placed_mm[0], 1), round(item.placed_mm[1], 1)],
        "effective_ppi": round(item.effective_ppi), "low_resolution": item.effective_ppi < min_ppi,
        "crop": {"left": left, "top": top, "right": right, "bottom": bottom} if item.cropped else None,
        "crop_text": describe_crop(item),
        "output": display_path(item.file), "output_pixels": list(item.pixels),
        "output_ppi": round(item.output_ppi), "format": "JPEG" if item.kind == "photo" else "PNG",
        "kind": item.kind, "cache": item.outcome,
    }
