"""The image pipeline on camera-sized photos: made cold, against found in the cache.

Writes the held-out feature (scripts/make_heldout.py: a 6000 × 4000 hero, a
photo stored on its side, a CMYK TIFF, a 16-bit chart), plans it once, then
alternately prepares its images with the cache emptied (every file made), from
the cache on disk with the process's memory of it forgotten (a new process,
a second render), and warm (the live preview's next rebuild). Reports the
median of each and their ratios to the cold run.

    .venv/bin/python bench/images.py [--runs 5]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from make_heldout import write  # noqa: E402

from builder import images  # noqa: E402
from builder.pipeline import Options, build  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = write(Path(temp) / "heldout")
        result = build(folder, Options())
        cache = next(iter(result.images.values())).file.parent
        rules, plan, feature = result.layout.images, result.plan, result.feature
        cold, disk, warm = [], [], []
        for _ in range(args.runs):
            shutil.rmtree(cache)
            images.clear_memory()
            start = time.perf_counter()
            made = images.place_images(feature, plan, plan.grid, rules, cache)
            cold.append(time.perf_counter() - start)
            assert not any(item.hit for item in made.values())
            images.clear_memory()
            start = time.perf_counter()
            found = images.place_images(feature, plan, plan.grid, rules, cache)
            disk.append(time.perf_counter() - start)
            start = time.perf_counter()
            again = images.place_images(feature, plan, plan.grid, rules, cache)
            warm.append(time.perf_counter() - start)
            assert all(item.hit for item in (*found.values(), *again.values()))
        made_s, disk_s, warm_s = (statistics.median(values) for values in (cold, disk, warm))
        print(f"the held-out feature's {len(made)} images, {args.runs} runs each")
        print(f"  made (cache emptied)        median {made_s * 1000:8.1f} ms")
        print(f"  from the cache, new process median {disk_s * 1000:8.1f} ms  ratio {disk_s / made_s:.3f}")
        print(f"  from the cache, warm        median {warm_s * 1000:8.1f} ms  ratio {warm_s / made_s:.4f}")


if __name__ == "__main__":
    main()
