from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient
from pydantic import SecretStr

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


def test_prestart_migrates_and_ingests_once(tmp_path: Path, db_url: str, seeds_dir: Path) -> None:
    env = {"DATABASE_URL": db_url, "SEEDS_DIR": str(seeds_dir), "LOG_LEVEL": "WARNING"}
    first = _run("prestart", env=env)
    assert first.returncode == 0, first.stderr
    assert "migrated; ingested 1," in first.stdout
    again = _run("prestart", env=env)
    assert "ingested 0, replaced 0, unchanged 1" in again.stdout
    off = _run("prestart", env={**env, "INGEST_ON_STARTUP": "false"})
    assert off.returncode == 0 and "ingest off" in off.stdout


def test_app_skips_startup_work_when_told(settings) -> None:
    """STARTUP_TASKS=false: the prestart step did the work, the workers only serve."""
    from app.main import create_app

    app = create_app(settings.model_copy(update={"startup_tasks": False}))
    with TestClient(app) as c:
        assert c.get("/healthz").status_code == 200
        assert app.state.ingest_finished
        assert c.get("/readyz").status_code == 503  # no schema: nothing was migrated
    app.state.db.dispose()


def test_ingest_takes_folders_and_json_lines(tmp_path: Path, db_url: str) -> None:
    seeds = tmp_path / "in"
    seeds.mkdir()
    (seeds / "a.txt").write_text("سخنگوی دولت گفت: جلسه فردا است.\n", encoding="utf-8")
    dump = tmp_path / "dump.jsonl"
    record = {"id": "j:1", "text": "وزیر گفت: بله.", "date": "1405/03/02", "source": "ایرنا"}
    dump.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    env = {"DATABASE_URL": db_url, "LOG_LEVEL": "WARNING"}
    both = _run("ingest", str(seeds), str(dump), env=env)
    assert both.returncode == 0, both.stderr
    assert "ingested: 2" in both.stdout
    missing = _run("ingest", str(seeds), str(tmp_path / "nope"), env=env)
    assert missing.returncode == 1
    assert f"ingest: {tmp_path / 'nope'} does not exist; nothing was ingested" in missing.stderr
    assert "ingested" not in missing.stdout  # nothing was done


def test_export_writes_what_the_api_streams(tmp_path: Path, db_url: str) -> None:
    from app.config import Settings
    from app.main import create_app

    seeds = tmp_path / "in"
    seeds.mkdir()
    for n, outlet in enumerate(["ایرنا", "ایسنا", "ایرنا"]):
        text = f"---\noutlet: {outlet}\npublished_at: 2026-05-0{n + 1}\n---\nوزیر {n} گفت: بله.\n"
        (seeds / f"a{n}.txt").write_text(text, encoding="utf-8")
    app = create_app(Settings(database_url=db_url, seeds_dir=seeds, log_level="WARNING"))
    with TestClient(app) as client:
        for kind, params in (("quotes", ["--outlet", "ایرنا"]), ("articles", [])):
            for fmt in ("csv", "jsonl"):
                cli = subprocess.run(
                    [sys.executable, "-m", "app", "export", kind, "--format", fmt,
                     "--sort=-published_at", *params],
                    cwd=ROOT, capture_output=True, timeout=120, check=False,
                    env={**os.environ, "DATABASE_URL": db_url, "LOG_LEVEL": "WARNING"},
                )  # fmt: skip
                assert cli.returncode == 0, cli.stderr
                query = {"format": fmt, "sort": "-published_at"}
                if params:
                    query["outlet"] = params[1]
                api = client.get(f"/v1/{kind}/export", params=query)
                assert cli.stdout == api.content and cli.stdout.strip()
    bad = _run("export", "articles", "--kind", "direct", env={"DATABASE_URL": db_url})
    assert bad.returncode == 2 and "filter quotes only" in bad.stderr


def test_ingest_of_a_folder_that_is_not_there_is_an_error(tmp_path: Path) -> None:
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db' / 'goftar.db'}", "LOG_LEVEL": "WARNING"}
    missing = _run("ingest", str(tmp_path / "nope"), env=env)
    assert missing.returncode == 1
    assert missing.stderr.strip() == (
        f"python -m app: ingest: {tmp_path / 'nope'} does not exist; nothing was ingested"
    )
    assert missing.stdout == ""
    (tmp_path / "a.md").write_text("وزیر گفت: بله.\n", encoding="utf-8")
    file = _run("ingest", str(tmp_path / "a.md"), env=env)
    assert file.returncode == 1 and "is not a folder, a .txt or a .jsonl file" in file.stderr
    default = _run("ingest", env={**env, "SEEDS_DIR": str(tmp_path / "none")})
    assert default.returncode == 1 and "does not exist" in default.stderr
    assert not (tmp_path / "db").exists(), "nothing is migrated for an ingest that can't run"


def test_annotate_dash_reads_standard_input_as_post_takes_a_text(settings) -> None:
    from app.main import create_app

    text = "سخنگوی دولت گفت: «بودجه فردا به مجلس می\u200cرود.»\nاین خبر را ایرنا داد.\n"
    result = subprocess.run(
        [sys.executable, "-m", "app", "annotate", "-"],
        cwd=ROOT, input=text.encode(), capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    from_cli = json.loads(result.stdout)
    app = create_app(settings.model_copy(update={"api_key": SecretStr("k")}))
    with TestClient(app) as c:
        posted = c.post(
            "/v1/articles",
            content=text.encode(),
            headers={"Authorization": "Bearer k", "Content-Type": "text/plain; charset=utf-8"},
        )
    assert posted.status_code == 201, posted.text
    assert from_cli == posted.json()
    assert from_cli["id"].startswith("api_") and from_cli["quotes"]
    empty = subprocess.run(
        [sys.executable, "-m", "app", "annotate", "-"],
        cwd=ROOT, input=b"\n \n", capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    assert empty.returncode == 1 and "standard input: skipped: empty" in empty.stderr.decode()


def test_annotate_names_each_file_it_cannot_read(tmp_path: Path) -> None:
    named = tmp_path / "a b.txt"
    named.write_text("وزیر گفت: بله.\n", encoding="utf-8")
    result = _run("annotate", str(tmp_path / "nope.txt"), str(named))
    assert result.returncode == 1 and result.stdout == ""
    assert f"{tmp_path / 'nope.txt'}: skipped: can't be read" in result.stderr
    assert "a b.txt: skipped: the file name 'a b' is not an article id" in result.stderr
