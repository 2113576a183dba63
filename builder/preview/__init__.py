"""Previews: the laid-out pages as pictures, with what a designer needs drawn on them.

Input: a feature folder and the build options. Output: PNG proofs (one per
page, one of the spread), rasterised in-process from the PDF's bytes, with
overlays drawn over them — frames with their names, column guides, the
baseline grid, overset frames hatched red with their line count, numbered
preflight markers and their legend — and a contact sheet of every layout ×
paper. The PDF never holds an overlay.

- :mod:`.source` is the one module that talks to the pipeline and preflight:
  it turns a build and its report into a :class:`~.source.Proof` of plain
  values (:mod:`.shapes`);
- :mod:`.raster` turns PDF bytes into images (pypdfium2);
- :mod:`.draw` draws the shapes over them (Pillow);
- :mod:`.files` writes a proof's PNGs; :mod:`.gallery` the contact sheet.
"""
