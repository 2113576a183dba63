"""Layout time of the sample with and without the CJK extension, side by side.

The same composed HTML is laid out alternately with Chinese composition on
and off (caches emptied each time), so that both see the same machine load.
Reports the median of each and their ratio; the extension's budget is 1.25.

    .venv/bin/python bench/cjk_layout.py [--runs 9]
"""

from __future__ import annotations

import argparse
import statistics
import time

from builder.pipeline import Options, build
from builder.project import SAMPLE_FEATURE
from builder.typeset import cjk, render
from builder.typeset.cjk import CJKSettings

BUDGET = 1.25


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    result = build(SAMPLE_FEATURE, Options(mode="pages"))
    html, roots = result.composition.html, result.project.read_roots
    with_cjk, without = [], []
    for _ in range(args.runs):
        cjk._MEASURES.clear()
        cjk._HALVES.clear()
        start = time.perf_counter()
        render(html, roots, CJKSettings())
        with_cjk.append(time.perf_counter() - start)
        start = time.perf_counter()
        render(html, roots, None)
        without.append(time.perf_counter() - start)
    on, off = statistics.median(with_cjk), statistics.median(without)
    ratio = on / off
    print(f"layout of the sample spread, {args.runs} runs each, alternating")
    print(f"  WeasyPrint alone        median {off * 1000:7.1f} ms")
    print(f"  with the CJK extension  median {on * 1000:7.1f} ms")
    print(f"  ratio {ratio:.3f} (budget {BUDGET:.2f}) {'ok' if ratio <= BUDGET else 'OVER BUDGET'}")


if __name__ == "__main__":
    main()
