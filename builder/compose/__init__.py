"""Compose HTML and print CSS from the model, a layout's templates and a plan.

Input: the feature, the layout and its grid, the font set, and either the
galley items to measure (:func:`compose_galley`) or the frame plan
(:func:`compose_pages`). Output: HTML (UTF-8, ``lang="zh-CN"``, the CSS
inlined) and, for pages, the sheets it puts on PDF pages. The Jinja
environment looks in the project's ``layouts/`` first, then the built-ins,
and reads nothing else (:class:`LayoutLoader`); undefined names are errors
(``StrictUndefined``). Templates run sandboxed (:class:`TemplateSandbox`):
even a project's own template cannot reach Python's internals, read files
or build a string of a gigabyte.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import os
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel

from .. import files
from ..cache import cache_root
from ..errors import BroadsheetError, LayoutError, Problem
from ..fonts import font_face_css
from ..job import Job
from ..layout.galley import REFERENCE_SIZE, DisplayPart, GalleyItem, panel_grid
from ..layout.labels import label_boxes, panel_item_mark
from ..layout.look import look
from ..layout.plan import Frame, Plan
from ..layout.sheets import Mode, Sheet, crop_marks, make_sheets
from ..layout.spec import Grid, Layout
from ..model import Image, Inline
from ..project import Project
from ..units import css_pt

if TYPE_CHECKING:
    from ..fonts import FontSet
    from ..images import PlacedImage

_WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class Composition:
    """Composed HTML and the sheets it lays out on."""

    html: str
    sheets: tuple[Sheet, ...]
    mode: Mode


def cn_date(day: dt.date) -> str:
    """``2023年2月1日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_weekday(day: dt.date) -> str:
    """``星期三``."""
    return "星期" + _WEEKDAYS[day.weekday()]


def inline_html(spans: Inline) -> Markup:
    """Inline spans as HTML: ``**bold**`` becomes ``<strong>``."""
    out = []
    for span in spans:
        text = html.escape(span.text).replace("\n", "<br>")
        if span.em:
            text = f"<em>{text}</em>"
        if span.strong:
            text = f"<strong>{text}</strong>"
        out.append(text)
    return Markup("".join(out))


def groupby_runs(chars: tuple[tuple[str, DisplayPart], ...]) -> list[dict[str, Any]]:
    """Consecutive (character, part) pairs of one part joined into runs."""
    runs: list[dict[str, Any]] = []
    for char, part in chars:
        if runs and runs[-1]["part"] == part:
            runs[-1]["text"] += char
        else:
            runs.append({"part": part, "text": char})
    return runs


def share(parts: int) -> float:
    """One of ``parts`` equal shares of a width, in per cent (four decimals)."""
    return round(100 / parts, 4)


class LayoutLoader(jinja2.BaseLoader):
    """Templates from layout folders only, each read under :mod:`builder.files`' rule.

    ``folders`` are (folder, root) pairs in search order; a template is read
    from inside its root (the ``layouts/`` folder it belongs to), so neither
    ``..`` in a name nor a symbolic link can reach another file.
    """

    def __init__(self, folders: list[tuple[Path, Path]]) -> None:
        self.folders = folders

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses ".." with TemplateNotFound
        found = self._find(pieces)
        if found is None:
            raise jinja2.TemplateNotFound(template)
        path, root, stamp = found
        text = files.read_text(path, root, files.TEMPLATE)

        def uptodate() -> bool:
            # Still the file the name finds first, unchanged: an environment lives as long as its process.
            again = self._find(pieces)
            return again is not None and again[0] == path and again[2] == stamp

        return text, str(path), uptodate

    def _find(self, pieces: list[str]) -> tuple[Path, Path, tuple[int, int, int]] | None:
        """The first file of that name in the folders, its root and its stamp (inode, size, time)."""
        for folder, root in self.folders:
            path = folder.joinpath(*pieces)
            if files.is_file(path):
                try:
                    status = os.stat(path)
                except OSError:
                    return path, root, (-1, -1, -1)  # reading it says what is wrong
                return path, root, (status.st_ino, status.st_size, status.st_mtime_ns)
        return None


#: Attributes of a path a template may read; nothing that touches the file system.
_PATH_ATTRIBUTES = {"name", "stem", "suffix", "parts"}
#: The longest string or list a template may build with ``*``, and the largest power.
_MAX_REPEAT = 1_000_000
_MAX_EXPONENT = 64


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, closed further for what the model hands templates.

    No method of a path (``feature.root.read_text()``), no pydantic machinery
    (``model_copy``…), no ``'x' * 10**9``.
    """

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, PurePath) and attr not in _PATH_ATTRIBUTES:
            return False
        if isinstance(obj, BaseModel) and attr.startswith("model_"):
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > _MAX_EXPONENT:
            raise jinja2.sandbox.SecurityError(f"a power of {right} is beyond what a template may compute")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) and len(seq) * times > _MAX_REPEAT:
                    raise jinja2.sandbox.SecurityError("a string or list that long is beyond what a template may "
                                                       "build")
        return super().call_binop(context, operator, left, right)


#: One environment per list of layout folders, for the whole process: each template is compiled once
#: (a build composes the galley and the pages, a live preview builds again and again); a template file
#: changed on disk, or one added in front of it, is read and compiled again (:meth:`LayoutLoader.get_source`).
_ENVIRONMENTS: dict[tuple[tuple[Path, Path], ...], jinja2.Environment] = {}


@functools.cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Jinja's cache of compiled templates, in the user's cache folder — never a project's.

    Each entry is checked against its template's text, so a changed template
    is compiled again; what is stored is Python code, which is why it is kept
    where only the user writes, not in a project folder that came from anyone.
    """
    folder = cache_root(None) / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None


def make_environment(project: Project, layout: Layout) -> jinja2.Environment:
    """The Jinja environment of a layout: project templates first, built-ins after (made once per process)."""
    folders: list[tuple[Path, Path]] = []
    for root in project.search_roots:
        layouts = root / "layouts"
        for name in (layout.name, "common"):
            folder = layouts / name
            if files.folder_inside(folder, layouts) and folder not in [f for f, _ in folders]:
                folders.append((folder, layouts))
    if layout.folder not in [f for f, _ in folders]:
        folders.insert(0, (layout.folder, layout.folder.parent))
    env = _ENVIRONMENTS.get(tuple(folders))
    if env is None:
        env = TemplateSandbox(
            loader=LayoutLoader(folders),
            undefined=jinja2.StrictUndefined,
            autoescape=jinja2.select_autoescape(("html", "html.j2")),
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=_bytecode_cache(),
        )
        env.filters.update(inline=inline_html, pt=css_pt, cn_date=cn_date, cn_weekday=cn_weekday,
                           groupby_runs=groupby_runs, share=share, panel_grid=panel_grid)
        _ENVIRONMENTS[tuple(folders)] = env
    return env


def _context(job: Job, grid: Grid, images: Mapping[str, PlacedImage] | None = None) -> dict[str, Any]:
    feature, layout, fonts = job.feature, job.layout, job.fonts

    def style(name: str) -> dict[str, Any]:
        s = layout.style(name)
        role = fonts.role(s.role)
        return {
            "family": Markup(role.css_family),
            "weight": s.weight or role.weight,
            "size": s.size,
            "pitch": s.pitch,
            "colour": layout.colour(s.colour),
        }

    return {
        "feature": feature,
        "meta": feature.meta,
        "layout": layout,
        "grid": grid,
        "fonts": fonts,
        "style": style,
        "colour": layout.colour,
        "newspaper": job.project.settings.newspaper,
        "asset_url": lambda path: Path(path).resolve().as_uri(),
        # The print-ready file made for a frame (see builder.images), or the image as it is.
        "image_url": lambda frame, image: _image_url(frame, image, images or {}),
        "image_position": lambda frame, image: _image_position(frame, image, images or {}),
        "reference_size": REFERENCE_SIZE,
        "look": look(layout, grid),
        "labels": label_boxes(feature, layout, fonts),
        "item_mark": panel_item_mark(layout, fonts),
        "section": feature.section,
    }


def _image_url(frame: Frame, image: Image, images: Mapping[str, PlacedImage]) -> str:
    placed = images.get(frame.name)
    if placed is not None and placed.image.path == image.path:
        return placed.file.as_uri()
    return image.path.resolve().as_uri()


def _image_position(frame: Frame, image: Image, images: Mapping[str, PlacedImage]) -> str:
    from ..images import object_position

    placed = images.get(frame.name)
    return object_position(placed) if placed is not None and placed.image.path == image.path else ""


def _stylesheet(env: jinja2.Environment, layout: Layout, fonts: FontSet, context: dict[str, Any]) -> Markup:
    """The layout's style sheet, after the ``@font-face`` rules of the font files the roles name."""
    return Markup(font_face_css(fonts) + _render(env, layout.stylesheet, context))


#: What a template's own mistakes raise (a project layout dividing by zero).
_TEMPLATE_FAILURES = (TypeError, ValueError, ArithmeticError, LookupError, AttributeError, RecursionError)


def _render(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateError as error:
        where = getattr(error, "filename", None) or name
        line = getattr(error, "lineno", None)
        message = error.message
        if isinstance(error, jinja2.TemplateNotFound):
            message = f"template {error.name!r} is not in the layout folders"
        if line is None or isinstance(error, jinja2.sandbox.SecurityError):
            where, line = _template_frame(error, where, line)
        raise LayoutError(Problem(where, f"template error: {message}", line=line, code="template")) from None
    except BroadsheetError:
        raise
    except _TEMPLATE_FAILURES as error:
        where, line = _template_frame(error, name, None)
        raise LayoutError(Problem(where, f"template error: {type(error).__name__}: {error}", line=line,
                                  code="template")) from None


def _template_frame(error: BaseException, name: str, line: int | None) -> tuple[str, int | None]:
    """The template file and line an exception came from (Jinja rewrites its traceback so)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return frame.filename, frame.lineno
    return name, line


def compose_galley(job: Job, items: list[GalleyItem], display: dict[DisplayPart, str]) -> str:
    """HTML that sets each galley item at its width, one to a page, to be measured."""
    return galley_composer(job)(items, display)


def galley_composer(job: Job) -> Callable[[list[GalleyItem], dict[DisplayPart, str]], str]:
    """:func:`compose_galley` for one job, its environment and style sheet made once.

    The galley cache composes each item alone (the document that sets one
    block is what its measurement depends on, and its key) and then the
    items it must measure together: one environment and style sheet for all.
    """
    layout = job.layout
    env = make_environment(job.project, layout)
    context = _context(job, job.grid)
    context["css"] = _stylesheet(env, layout, job.fonts, {**context, "sheet_width": 0, "sheet_height": 0,
                                                          "galley": True})

    def compose(items: list[GalleyItem], display: dict[DisplayPart, str]) -> str:
        return _render(env, "galley.html.j2", {**context, "items": items, "display": display})

    return compose


def compose_pages(job: Job, plan: Plan, mode: Mode = "pages",
                  images: Mapping[str, PlacedImage] | None = None) -> Composition:
    """The feature's pages as HTML: frames placed as the plan says.

    ``images``: the print-ready file of each image frame (by frame name), which
    the templates place through ``image_url(frame, image)``.
    """
    layout = job.layout
    env = make_environment(job.project, layout)
    sheets = make_sheets(plan, mode)
    context = _context(job, plan.grid, images)
    # ``marks(sheet)`` is ``sheet.crop_marks``, kept for templates written before it
    context.update(plan=plan, sheets=sheets, mode=mode, marks=crop_marks)
    context["css"] = _stylesheet(env, layout, job.fonts, {**context, "sheet_width": sheets[0].width,
                                                          "sheet_height": sheets[0].height, "galley": False})
    return Composition(html=_render(env, layout.template, context), sheets=sheets, mode=mode)
