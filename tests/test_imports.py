"""The package's shape: stages import down the pipeline, never back up, and nothing imports in a circle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "builder"


def _module(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """The builder modules a file imports at its top level (``if TYPE_CHECKING:`` blocks included)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module(path) if path.name == "__init__.py" else _module(path).rpartition(".")[0]
    found: set[str] = set()
    body = list(tree.body)
    while body:
        node = body.pop(0)
        if isinstance(node, ast.If):
            body[:0] = node.body
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("builder")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if base.startswith("builder"):
                found |= {f"{base}.{alias.name}" if not node.module or f"{base}.{alias.name}" in MODULES else base
                          for alias in node.names}
    return {name for name in found if name in MODULES} - {_module(path)}


MODULES = {_module(path) for path in PACKAGE.rglob("*.py")}
GRAPH = {_module(path): _imports(path) for path in PACKAGE.rglob("*.py")}


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in GRAPH[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return groups


def test_no_module_imports_in_a_circle():
    assert _cycles() == []


def test_the_stages_import_down_the_pipeline():
    # the measuring stage and copyfitting take what they use, not a build
    assert not GRAPH["builder.typeset.fit"] & {"builder.check", "builder.pipeline", "builder.results"}
    assert not GRAPH["builder.copyfit"] & {"builder.check", "builder.pipeline", "builder.results"}
    # preflight reads results; it never runs the pipeline
    assert not any("builder.pipeline" in GRAPH[name] for name in GRAPH if name.startswith("builder.check"))
    # the model and the diagnostics import nothing of the toolkit above them (the model only the shared words)
    assert GRAPH["builder.model"] <= {"builder.names"} and GRAPH["builder.names"] == set()
    assert GRAPH["builder.diagnostics"] == set()


def test_importing_preflight_does_not_import_the_pipeline():
    code = "import sys, builder.check; print('builder.pipeline' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert result.stdout.strip() == "False", result.stderr


def _imported(*command: str) -> set[str]:
    """The modules ``python -m builder COMMAND`` imports (``-X importtime`` lists each on stderr)."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "builder", *command], capture_output=True,
                            text=True, cwd=REPO, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines()
                if line.startswith("import time:")}
    assert "builder.cli" in imported  # the listing is there
    return imported


@pytest.mark.parametrize("command", [["--help"], ["render", "--help"], ["info"], ["fonts"]])
def test_commands_that_lay_nothing_out_never_import_the_typesetter(command):
    imported = _imported(*command)
    assert not {name for name in imported if name == "weasyprint" or name.startswith(("weasyprint.", "pydyf"))}
    assert "builder.typeset" not in imported and "builder.pipeline" not in imported


# What reads, validates or draws the content: a command's help needs none of it.
CONTENT_MODULES = {"builder.model", "builder.content", "builder.project", "builder.fonts", "builder.layout.spec",
                   "builder.preview.draw", "builder.preview.raster", "builder.edition", "builder.output"}


def test_help_imports_neither_the_model_nor_its_validation():
    imported = _imported("--help")
    assert not imported & CONTENT_MODULES
    assert not {name for name in imported if name.split(".")[0] in {"pydantic", "pydantic_core", "yaml",
                                                                    "markdown_it", "PIL", "pypdfium2", "fontTools"}}


@pytest.mark.parametrize("command", ["render", "check", "preview", "fonts", "assets", "info", "new", "doctor", "serve"])
def test_a_commands_help_reads_no_content_code(command):
    # (Typer itself may import pydantic to convert a command's parameters; the toolkit's own model is not needed.)
    imported = _imported(command, "--help")
    assert not imported & CONTENT_MODULES
