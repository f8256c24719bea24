"""``python -m app serve`` on the seed, as a user starts it, for tests that talk to it over
the network (the README's commands, a generated client)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import ROOT, SEEDS
from tests.test_concurrency import free_port, wait_ready


@contextmanager
def live_server(folder: Path, database_url: str, **env: str) -> Iterator[int]:
    """The server on a free port with a copy of the seeds; ``env`` adds settings. Its log is
    ``folder/server.log``."""
    seeds = folder / "seeds"
    seeds.mkdir()
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, seeds / seed.name)
    port = free_port()
    settings = {"DATABASE_URL": database_url, "SEEDS_DIR": str(seeds), "LOG_LEVEL": "WARNING"}
    log = (folder / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port)],
        cwd=ROOT, env={**os.environ, **settings, **env}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_ready(port, proc, time.monotonic() + 120)
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)
