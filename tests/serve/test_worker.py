"""The preview server's build worker and watch list, without a browser."""

from __future__ import annotations

import asyncio
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image

from builder.pipeline import Options, Overrides
from builder.serve import app
from builder.serve.app import LivePreview, named_files, watched_paths
from builder.serve.worker import Request, build_once
from builder.typeset import Warm
from tests.cli.test_swap import BODY_TEXT, fonts_of
from tests.conftest import REPO, make_test_font, pin_hero, repeat_body, run_cli

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


class _NoWorker:
    """The build process, not started: these tests are about what queues a build."""

    def __init__(self, *args: object) -> None:
        pass

    def close(self) -> None:
        pass


def test_files_named_on_the_command_line_queue_a_rebuild_wherever_they_are(make_feature, test_font, tmp_path,
                                                                            monkeypatch):
    folder = make_feature()
    project = folder.parent.parent
    elsewhere = tmp_path / "elsewhere"  # outside the project: the user's own font folder
    elsewhere.mkdir()
    face = elsewhere / "house.ttf"
    shutil.copy(test_font, face)
    (project / "photos").mkdir()
    photo = project / "photos" / "hero.jpg"  # in the project, but in no folder the preview watches
    shutil.copy(project / "assets" / "placeholders" / "hero-panorama.jpg", photo)
    options = Options(overrides=Overrides(fonts=(("body", f"{face},Noto Serif CJK SC"),),
                                          assets=(("hero", str(photo)),)))
    assert {face, photo} <= set(named_files(folder, options))
    monkeypatch.setattr(app, "Worker", _NoWorker)
    live = LivePreview(folder, options, DPI)

    def queued() -> set[str]:
        return set(live._changed) if live._dirty.is_set() else set()

    def replace_face() -> None:  # as a designer drops in a new version: written beside it, renamed over it
        shutil.copy(test_font, elsewhere / ".house.ttf.new")
        os.replace(elsewhere / ".house.ttf.new", face)

    async def scenario() -> tuple[set[str], set[str], set[str]]:
        stop = asyncio.Event()
        watching = asyncio.create_task(live.watch(stop))
        try:
            seen = await _until(queued, replace_face)  # again and again until the watcher, starting, sees it
            live._dirty.clear(), live._changed.clear()
            (elsewhere / "notes.txt").write_text("not named", encoding="utf-8")
            await asyncio.sleep(2.5)  # more than the watcher's debounce
            unrelated = queued()
            photo.touch()
            touched = await _until(queued, lambda: None)
        finally:
            stop.set()
            await watching
        return seen, unrelated, touched

    seen, unrelated, touched = asyncio.run(scenario())
    assert str(face) in seen
    assert unrelated == set()
    assert str(photo) in touched


async def _until(found, act, seconds: float = 30.0) -> set[str]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        act()
        for _ in range(10):
            await asyncio.sleep(0.1)
            if found():
                return found()
    return set()


@pytest.mark.slow
def test_serve_sets_the_new_face_when_a_font_file_outside_the_project_is_replaced(make_feature, test_font,
                                                                                tmp_path):
    folder = make_feature()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    face = elsewhere / "house.ttf"
    shutil.copy(test_font, face)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "builder", "serve", str(folder), "--port", str(port),
                                "--dpi", "20", "--font", f"body={face}"], cwd=REPO, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        first = _served_pdf(port, 1, process, tmp_path / "first.pdf")
        assert any("BroadsheetTestKai" in name for name in fonts_of(first, BODY_TEXT))
        make_test_font(elsewhere / "new.ttf", family="Broadsheet Test Song")
        os.replace(elsewhere / "new.ttf", face)  # the new version dropped in over the old
        second = _served_pdf(port, 2, process, tmp_path / "second.pdf")
        names = fonts_of(second, BODY_TEXT)
        assert any("BroadsheetTestSong" in name for name in names) and not any("Kai" in n for n in names), names
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def _served_pdf(port: int, version: int, process: subprocess.Popen, target: Path) -> Path:
    """The PDF the server offers once its proof ``version`` (or a later one) is built."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"serve exited: {process.communicate()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/state", timeout=5) as answer:
                state = json.load(answer)
        except OSError:
            state = {}
        if (state.get("pdf") or {}).get("version", 0) >= version:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/download.pdf", timeout=30) as answer:
                target.write_bytes(answer.read())
            return target
        assert not state.get("error"), state["error"]
        time.sleep(0.5)
    pytest.fail(f"no proof {version} in time")


def test_a_port_in_use_is_a_usage_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr
    assert "Traceback" not in result.stderr
