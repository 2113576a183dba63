"""Check the environment renders need, and say what to install."""

from __future__ import annotations

import typer

from .common import feature_dir, say, session, stdout
from .options import DebugOption, FeatureArg


def doctor(
    feature: FeatureArg = None,
    debug: DebugOption = False,
) -> None:
    """Check Pango, HarfBuzz subsetting, every font set's families, Chromium and the output and cache folders.

    Prints one line per check and, when something is missing, the command
    that installs it. Exit 0 when renders will work, 1 when a required check
    failed (Chromium is optional: only the tests and the benchmark use it).
    """
    from ..doctor import diagnose
    from ..output import default_output
    from ..project import load_project

    folder = feature_dir(feature)
    with session("doctor", folder, debug=debug) as run:
        project = run.run(lambda: load_project(folder))
        findings = run.run(lambda: diagnose(project, default_output(folder).parent))
        for found in findings:
            mark = "ok  " if found.ok else "skip" if found.optional else "FAIL"
            say(stdout, f"{mark}  {found.name}: {found.detail}")
            if not found.ok and found.fix:
                say(stdout, f"      {found.fix}" + (" (optional)" if found.optional else ""))
        packages = sorted({p for found in findings if not found.ok for p in found.packages})
        failed = [found for found in findings if not found.ok and not found.optional]
        if packages:
            say(stdout, f"to install: sudo apt-get install {' '.join(packages)}")
        say(stdout, "ready to render" if not failed else f"{len(failed)} check(s) failed")
        if failed:
            raise typer.Exit(1)
