"""Reading a feature folder into a job: the content, the layout, the paper and the font set.

Input: a feature folder and :class:`Options` (what the user chose on the
command line). Output: a :class:`~builder.job.Job`, every input read and
validated, with the images ``--asset`` swaps in and the fonts ``--fontset``
and ``--font`` choose. Nothing here lays anything out, so commands that only
read (``fonts``, ``info``) and the start of every render import no
typesetter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .assets import swap_images
from .cache import cache_dir
from .content import load_feature
from .errors import LayoutError, Problem, did_you_mean
from .fonts import choose_fonts, command_line_level, feature_level
from .job import CJKSettings, Job
from .layout.rules import check_panels
from .layout.sheets import Mode
from .layout.spec import find_paper, load_layout, make_grid
from .project import NAME_RULE, is_name, load_project

__all__ = ["Options", "Overrides", "prepare"]


@dataclass(frozen=True)
class Overrides:
    """Fonts and images swapped for one build, over what the content and settings say.

    ``fonts`` and ``assets`` are (role, family-or-file chain) and (slot, path)
    pairs as given on the command line; a later pair for the same role wins.
    """

    fontset: str | None = None
    fonts: tuple[tuple[str, str], ...] = ()
    assets: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Options:
    """What the user chose on the command line; None means "from the content"."""

    layout: str | None = None
    paper: str | None = None
    mode: Mode = "pages"
    #: copyfit frames that overset or stay too empty (within the layout's bounds)
    fit: bool = False
    #: --fontset, --font and --asset
    overrides: Overrides = Overrides()


def prepare(feature_dir: Path, options: Options) -> Job:
    """Read the content (with the images --asset swaps in), the layout, the paper and the font set: the job."""
    project = load_project(feature_dir)
    feature = load_feature(feature_dir, project.root)
    feature = swap_images(feature, options.overrides.assets, project.root)
    layout_name = options.layout or feature.meta.layout
    folder = project.find("layouts", layout_name)
    if folder is None or not (folder / "layout.toml").is_file():
        known = project.layouts()
        where = feature.source if options.layout is None else "--layout"
        what = "unknown layout" if is_name(layout_name) else f"a layout is {NAME_RULE}:"
        raise LayoutError(Problem(where, f"{what} {layout_name!r} (known: {', '.join(known)})",
                                  key="layout" if options.layout is None else None, code="unknown-layout",
                                  hint=did_you_mean(layout_name, known)))
    layout = load_layout(folder)
    check_panels(feature, layout)  # before any layout work: a runaway infographic is refused at once
    paper_name = options.paper or feature.meta.paper or layout.paper.default
    named_in: tuple[Path | str, str | None]  # where the paper is named, and under which key
    if options.paper:
        named_in = ("--paper", None)
    elif feature.meta.paper:
        named_in = (feature.source, "paper")
    else:
        named_in = (folder / "layout.toml", "paper.default")
    paper = find_paper(paper_name, *named_in, project.papers)
    grid = make_grid(layout, paper)
    overrides = options.overrides
    fonts = choose_fonts(project, [feature_level(feature.source, feature.meta.fonts, project.root),
                                   command_line_level(overrides.fontset, overrides.fonts)],
                         cache_dir(project.root, "fonts"))
    for name, style in layout.type.items():
        if style.role not in fonts.roles:
            raise LayoutError(Problem(folder / "layout.toml", f"role {style.role!r} is not in the font set "
                                      f"{fonts.name!r}", key=f"type.{name}.role"))
    return Job(project, feature, layout, grid, fonts, CJKSettings(han_latin_em=layout.cjk.han_latin_space))
