"""Random mutations of the sample's front matter, Markdown and YAML: the loaders load or say why.

Whatever the mutation — a stray bracket, an alias, a tag, a BOM, a control
character, a 5,000-digit number — :func:`builder.content.load_feature`
returns a feature or raises the toolkit's own ContentError, within a time and
a memory bound; never another exception. Deterministic (derandomized), a few
hundred examples.
"""

from __future__ import annotations

import resource
import shutil
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.content import load_feature
from builder.errors import ContentError
from builder.project import SAMPLE_FEATURE, SAMPLE_PROJECT

FILES = ("feature.md", "sections/02-high-quality-life.md", "infographic.yaml")
ORIGINAL = {name: (SAMPLE_FEATURE / name).read_text(encoding="utf-8") for name in FILES}

#: What breaks YAML and Markdown in interesting ways, and what attackers try.
TOKENS = [
    "&a ", "*a", "&b [*a, *a, *a]", "[", "]", "{", "}", ": ", "- ", "? ", "!!float", "!!int", "!!timestamp ",
    "!!binary ", "!!set ", "!!omap ", "!!python/object/apply:os.system ['id']", "!foo ", "2023-02-30", "2023-13-01",
    "9" * 5000, "1e999", ".inf", "0x1F", "null", "~", "yes", "<<: {a: 1}", "\ufeff", "\x1b[31m", "\x00", "\x07",
    "\t", "\r\n", "\n", "\n---\n", "'", '"', "#", "|", ">", "%", "@", "`", "\\", "str: x\n", "date: 1\n",
    "<script>", "<img src=x>", "file:///etc/passwd", "javascript:x", "data:text/html,x", "**", "*", "[x](y)",
    "![](a.png)", "## ", "### ", "1. ", "> ", "```", "|a|b|\n|-|-|", "~~", "中", "\u202e", "[" * 40, "{" * 40,
    "- " * 30, "panels: []", "image: ../../../etc/passwd", "layout: /tmp/x", "hero: {image: /etc/passwd}",
]

#: Seconds one load may take, and bytes it may add to the address space.
TIME_BOUND = 20
MEMORY_BOUND = 2 * 1024**3


def _mutate(text: str, edits: list[tuple[str, float, int, str]]) -> str:
    for kind, where, length, token in edits:
        at = int(where * len(text))
        if kind == "insert":
            text = text[:at] + token + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + length:]
        elif kind == "replace":
            text = text[:at] + token + text[at + len(token):]
        else:  # duplicate the line at ``at``
            start = text.rfind("\n", 0, at) + 1
            end = text.find("\n", at)
            end = len(text) if end < 0 else end + 1
            text = text[:end] + text[start:end] + text[end:]
    return text


EDIT = st.tuples(st.sampled_from(["insert", "insert", "delete", "replace", "duplicate"]),
                 st.floats(0, 1), st.integers(1, 40), st.sampled_from(TOKENS) | st.text(max_size=6))
MUTATION = st.dictionaries(st.sampled_from(FILES), st.lists(EDIT, min_size=1, max_size=4), min_size=1)


def _vm_size() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")


@contextmanager
def _bounded():
    """Raise in the work after TIME_BOUND seconds; MemoryError past MEMORY_BOUND more bytes."""
    def expire(signum, frame):
        raise TimeoutError(f"a load took more than {TIME_BOUND} s")

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _vm_size() + MEMORY_BOUND
    previous = signal.signal(signal.SIGALRM, expire)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    signal.alarm(TIME_BOUND)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.mark.slow
def test_mutated_content_loads_or_raises_the_toolkits_own_error(tmp_path: Path) -> None:
    project = tmp_path / "project"
    feature = project / "content" / "feature"
    shutil.copytree(SAMPLE_FEATURE, feature)
    shutil.copytree(SAMPLE_PROJECT / "assets", project / "assets")
    outcomes = {"loaded": 0, "refused": 0}

    @settings(max_examples=300, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(MUTATION)
    def load(mutation: dict[str, list]) -> None:
        for name in FILES:
            (feature / name).write_text(_mutate(ORIGINAL[name], mutation.get(name, [])), encoding="utf-8",
                                        errors="surrogatepass")
        with _bounded():
            try:
                load_feature(feature, project)
                outcomes["loaded"] += 1
            except ContentError as error:
                assert error.problems and all(str(problem) for problem in error.problems)
                outcomes["refused"] += 1

    with _bounded():
        pass  # the bound itself works here
    load()
    assert outcomes["refused"] > 0 and outcomes["loaded"] > 0, outcomes
