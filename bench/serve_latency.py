"""Edit → proof on screen: the live preview, against a cold render and rasterise of the same change.

Starts ``broadsheet serve`` on a copy of the sample (a free loopback port),
opens it in headless Chromium (Debian's, driven by Playwright), and saves a
section file ``--edits`` times, each time changing a word of its first
paragraph into text not seen before, as an editor would. For each save the page records when the new
picture is on screen (``data-latency-ms``: from the file's modification time
to the picture drawn). The peer, measured right after each save in the same
run: what a user without the server does — ``python -m builder render`` of
the same feature in a fresh process, then rasterising its PDF with
pypdfium2 at the same resolution — from the save to the pixels.

Reports the medians, their ratio, and where the server's time goes (median
seconds per stage: load, galley, plan, layout, pdf, preflight, overlay,
rasterise, encode).

    .venv/bin/python bench/serve_latency.py [--edits 7] [--dpi 100]
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from builder.preview.raster import rasterise
from builder.project import SAMPLE_FEATURE, SAMPLE_PROJECT

REPO = Path(__file__).resolve().parents[1]

TARGET = 1.0  #: seconds, edit → proof on screen, median
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
SECTION = "sections/01-high-quality-development.md"
#: Words of the first paragraph, each swapped for one of the same length in turn.
WORDS = ["新年伊始", "开年之初", "岁首之际", "新春伊始"]
STAGES = ("load", "galley", "plan", "layout", "pdf", "preflight", "overlay", "rasterise", "encode")


def copy_sample(root: Path) -> Path:
    project = root / "project"
    (project / "content").mkdir(parents=True)
    shutil.copytree(SAMPLE_PROJECT / "assets", project / "assets")
    shutil.copy(SAMPLE_PROJECT / "broadsheet.toml", project / "broadsheet.toml")
    folder = project / "content" / SAMPLE_FEATURE.name
    shutil.copytree(SAMPLE_FEATURE, folder)
    return folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    for _ in range(600):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.poll() is not None:
                sys.exit(f"serve exited: {process.communicate()}")
            time.sleep(0.1)
    sys.exit("serve did not start")


def cold(folder: Path, out: Path, dpi: int) -> float:
    """A fresh render process, then rasterising its PDF: seconds from start to pixels."""
    start = time.time()
    subprocess.run([sys.executable, "-m", "builder", "render", str(folder), "-o", str(out), "-q"], check=True,
                   cwd=REPO, stdout=subprocess.DEVNULL)
    rasterise(out.read_bytes(), dpi)
    return time.time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=7)
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = copy_sample(Path(temp))
        section = folder / SECTION
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "builder", "serve", str(folder), "--port", str(port),
                                   "--dpi", str(args.dpi), "-q"], cwd=REPO,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        try:
            wait_for_port(port, server)
            served, peers, redrawn, stages = [], [], [], {stage: [] for stage in STAGES}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_function("Number(document.body.dataset.proofVersion || 0) >= 1", timeout=300_000)
                # One warm-up edit: the first rebuild still pays for what the first build left cold.
                # Every save makes text never seen before (a word and the edit's number), so no edit is
                # served from the galley cache of an earlier one, as no editor's real edit would be.
                current = WORDS[0]
                for index in range(args.edits + 1):
                    version = int(page.evaluate("document.body.dataset.proofVersion"))
                    text = section.read_text(encoding="utf-8")
                    new = f"{WORDS[(index + 1) % len(WORDS)]}{index + 1}"
                    section.write_text(text.replace(current, new, 1), encoding="utf-8")
                    current = new
                    page.wait_for_function(f"Number(document.body.dataset.proofVersion) > {version}",
                                           timeout=300_000)
                    latency = float(page.evaluate("document.body.dataset.latencyMs")) / 1000
                    state = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/state").read())
                    peer = cold(folder, Path(temp) / "cold.pdf", args.dpi)
                    if index == 0:
                        continue
                    served.append(latency)
                    peers.append(peer)
                    redrawn.append(sum(1 for p in state["proof"]["pages"] if p["redrawn"]))
                    for stage in STAGES:
                        stages[stage].append(state["proof"]["timings"].get(stage, 0.0))
                    print(f"  edit {index}: serve {latency:5.2f} s, cold render + rasterise {peer:5.2f} s, "
                          f"{redrawn[-1]} page(s) redrawn", flush=True)
                browser.close()
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(30)
    on_screen, peer = statistics.median(served), statistics.median(peers)
    print(f"edit → proof on screen, the sample at {args.dpi} dpi, {args.edits} edits (median)")
    print(f"  broadsheet serve (warm worker)     {on_screen:6.2f} s   (target {TARGET:.1f} s: "
          f"{'met' if on_screen <= TARGET else 'missed'})")
    print(f"  cold render + rasterise (peer)     {peer:6.2f} s")
    print(f"  ratio {on_screen / peer:.2f}")
    print("  where the server's time goes (median s): "
          + ", ".join(f"{stage} {statistics.median(stages[stage]):.2f}" for stage in STAGES))


if __name__ == "__main__":
    main()
