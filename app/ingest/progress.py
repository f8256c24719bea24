"""The ingest's progress bar on a terminal (``python -m app ingest``): files done, the rate,
and the time left.

It is drawn as soon as it is made, before the migrations, the scan of the folder and the
first annotation (building the annotator alone takes a moment), so the command shows at once
that it is working. The rate counts files annotated and stored since the first file: those
found unchanged are counted done at once and would make the estimate of the rest too short.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from app.ingest.run import Progress

WIDTH = 30


def _clock_time(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def terminal_progress(
    stream: TextIO = sys.stderr, clock: Callable[[], float] = time.monotonic
) -> Progress:
    """A one-line bar, redrawn in place; a newline when every file is done."""
    started = clock()
    first: tuple[int, float] | None = None  # files done and the time at the first call

    stream.write(f"\r[{'.' * WIDTH}] starting…")
    stream.flush()

    def show(n: int, total: int, name: str) -> None:
        nonlocal first
        now = clock()
        if first is None:
            first = (n, now)
        done, since = n - first[0], now - first[1]
        rate = done / since if done and since > 0 else None
        left = (total - n) / rate if rate else None
        filled = WIDTH * n // max(total, 1)
        speed = f"{rate:.1f} files/s" if rate else "- files/s"
        stream.write(
            f"\r[{'#' * filled}{'.' * (WIDTH - filled)}] {n}/{total} {speed}, "
            f"{_clock_time(left)} left  {name[:30]:<30}"
        )
        if n == total:  # the line again, what it took in place of the estimate
            stream.write(f"\r\x1b[K[{'#' * WIDTH}] {n}/{total} in {_clock_time(now - started)}")
            stream.write(f" ({speed})\n" if rate else "\n")
        stream.flush()

    return show
