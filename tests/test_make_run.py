"""``make run HOST=… PORT=…`` serves where it is told and its log says where the docs are
(issue 17)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT
from tests.test_concurrency import free_port, wait_ready


def test_make_run_takes_host_and_port_and_logs_the_docs_url(tmp_path: Path) -> None:
    if shutil.which("make") is None:
        pytest.skip("no make on this machine")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'goftar.db'}",
        "SEEDS_DIR": str(tmp_path / "no-seeds"),
        "LOG_LEVEL": "INFO",
    }
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        make = subprocess.Popen(
            ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            wait_ready(port, make, time.monotonic() + 120)
            assert httpx.get(f"http://127.0.0.1:{port}/docs").status_code == 200
            assert httpx.get(f"http://127.0.0.1:{port}/").status_code == 200  # the reader
        finally:
            os.killpg(make.pid, signal.SIGTERM)  # make and the server it started
            make.wait(timeout=30)
    printed = log.read_text(encoding="utf-8")
    assert f"http://127.0.0.1:{port}/docs" in printed, printed
    assert f"http://127.0.0.1:{port}/redoc" in printed, printed
    assert f"the reader at http://127.0.0.1:{port}/," in printed, printed
