"""The README's console sessions, run as written against a real server on the seed.

Each ```console block is a list of ``$ command`` lines (a line ending in ``\\`` goes on) with
the output the README shows under each. :func:`run_blocks` runs every block in one bash
process per block (so an ``export`` carries to the next command), in a folder of its own,
against ``python -m app serve`` on a free port (``localhost:8000`` in the README is replaced by
it, in the commands and back in the output).

``tests/test_readme.py`` checks that each command exits 0 and prints what the README shows,
up to what differs on every run (request ids, dates). After a change of the API or of the
annotator, ``.venv/bin/python -m tests.readme_tour --write`` writes today's output into the
README; read the diff before committing it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT
from tests.live import live_server

README = ROOT / "README.md"
ADDRESS = "localhost:8000"
API_KEY = "change-me"  # the README's own
_BLOCK = re.compile(r"^```console\n(.*?)^```$", re.S | re.M)
_VARYING = [
    (re.compile(r"(?im)^(x-request-id): [0-9a-f]{32}$"), r"\1: <uuid>"),
    (re.compile(r"(?im)^(date): .*$"), r"\1: <date>"),
]


@dataclass
class Command:
    text: str  # as the README writes it, continuation lines included
    output: list[str] = field(default_factory=list)


@dataclass
class Block:
    start: int  # offset of the block's body in the README
    end: int
    commands: list[Command]


def blocks(readme: str) -> list[Block]:
    found = []
    for match in _BLOCK.finditer(readme):
        commands: list[Command] = []
        continued = False
        for line in match.group(1).splitlines():
            if continued:
                commands[-1].text += "\n" + line
            elif line.startswith("$ "):
                commands.append(Command(line[2:]))
            elif commands:
                commands[-1].output.append(line)
            continued = line.endswith("\\") and (continued or line.startswith("$ "))
        found.append(Block(match.start(1), match.end(1), commands))
    return found


def normalized(lines: list[str]) -> list[str]:
    text = "\n".join(line.rstrip() for line in lines).strip("\n")
    for pattern, replacement in _VARYING:
        text = pattern.sub(replacement, text)
    return text.split("\n") if text else []


@dataclass
class Ran:
    command: Command
    code: int
    output: list[str]


_MARK = "@@goftar-readme@@"


def run_block(block: Block, port: int, cwd: Path) -> list[Ran]:
    """The block's commands in one bash, each output cut out between markers."""
    script = []
    for n, command in enumerate(block.commands):
        script.append(f"printf '\\n{_MARK} {n}\\n'")
        script.append(command.text.replace(ADDRESS, f"localhost:{port}"))
        script.append(f"printf '\\n{_MARK} rc %s\\n' $?")
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        cwd=cwd,
        capture_output=True,
        timeout=120,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        check=False,
    )
    text = done.stdout.decode("utf-8", "replace").replace("\r\n", "\n")
    text = text.replace(f"localhost:{port}", ADDRESS).replace(f"127.0.0.1:{port}", ADDRESS)
    ran = []
    parts = text.split(f"\n{_MARK} ")[1:]
    outputs = zip(parts[::2], parts[1::2], strict=True)
    for command, (body, rc) in zip(block.commands, outputs, strict=True):
        output = body.split("\n", 1)[1] if "\n" in body else ""
        code = int(rc.split()[1])
        ran.append(Ran(command, code, output.split("\n")))
    return ran


def run_blocks(folder: Path) -> list[list[Ran]]:
    work = folder / "cwd"
    work.mkdir()
    with live_server(folder, f"sqlite:///{folder / 'goftar.db'}", API_KEY=API_KEY) as port:
        return [run_block(block, port, work) for block in blocks(README.read_text("utf-8"))]


def write(folder: Path) -> None:
    """Today's output into the README, under each command."""
    readme = README.read_text("utf-8")
    results = run_blocks(folder)
    for block, ran in reversed(list(zip(blocks(readme), results, strict=True))):
        lines = []
        for r in ran:
            lines.append("$ " + r.command.text)
            output = "\n".join(r.output).strip("\n")
            lines += [line.rstrip() for line in output.split("\n")] if output else []
        readme = readme[: block.start] + "\n".join(lines) + "\n" + readme[block.end :]
    README.write_text(readme, "utf-8")


if __name__ == "__main__":
    import tempfile

    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.readme_tour --write")
    with tempfile.TemporaryDirectory() as tmp:
        write(Path(tmp))
