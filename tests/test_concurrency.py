"""Four server processes started at once on one database: each seed is ingested exactly once.

FastAPI's lifespan runs in every process, so all four migrate and ingest at the same moment
unless the startup lock (app/startup.py) serialises them. The articles share speakers, so an
unguarded race would show up as duplicate-key errors, skipped articles or doubled totals.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlmodel import Session

from app.models import Article, ArticleSpeaker, Paragraph, Quote, Speaker
from app.store.search_index import index_rows
from tests.conftest import ROOT, SEED_ID, SEEDS, open_database

PROCESSES = 4
ARTICLES = 8
INGESTED = re.compile(r"ingest of .*: ingested (\d+), replaced (\d+)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_articles(folder: Path) -> int:
    """The seed and variants of it that share its speakers and add one of their own each."""
    folder.mkdir()
    seed = (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    (folder / f"{SEED_ID}.txt").write_text(seed, encoding="utf-8")
    for n in range(1, ARTICLES):
        extra = f"سخنگوی وزارت شماره {n} گفت: نشست {n} فردا برگزار می\u200cشود."
        (folder / f"variant_{n}.txt").write_text(f"{extra}\n{seed}", encoding="utf-8")
    return ARTICLES


def wait_ready(port: int, proc: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"server on port {port} exited with {proc.returncode}"
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"server on port {port} not ready in time")


def start_servers(db_url: str, seeds: Path, logs: Path) -> list[tuple[int, subprocess.Popen]]:
    env = {**os.environ, "DATABASE_URL": db_url, "SEEDS_DIR": str(seeds), "LOG_LEVEL": "INFO"}
    servers = []
    for n in range(PROCESSES):
        port = free_port()
        log = (logs / f"server{n}.log").open("wb")
        command = [sys.executable, "-m", "app", "serve", "--port", str(port)]
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        servers.append((port, proc))
    return servers


def check_whole_articles(db_url: str, expected: int) -> None:
    db = open_database(db_url)
    with Session(db.engine) as s:
        articles = s.execute(select(Article)).scalars().all()
        assert len(articles) == expected
        for a in articles:
            paragraphs = s.execute(
                select(func.count()).where(Paragraph.article_id == a.id)
            ).scalar_one()
            quotes = s.execute(select(func.count()).where(Quote.article_id == a.id)).scalar_one()
            assert (paragraphs, quotes) == (a.paragraph_count, a.quote_count), a.id
            assert index_rows(s.connection(), a.id) == paragraphs, a.id
        total_quotes = s.execute(select(func.count()).select_from(Quote)).scalar_one()
        assert sum(a.quote_count for a in articles) == total_quotes
        speakers = s.execute(select(Speaker)).scalars().all()
        assert sum(sp.quote_count for sp in speakers) == total_quotes
        links = s.execute(select(func.count()).select_from(ArticleSpeaker)).scalar_one()
        assert sum(sp.article_count for sp in speakers) == links
    db.dispose()


def test_four_servers_starting_together_ingest_each_seed_once(db_url: str, tmp_path: Path) -> None:
    count = write_articles(tmp_path / "seeds")
    servers = start_servers(db_url, tmp_path / "seeds", tmp_path)
    try:
        deadline = time.monotonic() + 180
        for port, proc in servers:
            wait_ready(port, proc, deadline)
        for port, _ in servers:  # every process serves the same, complete data
            body = httpx.get(f"http://127.0.0.1:{port}/readyz").json()
            assert body["articles"] == count
    finally:
        for _, proc in servers:
            proc.terminate()
        codes = [proc.wait(timeout=30) for _, proc in servers]
    logs = [(tmp_path / f"server{n}.log").read_text(errors="replace") for n in range(PROCESSES)]
    # Uvicorn shuts down gracefully on SIGTERM, then re-raises it: -15 is a clean exit here.
    assert all(code in (0, -signal.SIGTERM) for code in codes), logs
    for log in logs:
        assert "Application shutdown complete" in log, log
        assert "Traceback" not in log and " ERROR " not in log, log
    summaries = [m.groups() for log in logs for m in INGESTED.finditer(log)]
    assert len(summaries) == PROCESSES  # each process ran its startup ingest
    assert sum(int(ingested) for ingested, _ in summaries) == count  # and one of them did it
    assert all(replaced == "0" for _, replaced in summaries)
    check_whole_articles(db_url, count)
