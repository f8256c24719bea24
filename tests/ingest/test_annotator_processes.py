"""The annotator processes end with the process that started them, even when it is killed, and
warm up without leaving the garbage collector changed."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.ingest.prepare import warm_up

ROOT = Path(__file__).resolve().parents[2]
PARENT = """
import os, sys
from app.ingest.prepare import annotator_processes
if __name__ == "__main__":
    pool = annotator_processes(1)
    print(pool.submit(os.getpid).result(), flush=True)
    sys.stdin.read()  # until killed
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_annotators_leave_when_their_parent_is_killed() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert parent.stdout is not None
    workers = [int(p) for p in parent.stdout.readline().split()]
    assert len(workers) == 1 and _alive(workers[0])
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30  # they look once a second; without the watch, never
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"annotator processes {left} outlived their parent"


def test_an_annotator_process_loads_no_database_code() -> None:
    # The ingest's annotator processes start by importing what they run
    # (app.ingest.prepare); the database layer and the API's schemas would only make each
    # start slower, by about as long as annotating a hundred articles.
    code = (
        "import sys, app.ingest.prepare; "
        "print(sorted(m for m in ('sqlalchemy', 'pydantic', 'app.db', 'app.schemas') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("collecting", [True, False])
def test_the_warm_up_leaves_the_collector_as_it_found_it(collecting: bool) -> None:
    """The warm-up pauses the garbage collector while it builds the lexicons, and only then."""
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        warm_up()
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
