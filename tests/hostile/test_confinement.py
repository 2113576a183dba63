"""One rule for every file read (builder.files), for each kind; the template sandbox; caps before layout."""

from __future__ import annotations

import os

import jinja2
import pytest

from builder import files
from builder.compose import LayoutLoader, TemplateSandbox
from builder.content import load_feature
from builder.errors import ContentError, LayoutError
from builder.files import FileRefused
from builder.pipeline import Options, build
from tests.conftest import REPO

KINDS = [files.MARKDOWN, files.YAML, files.TOML, files.TEMPLATE, files.IMAGE, files.RESOURCE]


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (tmp_path / "outside.txt").write_text("secret", encoding="utf-8")
    return root


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_file_inside_its_root_is_read(root, kind):
    (root / "sub" / "a").write_bytes(b"\xef\xbb\xbftext")
    assert files.read_bytes(root / "sub" / "a", root, kind) == b"\xef\xbb\xbftext"
    assert files.read_text(root / "sub" / "a", root, kind) == "text"  # the BOM goes


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_link_out_of_the_root_is_refused(root, kind):
    (root / "sub" / "link").symlink_to(root.parent / "outside.txt")
    with pytest.raises(FileRefused, match="is a symbolic link to .*outside.txt, outside") as caught:
        files.read_bytes(root / "sub" / "link", root, kind)
    assert caught.value.problems[0].file == root / "sub" / "link"


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_climbing_out_is_refused(root, kind):
    with pytest.raises(FileRefused, match="is outside"):
        files.read_bytes(root / "sub" / ".." / ".." / "outside.txt", root, kind)


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_link_inside_the_root_is_followed(root, kind):
    (root / "real").write_bytes(b"x")
    (root / "sub" / "link").symlink_to(root / "real")
    assert files.read_bytes(root / "sub" / "link", root, kind) == b"x"


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_only_regular_files_are_read(root, kind):
    os.mkfifo(root / "fifo")
    with pytest.raises(FileRefused, match="is a FIFO"):
        files.read_bytes(root / "fifo", root, kind)  # and it does not block
    with pytest.raises(FileRefused, match="is a folder"):
        files.read_bytes(root / "sub", root, kind)
    with pytest.raises(FileRefused, match="not found"):
        files.read_bytes(root / "nope", root, kind)


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_each_kind_has_its_cap(root, kind):
    path = root / "big"
    with open(path, "wb") as handle:
        handle.truncate(kind.cap)
    assert len(files.read_bytes(path, root, kind)) == kind.cap
    with open(path, "r+b") as handle:
        handle.truncate(kind.cap + 1)
    with pytest.raises(FileRefused, match="may have at most"):
        files.read_bytes(path, root, kind)


def test_text_must_be_utf8(root):
    (root / "gbk.md").write_bytes("中文".encode("gbk"))
    with pytest.raises(FileRefused, match=r"not UTF-8 text \(byte 0\)"):
        files.read_text(root / "gbk.md", root, files.MARKDOWN)


def test_a_folder_linked_out_is_not_listed(root):
    (root / "sections").symlink_to(root.parent)
    with pytest.raises(FileRefused, match="outside"):
        files.list_folder(root / "sections", root)


def test_the_caps_are_documented():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, cap in files.CAPS.items():
        assert f"| {name} | {cap // files.KIB if cap < files.MIB else cap // files.MIB}" in readme, name


# --- the template sandbox --------------------------------------------------------------


def _sandbox(source: str, **context) -> str:
    env = TemplateSandbox(undefined=jinja2.StrictUndefined)
    return env.from_string(source).render(**context)


@pytest.mark.parametrize("source", [
    "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "{{ ().__class__.__base__.__subclasses__() }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ path.read_text() }}",
    "{{ path.parent }}",
    "{{ 'x' * 100000000 }}",
    "{{ 10 ** 100000000 }}",
    "{% set l = [] %}{{ l.append(1) }}",
])
def test_templates_cannot_reach_python_or_files(tmp_path, source):
    (tmp_path / "f").write_text("secret", encoding="utf-8")
    with pytest.raises(jinja2.exceptions.SecurityError):
        _sandbox(source, path=tmp_path / "f")


def test_templates_still_read_names_of_paths(tmp_path):
    assert _sandbox("{{ path.name }} {{ 6 * 7 }} {{ 2 ** 10 }}", path=tmp_path / "f.jpg") == "f.jpg 42 1024"


def test_the_loader_reads_only_from_layout_folders(tmp_path):
    layouts = tmp_path / "layouts"
    (layouts / "mine").mkdir(parents=True)
    (tmp_path / "secret.j2").write_text("secret", encoding="utf-8")
    (layouts / "mine" / "link.j2").symlink_to(tmp_path / "secret.j2")
    env = TemplateSandbox(loader=LayoutLoader([(layouts / "mine", layouts)]))
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("../../secret.j2")
    with pytest.raises(FileRefused, match="outside"):
        env.get_template("link.j2")


# --- caps, checked before the layout work ------------------------------------------------


def _panels(count: int, items: int = 1) -> str:
    return "panels:\n" + "".join(f"  - title: 面板{i}\n    items: [{', '.join(['甲'] * items)}]\n"
                                 for i in range(count))


def _no_layout_work(monkeypatch):
    def measured(*args, **kwargs):
        raise AssertionError("the galley was measured: the refusal came after layout work began")

    monkeypatch.setattr("builder.pipeline.measure", measured)


def test_500_panels_are_refused_while_loading(make_feature, monkeypatch):
    _no_layout_work(monkeypatch)
    folder = make_feature({"infographic.yaml": _panels(500)})
    with pytest.raises(ContentError, match="500 panels; an infographic has at most 12"):
        build(folder, Options())


def test_more_panels_than_the_layout_places_are_refused_before_layout(make_feature, monkeypatch):
    _no_layout_work(monkeypatch)
    folder = make_feature({"infographic.yaml": _panels(8)})
    with pytest.raises(LayoutError, match="places 2 to 6 panels; this infographic has 8"):
        build(folder, Options())


def test_a_feature_below_the_caps_loads(make_feature):
    folder = make_feature({"infographic.yaml": _panels(12, items=20)})
    feature = load_feature(folder, folder.parent.parent)
    assert len(feature.infographic.panels) == 12
