"""The galley cache: an edit re-measures only the blocks it changed; the rest come from memory or disk."""

from __future__ import annotations

import json

from builder.cache import cache_dir
from builder.galleycache import GalleyCache
from builder.layout.galley import Block, DisplayPart, GalleyRef
from builder.pipeline import Options, measure_galley, prepare

SECTION = "sections/02-high-quality-life.md"


def _edit(folder, relative, old, new):
    path = folder / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_second_build_with_one_section_edited_measures_that_section_only(make_feature):
    folder = make_feature()
    cache = GalleyCache()
    first = measure_galley(prepare(folder, Options()), cache)
    everything = set(first.heights) | set(first.advances)
    assert first.measured == everything and cache.reset_counters().measured == len(everything)

    _edit(folder, SECTION, "落实养老保险全国统筹", "落实养老保险全国统筹，并稳步扩大覆盖面")
    second = measure_galley(prepare(folder, Options()), cache)
    counters = cache.reset_counters()
    assert second.measured == {GalleyRef.body("02")}
    assert counters.measured == 1 and counters.memory == len(everything) - 1 and counters.disk == 0
    assert second.heights[GalleyRef.body("02")] > first.heights[GalleyRef.body("02")] * 0.99
    assert {ref: h for ref, h in second.heights.items() if ref != GalleyRef.body("02")} == \
        {ref: h for ref, h in first.heights.items() if ref != GalleyRef.body("02")}

    # a new title: that section's heads at every width, nothing else
    _edit(folder, SECTION, "title: 高品质生活", "title: 高品质生活新篇")
    third = measure_galley(prepare(folder, Options()), cache)
    assert third.measured and all(isinstance(ref, GalleyRef) and ref.block is Block.HEAD and ref.section == "02"
                                  for ref in third.measured)

    # a new process (a new cache in memory) finds everything on disk, equal to what was measured
    fresh = GalleyCache()
    again = measure_galley(prepare(folder, Options()), fresh)
    assert again.measured == frozenset() and fresh.counters.disk == len(everything)
    assert again.heights == third.heights and again.advances == third.advances


def test_the_key_holds_the_width_font_set_and_settings(make_feature):
    folder = make_feature()
    cache = GalleyCache()
    measure_galley(prepare(folder, Options()), cache)
    cache.reset_counters()
    # another font set sets every block in other faces: all measured anew
    other = measure_galley(prepare(folder, Options(overrides=_fontset("wenkai"))), cache)
    assert cache.reset_counters().memory == 0 and other.measured == set(other.heights) | set(other.advances)
    # another paper: other column widths, so the width-dependent blocks are new
    tabloid = measure_galley(prepare(folder, Options(paper="tabloid")), cache)
    assert GalleyRef.body("01") in tabloid.measured
    # display lines are measured at a reference size, whatever the paper
    assert not any(isinstance(part, DisplayPart) for part in tabloid.measured)


def test_a_tampered_cache_file_is_measured_again(make_feature):
    folder = make_feature()
    cache = GalleyCache()
    measure_galley(prepare(folder, Options()), cache)
    root = cache_dir(folder.parent.parent, "galley")
    files = sorted(root.rglob("*.json"))
    assert files
    for path in files:
        path.write_text(json.dumps("not a number"), encoding="utf-8")
    fresh = GalleyCache()
    again = measure_galley(prepare(folder, Options()), fresh)
    assert fresh.counters.disk == 0 and fresh.counters.measured == len(files)
    assert again.heights


def _fontset(name: str):
    from builder.pipeline import Overrides

    return Overrides(fontset=name)
