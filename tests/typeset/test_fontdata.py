"""The PDF's fonts: a face's whole file is read only when the PDF needs it, and the PDF is the same."""

from __future__ import annotations

import inspect

import pytest
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

from builder.typeset import fontdata, render, write_pdf


@pytest.fixture
def font_reads(monkeypatch: pytest.MonkeyPatch) -> tuple[list[int], list[pdf_fonts.Font]]:
    """The sizes of the font data read out of HarfBuzz while the test runs, and the PDF fonts made."""
    sizes: list[int] = []
    made: list[pdf_fonts.Font] = []

    def counted(read):  # noqa: ANN001, ANN202
        def reading(hb_object, ot_color=None, glyph=None):  # noqa: ANN001, ANN202 - WeasyPrint's signature
            data = read(hb_object, ot_color, glyph)
            if ot_color is None and isinstance(data, bytes):
                sizes.append(len(data))
            return data
        return reading

    init = pdf_fonts.Font.__init__

    def tracked(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        init(self, *args, **kwargs)
        made.append(self)

    # Both routes: WeasyPrint's own module, and the put-off read.
    monkeypatch.setattr(pdf_fonts, "get_hb_object_data", counted(pdf_fonts.get_hb_object_data))
    monkeypatch.setattr(fontdata, "get_hb_object_data", counted(fontdata.get_hb_object_data))
    monkeypatch.setattr(pdf_fonts.Font, "__init__", tracked)
    return sizes, made


@pytest.mark.skipif(not harfbuzz_subset or not harfbuzz.hb_version_atleast(4, 1, 0),
                    reason="fonts are subset with fontTools, from the whole file, without libharfbuzz-subset")
def test_no_font_file_is_read_whole_when_harfbuzz_subsets(sample_pages, font_reads):
    # The change wraps WeasyPrint 70.0's Font(pango_font, description, font_size).
    assert list(inspect.signature(fontdata._INIT).parameters) == ["self", "pango_font", "description", "font_size"]
    # A new document: WeasyPrint keeps a document's PDF fonts, made when it is first written.
    document = render(sample_pages.composition.html, sample_pages.project.read_roots, sample_pages.chinese)
    data = write_pdf(document, sample_pages.composition.sheets)
    assert data[:5] == b"%PDF-" and len(data) == len(sample_pages.pdf.data)
    sizes, made = font_reads
    whole = {fontdata.face_size(font) for font in made}
    assert len(made) >= 5 and min(whole) > 1_000_000  # the sample's CJK faces
    assert sizes and not whole & set(sizes)  # the subsets were read, never a whole file


def test_the_pdf_is_the_one_weasyprint_writes_from_whole_files(sample_pages, monkeypatch):
    html, roots = sample_pages.composition.html, sample_pages.project.read_roots
    ours = write_pdf(render(html, roots, sample_pages.chinese), sample_pages.composition.sheets)
    monkeypatch.setattr(pdf_fonts, "get_hb_object_data", fontdata.get_hb_object_data)
    monkeypatch.setattr(pdf_fonts.Font, "__init__", fontdata._INIT)
    monkeypatch.delattr(pdf_fonts.Font, "file_content")
    theirs = write_pdf(render(html, roots, sample_pages.chinese), sample_pages.composition.sheets)
    assert ours == theirs
