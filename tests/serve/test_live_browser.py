"""``broadsheet serve`` end to end, in a real headless browser (Debian's chromium, driven by Playwright).

The page loads and shows the proof; an edited section shows without a
reload; a broken infographic.yaml shows its file and line while the last good
proof stays; once fixed, the new proof shows; clicking a problem scrolls to
its frame; the server listens on loopback only and stops cleanly on Ctrl-C.
"""

from __future__ import annotations

import ipaddress
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from builder.content import load_feature
from builder.errors import ContentError
from tests.conftest import REPO, pin_hero, repeat_body

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
#: Builds take seconds; on a loaded two-core machine, many.
BUILD = 180_000

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def listening(port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    """Addresses with a socket listening on ``port`` (Linux: /proc/net/tcp and tcp6)."""
    found = []
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(name).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # The kernel prints each 32-bit word in host (little-endian) order.
            raw = b"".join(raw[i:i + 4][::-1] for i in range(0, len(raw), 4))
            found.append(ipaddress.ip_address(raw))
    return found


@pytest.fixture
def server(make_feature):
    folder = make_feature()
    # The hero held at the sample's own rows: a long section cannot make room by shrinking it.
    layout = pin_hero(folder.parent.parent, 36)
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "builder", "serve", str(folder), "--port", str(port),
                                "--layout", layout, "--dpi", "72"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"serve exited: {process.communicate()}")
            time.sleep(0.2)
    try:
        yield folder, port, process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()


def _images(page: Page) -> list[str]:
    return page.eval_on_selector_all("#g-pages image", "els => els.map(e => e.getAttribute('href'))")


def _version(page: Page) -> int:
    return int(page.evaluate("document.body.dataset.proofVersion || 0"))


def _wait_version(page: Page, version: int) -> None:
    page.wait_for_function(f"Number(document.body.dataset.proofVersion || 0) >= {version}", timeout=BUILD)


def _in_view(page: Page, frame: str) -> bool:
    return page.evaluate("""name => {
        const rect = document.querySelector(`rect.frame[data-frame="${name}"]`).getBoundingClientRect();
        const view = document.getElementById("viewport").getBoundingClientRect();
        const x = rect.left + rect.width / 2, y = rect.top + Math.min(rect.height / 2, 40);
        return x > view.left && x < view.right && y > view.top && y < view.bottom;
    }""", frame)


def test_the_live_preview_follows_every_save(server):
    folder, port, process = server
    # Loopback only: every listening socket on the port is 127.0.0.1 (or ::1).
    addresses = listening(port)
    assert addresses and all(address.is_loopback for address in addresses), addresses
    # And only for pages asking for it by a loopback name (a web page elsewhere cannot rebind a name to it).
    foreign = urllib.request.Request(f"http://127.0.0.1:{port}/state", headers={"Host": "attacker.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(foreign)
    assert refused.value.code == 400

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.goto(f"http://127.0.0.1:{port}/")
            _wait_version(page, 1)
            first = _images(page)
            assert len(first) == 2 and all(src.startswith("/pages/") for src in first)
            assert page.locator("#status").inner_text() == "fits"
            page.evaluate("window.sameDocument = true")  # gone if the page reloads

            # Save a section: the new proof shows without a reload, with its problem listed.
            repeat_body(folder / "sections" / "02-high-quality-life.md", 6)
            _wait_version(page, 2)
            assert page.evaluate("window.sameDocument") is True
            second = _images(page)
            assert second != first
            assert "lines over" in page.locator("#status").inner_text()
            assert "section:02" in page.locator("#overset").inner_text()  # render would stop: said above the proof
            assert "saved" in page.locator("#latency").inner_text()
            assert float(page.evaluate("document.body.dataset.latencyMs")) > 0

            # Click the problem: the page scrolls to its frame and flashes it.
            page.click("#zoom-one")
            page.evaluate("document.getElementById('viewport').scrollTo(0, 0)")
            assert not _in_view(page, "section:02")
            page.locator('#problems li[data-frame="section:02"]').first.click()
            assert page.locator('rect.frame[data-frame="section:02"]').get_attribute("class").split()[-1] == "flash"
            page.wait_for_function("""() => {
                const rect = document.querySelector('rect.frame[data-frame="section:02"]').getBoundingClientRect();
                const view = document.getElementById("viewport").getBoundingClientRect();
                return rect.left + rect.width / 2 > view.left && rect.left + rect.width / 2 < view.right
                    && rect.top < view.bottom && rect.bottom > view.top;
            }""", timeout=5000)

            # Break the infographic: the error names the file and line; the last good proof stays.
            infographic = folder / "infographic.yaml"
            good = infographic.read_text(encoding="utf-8")
            infographic.write_text(good.replace("  - title: 推动高质量发展", "  - title: 推动: 高质量发展"),
                                   encoding="utf-8")
            with pytest.raises(ContentError) as expected:
                load_feature(folder, folder.parent.parent)
            line = expected.value.problems[0].line
            assert line is not None
            page.wait_for_function("document.body.dataset.error === 'yes'", timeout=BUILD)
            error = page.locator("#error").inner_text()
            assert f"infographic.yaml:{line}" in error and "Still showing the last good proof" in error
            assert _images(page) == second and _version(page) == 2
            assert page.locator("#g-pages image").first.is_visible()

            # Fix it (with a new panel title): the new proof shows and the error goes.
            infographic.write_text(good.replace("推动高质量发展", "推进高质量发展"), encoding="utf-8")
            _wait_version(page, 3)
            page.wait_for_function("document.body.dataset.error === 'no'", timeout=BUILD)
            assert page.locator("#error").is_hidden()
            third = _images(page)
            assert third != second

            # The PDF to download is the last one render would have written: the first (the others overset).
            state = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/state").read())
            assert state["pdf"]["version"] == 1 and state["proof"]["stops_render"]
            pdf = urllib.request.urlopen(f"http://127.0.0.1:{port}/download.pdf")
            assert pdf.headers["Content-Type"] == "application/pdf" and pdf.read(5) == b"%PDF-"
        finally:
            browser.close()

    # Ctrl-C stops it cleanly.
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out.rstrip().endswith("stopped")
    assert "Traceback" not in err
    assert "proof 3:" in out and "build failed" in out
