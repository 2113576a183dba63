"""Copyfitting: set a frame's text tighter or looser, within the layout's bounds, until it fits.

Input: the :class:`~builder.job.Job`, the plan and the fits measured on its
pages (:mod:`builder.typeset.fit`), some frames overset or too empty.
Output: the changes per frame (:class:`Change`) — tracking first, then a
smaller body size, never past the ``[fit]`` bounds of layout.toml — and, for
frames that cannot be fitted, by how much they still overset.

Each frame is fitted on its own: a document holding only that frame is laid
out for each candidate setting, and the settings are bisected (tighter
settings set fewer lines), so a fit costs a few small layouts, not a spread
each. The caller lays out the whole spread once more with the changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .compose import compose_pages
from .job import Job
from .layout.plan import Fit, Frame, Plan
from .layout.spec import Layout
from .model import ContentRef
from .typeset import render
from .typeset.fit import FrameFit, measure_fit

#: Tracking changes in steps of this many em; body size in steps of this many points.
TRACKING_STEP = 0.005
SIZE_STEP = 0.25

#: How a frame's text is set: a size scale and tracking in em.
Setting = Fit


def describe(setting: Setting, base: float) -> str:
    """A setting in words, against a body size of ``base`` points."""
    parts = []
    if setting.tracking:
        parts.append(f"tracking {setting.tracking:+.3f} em")
    if setting.scale != 1.0:
        parts.append(f"body {base * setting.scale:g} pt (was {base:g} pt)")
    return ", ".join(parts) or "as designed"


@dataclass(frozen=True)
class Change:
    """What copyfitting did to one frame, and with what result."""

    frame: ContentRef
    before: str
    setting: Setting
    description: str
    lines_before: int
    overset_after: int
    empty_after: int

    @property
    def fitted(self) -> bool:
        return self.overset_after == 0


def tighter(layout: Layout) -> list[Setting]:
    """Settings from as designed to the tightest allowed, each tighter than the last."""
    bounds = layout.fit
    body = layout.style("body").size
    steps = [Setting()]
    tracking = 0.0
    while tracking - TRACKING_STEP >= bounds.tracking_em[0] - 1e-9:
        tracking = round(tracking - TRACKING_STEP, 4)
        steps.append(Setting(1.0, tracking))
    size = body
    while size - SIZE_STEP >= bounds.body_size_pt[0] - 1e-9:
        size = round(size - SIZE_STEP, 4)
        steps.append(Setting(round(size / body, 5), tracking))
    return steps


def looser(layout: Layout) -> list[Setting]:
    """Settings from as designed to the loosest allowed (tracking only)."""
    bounds = layout.fit
    steps = [Setting()]
    tracking = 0.0
    while tracking + TRACKING_STEP <= bounds.tracking_em[1] + 1e-9:
        tracking = round(tracking + TRACKING_STEP, 4)
        steps.append(Setting(1.0, tracking))
    return steps


def with_setting(frame: Frame, setting: Setting) -> Frame:
    """A copy of the frame whose text is set with ``setting``."""
    return frame.moved(fit=setting)


def _trial(job: Job, plan: Plan) -> Callable[[Frame, Setting], FrameFit]:
    """Lay out one frame alone with a setting; its fit."""

    def trial(frame: Frame, setting: Setting) -> FrameFit:
        alone = replace(plan, frames=(with_setting(frame, setting),))
        composition = compose_pages(job, alone, "spread")
        document = render(composition.html, job.read_roots, job.chinese, job.fonts.font_files)
        return measure_fit(document, alone)[0]

    return trial


def _first(steps: list[Setting], good: Callable[[Setting], bool]) -> int | None:
    """Index of the first step that is good, steps being ordered so that good stays good."""
    low, high = 0, len(steps) - 1
    if not good(steps[high]):
        return None
    while low < high:
        middle = (low + high) // 2
        if good(steps[middle]):
            high = middle
        else:
            low = middle + 1
    return low


def copyfit(job: Job, plan: Plan, fits: Iterable[FrameFit],
            progress: Callable[[str], None] = lambda step: None) -> tuple[Change, ...]:
    """Find for each overset or too-empty frame of ``plan`` the least change that fits it."""
    trial = _trial(job, plan)
    allowed = job.layout.fit.max_empty_lines
    body = job.layout.style("body").size
    changes = []
    for fit in fits:
        if not fit.content.copyfitted:
            continue
        frame = plan.frame(fit.content)
        results: dict[Setting, FrameFit] = {}

        def measured(setting: Setting, frame: Frame = frame, results: dict = results) -> FrameFit:
            if setting not in results:
                results[setting] = trial(frame, setting)
            return results[setting]

        if fit.overset:
            progress(f"Fitting {fit.name}")
            steps = tighter(job.layout)
            index = _first(steps[1:], lambda s: not measured(s).overset)
            setting = steps[-1] if index is None else steps[1:][index]
        elif fit.empty_lines > allowed:
            progress(f"Fitting {fit.name}")
            steps = looser(job.layout)
            # The loosest setting that still fits leaves the fewest lines empty.
            reverse = list(reversed(steps))
            index = _first(reverse, lambda s: not measured(s).overset)
            setting = reverse[index] if index is not None else Setting()
            # Loosen only when it cures the frame: looser text for a line or
            # two would only make it unlike its neighbours.
            if setting == Setting() or measured(setting).empty_lines > allowed:
                continue
        else:
            continue
        after = measured(setting)
        changes.append(Change(fit.content, describe(Setting(), body), setting, describe(setting, body),
                              len(fit.lines) + fit.overset_lines, after.overset_lines, after.empty_lines))
    return tuple(changes)


def apply(plan: Plan, changes: Iterable[Change]) -> Plan:
    """The plan with each changed frame set as its change says."""
    by_frame = {change.frame: change.setting for change in changes}
    frames = tuple(with_setting(f, by_frame[f.content]) if f.content in by_frame else f for f in plan.frames)
    return replace(plan, frames=frames)
