"""Every console command in the README runs as written and prints what the README shows
(issue 17: its curl commands with raw Persian in the URL got uvicorn's bare 400)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests import readme_tour


def test_the_readme_shows_commands_to_run() -> None:
    commands = [
        c for b in readme_tour.blocks(readme_tour.README.read_text("utf-8")) for c in b.commands
    ]
    assert sum(c.text.startswith("curl") for c in commands) >= 15
    assert all(c.output for c in commands if c.text.startswith("curl")), "a curl without output"


def test_every_readme_command_prints_what_the_readme_shows(tmp_path: Path) -> None:
    if shutil.which("curl") is None:
        if os.environ.get("CI"):
            pytest.fail("CI has no curl")
        pytest.skip("no curl on this machine")
    mismatches = []
    for ran in (r for block in readme_tour.run_blocks(tmp_path) for r in block):
        shown = readme_tour.normalized(ran.command.output)
        printed = readme_tour.normalized(ran.output)
        if ran.code != 0 or printed != shown:
            mismatches.append(
                f"$ {ran.command.text}\n(exit {ran.code})\nREADME:\n"
                + "\n".join(shown)
                + "\nprinted:\n"
                + "\n".join(printed)
            )
    hint = "\n\n(python -m tests.readme_tour --write puts today's output into the README)"
    assert not mismatches, "\n\n".join(mismatches) + hint
