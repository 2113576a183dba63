"""The live preview in the browser: rebuild on every save, show the spread and its problems."""

from __future__ import annotations

import ipaddress
import socket
import webbrowser
from typing import Annotated

import typer

from ..errors import EXIT_USAGE
from .common import feature_dir, note, stderr, stdout
from .options import (
    AssetOption,
    DebugOption,
    FeatureArg,
    FontOption,
    FontsetOption,
    LayoutOption,
    PaperOption,
    swaps,
)

LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]", "::1"]


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_port(host: str, port: int) -> str | None:
    """Why the server could not listen there, or None."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host.strip("[]"), port))
    except OSError as error:
        return f"cannot listen on {host}:{port}: {error.strerror or error} (choose another with --port)"
    return None


def serve(
    feature: FeatureArg = None,
    port: Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. The default serves this computer "
                    "only; another address lets anyone who reaches it read the feature.")] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in the default browser.")] = False,
    layout: LayoutOption = None,
    paper: PaperOption = None,
    fontset: FontsetOption = None,
    font: FontOption = None,
    asset: AssetOption = None,
    fit: Annotated[bool, typer.Option("--fit", help="Show the pages as render --fit would make them.")] = False,
    dpi: Annotated[int, typer.Option("--dpi", help="Resolution of the proof pictures, pixels per inch.",
                                     min=20, max=300)] = 100,
    quiet: Annotated[bool, typer.Option("-q", "--quiet", help="Print only the address and errors.")] = False,
    debug: DebugOption = False,
) -> None:
    """Serve a live preview of a feature in the browser; it rebuilds whenever a file is saved.

    The page shows the spread (zoomable; frames, columns, baseline grid and
    problem markers switchable), the preflight problems beside it — click one
    to scroll to its frame — and a link to the last PDF that render would
    write. Saving anything under the feature folder, or the project's
    layouts/, fonts/, assets/ or broadsheet.toml, or replacing a file named
    by --font or --asset (wherever it is), rebuilds it; the page updates
    itself. A failed build shows its error with the file and line and
    keeps the last good proof. Ctrl-C stops the server.
    """
    # Imported here: the ASGI stack is needed by this command only.
    import uvicorn

    from ..pipeline import Options, Overrides
    from ..serve.app import LivePreview, create_app

    folder = feature_dir(feature, note(quiet)).resolve()
    problem = _check_port(host, port)
    if problem:
        stderr.print(f"error: {problem}", markup=False)
        raise typer.Exit(EXIT_USAGE)
    local = _loopback(host)
    if not local:
        stderr.print(f"warning: serving on {host}: anyone who can reach this address can read the feature",
                     markup=False)
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    url = f"http://{shown}:{port}/"

    def log(line: str) -> None:
        if not quiet or line.startswith("  ") or "failed" in line:
            stdout.print(line, markup=False)

    options = Options(layout=layout, paper=paper, fit=fit, overrides=Overrides(**swaps(fontset, font, asset)))
    live = LivePreview(folder, options, dpi, log)
    allowed = LOOPBACK_NAMES if local else None
    if allowed is not None and host not in allowed:
        allowed = [*allowed, host]
    app = create_app(live, allowed)
    config = uvicorn.Config(app, host=host.strip("[]"), port=port, log_level="debug" if debug else "warning",
                            timeout_graceful_shutdown=2, lifespan="on", access_log=debug)
    server = uvicorn.Server(config)
    stdout.print(f"serving {folder.name} on {url} — Ctrl-C stops", markup=False)
    if open_browser:
        webbrowser.open(url)
    try:
        server.run()
    except KeyboardInterrupt:
        pass  # uvicorn shut down on Ctrl-C, then passed the signal on: a clean stop
    finally:
        live.worker.close()
    stdout.print("stopped", markup=False)
