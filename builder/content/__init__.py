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

import functools
import re
from pathlib import Path

from .. import files
from ..assets import resolve_image
from ..errors import ContentError, Problem
from ..model import (
    MAX_SECTIONS,
    MAX_TEXT_CHARS,
    Feature,
    FeatureMeta,
    Infographic,
    InfographicSpec,
    Panel,
    Section,
    SectionMeta,
)
from .markdown import parse_inline, parse_markdown
from .safeyaml import key_lines, load_yaml
from .validate import validate

FEATURE_FILE = "feature.md"
SECTIONS_DIR = "sections"
INFOGRAPHIC_FILES = ("infographic.yaml", "infographic.yml")
SECTION_NAME = re.compile(r"^(?P<number>\d{2})-(?P<slug>[\w-]+)\.md$")


def _read_text(path: Path, root: Path, kind: files.Kind, problems: list[Problem]) -> str | None:
    try:
        return files.read_text(path, root, kind)
    except files.FileRefused as refused:
        problems.extend(refused.problems)
    return None


def load_feature(feature_dir: Path, project_root: Path | None = None) -> Feature:
    """Read and validate a whole feature folder.

    Every file is read from inside the feature folder (images from it or the
    project) under :mod:`builder.files`' rule; the counts and the length of
    the text are checked before anything is parsed.
    """
    feature_dir = Path(feature_dir)
    if not feature_dir.is_dir():
        raise ContentError(Problem(feature_dir, "no such feature folder"))
    feature_dir = feature_dir.resolve()
    project_root = (project_root or feature_dir.parent).resolve()
    search = (feature_dir, project_root) if project_root != feature_dir else (feature_dir,)
    problems: list[Problem] = []

    feature_path = feature_dir / FEATURE_FILE
    feature_text = None
    if not files.is_file(feature_path):
        problems.append(Problem(feature_path, "missing: every feature folder needs a feature.md", code="file-missing"))
    else:
        feature_text = _read_text(feature_path, feature_dir, files.MARKDOWN, problems)
    section_texts = _read_sections(feature_dir, problems)
    info_path = next((feature_dir / name for name in INFOGRAPHIC_FILES if files.is_file(feature_dir / name)), None)
    info_text = _read_text(info_path, feature_dir, files.YAML, problems) if info_path else None

    total = sum(len(text) for text in (feature_text, info_text, *section_texts.values()) if text)
    if total > MAX_TEXT_CHARS:
        problems.append(Problem(feature_dir, f"the feature's files hold {total} characters; a feature may have at "
                                f"most {MAX_TEXT_CHARS} (more than a spread can place)", code="too-large"))
        raise ContentError(problems)

    meta = hero = None
    lead: tuple = ()
    if feature_text is not None:
        parsed = parse_markdown(feature_text, feature_path)
        problems.extend(parsed.problems)
        lead = tuple(parsed.blocks)
        if parsed.front_matter is not None:
            data, yaml_problems = load_yaml(parsed.front_matter, feature_path, parsed.front_matter_line)
            problems.extend(yaml_problems)
            if not yaml_problems:
                meta, meta_problems = validate(
                    data, FeatureMeta, feature_path, parsed.front_matter,
                    parsed.front_matter_line, "front matter",
                )
                problems.extend(meta_problems)
        if meta is not None:
            hero, image_problems = resolve_image(
                meta.hero.image, meta.hero.caption, search, feature_path, "hero.image", meta.hero.focus
            )
            problems.extend(image_problems)
        if not lead:
            problems.append(Problem(feature_path, "the lead (the body below the front matter) is empty"))

    sections = []
    for (path, match), text in section_texts.items():
        section = (_load_section(path, text, match["number"], match["slug"], search, problems)
                   if text is not None else None)
        if section is not None:
            sections.append(section)
    infographic = _load_infographic(info_path, info_text, problems) if info_path and info_text is not None else None

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


def _read_sections(feature_dir: Path, problems: list[Problem]) -> dict[tuple[Path, re.Match], str | None]:
    """The section files' texts by (path, name match), in order; problems for the rest."""
    folder = feature_dir / SECTIONS_DIR
    if not (folder.exists() or folder.is_symlink()):
        problems.append(Problem(folder, "missing: put one NN-name.md file per section here", code="file-missing"))
        return {}
    try:
        entries = files.list_folder(folder, feature_dir)
    except files.FileRefused as refused:
        problems.extend(refused.problems)
        return {}
    found: list[tuple[Path, re.Match]] = []
    seen: dict[str, Path] = {}
    for path in entries:
        if path.name.startswith("."):
            continue
        match = SECTION_NAME.match(path.name)
        if not match or path.is_dir():
            problems.append(
                Problem(path, "not a section file: sections are named NN-name.md (e.g. 01-economy.md)")
            )
            continue
        number = match["number"]
        if number in seen:
            problems.append(Problem(path, f"section number {number} is also used by {seen[number].name}"))
            continue
        seen[number] = path
        found.append((path, match))
    if len(found) > MAX_SECTIONS:
        problems.append(Problem(folder, f"{len(found)} sections; a feature has at most {MAX_SECTIONS}",
                                code="too-large"))
        return {}
    if not seen and not any(p.file == folder for p in problems):
        problems.append(Problem(folder, "no section files (NN-name.md) found"))
    return {(path, match): _read_text(path, feature_dir, files.MARKDOWN, problems) for path, match in found}


def _load_section(
    path: Path, text: str, number: str, slug: str, search: tuple[Path, ...], problems: list[Problem]
) -> Section | None:
    parsed = parse_markdown(text, path)
    problems.extend(parsed.problems)
    if parsed.front_matter is None:
        return None
    data, yaml_problems = load_yaml(parsed.front_matter, path, parsed.front_matter_line)
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
        image, image_problems = resolve_image(meta.image.src, meta.image.caption, search, path, "image.src",
                                              meta.image.focus)
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


def _load_infographic(path: Path, text: str, problems: list[Problem]) -> Infographic | None:
    data, yaml_problems = load_yaml(text, path)
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


# --- where keys are written, for messages about content read earlier ------------------


@functools.lru_cache(maxsize=64)
def _key_lines(path: Path, yaml: bool, size: int, mtime: int) -> dict[tuple[str | int, ...], int]:
    try:
        if yaml:
            return key_lines(files.read_text(path, path.parent, files.YAML))
        parsed = parse_markdown(files.read_text(path, path.parent, files.MARKDOWN), path)
        return key_lines(parsed.front_matter, parsed.front_matter_line) if parsed.front_matter else {}
    except Exception:  # noqa: BLE001 - the file was read and checked before; no lines is no harm
        return {}


def front_matter_lines(path: Path) -> dict[tuple[str | int, ...], int]:
    """The line of each key path of a Markdown file's front matter (``("hero", "caption")`` → 16)."""
    return _lines_of(path, yaml=False)


def yaml_lines(path: Path) -> dict[tuple[str | int, ...], int]:
    """The line of each key path of a YAML file."""
    return _lines_of(path, yaml=True)


def _lines_of(path: Path, yaml: bool) -> dict[tuple[str | int, ...], int]:
    """The key lines of a file, cached while its size and time stay the same."""
    try:
        status = path.stat()
    except OSError:
        return {}
    return _key_lines(path, yaml, status.st_size, status.st_mtime_ns)
