"""The typed frame contract: content references, galley references, display parts, frame parameters."""

from __future__ import annotations

import pytest

from builder.layout.galley import Block, DisplayPart, DisplayText, GalleyRef, galley_items
from builder.layout.plan import BoxParams, DisplayParams, FolioParams, ImageParams, TextParams
from builder.model import ContentKind, ContentRef

REFS = [ContentRef(ContentKind.LEAD), ContentRef.section("01"), ContentRef.image("12"),
        ContentRef(ContentKind.FOLIO, "left"), ContentRef(ContentKind.FOLIO), ContentRef(ContentKind.HEADLINE),
        ContentRef(ContentKind.INFOGRAPHIC), ContentRef(ContentKind.HERO)]


@pytest.mark.parametrize("ref", REFS, ids=str)
def test_a_reference_round_trips_through_its_name(ref):
    assert ContentRef.parse(str(ref)) == ref
    assert ContentRef.parse(str(ref)).kind is ref.kind


def test_names_are_the_ones_reports_have_always_used():
    assert [str(ref) for ref in REFS] == ["lead", "section:01", "image:12", "folio:left", "folio", "headline",
                                          "infographic", "hero"]
    assert ContentRef.section("01").css == "section-01"


@pytest.mark.parametrize("text", ["", "section", "section:", "chart:01", "lead:01", "section:01:02", "Section:01",
                                  "section:../x", "hero "])
def test_a_string_that_names_no_part_is_refused(text):
    with pytest.raises(ValueError):
        ContentRef.parse(text)


def test_sections_and_photos_need_their_number_and_the_rest_take_none():
    with pytest.raises(ValueError):
        ContentRef(ContentKind.SECTION)
    with pytest.raises(ValueError):
        ContentRef(ContentKind.LEAD, "01")


def test_copyfitting_is_for_the_lead_and_sections_only():
    fitted = {ref for ref in REFS if ref.copyfitted}
    assert fitted == {ContentRef(ContentKind.LEAD), ContentRef.section("01")}


def test_galley_references_name_one_block_each(sample_pages):
    items = galley_items(sample_pages.feature, sample_pages.layout, sample_pages.grid)
    refs = [item.ref for item in items]
    assert len(set(refs)) == len(refs) == len({ref.dom_id for ref in refs})
    assert str(GalleyRef(Block.HEAD, "01", 4)) == "head:01:4"
    assert str(GalleyRef(Block.INFOGRAPHIC, cols=6, across=2)) == "infographic:6:2"
    assert GalleyRef.body("02") in sample_pages.galley.heights
    # every block measured: the galley HTML held each one
    assert set(refs) == set(sample_pages.galley.heights)


def test_display_parts_as_the_galley_and_the_pages_spell_them():
    assert [str(DisplayPart(DisplayText.SLOGAN, 1)), str(DisplayPart(DisplayText.HEADLINE_LEAD)),
            str(DisplayPart(DisplayText.HEADLINE))] == ["slogan:1", "headline_lead", "headline"]
    assert DisplayPart(DisplayText.SLOGAN, 1).css == "slogan-1"


KINDS = {ContentKind.FOLIO: FolioParams, ContentKind.SLOGAN: DisplayParams, ContentKind.HEADLINE: DisplayParams,
         ContentKind.HERO: ImageParams, ContentKind.IMAGE: ImageParams, ContentKind.CAPTION: TextParams,
         ContentKind.LEAD: TextParams, ContentKind.SECTION: TextParams,
         ContentKind.INFOGRAPHIC: BoxParams}


def test_every_frame_carries_the_parameters_of_its_kind(sample_pages):
    plan = sample_pages.plan
    for frame in plan.frames:
        assert isinstance(frame.params, KINDS[frame.content.kind]), frame.name
        assert frame.kind == frame.params.kind
        assert plan.frame(frame.content) is frame and plan.frame(frame.name) is frame
    assert {frame.name for frame in plan.of_kind(ContentKind.SECTION)} == {"section:01", "section:02", "section:03"}
