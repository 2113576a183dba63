"""Safe output: the previous PDF survives every failure, stop and race; a new file respects the umask."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer

from builder.cli.common import Stopped, held_signals, session, stop_on_signals
from builder.errors import OutputError, TimeLimitExceeded, UsageError
from builder.output import write_atomically
from tests.conftest import REPO, run_cli, run_process
from tests.hostile.attacks import MARKER, make_outside
from tests.hostile.scan import pdf_leaks

PREVIOUS = b"%PDF-1.7\n% previous\n%%EOF\n"


def _no_temporaries(folder: Path) -> None:
    assert not list(folder.rglob(".*.tmp")), list(folder.rglob(".*.tmp"))


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EACCES])
def test_a_failed_write_names_the_path_and_keeps_the_previous_pdf(tmp_path, monkeypatch, code):
    target = tmp_path / "spread.pdf"
    target.write_bytes(PREVIOUS)

    def fail(fd: int) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("builder.output.os.fsync", fail)
    with pytest.raises(OutputError) as caught:
        write_atomically(target, b"%PDF-1.7 new")
    assert caught.value.exit_code == 1
    assert str(caught.value) == f"{target}: cannot be written: {os.strerror(code)}"
    assert target.read_bytes() == PREVIOUS
    _no_temporaries(tmp_path)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_while_writing_removes_the_temporary_file(tmp_path, monkeypatch, signum):
    target = tmp_path / "spread.pdf"
    target.write_bytes(PREVIOUS)

    def interrupted(fd: int) -> None:
        assert list(tmp_path.glob(".spread.pdf.*.tmp")), "the temporary file exists while writing"
        os.kill(os.getpid(), signum)
        time.sleep(1)  # the handler raises before this ends

    monkeypatch.setattr("builder.output.os.fsync", interrupted)
    # Python's own Ctrl-C handler, as in a terminal: a shell's background job starts with SIGINT ignored.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt if signum == signal.SIGINT else Stopped) as caught, stop_on_signals():
            write_atomically(target, b"%PDF-1.7 new")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert signum == signal.SIGINT or caught.value.exit_code == 128 + signum
    assert target.read_bytes() == PREVIOUS
    _no_temporaries(tmp_path)


def test_a_signal_during_a_held_step_stops_the_work_once_the_step_is_done(tmp_path):
    # An edition writes a PDF and notes it as written in one held step: what it reports is what is on disk.
    target = tmp_path / "front.pdf"
    noted = []
    with pytest.raises(Stopped) as caught, stop_on_signals():
        with held_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.2)  # not stopped here
            write_atomically(target, b"%PDF-1.7 new")
            noted.append(target.name)
        noted.append("after")  # stopped before this
    assert caught.value.exit_code == 128 + signal.SIGTERM
    assert noted == ["front.pdf"] and target.read_bytes() == b"%PDF-1.7 new"


def test_a_new_file_gets_0666_less_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path):
    old = os.umask(0o022)
    try:
        new = write_atomically(tmp_path / "new.pdf", b"%PDF-1.7")
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        kept = tmp_path / "kept.pdf"
        kept.write_bytes(PREVIOUS)
        kept.chmod(0o600)
        write_atomically(kept, b"%PDF-1.7")
        assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    finally:
        os.umask(old)


def _unshare() -> list[str]:
    """A private mount namespace for a tmpfs disk, or skip where the machine forbids one."""
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, text=True) if shutil.which("unshare") else None
    if probe is None or probe.returncode != 0:
        pytest.skip("no private mount namespace here (unshare -rm) for a small or read-only disk")
    return ["unshare", "-rm", "sh", "-c"]


@pytest.mark.slow
def test_a_full_disk_is_exit_1_naming_the_path_and_the_previous_pdf_stays(make_feature, tmp_path):
    shell = _unshare()
    folder = make_feature()
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (f'mount -t tmpfs -o size=256k tmpfs {disk} && printf "%s" "$PREV" > {disk}/spread.pdf && '
              f'"$@"; code=$?; echo; sha256sum < {disk}/spread.pdf; ls -A {disk}; exit $code')
    previous_sha = subprocess.run(["sha256sum"], input=PREVIOUS, capture_output=True).stdout.decode().strip()
    result = subprocess.run([*shell, script, "sh", sys.executable, "-m", "builder", "render", str(folder),
                             "-q", "-o", str(disk / "spread.pdf")],
                            capture_output=True, text=True, env={**os.environ, "PREV": PREVIOUS.decode()},
                            cwd=REPO, timeout=600)
    assert result.returncode == 1, result.stderr
    assert f"error: {disk / 'spread.pdf'}: cannot be written: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.split()
    assert previous_sha.split()[0] in lines, "the previous PDF changed"
    assert lines[-1] == "spread.pdf", "only the previous PDF is on the disk: no temporary file"


@pytest.mark.slow
def test_a_read_only_disk_is_refused_before_the_layout_work(make_feature, tmp_path):
    shell = _unshare()
    folder = make_feature()
    disk = tmp_path / "disk"
    disk.mkdir()
    script = f'mount -t tmpfs tmpfs {disk} && mount -o remount,ro {disk} && exec "$@"'
    result = subprocess.run([*shell, script, "sh", sys.executable, "-m", "builder", "render", str(folder),
                             "-o", str(disk / "spread.pdf")], capture_output=True, text=True, cwd=REPO,
                            timeout=600)
    assert result.returncode == 1, result.stderr
    assert f"error: {disk / 'spread.pdf'}: cannot be written: Read-only file system" in result.stderr
    assert "Reading content" not in result.stderr, "refused before any work"


@pytest.mark.slow
def test_sigterm_during_a_render_leaves_the_previous_pdf_and_no_temporary_file(make_feature, tmp_path):
    folder = make_feature()
    out = tmp_path / "spread.pdf"
    out.write_bytes(PREVIOUS)
    process = subprocess.Popen([sys.executable, "-m", "builder", "render", str(folder), "-o", str(out)],
                               stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO)
    seen = []
    for line in process.stderr:
        seen.append(line)
        if "Writing PDF" in line:
            process.send_signal(signal.SIGTERM)
            break
    _, rest = process.communicate(timeout=120)
    errors = "".join(seen) + rest
    assert process.returncode == 128 + signal.SIGTERM, errors
    assert "error: stopped by SIGTERM: nothing written" in errors
    assert "Traceback" not in errors
    assert out.read_bytes() == PREVIOUS
    _no_temporaries(tmp_path)


@pytest.mark.slow
def test_timeout_stops_a_render_with_its_message_and_leaves_nothing_behind(tmp_path):
    out = tmp_path / "spread.pdf"
    out.write_bytes(PREVIOUS)
    result = run_process("render", "--timeout", "1", "-o", str(out))
    assert result.returncode == 4, result.stderr
    assert "error: stopped after 1 s (--timeout): nothing written" in result.stderr
    assert "Traceback" not in result.stderr
    assert out.read_bytes() == PREVIOUS
    _no_temporaries(tmp_path)


@pytest.mark.slow
def test_concurrent_renders_to_one_path_leave_one_whole_pdf_with_the_umask_mode(make_feature, tmp_path):
    folder = make_feature()
    out = tmp_path / "out" / "spread.pdf"
    old = os.umask(0o027)
    try:
        processes = [subprocess.Popen([sys.executable, "-m", "builder", "render", str(folder), "-q", "-o", str(out)],
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO)
                     for _ in range(2)]
    finally:
        os.umask(old)
    for process in processes:
        _, errors = process.communicate(timeout=600)
        assert process.returncode == 0, errors
    assert out.read_bytes().startswith(b"%PDF") and out.read_bytes().rstrip().endswith(b"%%EOF")
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    _no_temporaries(tmp_path)


@pytest.mark.slow
def test_follow_symlinks_replaces_the_file_a_link_points_to(make_feature, tmp_path):
    folder = make_feature()
    make_outside(tmp_path / "outside")
    real = tmp_path / "proofs" / "spread.pdf"
    real.parent.mkdir()
    real.write_bytes(PREVIOUS)
    real.chmod(0o600)
    link = tmp_path / "latest.pdf"
    link.symlink_to(real)
    refused = run_cli("render", str(folder), "-o", str(link))
    assert refused.returncode == 2 and "--follow-symlinks" in refused.stderr
    result = run_cli("render", str(folder), "-q", "-o", str(link), "--follow-symlinks")
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes().startswith(b"%PDF") and real.read_bytes() != PREVIOUS
    assert stat.S_IMODE(real.stat().st_mode) == 0o600
    assert not pdf_leaks(real, MARKER)
    assert f"wrote {real}" in result.stdout


HARD_STOP = """
import hashlib, os, sys, tempfile
from pathlib import Path
from builder import output
from builder.cli import common
common.HARD_STOP_GRACE = 0.5
handle, temp = tempfile.mkstemp(prefix=".spread.pdf.", suffix=".tmp", dir=sys.argv[1])
os.close(handle)
output.LIVE_TEMPORARIES.add(temp)  # as while writing
with common.session("render", Path("feature"), timeout=0.5, as_json=True):
    hashlib.pbkdf2_hmac("sha256", b"x", b"y", 2**31 - 1)  # a long call into C that never looks at signals
"""


@pytest.mark.slow
def test_work_stuck_in_a_c_call_is_ended_after_the_grace_with_nothing_left(tmp_path):
    result = subprocess.run([sys.executable, "-c", HARD_STOP, str(tmp_path)], capture_output=True, text=True,
                            cwd=REPO, timeout=120)
    assert result.returncode == 4, result.stderr
    assert "error: stopped after 0.5 s (--timeout): nothing written" in result.stderr
    assert '"status": "timeout"' in result.stdout
    _no_temporaries(tmp_path)


def test_a_time_limit_whose_first_signal_is_lost_still_stops_the_work(capsys):
    # Python drops an exception raised in an import lock's weakref callback or a
    # __del__: the limit is signalled again until the work has stopped.
    start = time.perf_counter()
    with pytest.raises(typer.Exit) as stopped, session("render", Path("feature"), timeout=0.3):
        try:
            time.sleep(2)
        except TimeLimitExceeded:
            pass  # lost, as in a callback
        time.sleep(5)
    assert stopped.value.exit_code == 4
    assert time.perf_counter() - start < 2
    assert "error: stopped after 0.3 s (--timeout): nothing written" in capsys.readouterr().err


def test_output_may_not_go_into_the_toolkits_source_but_its_checkouts_out(tmp_path):
    from builder.output import output_path, toolkit_source
    from builder.project import CHECKOUT, PACKAGE_ROOT

    package = os.path.realpath(PACKAGE_ROOT)
    assert toolkit_source(os.path.join(package, "data", "x.pdf")) == package
    assert toolkit_source(str(tmp_path / "x.pdf")) is None
    assert CHECKOUT is not None and os.path.realpath(CHECKOUT) == os.path.realpath(REPO)  # the tests run from one
    assert toolkit_source(str(REPO / "tests" / "x.pdf")) == os.path.realpath(REPO)
    assert toolkit_source(str(REPO / "out" / "x.pdf")) is None
    feature = tmp_path / "feature"
    for path in (REPO / "README.pdf", REPO / "tests" / "x.pdf", PACKAGE_ROOT / "x.pdf"):
        with pytest.raises(UsageError, match="is inside the toolkit's own folder"):
            output_path(feature, path)
