from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import ROOT, SEED_ID, SEEDS


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


def test_annotate_prints_the_api_shape(client: TestClient, tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    result = _run("annotate", str(SEEDS / f"{SEED_ID}.txt"), str(bad))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert "bad.txt: skipped" in result.stderr
    from_cli = json.loads(lines[0])
    from_api = client.get(f"/v1/articles/{SEED_ID}").json()
    assert from_cli == from_api


def test_ingest_command_summarises(tmp_path: Path, db_url: str) -> None:
    seeds = tmp_path / "in"
    seeds.mkdir()
    (seeds / "a.txt").write_text("سخنگوی دولت گفت: جلسه فردا است.\n", encoding="utf-8")
    (seeds / "b.txt").write_bytes(b"")
    env = {"DATABASE_URL": db_url, "LOG_LEVEL": "WARNING"}
    first = _run("ingest", str(seeds), env=env)
    assert first.returncode == 0, first.stderr
    assert "ingested: 1" in first.stdout
    assert "skipped: 1" in first.stdout and "b.txt: empty" in first.stdout
    again = _run("ingest", str(seeds), env=env)
    assert "unchanged: 1" in again.stdout and "ingested: 0" in again.stdout
