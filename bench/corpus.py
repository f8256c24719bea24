"""Reading the shared corpus at run time (its text never enters this repository)."""

from __future__ import annotations

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
