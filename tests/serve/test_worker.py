"""The preview server's build worker and watch list, without a browser."""

from __future__ import annotations

import io
import socket

import pytest
from PIL import Image

from builder.pipeline import Options
from builder.serve.app import watched_paths
from builder.serve.worker import Request, build_once
from builder.typeset import Warm
from tests.conftest import pin_hero, repeat_body, run_cli

DPI = 30


@pytest.mark.slow
def test_only_the_pages_that_changed_are_rasterised_again(make_feature):
    folder = make_feature()
    warm = Warm()
    first = build_once(folder, Options(), DPI, Request(), warm)
    assert first.ok, first.errors
    assert len(first.digests) == 2 and set(first.pictures) == set(first.digests)
    assert first.pdf is not None and first.pdf.startswith(b"%PDF")
    # One character of section 03 (the right page) for another of the same width.
    section = folder / "sections" / "03-high-energy-city.md"
    section.write_text(section.read_text(encoding="utf-8").replace("城市建设", "城乡建设", 1), encoding="utf-8")
    second = build_once(folder, Options(), DPI, Request((str(section),), frozenset(first.digests)), warm)
    assert second.ok, second.errors
    assert second.digests[0] == first.digests[0]
    assert second.digests[1] != first.digests[1]
    assert set(second.pictures) == {second.digests[1]}
    picture = second.pictures[second.digests[1]]
    assert Image.open(io.BytesIO(picture.data)).size == (picture.width, picture.height)
    # An image may change under an unchanged digest: every page is drawn again.
    hero = folder.parent.parent / "assets" / "placeholders" / "hero-panorama.jpg"
    third = build_once(folder, Options(), DPI, Request((str(hero),), frozenset(second.digests)), warm)
    assert third.redraw_all and set(third.pictures) == set(third.digests)


def test_a_failed_build_names_the_file_and_line(make_feature):
    folder = make_feature({"infographic.yaml": """
        credit: 制图：楼奕
        panels:
          - title: 推动: 发展
            items: [增长]
        """})
    outcome = build_once(folder, Options(), DPI, Request(), Warm())
    assert not outcome.ok
    assert any("infographic.yaml:3" in line for line in outcome.errors), outcome.errors
    assert outcome.pdf is None and not outcome.pictures


@pytest.mark.slow
def test_an_overset_build_shows_but_offers_no_pdf(make_feature):
    folder = make_feature()
    repeat_body(folder / "sections" / "02-high-quality-life.md", 6)
    outcome = build_once(folder, Options(layout=pin_hero(folder.parent.parent)), DPI, Request(), Warm())
    assert outcome.ok and outcome.stops_render
    assert outcome.pdf is None and outcome.pictures
    assert "lines over" in outcome.overlay["summary"]["text"]


def test_the_watch_list_is_the_feature_and_the_project_folders(make_feature):
    folder = make_feature()
    project = folder.parent.parent
    (project / "layouts").mkdir()
    watched = watched_paths(folder)
    assert folder.resolve() in watched
    assert (project / "layouts").resolve() in watched and (project / "assets").resolve() in watched
    assert (project / "broadsheet.toml").resolve() in watched
    # Nothing else of the project: not out/, not other features.
    assert project.resolve() not in watched and (project / "content").resolve() not in watched


def test_a_port_in_use_is_a_usage_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr
