"""Reading the shared corpus at run time (its text never enters this repository)."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("GOFTAR_CORPUS", ROOT.parent / "shared" / "corpus" / "news.jsonl"))


def articles(path: Path = CORPUS) -> Iterator[dict]:
    if not path.exists():
        raise SystemExit(f"corpus not found at {path}; set GOFTAR_CORPUS to news.jsonl")
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def raw_paragraphs(text: str) -> list[str]:
    """Paragraphs as the annotation guidelines number them: non-empty lines, from 1."""
    return [line for line in text.split("\n") if line.strip()]


def write_seeds(folder: Path, copies: int = 1, limit: int | None = None) -> int:
    """The corpus as seed files (one per article and copy; copies get new ids), so a benchmark
    goes through the ingester's own reading and hashing; ``limit``: the first articles only.
    Returns the number of files."""
    n = 0
    for article in itertools.islice(articles(), limit):
        for copy in range(copies):
            name = article["id"].replace(":", "_") + (f"_{copy}" if copy else "")
            (folder / f"{name}.txt").write_text(article["text"], encoding="utf-8")
            n += 1
    return n
