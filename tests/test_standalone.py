"""``render --emit-html``: the composed HTML as one file another engine prints to the same pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder.errors import LayoutError
from builder.standalone import standalone_html
from tests.conftest import run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def test_file_urls_are_inlined_and_files_outside_the_roots_refused(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    (root / "a b.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"x" * 10)
    html = f'<img src="{(root / "a b.png").as_uri()}"><img src="{(root / "a b.png").as_uri()}">'
    out = standalone_html(html, (root,))
    assert "file:" not in out
    assert out.count("data:image/png;base64,") == 2
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(LayoutError, match="outside"):
        standalone_html(f'<img src="{(tmp_path / "secret.png").as_uri()}">', (root,))


@pytest.mark.slow
def test_emitted_html_printed_by_chromium_gives_the_pages_of_the_pdf(tmp_path):
    pdf, html = tmp_path / "sample.pdf", tmp_path / "sample.html"
    result = run_cli("render", "-q", "-o", str(pdf), "--emit-html", str(html))
    assert result.returncode == 0, result.stderr
    text = html.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in text
    assert "file:" not in text and "data:image/jpeg;base64," in text
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (make test installs it)")
    printed = tmp_path / "chromium.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--no-pdf-header-footer", f"--print-to-pdf={printed}", html.as_uri()],
                   capture_output=True, timeout=300, check=True)
    ours, theirs = PdfReader(pdf), PdfReader(printed)
    assert len(theirs.pages) == len(ours.pages) == 2
    for page, own in zip(theirs.pages, ours.pages):
        # Chromium's page is the sheet the CSS asks for (trim + bleed + slug), to its pixel rounding.
        assert float(page.mediabox.width) == pytest.approx(float(own.mediabox.width), abs=1.5)
        assert float(page.mediabox.height) == pytest.approx(float(own.mediabox.height), abs=1.5)
        # and our TrimBox is the paper's trim size: 390 × 540 mm
        assert float(own.trimbox.width) == pytest.approx(390 / 25.4 * 72, abs=0.5)
        assert float(own.trimbox.height) == pytest.approx(540 / 25.4 * 72, abs=0.5)
    assert "江北" in theirs.pages[0].extract_text()
