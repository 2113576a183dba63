"""The preview server: a Starlette app that shows the latest proof and pushes each new one.

Input: a feature folder, build options, the proofs' resolution. Output: an
ASGI app with these routes:

- ``/``              the page (``page.html``): the spread, overlays, problems;
- ``/events``        server-sent events: ``state`` (JSON, on connect and after
                     every build) and ``building`` (a rebuild started);
- ``/state``         the same JSON, once;
- ``/pages/<name>``  a page's picture (JPEG; the name changes when it does);
- ``/download.pdf``  the last PDF that ``render`` would have written.

On start-up the app builds once and starts watching the feature, the
project's ``layouts/``, ``fonts/``, ``assets/`` and ``broadsheet.toml``, and
the files the command line names (``--font`` files, ``--asset`` images,
wherever they are); a change queues a rebuild (changes during a build coalesce into one more). A
failed build keeps the last good proof and PDF and adds the error, one line
per problem with its file and line.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import watchfiles
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request as HttpRequest
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ..pipeline import Options
from ..project import CHECKOUT, DATA_ROOT, SETTINGS_FILE, load_project
from .worker import Outcome, Picture, Request, Worker

#: A build running longer than this is stopped (hostile or runaway input must not hang the server).
BUILD_TIMEOUT = 120.0
#: Seconds between keep-alive comments on an idle event stream.
KEEP_ALIVE = 15.0

Log = Callable[[str], None]


def watched_paths(feature_dir: Path) -> list[Path]:
    """What a rebuild follows: the feature, and the project's layouts, fonts, assets and settings.

    Run from a source checkout, the built-in layouts and font sets too: there
    they are being worked on; installed, they do not change.
    """
    root = _project_root(feature_dir)
    candidates = [feature_dir, root / "layouts", root / "fonts", root / "assets", root / SETTINGS_FILE]
    if CHECKOUT is not None:
        candidates += [DATA_ROOT / "layouts", DATA_ROOT / "fonts"]
    paths: list[Path] = []
    for path in candidates:
        path = path.resolve()
        if path.exists() and not any(path.is_relative_to(p) for p in paths):
            paths.append(path)
    return paths


def named_files(feature_dir: Path, options: Options, cwd: Path | None = None) -> list[Path]:
    """The files the command line names — ``--font`` files, ``--asset`` images — wherever they are.

    The user chose them, not the content, so they may lie outside the
    project; a change to one shows as a change to any file of the feature.
    For an image every place ``--asset`` looks is named (the working folder,
    the feature, the project): a file appearing in an earlier one is the
    image from then on.
    """
    from ..assets import swap_candidates
    from ..fonts import command_line_files

    overrides = options.overrides
    found = command_line_files(overrides.fonts, cwd)
    root = _project_root(feature_dir)
    for _slot, given in overrides.assets:
        found += swap_candidates(given, feature_dir, root, cwd)
    return list(dict.fromkeys(Path(os.path.abspath(path)) for path in found))


async def watch_files(folders: list[Path], files: list[Path], stop: asyncio.Event,
                      changed: Callable[[set[str]], None]) -> None:
    """Call ``changed`` with the paths of each batch of changes: anything under ``folders``, and ``files``.

    A file is followed through its folder (not recursively), so a file
    replaced by renaming another over it — what editors and ``cp`` to a temp
    name and ``mv`` do — is seen, every time; a link is followed to its
    target's folder too. Files under ``folders`` are seen there already.
    """
    names: set[str] = set()
    for path in files:
        if any(path.is_relative_to(folder) for folder in folders):
            continue
        names |= {str(path), os.path.realpath(path)}
    parents = sorted({str(Path(name).parent) for name in names if Path(name).parent.is_dir()})

    async def follow(paths: list[str], recursive: bool, keep: Callable[[watchfiles.Change, str], bool]) -> None:
        async for changes in watchfiles.awatch(*paths, watch_filter=keep, stop_event=stop, step=30, debounce=800,
                                               recursive=recursive):
            changed({path for _, path in changes})

    follows = [follow([str(folder) for folder in folders], True, watchfiles.DefaultFilter())] if folders else []
    if parents:
        follows.append(follow(parents, False, lambda _change, path: os.path.abspath(path) in names))
    await asyncio.gather(*follows)


def _project_root(feature_dir: Path) -> Path:
    try:
        return load_project(feature_dir).root
    except Exception:  # noqa: BLE001 - a broken broadsheet.toml is shown by the build; the folder is still known
        return feature_dir.resolve().parent


@dataclass
class _Stored:
    name: str  #: the URL name: digest and generation
    picture: Picture


class LivePreview:
    """The server's state: the last proof, the last good PDF, the last error, and who to tell."""

    def __init__(self, feature_dir: Path, options: Options, dpi: float, log: Log = lambda _: None,
                 timeout: float = BUILD_TIMEOUT) -> None:
        self.feature_dir = feature_dir.resolve()
        self.options, self.dpi, self.log = options, dpi, log
        self.worker = Worker(self.feature_dir, options, dpi, timeout)
        self.pictures: dict[str, _Stored] = {}
        self.generation = 0
        self.proof: dict[str, Any] | None = None
        self.error: dict[str, Any] | None = None
        self.pdf: bytes | None = None
        self.pdf_info: dict[str, Any] | None = None
        self.building = False
        self.builds = 0
        self._dirty = asyncio.Event()
        self._changed: set[str] = set()
        self._changed_at: float | None = None
        self._subscribers: set[asyncio.Queue[str]] = set()
        self.stopping = False

    # -- state -------------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """What the page shows, as JSON-ready data."""
        return {"feature": self.feature_dir.name, "building": self.building, "builds": self.builds,
                "proof": self.proof, "error": self.error, "pdf": self.pdf_info}

    def subscribe(self) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._subscribers.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[str]) -> None:
        self._subscribers.discard(queue)

    def _publish(self, event: str, data: dict[str, Any]) -> None:
        message = f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
        for queue in self._subscribers:
            queue.put_nowait(message)

    def state_event(self) -> str:
        return f"event: state\ndata: {json.dumps(self.state(), ensure_ascii=False)}\n\n"

    # -- building ----------------------------------------------------------------------------------

    def request(self, changed: set[str]) -> None:
        """Queue a rebuild for these changed files."""
        self._changed |= changed
        saved = [_mtime(path) for path in changed]
        latest = max((t for t in saved if t is not None), default=time.time())
        self._changed_at = max(self._changed_at or 0.0, latest)
        self._dirty.set()

    async def run_builds(self) -> None:
        """Build whenever a rebuild is queued; changes during a build make one more."""
        while True:
            await self._dirty.wait()
            self._dirty.clear()
            changed, self._changed = self._changed, set()
            changed_at, self._changed_at = self._changed_at, None
            self.building = True
            self._publish("building", {"changed": sorted(Path(p).name for p in changed)})
            have = frozenset(self.pictures)
            outcome = await asyncio.to_thread(self.worker.build, Request(tuple(sorted(changed)), have))
            self.building = False
            if self.stopping:
                return
            self._take(outcome, changed_at)
            self._publish("state", self.state())

    def _take(self, outcome: Outcome, changed_at: float | None) -> None:
        now = time.time()
        self.builds += 1
        stamp = time.strftime("%H:%M:%S")
        if not outcome.ok:
            self.error = {"lines": list(outcome.errors), "at": now * 1000,
                          "changed_at": changed_at * 1000 if changed_at else None}
            self.log(f"[{stamp}] build failed ({outcome.seconds:.1f} s); still showing the last good proof")
            for line in outcome.errors:
                self.log(f"  {line}")
            return
        self.error = None
        if outcome.redraw_all:
            self.pictures.clear()
        self.generation += 1
        for digest, picture in outcome.pictures.items():
            self.pictures[digest] = _Stored(f"{digest[:16]}-{self.generation}.jpg", picture)
        # Keep only the pictures of the pages shown now.
        self.pictures = {digest: self.pictures[digest] for digest in outcome.digests}
        version = (self.proof or {}).get("version", 0) + 1
        pages = []
        for index, digest in enumerate(outcome.digests):
            stored = self.pictures[digest]
            pages.append({"sheet": index, "url": f"/pages/{stored.name}", "width": stored.picture.width,
                          "height": stored.picture.height, "redrawn": digest in outcome.pictures})
        self.proof = {"version": version, "built_at": now * 1000, "changed_at": changed_at * 1000 if changed_at
                      else None, "seconds": outcome.seconds, "timings": outcome.timings, "dpi": self.dpi,
                      "overlay": outcome.overlay, "pages": pages, "stops_render": outcome.stops_render,
                      "notes": list(outcome.notes)}
        if outcome.pdf is not None:
            self.pdf = outcome.pdf
            self.pdf_info = {"version": version, "built_at": now * 1000}
        summary = outcome.overlay["summary"]["text"] if outcome.overlay else ""
        redrawn = sum(1 for page in pages if page["redrawn"])
        self.log(f"[{stamp}] proof {version}: {summary} — built in {outcome.seconds:.1f} s, "
                 f"{redrawn} of {len(pages)} page(s) redrawn"
                 + ("; render would stop (text overset): the PDF to download is the last one that fits"
                    if outcome.stops_render else ""))

    async def watch(self, stop: asyncio.Event) -> None:
        """Queue a rebuild on every change under the watched paths, and to the files the command line named."""
        await watch_files(watched_paths(self.feature_dir), named_files(self.feature_dir, self.options), stop,
                          self.request)


def _mtime(path: str) -> float | None:
    try:
        return Path(path).stat().st_mtime
    except OSError:
        return None


def _page() -> str:
    return resources.files("builder.serve").joinpath("page.html").read_text(encoding="utf-8")


def create_app(live: LivePreview, allowed_hosts: list[str] | None = None) -> Starlette:
    """The ASGI app around a :class:`LivePreview`."""
    page = _page()

    async def index(_: HttpRequest) -> Response:
        return HTMLResponse(page, headers={"Cache-Control": "no-store"})

    async def state(_: HttpRequest) -> Response:
        return JSONResponse(live.state(), headers={"Cache-Control": "no-store"})

    async def events(_: HttpRequest) -> Response:
        queue = live.subscribe()

        async def stream() -> AsyncIterator[str]:
            try:
                yield live.state_event()
                idle = 0.0
                while not live.stopping:
                    try:
                        yield await asyncio.wait_for(queue.get(), 0.5)
                        idle = 0.0
                    except asyncio.TimeoutError:
                        idle += 0.5
                        if idle >= KEEP_ALIVE:
                            idle = 0.0
                            yield ": keep-alive\n\n"
            finally:
                live.unsubscribe(queue)

        return StreamingResponse(stream(), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    async def picture(request: HttpRequest) -> Response:
        name = request.path_params["name"]
        found = next((stored for stored in live.pictures.values() if stored.name == name), None)
        if found is None:
            return PlainTextResponse("no such page picture (a newer proof replaced it)", status_code=404)
        return Response(found.picture.data, media_type="image/jpeg",
                        headers={"Cache-Control": "public, max-age=31536000, immutable"})

    async def download(_: HttpRequest) -> Response:
        if live.pdf is None:
            return PlainTextResponse("no PDF yet: the pages have not been laid out without overset text",
                                     status_code=404)
        return Response(live.pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{live.feature_dir.name}.pdf"',
            "Cache-Control": "no-store"})

    @contextlib.asynccontextmanager
    async def lifespan(_: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        live.request(set())
        tasks = [asyncio.create_task(live.run_builds()), asyncio.create_task(live.watch(stop))]
        try:
            yield
        finally:
            live.stopping = True
            stop.set()
            await asyncio.to_thread(live.worker.close)
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    async def no_icon(_: HttpRequest) -> Response:
        return Response(status_code=204)

    routes = [Route("/", index), Route("/state", state), Route("/events", events),
              Route("/pages/{name}", picture), Route("/download.pdf", download), Route("/favicon.ico", no_icon)]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)] if allowed_hosts else []
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
