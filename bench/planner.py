"""Time of the frame rules' arrangement search against one layout of the pages it plans.

For the sample on every built-in layout and paper preset: the galley is
measured once, then the rules (:func:`builder.layout.rules.solve`, every
arrangement scored from the galley's numbers) and WeasyPrint's layout of the
winner's pages are timed alternately, so that both see the same machine
load. Reports the median of each and their ratio; the search's budget is a
fifth of one layout of the pages.

    .venv/bin/python bench/planner.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time

from builder.compose import compose_pages
from builder.layout.paper import PAPERS
from builder.layout.rules import solve
from builder.pipeline import Options, measure_galley, prepare
from builder.project import DATA_ROOT, SAMPLE_FEATURE
from builder.typeset import render

BUDGET = 0.2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    layouts = sorted(p.name for p in (DATA_ROOT / "layouts").iterdir() if (p / "layout.toml").is_file())
    print(f"the sample, {args.runs} runs each, alternating: the rules' search vs one layout of its pages")
    worst = 0.0
    for layout_name in layouts:
        for paper in sorted(PAPERS):
            job = prepare(SAMPLE_FEATURE, Options(layout=layout_name, paper=paper))
            feature, layout, grid = job.feature, job.layout, job.grid
            galley = measure_galley(job)
            plan = solve(feature, layout, grid, galley)
            html = compose_pages(job, plan).html
            search, pages = [], []
            for _ in range(args.runs):
                start = time.perf_counter()
                solve(feature, layout, grid, galley)
                search.append(time.perf_counter() - start)
                start = time.perf_counter()
                render(html, job.read_roots, job.chinese, job.fonts.font_files)
                pages.append(time.perf_counter() - start)
            ratio = statistics.median(search) / statistics.median(pages)
            worst = max(worst, ratio)
            print(f"  {layout_name:15} {paper:14} search median {statistics.median(search) * 1000:7.1f} ms, "
                  f"pages median {statistics.median(pages) * 1000:7.1f} ms, ratio {ratio:.3f}")
    print(f"  worst ratio {worst:.3f} (budget {BUDGET:.2f}) {'ok' if worst <= BUDGET else 'OVER BUDGET'}")


if __name__ == "__main__":
    main()
