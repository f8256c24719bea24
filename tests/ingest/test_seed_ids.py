"""A seed file's id is its stem, by the rule of ids written through the API
(``schemas.WRITE_ID_PATTERN``): a file named otherwise is skipped with the reason, not stored
under an id the API would refuse in a PUT or that needs escaping in every URL."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from app.db import Database
from app.ingest import ingest_dir

TEXT = "سخنگوی دولت گفت: جلسه فردا برگزار می\u200cشود.\n"
VALID = ["a", "A1", "2026-budget", "a.b_c-d", "x" * 200]
INVALID = ["خبر", "a b", ".draft", "-dash", "_under", "x" * 201, "a:b", "caf\u00e9"]


def test_seed_files_whose_names_are_not_ids_are_skipped(db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for stem in VALID + INVALID:
        (folder / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    summary = ingest_dir(db, folder, 1_000_000)
    assert sorted(summary.ingested) == sorted(VALID)
    assert set(summary.skipped) == {f"{stem}.txt" for stem in INVALID}
    for reason in summary.skipped.values():
        assert "is not an article id" in reason and "rename the file" in reason


def test_every_seed_id_is_one_a_put_takes(client: TestClient) -> None:
    """The seed itself: its id passes the write route's own pattern (the PUT answers 403
    without a key, not 422)."""
    article_id = client.get("/v1/articles").json()["items"][0]["id"]
    assert client.put(f"/v1/articles/{article_id}", json={"text": TEXT}).status_code == 403
