"""Read the laid-out pages: frames, their columns and lines, where they ended up.

Input: a rendered :class:`weasyprint.Document`. Output: plain values
(:class:`LaidOutFrame`, :class:`LaidOutLine`) with positions in points on the
sheet, for the checks, the tests and the previews. This is the one place that
knows the shape of WeasyPrint's box tree.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from weasyprint import Document
from weasyprint.formatting_structure import boxes

from ..units import PX


@dataclass(frozen=True)
class LaidOutLine:
    """A line box: its text and where it sits (points, sheet coordinates)."""

    text: str
    x: float
    y: float
    width: float
    height: float
    baseline: float
    column: int
    block: int  #: index of the paragraph (block element) in the flow
    box: object = field(repr=False, compare=False, default=None)

    @property
    def right(self) -> float:
        return self.x + self.width


@dataclass
class LaidOutFrame:
    """A frame on one sheet: its box, its flow's columns and lines."""

    name: str
    sheet: int
    x: float
    y: float
    width: float
    height: float
    box: object = field(repr=False)
    lines: list[LaidOutLine] = field(default_factory=list)
    columns: list[tuple[float, float, float, float]] = field(default_factory=list)
    #: whether the lines are a flow of text columns (a section, the lead), not
    #: the lines of a box, caption or credit
    flowing: bool = False

    @property
    def bottom(self) -> float:
        return self.y + self.height


def walk(box: boxes.Box) -> Iterator[boxes.Box]:
    """Every box under ``box``, depth first, in document order.

    Absolutely positioned boxes are yielded themselves, not their placeholders.
    """
    box = getattr(box, "_box", box)
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


def attribute(box: boxes.Box, name: str) -> str | None:
    """An attribute of the element a box was made for."""
    element = getattr(box, "element", None)
    return element.get(name) if element is not None else None


def line_text(line: boxes.LineBox) -> str:
    """The text of a line box, as drawn (markers included)."""
    return "".join(b.text for b in walk(line) if isinstance(b, boxes.TextBox))


def _classes(box: boxes.Box) -> set[str]:
    return set((attribute(box, "class") or "").split())


def _lines_of(container: boxes.Box, column: int, blocks: dict[int, int]) -> Iterator[LaidOutLine]:
    for child in getattr(container, "children", ()):
        if isinstance(child, boxes.LineBox):
            key = id(getattr(container, "element", None))
            block = blocks.setdefault(key, len(blocks))
            yield LaidOutLine(
                text=line_text(child),
                x=child.position_x * PX,
                y=child.position_y * PX,
                width=child.width * PX,
                height=child.height * PX,
                baseline=(child.position_y + child.baseline) * PX,
                column=column,
                block=block,
                box=child,
            )
        elif isinstance(child, boxes.ParentBox):
            yield from _lines_of(child, column, blocks)


def frames(document: Document) -> list[LaidOutFrame]:
    """Every frame box of every sheet, with the lines laid out in it."""
    found = []
    for sheet, page in enumerate(document.pages):
        for box in walk(page._page_box):
            name = attribute(box, "data-frame")
            if name is None or not isinstance(box, boxes.BlockBox):
                continue
            frame = LaidOutFrame(name, sheet, box.position_x * PX, box.position_y * PX,
                                 box.margin_width() * PX, box.margin_height() * PX, box)
            counter: dict[int, int] = {}
            for child in walk(box):
                if "flow" in _classes(child) and isinstance(child, boxes.BlockBox):
                    frame.flowing = True
                    column_boxes = [c for c in child.children if isinstance(c, boxes.BlockBox)
                                    and attribute(c, "class") == attribute(child, "class")]
                    if column_boxes:
                        for index, column in enumerate(column_boxes):
                            frame.columns.append((column.position_x * PX, column.position_y * PX,
                                                  column.width * PX, column.height * PX))
                            frame.lines.extend(_lines_of(column, index, counter))
                    else:
                        frame.columns.append((child.position_x * PX, child.position_y * PX,
                                              child.width * PX, child.height * PX))
                        frame.lines.extend(_lines_of(child, 0, counter))
                    break
            else:
                frame.lines.extend(_lines_of(box, 0, counter))
            found.append(frame)
    return found


def element_boxes(document: Document, prefix: str) -> dict[str, list[tuple[int, boxes.Box]]]:
    """Boxes of elements whose id starts with ``prefix``, by id."""
    found: dict[str, list[tuple[int, boxes.Box]]] = {}
    for sheet, page in enumerate(document.pages):
        for box in walk(page._page_box):
            ident = attribute(box, "id")
            if ident and ident.startswith(prefix) and not isinstance(box, boxes.LineBox):
                found.setdefault(ident, []).append((sheet, box))
    return found


def page_lines(document: Document, sheet: int = 0) -> list[LaidOutLine]:
    """Every line box of one sheet in document order, with its block's index."""
    page = document.pages[sheet]._page_box
    blocks: dict[int, int] = {}
    lines = []
    for box in walk(page):
        if isinstance(box, boxes.BlockBox):
            for child in box.children:
                if isinstance(child, boxes.LineBox):
                    block = blocks.setdefault(id(box.element), len(blocks))
                    lines.append(LaidOutLine(line_text(child), child.position_x * PX, child.position_y * PX,
                                             child.width * PX, child.height * PX,
                                             (child.position_y + child.baseline) * PX, 0, block, child))
    return lines


def content_right(line: LaidOutLine) -> float:
    """Right edge of what a line draws (the end of its last box), in points."""
    right = line.x
    for child in getattr(line.box, "children", ()):
        right = max(right, (child.position_x + child.margin_width()) * PX)
    return right


def prune_overset(document: Document, plan) -> int:  # noqa: ANN001 - a layout.plan.Plan
    """Take the lines that fell out of their frames off the pages; how many.

    WeasyPrint lays text that overflows a frame's columns into further
    columns beside it, clipped by the frame. Those columns, lines below a
    frame's bottom, and a frame's continuation on a later sheet are removed
    so that the PDF holds only what prints.
    """
    columns = {frame.name: frame.columns for frame in plan.frames}
    own_page = {frame.name for frame in plan.frames if frame.kind in ("text", "box")}
    seen: set[str] = set()
    removed = 0
    for frame in frames(document):
        if frame.name in own_page and frame.name in seen:
            removed += _drop_lines(frame.box)
            continue
        seen.add(frame.name)
        wanted = columns.get(frame.name, 1)
        for box in walk(frame.box):
            if "flow" not in (attribute(box, "class") or "").split() or not isinstance(box, boxes.BlockBox):
                continue
            kept = [c for c in box.children if not isinstance(c, boxes.BlockBox)
                    or attribute(c, "class") != attribute(box, "class")]
            column_boxes = [c for c in box.children if c not in kept]
            if column_boxes:
                removed += sum(1 for c in column_boxes[wanted:] for b in walk(c) if isinstance(b, boxes.LineBox))
                box.children = [*kept, *column_boxes[:wanted]]
            break
        bottom = (frame.y + frame.height) / PX + 0.5
        for box in walk(frame.box):
            children = getattr(box, "children", None)
            if children and any(isinstance(c, boxes.LineBox) for c in children):
                keep = [c for c in children if not isinstance(c, boxes.LineBox) or c.position_y + c.height <= bottom]
                removed += len(children) - len(keep)
                box.children = keep
    return removed


def _drop_lines(box: boxes.Box) -> int:
    """Remove every line box under ``box``; how many."""
    removed = 0
    for child in walk(box):
        children = getattr(child, "children", None)
        if children and any(isinstance(c, boxes.LineBox) for c in children):
            kept = [c for c in children if not isinstance(c, boxes.LineBox)]
            removed += len(children) - len(kept)
            child.children = kept
    return removed
