"""The image's command line, run as the Dockerfile gives it, without a Docker engine.

There is no engine here, so the final stage's ENV, WORKDIR, CMD and HEALTHCHECK are read from the
Dockerfile and run in the project's venv exactly as written, with only paths moved: /app to the
repository, /opt/venv to this venv, /data to a folder of the caller's. tests/test_container.py
and bench/container_startup.py both start the server through ``start``.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = ROOT / "Dockerfile"
# What python:3.12-slim itself sets before our ENV lines (its PATH becomes the host's here).
BASE_PATH = "/usr/local/bin:/usr/bin:/bin"
BASE_ENV = {"PATH": BASE_PATH, "LANG": "C.UTF-8"}


@dataclass
class Stage:
    env: dict[str, str] = field(default_factory=lambda: dict(BASE_ENV))
    workdir: str = "/"
    cmd: list[str] = field(default_factory=list)
    healthcheck: list[str] = field(default_factory=list)
    healthcheck_options: dict[str, str] = field(default_factory=dict)
    expose: list[int] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)


def instructions(text: str) -> list[tuple[str, str]]:
    """Dockerfile instructions with continuation lines joined and comment lines dropped."""
    result: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, rest = (pending + line).partition(" ")
        result.append((keyword.upper(), rest.strip()))
        pending = ""
    return result


def _expand(value: str, env: dict[str, str]) -> str:
    return re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), value)


def _apply(stage: Stage, keyword: str, rest: str) -> None:
    if keyword == "ENV":
        for pair in shlex.split(rest):
            name, _, value = pair.partition("=")
            stage.env[name] = _expand(value, stage.env)
    elif keyword == "WORKDIR":
        stage.workdir = rest
    elif keyword == "CMD":
        stage.cmd = json.loads(rest)
    elif keyword == "EXPOSE":
        stage.expose = [int(port.split("/")[0]) for port in rest.split()]
    elif keyword == "COPY" and "--from=" not in rest:
        stage.copies += [w for w in shlex.split(rest) if not w.startswith("--")][:-1]
    elif keyword == "HEALTHCHECK":
        options, _, command = rest.partition("CMD ")
        stage.healthcheck = json.loads(command)
        stage.healthcheck_options = dict(
            opt.removeprefix("--").split("=", 1) for opt in options.split()
        )


def parse_stages(text: str) -> list[Stage]:
    stages: list[Stage] = []
    for keyword, rest in instructions(text):
        if keyword == "FROM":
            stages.append(Stage())
        elif stages:  # before the first FROM only ARG may stand: nothing of the image's
            _apply(stages[-1], keyword, rest)
    return stages


STAGES = parse_stages(DOCKERFILE.read_text(encoding="utf-8"))
FINAL = STAGES[-1]


def seconds(duration: str) -> float:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    return sum(float(n) * units[u] for n, u in re.findall(r"([\d.]+)(ms|s|m|h)", duration))


def relocate(value: str, data_dir: Path) -> str:
    """Moves the image's paths onto this machine; nothing else in the command line changes."""
    places = {"/opt/venv": sys.prefix, "/app": str(ROOT), "/data": str(data_dir)}
    return re.sub(r"(/opt/venv|/app|/data)(?![\w.-])", lambda m: places[m.group(1)], value)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def container_env(data_dir: Path, overrides: dict[str, str]) -> dict[str, str]:
    """What a container's process sees: the image's ENV and the caller's -e, no host variables."""
    env = {name: relocate(value, data_dir) for name, value in FINAL.env.items()}
    env["PATH"] = env["PATH"].replace(BASE_PATH, os.environ["PATH"])
    # The image's user has no home (useradd --home-dir /nonexistent): nothing may write there.
    env["HOME"] = str(data_dir / "nonexistent")
    return env | overrides


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    env: dict[str, str]
    cwd: Path
    log: Path
    port: int
    started: float

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def start(data_dir: Path, log: Path, overrides: dict[str, str]) -> Iterator[Server]:
    """Runs the image's CMD on a free port (PORT, which the CMD reads); kills it if still up."""
    port = free_port()
    env = container_env(data_dir, {"PORT": str(port)} | overrides)
    cwd = Path(relocate(FINAL.workdir, data_dir))
    started = time.monotonic()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [relocate(arg, data_dir) for arg in FINAL.cmd],
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield Server(process, env, cwd, log, port, started)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def healthy(server: Server) -> bool:
    """One run of the HEALTHCHECK's own command, with its timeout."""
    timeout = seconds(FINAL.healthcheck_options.get("timeout", "30s"))
    try:
        done = subprocess.run(
            FINAL.healthcheck,
            env=server.env,
            cwd=server.cwd,
            timeout=timeout,
            capture_output=True,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def _wait(server: Server, done: Callable[[], bool], poll: float, what: str) -> float:
    """Seconds from the start until ``done()``; gives up when Docker would have called the
    container unhealthy (start period + interval × retries), or when the server exits."""
    options = FINAL.healthcheck_options
    patience = seconds(options["start-period"]) + seconds(options["interval"]) * int(
        options["retries"]
    )
    while time.monotonic() - server.started < patience:
        if server.process.poll() is not None:
            raise RuntimeError(f"exited with {server.process.returncode}:\n{server.output()}")
        if done():
            return time.monotonic() - server.started
        time.sleep(poll)
    raise TimeoutError(f"not {what} within {patience:.0f} s:\n{server.output()}")


def wait_until_healthy(server: Server, poll: float = 0.5) -> float:
    """Healthy as Docker sees it: one worker answering is enough."""
    return _wait(server, lambda: healthy(server), poll, "healthy")


def wait_for_workers(server: Server, workers: int, poll: float = 0.2) -> float:
    """Every worker has finished its startup (a SIGTERM before that kills it unannounced)."""
    started = "Application startup complete"
    return _wait(server, lambda: server.output().count(started) >= workers, poll, "all up")
