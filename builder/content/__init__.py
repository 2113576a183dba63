"""Read a feature folder into the model.

Input: a folder following the content contract::

    <feature>/
      feature.md          front matter + the lead (导语) as body
      sections/NN-*.md    one file per section, ordered by NN
      infographic.yaml    the boxed infographic

Output: a validated :class:`~builder.model.Feature`. Every problem found in any
file is collected and raised together as one :class:`~builder.errors.ContentError`,
one line per problem with its file and key or line.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..assets import resolve_image
from ..errors import ContentError, Problem
from ..model import (
    Feature,
    FeatureMeta,
    Infographic,
    InfographicSpec,
    Panel,
    Section,
    SectionMeta,
)
from .markdown import parse_inline, parse_markdown
from .validate import parse_yaml, validate

FEATURE_FILE = "feature.md"
SECTIONS_DIR = "sections"
INFOGRAPHIC_FILES = ("infographic.yaml", "infographic.yml")
SECTION_NAME = re.compile(r"^(?P<number>\d{2})-(?P<slug>[\w-]+)\.md$")


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(path, f"not UTF-8 text (byte {error.start})"))
    except OSError as error:
        problems.append(Problem(path, f"cannot be read: {error.strerror}"))
    return None


def load_feature(feature_dir: Path, project_root: Path | None = None) -> Feature:
    """Read and validate a whole feature folder."""
    feature_dir = Path(feature_dir)
    if not feature_dir.is_dir():
        raise ContentError(Problem(feature_dir, "no such feature folder"))
    feature_dir = feature_dir.resolve()
    project_root = (project_root or feature_dir.parent).resolve()
    search = (feature_dir, project_root) if project_root != feature_dir else (feature_dir,)
    problems: list[Problem] = []

    feature_path = feature_dir / FEATURE_FILE
    meta = hero = None
    lead: tuple = ()
    if not feature_path.is_file():
        problems.append(Problem(feature_path, "missing: every feature folder needs a feature.md"))
    else:
        text = _read_text(feature_path, problems)
        if text is not None:
            parsed = parse_markdown(text, feature_path)
            problems.extend(parsed.problems)
            lead = tuple(parsed.blocks)
            if parsed.front_matter is not None:
                data, yaml_problems = parse_yaml(parsed.front_matter, feature_path, parsed.front_matter_line)
                problems.extend(yaml_problems)
                if not yaml_problems:
                    meta, meta_problems = validate(
                        data, FeatureMeta, feature_path, parsed.front_matter,
                        parsed.front_matter_line, "front matter",
                    )
                    problems.extend(meta_problems)
            if meta is not None:
                hero, image_problems = resolve_image(
                    meta.hero.image, meta.hero.caption, search, feature_path, "hero.image"
                )
                problems.extend(image_problems)
            if not lead:
                problems.append(Problem(feature_path, "the lead (the body below the front matter) is empty"))

    sections = _load_sections(feature_dir / SECTIONS_DIR, search, problems)
    infographic = _load_infographic(feature_dir, problems)

    if problems:
        raise ContentError(problems)
    assert meta is not None and hero is not None
    return Feature(
        slug=feature_dir.name,
        root=feature_dir,
        meta=meta,
        hero=hero,
        lead=lead,
        sections=tuple(sections),
        infographic=infographic,
        source=feature_path,
    )


def _load_sections(folder: Path, search: tuple[Path, ...], problems: list[Problem]) -> list[Section]:
    if not folder.is_dir():
        problems.append(Problem(folder, "missing: put one NN-name.md file per section here"))
        return []
    sections: list[Section] = []
    seen: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        match = SECTION_NAME.match(path.name)
        if not match or not path.is_file():
            problems.append(
                Problem(path, "not a section file: sections are named NN-name.md (e.g. 01-economy.md)")
            )
            continue
        number = match["number"]
        if number in seen:
            problems.append(Problem(path, f"section number {number} is also used by {seen[number].name}"))
            continue
        seen[number] = path
        section = _load_section(path, number, match["slug"], search, problems)
        if section is not None:
            sections.append(section)
    if not seen and not any(p.file == folder for p in problems):
        problems.append(Problem(folder, "no section files (NN-name.md) found"))
    return sections


def _load_section(
    path: Path, number: str, slug: str, search: tuple[Path, ...], problems: list[Problem]
) -> Section | None:
    text = _read_text(path, problems)
    if text is None:
        return None
    parsed = parse_markdown(text, path)
    problems.extend(parsed.problems)
    if parsed.front_matter is None:
        return None
    data, yaml_problems = parse_yaml(parsed.front_matter, path, parsed.front_matter_line)
    problems.extend(yaml_problems)
    if yaml_problems:
        return None
    meta, meta_problems = validate(
        data, SectionMeta, path, parsed.front_matter, parsed.front_matter_line, "front matter"
    )
    problems.extend(meta_problems)
    if meta is None:
        return None
    if not parsed.blocks:
        problems.append(Problem(path, "the section body is empty"))
        return None
    image = None
    if meta.image is not None:
        image, image_problems = resolve_image(meta.image.src, meta.image.caption, search, path, "image.src")
        problems.extend(image_problems)
    return Section(
        number=number,
        slug=slug,
        title=meta.title,
        subtitle=meta.subtitle,
        image=image,
        body=tuple(parsed.blocks),
        source=path,
    )


def _load_infographic(feature_dir: Path, problems: list[Problem]) -> Infographic | None:
    path = next((feature_dir / name for name in INFOGRAPHIC_FILES if (feature_dir / name).is_file()), None)
    if path is None:
        return None
    text = _read_text(path, problems)
    if text is None:
        return None
    data, yaml_problems = parse_yaml(text, path)
    problems.extend(yaml_problems)
    if yaml_problems:
        return None
    spec, spec_problems = validate(data, InfographicSpec, path, text)
    problems.extend(spec_problems)
    if spec is None:
        return None
    panels = []
    for panel in spec.panels:
        items = tuple(parse_inline(item, path, problems) for item in panel.items)
        panels.append(Panel(title=panel.title, items=items, numbered=panel.numbered))
    return Infographic(title=spec.title, credit=spec.credit, panels=tuple(panels), source=path)

