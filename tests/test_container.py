"""The container as the Dockerfile and compose.yaml describe it, checked without a Docker engine.

The image's CMD runs in the venv as the Dockerfile gives it (tests/container.py). The compose
file, the .dockerignore and docs/deployment.md are checked against the code: every variable they
set is read by someone, every command they name exists.
"""

from __future__ import annotations

import fnmatch
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import yaml

from app.config import Settings
from tests.conftest import ROOT, SEED_ID
from tests.container import (
    BASE_ENV,
    DOCKERFILE,
    FINAL,
    STAGES,
    start,
    wait_for_workers,
    wait_until_healthy,
)

COMPOSE = ROOT / "compose.yaml"
DEPLOYMENT_DOC = ROOT / "docs" / "deployment.md"
# Variables read by something other than app.config.Settings, and who reads them.
RUNTIME_VARS = {
    "PATH": "the shell",
    "PYTHONPATH": "python",
    "PYTHONDONTWRITEBYTECODE": "python",
    "PYTHONUNBUFFERED": "python",
    "PORT": "the image's HEALTHCHECK (and Settings, for the CMD)",
    "FORWARDED_ALLOW_IPS": "uvicorn (--forwarded-allow-ips)",
    "POSTGRES_USER": "the postgres image",
    "POSTGRES_DB": "the postgres image",
    "POSTGRES_PASSWORD": "the postgres image",
    "GOFTAR_PORT": "compose.yaml (the published port)",
}


def is_read(name: str) -> bool:
    return name.lower() in Settings.model_fields or name in RUNTIME_VARS


@pytest.mark.parametrize("workers", ["1", "2"])
def test_image_command_serves_the_seed(workers: str, db_url: str, tmp_path: Path) -> None:
    """The CMD migrates and ingests once (prestart), then the workers serve and stop on SIGTERM."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    overrides = {"WEB_CONCURRENCY": workers}
    if not db_url.startswith("sqlite"):
        overrides["DATABASE_URL"] = db_url  # SQLite keeps the image's default, on the volume
    with start(data_dir, tmp_path / "server.log", overrides) as server:
        wait_until_healthy(server)
        article = httpx.get(f"{server.url}/v1/articles/{SEED_ID}", timeout=30)
        assert article.status_code == 200, article.text
        assert len(article.json()["quotes"]) == 16
        ready = httpx.get(f"{server.url}/readyz", timeout=30)
        assert ready.status_code == 200, ready.text
        assert (ready.json()["articles"], ready.json()["quotes"]) == (1, 16)
        wait_for_workers(server, int(workers))
        server.process.send_signal(signal.SIGTERM)
        # One worker: uvicorn drains, then re-raises SIGTERM on itself (Docker reports 143);
        # several: the supervisor stops its workers and exits 0. Both are a clean stop.
        assert server.process.wait(timeout=60) in (0, -signal.SIGTERM), server.output()
    output = server.output()
    assert output.count("Started server process") == int(workers), output
    assert output.count("Application shutdown complete") == int(workers), output
    ingests = re.findall(r"ingest of .*", output)
    assert len(ingests) == 1 and "ingested 1," in ingests[0], output
    if db_url.startswith("sqlite"):
        assert (data_dir / "goftar.db").is_file()


def test_image_is_built_as_documented() -> None:
    assert len(STAGES) >= 2, "a multi-stage build: the final image has no build tools"
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^USER \d+:\d+$", text, re.MULTILINE), "a fixed, numeric, non-root user"
    assert re.search(r'^VOLUME \["/data"\]$', text, re.MULTILINE)
    assert FINAL.env["DATABASE_URL"] == "sqlite:////data/goftar.db"
    assert FINAL.env["STARTUP_TASKS"] == "false", "workers leave startup work to prestart"
    assert FINAL.expose == [int(FINAL.env["PORT"])]
    assert FINAL.cmd[:2] == ["sh", "-c"]
    # The server with its limits (app/server.py), not a bare uvicorn without them.
    assert FINAL.cmd[2].startswith("python -m app prestart && exec python -m app serve ")


def test_image_variables_are_read_by_someone() -> None:
    for name in FINAL.env.keys() - BASE_ENV.keys():
        assert is_read(name), name


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def test_compose_runs_the_api_on_postgres() -> None:
    services = compose()["services"]
    db, api = services["db"], services["api"]
    assert re.fullmatch(r"postgres:1[6-9]", db["image"])
    assert "pg_isready" in db["healthcheck"]["test"]
    assert api["build"] == "." and api["depends_on"]["db"]["condition"] == "service_healthy"
    assert api["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@db:5432/" in api["environment"]["DATABASE_URL"]
    assert [p.rsplit(":", 1)[1] for p in api["ports"]] == [FINAL.env["PORT"]]
    assert "pgdata" in compose()["volumes"]


def test_compose_variables_are_read_by_someone() -> None:
    for name, service in compose()["services"].items():
        for var in service.get("environment", {}):
            assert is_read(var), f"{name}: {var} is neither a setting nor read by the image"


def subcommands() -> set[str]:
    usage = subprocess.run(
        [sys.executable, "-m", "app", "--help"], capture_output=True, text=True, check=True
    ).stdout
    found = re.search(r"\{([\w,-]+)\}", usage)
    assert found, usage
    return set(found.group(1).split(","))


def test_named_commands_exist() -> None:
    """`python -m app X` in the Dockerfile, compose.yaml and the deployment doc: real commands."""
    texts = [DOCKERFILE.read_text(encoding="utf-8"), DEPLOYMENT_DOC.read_text(encoding="utf-8")]
    named = {m for text in texts for m in re.findall(r"python -m app (\w+)", text)}
    for service in compose()["services"].values():
        command = service.get("command") or []
        if command[:3] == ["python", "-m", "app"]:
            named.add(command[3])
    assert "prestart" in named and named <= subcommands(), named - subcommands()


def test_deployment_doc_names_real_variables() -> None:
    doc = DEPLOYMENT_DOC.read_text(encoding="utf-8")
    for name in set(re.findall(r"`([A-Z][A-Z0-9]*_[A-Z0-9_]+|PORT)[=`]", doc)):
        assert is_read(name), f"docs/deployment.md names {name}, which nothing reads"
    for name in re.findall(r"\$\{(\w+)", COMPOSE.read_text(encoding="utf-8")):
        assert f"`{name}" in doc, f"compose.yaml reads {name}; docs/deployment.md should say so"


def build_context() -> set[str]:
    """Top-level entries that .dockerignore lets into the build (the last matching line wins)."""
    lines = (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
    patterns = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    kept = set()
    for entry in ROOT.iterdir():
        keep = True
        for pattern in patterns:
            if fnmatch.fnmatch(entry.name, pattern.removeprefix("!")):
                keep = pattern.startswith("!")
        if keep:
            kept.add(entry.name)
    return kept


def test_build_context_is_what_the_dockerfile_copies() -> None:
    copied = {Path(source).parts[0] for stage in STAGES for source in stage.copies}
    assert copied == build_context()
