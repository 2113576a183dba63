"""The pipeline's stages as the progress steps name them, and a clock that adds up time per stage.

Input: the progress steps a build reports (``"Measuring the galley"``,
``"Typesetting"``, …). Output: seconds per stage — load, galley, plan,
images, layout, pdf, preflight, overlay — for the live preview's timings and the
benchmark's table.
"""

from __future__ import annotations

import time
from collections.abc import Callable

Progress = Callable[[str], None]

#: What the pipeline's progress steps measure, by the start of their name.
STAGES = (("Reading", "load"), ("Measuring", "galley"), ("Placing", "plan"), ("Preparing images", "images"),
          ("Typesetting", "layout"), ("Writing PDF", "pdf"), ("Preflight", "preflight"), ("Overlay", "overlay"))


def _quiet(_: str) -> None:
    pass


class StageClock:
    """Passes progress on, and adds up the time spent in each stage (:attr:`totals`, seconds)."""

    def __init__(self, progress: Progress = _quiet) -> None:
        self.progress = progress
        self.totals: dict[str, float] = {}
        self.current: str | None = None
        self.since = time.perf_counter()

    def step(self, name: str) -> None:
        """A new step began: the one before it ends now."""
        self.stop()
        self.current = next((stage for prefix, stage in STAGES if name.startswith(prefix)), "other")
        self.progress(name)

    def stop(self) -> None:
        """The step under way ends now."""
        now = time.perf_counter()
        if self.current is not None:
            self.totals[self.current] = self.totals.get(self.current, 0.0) + now - self.since
        self.current, self.since = None, now
