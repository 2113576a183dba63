"""Editions on a Dask cluster: the same PDFs as a local render, written by the client."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from builder import api
from tests.conftest import run_cli

distributed = pytest.importorskip("distributed")
VENV_BIN = Path(sys.executable).parent


def _texts(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def _local(feature: Path, tmp_path: Path) -> Path:
    target = tmp_path / "local" / f"{feature.name}.pdf"
    target.parent.mkdir(exist_ok=True)
    assert api.render(feature, output=target).written
    return target


@pytest.mark.slow
def test_a_local_cluster_of_two_workers_renders_what_a_local_render_does(make_feature, tmp_path):
    features = [make_feature(name="front"), make_feature(name="back")]
    out = tmp_path / "cluster"
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        address = cluster.scheduler_address.replace("tcp://", "dask://")
        result = run_cli("render", *map(str, features), "--executor", address, "-q", "-o", str(out),
                         "--combine", str(tmp_path / "all.pdf"))
    assert result.returncode == 0, result.stdout + result.stderr
    for feature in features:
        remote = out / f"{feature.name}.pdf"
        local = _local(feature, tmp_path)
        assert len(PdfReader(remote).pages) == len(PdfReader(local).pages) == 2
        assert _texts(remote) == _texts(local)
    assert list(PdfReader(tmp_path / "all.pdf").page_labels) == ["front 6", "front 7", "back 6", "back 7"]
    assert not list(out.glob(".*.tmp"))  # written atomically: no temporary file left


def test_no_scheduler_at_the_address_is_a_usage_error(tmp_path, make_feature):
    folder = make_feature()
    result = run_cli("render", str(folder), "--executor", "dask://127.0.0.1:9", "-q", "-o", str(tmp_path))
    assert result.returncode == 2
    assert "no Dask scheduler answers at tcp://127.0.0.1:9" in result.stderr
    result = run_cli("render", str(folder), "--executor", "ray://somewhere", "-q", "-o", str(tmp_path))
    assert result.returncode == 2 and "is not local or dask://HOST:PORT" in result.stderr


@pytest.mark.slow
def test_dask_scheduler_and_worker_processes_from_the_venv(make_feature, tmp_path):
    feature = make_feature(name="front")
    scheduler_file = tmp_path / "scheduler.json"
    dask = str(VENV_BIN / "dask")
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(scheduler_file)], env=env,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    worker = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(scheduler_file.read_text())["address"]
        assert address.startswith("tcp://127.0.0.1:")
        worker = subprocess.Popen([dask, "worker", "--scheduler-file", str(scheduler_file), "--nworkers", "1",
                                   "--nthreads", "1", "--no-dashboard", "--host", "127.0.0.1"], env=env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        with distributed.Client(address, timeout=30) as client:
            client.wait_for_workers(1, timeout=60)
        out = tmp_path / "cluster"
        result = run_cli("render", str(feature), "--executor", address.replace("tcp://", "dask://"), "-q",
                         "-o", str(out))
        assert result.returncode == 0, result.stdout + result.stderr
        assert _texts(out / "front.pdf") == _texts(_local(feature, tmp_path))
    finally:
        for process in (worker, scheduler):
            if process is not None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
