"""The ingest's progress bar: drawn at once, then files done, rate and time left."""

from __future__ import annotations

import io

from app.ingest.progress import terminal_progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_bar_starts_at_once_then_shows_rate_and_time_left() -> None:
    out, clock = io.StringIO(), Clock()
    show = terminal_progress(out, clock)
    assert "starting" in out.getvalue(), "nothing on screen before the first file"
    clock.now += 3  # migrations, the scan, building the annotator
    show(40, 100, "a.txt")  # 40 unchanged: done before the first annotation
    assert "40/100" in out.getvalue() and "--:--" in out.getvalue()
    clock.now += 10
    show(60, 100, "b.txt")  # 20 files in 10 s: 2 a second, 40 left
    line = out.getvalue().rsplit("\r", 1)[1]
    assert "60/100" in line and "2.0 files/s" in line and "0:20 left" in line and "b.txt" in line
    clock.now += 20
    show(100, 100, "c.txt")
    assert out.getvalue().endswith("\n")
    assert "100/100 in 0:33" in out.getvalue().rsplit("\r", 1)[1]
