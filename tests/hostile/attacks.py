"""The hostile and broken features: each an attack or a typo, what the CLI must answer.

A :class:`Case` changes a copy of the sample (in a temporary project, with a
marker file and an evil layout *outside* it) and names the command to run,
the exit code and a pattern that one line of stderr must match — the file
and, where there is one, the line or key. The runner (test_attacks.py)
checks the rest for every case: no traceback, no byte of the marker in any
output, the previous PDF at ``-o`` untouched.
"""

from __future__ import annotations

import functools
import io
import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from builder.project import DATA_ROOT, PACKAGE_ROOT, SAMPLE_PROJECT

#: Text of the file outside the project: it must never reach a PDF or a message.
MARKER = "OUTSIDE-MARKER-5f1c9e"


@dataclass(frozen=True)
class Target:
    """Where a case works: the feature, its project, and a folder outside both."""

    feature: Path
    project: Path
    outside: Path

    @property
    def front(self) -> Path:
        return self.feature / "feature.md"

    @property
    def section(self) -> Path:
        return self.feature / "sections" / "01-high-quality-development.md"

    @property
    def infographic(self) -> Path:
        return self.feature / "infographic.yaml"


@dataclass(frozen=True)
class Case:
    """One attack or mistake and the answer it must get."""

    id: str
    arrange: Callable[[Target], None]
    exit_code: int
    pattern: str  #: a regex one line of stderr must match (file and line or key)
    command: str = "check"
    args: tuple[str, ...] = ()
    #: other files the case must leave untouched (relative to the project)
    keeps: tuple[str, ...] = field(default_factory=tuple)
    #: the command gets as far as the layout (seconds): make test-fast leaves the case out
    slow: bool = False


# --- the world outside the project ------------------------------------------------


def make_outside(outside: Path) -> None:
    """Files an attacker would like to read or run: a marker text, a photo, a layout."""
    outside.mkdir(parents=True, exist_ok=True)
    (outside / "secret.txt").write_text(f"---\ntitle: {MARKER}\nsubtitle: {MARKER}\n---\n\n{MARKER}\n",
                                        encoding="utf-8")
    (outside / "photo.jpg").write_bytes(_jpeg_with_comment(MARKER.encode()))
    evil = outside / "evil"
    evil.mkdir(exist_ok=True)
    (evil / "layout.toml").write_text('extends = "feature-spread"\nname = "evil"\n', encoding="utf-8")
    (evil / "feature.html.j2").write_text(
        "{{ cycler.__init__.__globals__.os.popen('touch " + str(outside / "PWNED") + "').read() }}" + MARKER,
        encoding="utf-8")
    (outside / "evil.toml").write_text((DATA_ROOT / "fonts" / "noto.toml").read_text(encoding="utf-8")
                                       + f"\n# {MARKER}\n", encoding="utf-8")


def _jpeg_with_comment(comment: bytes) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (120, 130, 140)).save(buffer, "JPEG")
    data = buffer.getvalue()
    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:]


# --- edits ------------------------------------------------------------------------


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def front(old: str, new: str) -> Callable[[Target], None]:
    return lambda t: replace(t.front, old, new)


def add_front(lines: str) -> Callable[[Target], None]:
    """Add lines to feature.md's front matter after ``section_label`` (line 5)."""
    return front("section_label: 特别报道\n", "section_label: 特别报道\n" + lines)


def hero(src: str) -> Callable[[Target], None]:
    return front("image: assets/placeholders/hero-panorama.jpg", f"image: {src}")


def append_section(text: str) -> Callable[[Target], None]:
    """Add a paragraph at the end of section 01 (its line is the file's last)."""
    return lambda t: t.section.write_text(t.section.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{text}\n",
                                          encoding="utf-8")


def section_line(t: Target) -> int:
    return len(t.section.read_text(encoding="utf-8").splitlines())


def both(*steps: Callable[[Target], None]) -> Callable[[Target], None]:
    def run(t: Target) -> None:
        for step in steps:
            step(t)
    return run


def project_layout(name: str, toml: str, files: dict[str, str] | None = None) -> Callable[[Target], None]:
    """A layout in the project's layouts/ folder, chosen by the feature."""
    def run(t: Target) -> None:
        folder = t.project / "layouts" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "layout.toml").write_text(toml, encoding="utf-8")
        for file, text in (files or {}).items():
            (folder / file).write_text(text.replace("OUTSIDE", str(t.outside)), encoding="utf-8")
        replace(t.front, "layout: feature-spread", f"layout: {name}")
    return run


# --- images -----------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


@functools.cache
def grey_png(width: int, height: int) -> bytes:
    """A valid grey PNG of any size, small on disk (rows of zeros compress ~1000:1)."""
    compressor = zlib.compressobj(9)
    row = b"\x00" * (width + 1)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", data) + _chunk(b"IEND", b"")


def damaged_png(fix_crc: bool) -> bytes:
    """A photo-like PNG whose pixel data is damaged (with the chunk's CRC made to match, or not)."""
    buffer = io.BytesIO()
    Image.effect_noise((256, 256), 60).convert("RGB").save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    start = data.index(b"IDAT") + 4
    length = struct.unpack(">I", data[start - 8:start - 4])[0]
    for offset in range(length // 3, length // 3 + 64):
        data[start + offset] ^= 0x5A
    if fix_crc:
        crc = zlib.crc32(bytes(data[start - 4:start + length])) & 0xFFFFFFFF
        data[start + length:start + length + 4] = struct.pack(">I", crc)
    return bytes(data)


def image_file(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Target], None]:
    """Put ``data`` at assets/``name`` and make it the hero."""
    def run(t: Target) -> None:
        (t.project / "assets" / name).write_bytes(data() if callable(data) else data)
        replace(t.front, "image: assets/placeholders/hero-panorama.jpg", f"image: assets/{name}")
    return run


def truncated_jpeg() -> bytes:
    data = (SAMPLE_PROJECT / "assets" / "placeholders" / "hero-panorama.jpg").read_bytes()
    return data[: len(data) // 2]


def sparse(path_of: Callable[[Target], Path], size: int) -> Callable[[Target], None]:
    """A file of ``size`` bytes that takes no room on disk."""
    def run(t: Target) -> None:
        path = path_of(t)
        with open(path, "r+b" if path.exists() else "wb") as handle:
            handle.truncate(size)
    return run


def symlink(path_of: Callable[[Target], Path], target_of: Callable[[Target], Path]) -> Callable[[Target], None]:
    def run(t: Target) -> None:
        path = path_of(t)
        if path.is_dir() and not path.is_symlink():
            import shutil
            shutil.rmtree(path)
        elif path.exists() or path.is_symlink():
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target_of(t))
    return run


def fifo(path_of: Callable[[Target], Path]) -> Callable[[Target], None]:
    def run(t: Target) -> None:
        path = path_of(t)
        if path.exists():
            path.unlink()
        os.mkfifo(path)
    return run


ALIAS_BOMB = 'lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))

FEATURE_RE = r"content/feature/feature\.md"
SECTION_RE = r"content/feature/sections/01-high-quality-development\.md"
INFO_RE = r"content/feature/infographic\.yaml"


CASES: list[Case] = [
    # --- names, not paths: nothing from the feature folder or outside runs ----------
    Case("layout-absolute-path", lambda t: replace(t.front, "layout: feature-spread", f"layout: {t.outside / 'evil'}"),
         1, FEATURE_RE + r":2: 'layout': .* not a path"),
    Case("layout-relative-path", both(lambda t: (t.project / "layouts").mkdir(),
                                      lambda t: replace(t.front, "layout: feature-spread",
                                                        "layout: ../../outside/evil")),
         1, FEATURE_RE + r":2: 'layout': '\.\./\.\./outside/evil' is not a name"),
    Case("layout-option-path", lambda t: None, 2, r"Invalid value for '--layout': '\.\./evil' is not a name",
         args=("--layout", "../evil")),
    Case("layout-option-path-render", lambda t: None, 2, r"Invalid value for '--layout'",
         command="render", args=("--layout", "/etc")),
    Case("fontset-path", lambda t: (t.project / "broadsheet.toml").write_text(
        f'fonts = "{t.outside / "evil"}"\n', encoding="utf-8"),
         1, r"broadsheet\.toml: 'fonts': .* not a path"),
    Case("extends-path", project_layout("mine", 'extends = "../../outside/evil"\nname = "mine"\n'),
         1, r"layouts/mine/layout\.toml: 'extends': .*a layout is a name"),
    Case("layout-name-path", project_layout("mine", 'extends = "feature-spread"\nname = "../../outside/evil"\n'),
         1, r"layouts/mine/layout\.toml: 'name': .* not a path"),
    Case("layout-template-path", project_layout("mine", 'extends = "feature-spread"\nname = "mine"\n'
                                                'template = "../../../outside/secret.txt"\n'),
         1, r"layouts/mine/layout\.toml: 'template': .* not a template file name"),
    Case("layout-folder-symlink", both(lambda t: (t.project / "layouts").mkdir(),
                                       symlink(lambda t: t.project / "layouts" / "evil", lambda t: t.outside / "evil"),
                                       front("layout: feature-spread", "layout: evil")),
         1, FEATURE_RE + r": 'layout': unknown layout 'evil'"),
    Case("template-symlink", both(project_layout("mine", 'extends = "feature-spread"\nname = "mine"\n'),
                                  symlink(lambda t: t.project / "layouts" / "mine" / "feature.html.j2",
                                          lambda t: t.outside / "secret.txt")),
         1, r"layouts/mine/feature\.html\.j2: is a symbolic link to .*, outside", slow=True),
    Case("template-include-outside", project_layout(
        "mine", 'extends = "feature-spread"\nname = "mine"\n',
        {"feature.html.j2": '{% include "../../../outside/secret.txt" %}'}),
         1, r"layouts/mine/feature\.html\.j2:1: template error: .*secret\.txt", slow=True),
    Case("sandbox-globals", project_layout(
        "mine", 'extends = "feature-spread"\nname = "mine"\n',
        {"feature.html.j2": "<p>\n{{ cycler.__init__.__globals__.os.popen('touch OUTSIDE/PWNED').read() }}"}),
         1, r"layouts/mine/feature\.html\.j2:2: template error: access to attribute '__init__' of 'type' "
            r"object is unsafe", slow=True),
    Case("sandbox-path-read", project_layout(
        "mine", 'extends = "feature-spread"\nname = "mine"\n',
        {"feature.html.j2": "{{ feature.root.parent.parent.parent.joinpath('outside/secret.txt').read_text() }}"}),
         1, r"layouts/mine/feature\.html\.j2:1: template error: access to attribute 'parent'", slow=True),
    Case("sandbox-memory", project_layout(
        "mine", 'extends = "feature-spread"\nname = "mine"\n',
        {"feature.html.j2": "{{ 'x' * 1000000000 }}"}),
         1, r"layouts/mine/feature\.html\.j2:1: template error: a string or list that long", slow=True),

    # --- every file read is confined -------------------------------------------------
    Case("section-symlink-out", symlink(lambda t: t.feature / "sections" / "04-x.md", lambda t: t.outside / "secret.txt"),
         1, r"content/feature/sections/04-x\.md: is a symbolic link to .*secret\.txt, outside"),
    Case("sections-folder-symlink-out", both(
        lambda t: (t.outside / "sections").mkdir(),
        lambda t: (t.outside / "sections" / "01-x.md").write_text((t.outside / "secret.txt").read_text()),
        symlink(lambda t: t.feature / "sections", lambda t: t.outside / "sections")),
         1, r"content/feature/sections: is a symbolic link to .*, outside"),
    Case("feature-md-symlink-out", symlink(lambda t: t.front, lambda t: t.outside / "secret.txt"),
         1, FEATURE_RE + r": is a symbolic link to .*, outside"),
    Case("infographic-symlink-out", symlink(lambda t: t.infographic, lambda t: t.outside / "secret.txt"),
         1, INFO_RE + r": is a symbolic link to .*, outside"),
    Case("settings-symlink-out", symlink(lambda t: t.project / "broadsheet.toml", lambda t: t.outside / "evil.toml"),
         1, r"broadsheet\.toml: is a symbolic link to .*, outside"),
    Case("fontset-symlink-out", both(lambda t: (t.project / "broadsheet.toml").write_text('fonts = "mine"\n'),
                                     symlink(lambda t: t.project / "fonts" / "mine.toml",
                                             lambda t: t.outside / "evil.toml")),
         1, r"fonts/mine\.toml: is a symbolic link to .*, outside"),
    Case("section-dev-zero", symlink(lambda t: t.feature / "sections" / "04-x.md", lambda t: Path("/dev/zero")),
         1, r"sections/04-x\.md: is a symbolic link to /dev/zero, outside"),
    Case("section-fifo", fifo(lambda t: t.feature / "sections" / "04-x.md"),
         1, r"sections/04-x\.md: is a FIFO \(named pipe\), not a file"),
    Case("section-too-large", sparse(lambda t: t.feature / "sections" / "04-x.md", 2 * 1024 * 1024),
         1, r"sections/04-x\.md: is 2 MB; a Markdown file may have at most 1 MB"),
    Case("image-symlink-out", both(symlink(lambda t: t.project / "assets" / "photo.jpg",
                                           lambda t: t.outside / "photo.jpg"), hero("assets/photo.jpg")),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/photo\.jpg' is a symbolic link to .*, outside"),
    Case("image-traversal", hero("../../../outside/photo.jpg"),
         1, FEATURE_RE + r": 'hero\.image': image path '\.\./\.\./\.\./outside/photo\.jpg' leaves the project folder"),
    Case("image-absolute", lambda t: replace(t.front, "image: assets/placeholders/hero-panorama.jpg",
                                             f"image: {t.outside / 'photo.jpg'}"),
         1, FEATURE_RE + r": 'hero\.image': image path .* must be relative"),
    Case("image-file-url", lambda t: replace(t.front, "image: assets/placeholders/hero-panorama.jpg",
                                             f"image: file://{t.outside / 'photo.jpg'}"),
         1, FEATURE_RE + r": 'hero\.image': image path 'file://.* must be relative"),
    Case("image-http-url", hero("http://example.com/photo.jpg"),
         1, FEATURE_RE + r": 'hero\.image': image path 'http://example\.com/photo\.jpg' must be relative"),
    Case("image-svg", image_file("hero.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><image href="file:///etc/passwd"/></svg>'),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/hero\.svg' is not one of"),
    Case("image-svg-as-png", image_file("hero.png", b'<svg xmlns="http://www.w3.org/2000/svg"><text>x</text></svg>'),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/hero\.png' is not an image"),
    Case("image-text-as-jpg", image_file("hero.jpg", "root:x:0:0:root:/root:/bin/bash\n".encode()),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/hero\.jpg' is not an image"),
    Case("image-empty", image_file("hero.jpg", b""),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/hero\.jpg' is not an image"),
    Case("image-20000-png", image_file("big.png", lambda: grey_png(20000, 20000)),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/big\.png' has 400 megapixels; an image may have at most 100",
         slow=True),
    Case("image-12000-png", image_file("big.png", lambda: grey_png(12000, 12000)),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/big\.png' is 12000 × 12000 pixels \(144 megapixels\)"),
    Case("image-truncated-jpeg", image_file("cut.jpg", truncated_jpeg),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/cut\.jpg' is damaged or truncated"),
    Case("image-damaged-idat", image_file("bad.png", lambda: damaged_png(fix_crc=True)),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/bad\.png' is damaged or truncated"),
    Case("image-bad-crc", image_file("bad.png", lambda: damaged_png(fix_crc=False)),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/bad\.png' is damaged or truncated"),
    Case("image-too-large-file", both(sparse(lambda t: t.project / "assets" / "huge.jpg", 65 * 1024 * 1024),
                                      hero("assets/huge.jpg")),
         1, FEATURE_RE + r": 'hero\.image': image 'assets/huge\.jpg' is 65 MB; an image may have at most 64 MB"),

    # --- YAML that cannot hurt ----------------------------------------------------------
    Case("yaml-alias-bomb", add_front(ALIAS_BOMB), 1, FEATURE_RE + r":6: malformed YAML: an anchor \(&a\)"),
    Case("yaml-alias", add_front("headline_lead: *x\n"), 1, FEATURE_RE + r":6: malformed YAML: an alias \(\*x\)"),
    Case("yaml-alias-infographic", lambda t: replace(t.infographic, "title: 推动高质量发展", "title: &t 推动高质量发展"),
         1, INFO_RE + r":4: malformed YAML: an anchor \(&t\)"),
    Case("yaml-date-30-feb", front("date: 2023-02-01", "date: 2023-02-30"),
         1, FEATURE_RE + r":4: 'date': 2023-02-30 is not a date"),
    Case("yaml-date-month-13", front("date: 2023-02-01", "date: 2023-13-01"),
         1, FEATURE_RE + r":4: 'date': 2023-13-01 is not a date"),
    Case("yaml-float-empty", front("section_label: 特别报道", "section_label: !!float"),
         1, FEATURE_RE + r":5: 'section_label': !!float needs a number"),
    Case("yaml-timestamp-tag", front("section_label: 特别报道", "section_label: !!timestamp 特别报道"),
         1, FEATURE_RE + r":5: 'section_label': 特别报道 is not a date"),
    Case("yaml-5000-digits", front("pages: [6, 7]", "pages: [6, " + "7" * 5000 + "]"),
         1, FEATURE_RE + r":6: 'pages\[1\]': a number of 5000 digits is too long"),
    Case("yaml-deep-brackets", front("pages: [6, 7]", "pages: " + "[" * 3000 + "]" * 3000),
         1, FEATURE_RE + r":6: malformed YAML: nested more than 20 levels deep"),
    Case("yaml-python-tag", add_front("evil: !!python/object/apply:os.system ['touch PWNED']\n"),
         1, FEATURE_RE + r":6: 'evil': the tag !!python/object/apply:os\.system is not allowed"),
    Case("yaml-duplicate-key", add_front("section_label: 第二个\n"),
         1, FEATURE_RE + r":6: malformed YAML: duplicate key 'section_label' \(first on line 5\)"),
    Case("yaml-duplicate-in-infographic", lambda t: replace(t.infographic, "credit: 制图：楼奕\n",
                                                            "credit: 制图：楼奕\ncredit: 又一个\n"),
         1, INFO_RE + r":3: malformed YAML: duplicate key 'credit' \(first on line 2\)"),
    Case("yaml-key-named-str", add_front("str: x\n"), 1, FEATURE_RE + r":6: 'str': unknown key"),
    Case("yaml-escape-in-key", add_front('"\\e[31mred\\e]0;title\\a": x\n'),
         1, FEATURE_RE + r":6: '\\x1b\[31mred\\x1b\]0;title\\x07': unknown key"),
    Case("yaml-control-character", add_front("headline_lead: a\x07b\n"),
         1, FEATURE_RE + r":6: malformed YAML: the control character U\+0007 is not allowed"),
    Case("bom-and-crlf-load", both(
        lambda t: t.front.write_bytes(b"\xef\xbb\xbf" + t.front.read_bytes()),
        lambda t: t.infographic.write_bytes(b"\xef\xbb\xbf" + t.infographic.read_bytes()),
        lambda t: t.section.write_bytes(t.section.read_bytes().replace(b"\n", b"\r\n"))),
         0, r"^feature: 0 errors, 0 warnings", slow=True),
    Case("section-gbk", lambda t: t.section.write_bytes(t.section.read_text(encoding="utf-8").encode("gbk")),
         1, SECTION_RE + r": not UTF-8 text \(byte \d+\)"),

    # --- Markdown: what a print page cannot place ---------------------------------------
    Case("markdown-file-url", append_section("见 file:///etc/passwd 一文"),
         1, SECTION_RE + r":\d+: the address 'file:///etc/passwd' cannot be printed"),
    Case("markdown-file-autolink", append_section("见 <file:///etc/passwd>"),
         1, SECTION_RE + r":\d+: the address 'file:///etc/passwd' cannot be printed"),
    Case("markdown-autolink", append_section("见 <https://example.com/x>"),
         1, SECTION_RE + r":\d+: links cannot be printed"),
    Case("markdown-javascript-url", append_section("点 javascript:alert(1) 这里"),
         1, SECTION_RE + r":\d+: the address 'javascript:alert\(1\)' cannot be printed"),
    Case("markdown-data-url", append_section("data:text/html;base64,PHNjcmlwdD4="),
         1, SECTION_RE + r":\d+: the address 'data:text/html;base64"),
    Case("markdown-raw-html-img", append_section('<img src="file:///etc/passwd">'),
         1, SECTION_RE + r":\d+: raw HTML cannot be placed in a print article"),
    Case("markdown-raw-html-inline", append_section('文字<script>alert(1)</script>文字'),
         1, SECTION_RE + r":\d+: raw HTML '<script>' cannot be printed"),
    Case("markdown-entity-file-url", append_section("&#102;ile:///etc/passwd"),
         1, SECTION_RE + r":\d+: the address 'file:///etc/passwd' cannot be printed"),

    # --- bounded work: refused before any layout ----------------------------------------
    Case("panels-500", lambda t: t.infographic.write_text(
        "panels:\n" + "".join(f"  - title: 面板{i}\n    items: [甲{i}]\n" for i in range(500)), encoding="utf-8"),
         1, INFO_RE + r":1: 'panels': 500 panels; an infographic has at most 12"),
    Case("panel-items-100", lambda t: t.infographic.write_text(
        "panels:\n  - title: 一\n    items: [" + ", ".join(f"甲{i}" for i in range(100)) + "]\n", encoding="utf-8"),
         1, INFO_RE + r":3: 'panels\[0\]\.items': 100 items; a panel has at most 20"),
    Case("sections-40", lambda t: [(t.feature / "sections" / f"{n:02d}-s.md").write_text(
        "---\ntitle: 题\nsubtitle: 副\n---\n\n正文。\n", encoding="utf-8") for n in range(4, 44)],
         1, r"content/feature/sections: 43 sections; a feature has at most 12"),
    Case("text-too-long", lambda t: [(t.feature / "sections" / f"{n:02d}-s.md").write_text(
        "---\ntitle: 题\nsubtitle: 副\n---\n\n" + "长文。" * 100_000 + "\n", encoding="utf-8") for n in (4, 5)],
         1, r"content/feature: the feature's files hold \d+ characters; a feature may have at most 100000"),

    # --- output: -o is checked before the work ------------------------------------------
    Case("output-device", lambda t: None, 2, r"/dev/null: is a device, not a PDF file", command="render",
         args=("-o", "/dev/null")),
    Case("output-folder", lambda t: (t.project / "out.pdf").mkdir(), 2, r"out\.pdf.* is a directory",
         command="render", args=("-o", "out.pdf")),
    Case("output-fifo", lambda t: os.mkfifo(t.project / "pipe.pdf"), 2, r"pipe\.pdf: is a FIFO",
         command="render", args=("-o", "pipe.pdf")),
    Case("output-symlink", lambda t: (t.project / "link.pdf").symlink_to(t.outside / "photo.jpg"),
         2, r"link\.pdf: is a symbolic link .* — pass --follow-symlinks", command="render",
         args=("-o", "link.pdf"), keeps=("../outside/photo.jpg",)),
    Case("output-into-feature", lambda t: None, 2,
         r"content/feature/sections/01-high-quality-development\.md: is inside the feature folder",
         command="render", args=("-o", "content/feature/sections/01-high-quality-development.md"),
         keeps=("content/feature/sections/01-high-quality-development.md",)),
    Case("output-not-pdf", lambda t: None, 2, r"proof\.png: does not end in \.pdf: render writes a PDF",
         command="render", args=("-o", "proof.png")),
    Case("output-into-toolkit", lambda t: None, 2, r"is inside the toolkit's own folder", command="render",
         args=("-o", str(PACKAGE_ROOT / "model.py")), keeps=(str(PACKAGE_ROOT / "model.py"),)),
]
