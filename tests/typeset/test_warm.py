"""Warm renders (the preview server's worker): the same pages and PDF, less work; page digests."""

from __future__ import annotations

import inspect

from PIL import ImageChops
from weasyprint.pdf import fonts as pdf_fonts

from builder.preview.raster import rasterise
from builder.typeset import Warm, keep_warm, render, write_pdf


def test_font_subsets_are_kept_and_the_pdf_is_the_same(sample_pages):
    # The hook wraps WeasyPrint 70.0's Font.subset(self, to_unicode, hinting).
    assert list(inspect.signature(pdf_fonts.Font.subset).parameters) == ["self", "to_unicode", "hinting"]
    original = pdf_fonts.Font.subset
    cold = write_pdf(sample_pages.document, sample_pages.composition.sheets)
    warm = Warm()
    with keep_warm(warm):
        first = write_pdf(sample_pages.document, sample_pages.composition.sheets)
        kept = dict(warm.subsets)
        again = write_pdf(sample_pages.document, sample_pages.composition.sheets)
    assert pdf_fonts.Font.subset is original
    assert kept and warm.subsets == kept  # the second PDF subset nothing anew
    assert len(first) == len(again) == len(cold)
    plain, reused = rasterise(cold, 30), rasterise(again, 30)
    assert all(ImageChops.difference(plain[i], reused[i]).getbbox() is None for i in plain)


def test_a_warm_render_lays_out_the_same_lines(sample_pages):
    html, roots = sample_pages.composition.html, sample_pages.project.read_roots
    warm = Warm()
    with keep_warm(warm):
        documents = [render(html, roots, sample_pages.chinese) for _ in range(2)]
    for document in documents:
        assert len(document.pages) == len(sample_pages.document.pages)
        pdf = write_pdf(document, sample_pages.composition.sheets)
        assert rasterise(pdf, 20, [0])[0].tobytes() == rasterise(
            write_pdf(sample_pages.document, sample_pages.composition.sheets), 20, [0])[0].tobytes()


def test_page_digests_are_stable_and_one_per_page(sample_pages):
    first: list[str] = []
    second: list[str] = []
    write_pdf(sample_pages.document, sample_pages.composition.sheets, page_hashes=first)
    write_pdf(sample_pages.document, sample_pages.composition.sheets, page_hashes=second)
    assert len(first) == 2 and first == second and first[0] != first[1]


def test_font_subsets_kept_on_disk_make_the_same_pdf_without_subsetting_again(sample_pages, tmp_path, monkeypatch):
    import builder.typeset as typeset

    made: list[str] = []
    subset = typeset._SUBSET

    def counted(font, to_unicode, hinting):  # noqa: ANN001, ANN202 - WeasyPrint's Font.subset
        made.append(font.family)
        subset(font, to_unicode, hinting)

    monkeypatch.setattr(typeset, "_SUBSET", counted)
    original = pdf_fonts.Font.subset
    cold = write_pdf(sample_pages.document, sample_pages.composition.sheets)
    assert made
    made.clear()
    first = write_pdf(sample_pages.document, sample_pages.composition.sheets, subsets=tmp_path)
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(files) == len(made) > 0
    made.clear()
    again = write_pdf(sample_pages.document, sample_pages.composition.sheets, subsets=tmp_path)
    assert made == []  # every subset read from the folder
    assert pdf_fonts.Font.subset is original
    assert first == again == cold

    # A file that is not a font is not used: that font is subset again.
    files[0].write_bytes(b"not a font")
    assert write_pdf(sample_pages.document, sample_pages.composition.sheets, subsets=tmp_path) == cold
    assert len(made) == 1


def test_the_subsets_on_disk_are_bounded_the_least_recently_used_going_first(tmp_path, monkeypatch):
    import os

    import builder.typeset as typeset

    monkeypatch.setattr(typeset, "SUBSETS_ON_DISK", 3)
    font = b"OTTO" + bytes(16)
    for number, key in enumerate(["aa1", "bb2", "cc3"]):
        typeset._write_subset(tmp_path, key, font)
        path = tmp_path / key[:2] / key
        os.utime(path, ns=(number * 10**9, number * 10**9))
    assert typeset._read_subset(tmp_path, "aa1") == font  # read: now the most recent
    typeset._write_subset(tmp_path, "dd4", font)
    assert sorted(p.name for p in tmp_path.glob("*/*")) == ["aa1", "cc3", "dd4"]
