"""Run every benchmark in bench/ and print their reports."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

BENCHMARKS = ["cjk_layout.py", "images.py", "planner.py", "serve_latency.py", "speed.py"]

if __name__ == "__main__":
    here = Path(__file__).resolve().parent
    for name in BENCHMARKS:
        print(f"== {name}")
        sys.argv = [name]
        runpy.run_path(str(here / name), run_name="__main__")
