"""The pipeline's values and its re-plan loop.

A job and a build are frozen and each stage returns a new build; frames the
galley's measure made too small are placed again from the pages.
"""

from __future__ import annotations

import gc
import weakref
from dataclasses import FrozenInstanceError, replace

import pytest

from builder import pipeline
from builder.check.frames import fit_findings
from builder.diagnostics import Code
from builder.layout.galley import Block
from builder.model import ContentKind
from builder.pipeline import MAX_REFITS, Options, build, build_job, export, prepare
from builder.project import SAMPLE_FEATURE


def test_a_build_and_its_job_are_frozen(sample_pages):
    with pytest.raises(FrozenInstanceError):
        sample_pages.fits = ()  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        sample_pages.job.grid = None  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        sample_pages.fits[0].empty_lines = 0  # type: ignore[misc]
    assert isinstance(sample_pages.fits, tuple) and isinstance(sample_pages.fits[0].lines, tuple)


def test_the_build_reads_the_job_it_was_made_from(sample_pages):
    job = sample_pages.job
    assert (sample_pages.feature, sample_pages.layout, sample_pages.grid, sample_pages.fonts) == \
        (job.feature, job.layout, job.grid, job.fonts)
    assert job.chinese is not None and job.chinese.han_latin_em == job.layout.cjk.han_latin_space


def test_export_returns_a_new_build_and_leaves_the_old_one(sample_pages):
    unexported = replace(sample_pages, pdf=None)
    exported = export(unexported)
    assert unexported.pdf is None and exported is not unexported
    assert exported.pdf.data.startswith(b"%PDF") and exported.pdf.fonts and len(exported.pdf.page_hashes) == 2
    assert export(exported) is exported  # already exported: nothing to do
    assert exported.document is unexported.document and exported.job is unexported.job


@pytest.mark.slow
def test_a_prepared_job_builds_like_a_folder(sample_pages):
    job = prepare(SAMPLE_FEATURE, Options())
    assert job.layout.name == sample_pages.layout.name and job.grid == sample_pages.grid
    again = build_job(job)
    assert [frame.name for frame in again.plan.frames] == [frame.name for frame in sample_pages.plan.frames]
    assert again.job is job


def _measured_short(monkeypatch, factor: float) -> None:
    """The galley measures every section body ``factor`` as tall as the pages set it."""
    measure = pipeline.measure

    def short(*args, **kwargs):
        galley = measure(*args, **kwargs)
        return replace(galley, heights={key: height * factor if key.block is Block.BODY else height
                                        for key, height in galley.heights.items()})

    monkeypatch.setattr(pipeline, "measure", short)
    # measured anew, and kept out of the galley cache: these heights are made up
    monkeypatch.setattr(pipeline, "GALLEY_CACHE", None)


def _section_overset(result) -> dict[str, int]:
    return {fit.name: fit.overset_lines for fit in result.fits
            if fit.content.kind is ContentKind.SECTION and fit.overset}


@pytest.mark.slow
def test_frames_the_galley_made_too_small_are_placed_again_until_the_text_fits(monkeypatch, sample_pages):
    _measured_short(monkeypatch, 0.8)
    steps: list[str] = []
    result = build(SAMPLE_FEATURE, Options(), steps.append)
    # The first plan, from a measure 20% short, oversets on the pages; the loop places the frames again.
    assert steps.count("Typesetting") >= 2 and "Placing frames again (1)" in steps
    assert _section_overset(result) == {}
    # ...and what it places holds all the text: the same lines as the sample's true build
    # (in as many columns as the arrangement it arrives at gives the section).
    def lines(plan, ref):  # noqa: ANN001, ANN202
        frame = plan.frame(ref)
        return frame.columns * frame.params.flow_height

    for section in result.feature.sections:
        assert lines(result.plan, section.ref) >= 0.8 * lines(sample_pages.plan, section.ref)


@pytest.mark.slow
def test_the_loop_stops_when_the_rules_place_the_same_frames_and_reports_what_is_over(monkeypatch):
    _measured_short(monkeypatch, 0.8)
    # Rules that never learn from the pages: the same plan comes back, and is not laid out twice.
    monkeypatch.setattr(pipeline, "_with_extra", lambda galley, extra: galley)
    steps: list[str] = []
    result = build(SAMPLE_FEATURE, Options(), steps.append)
    assert [step for step in steps if step.startswith("Placing frames again")] == ["Placing frames again (1)"]
    assert steps.count("Typesetting") == 1
    # What does not fit is overset on the pages and named, as render would stop on it: never lost.
    over = _section_overset(result)
    assert over
    assert {issue.frame for issue in fit_findings(result.fits, result) if issue.code is Code.OVERSET} >= set(over)


@pytest.mark.slow
def test_the_loop_gives_up_after_its_bound_and_reports_what_is_over(monkeypatch):
    _measured_short(monkeypatch, 0.8)
    # Rules that learn the wrong way (each pass a new plan, each one shorter): the loop must stop at its bound.
    learn = pipeline._with_extra
    monkeypatch.setattr(pipeline, "_with_extra", lambda galley, extra: learn(galley, {k: -v for k, v in extra.items()}))
    steps: list[str] = []
    result = build(SAMPLE_FEATURE, Options(), steps.append)
    assert [step for step in steps if step.startswith("Placing frames again")] == [
        f"Placing frames again ({attempt})" for attempt in range(1, MAX_REFITS + 1)]
    assert steps.count("Typesetting") == MAX_REFITS + 1
    # The placing kept is the best tried: what is over in it is named as overset.
    over = _section_overset(result)
    assert {issue.frame for issue in fit_findings(result.fits, result) if issue.code is Code.OVERSET} >= set(over)
    assert {issue.frame for issue in fit_findings(result.fits, result) if issue.code is Code.OVERSET} >= set(over)


def test_the_galleys_laid_out_document_is_let_go_of_once_measured(monkeypatch):
    # The galley's boxes are tens of megabytes: only its measurements outlive the stage, and the
    # document goes at once (not when the cycle collector comes by).
    import builder.typeset as typeset

    documents: list[weakref.ref] = []
    render = typeset.render

    def kept(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        document = render(*args, **kwargs)
        documents.append(weakref.ref(document))
        return document

    monkeypatch.setattr(typeset, "render", kept)
    job = prepare(SAMPLE_FEATURE, Options())
    gc.disable()
    try:
        galley = pipeline.measure_galley(job, cache=None)
        alive = [ref() is not None for ref in documents]
    finally:
        gc.enable()
    assert len(galley.heights) > 20 and alive == [False]
