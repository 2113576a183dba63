"""The pipeline's values: a job and a build are frozen; each stage returns a new build."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace

import pytest

from builder.pipeline import Options, build_job, export, prepare
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
