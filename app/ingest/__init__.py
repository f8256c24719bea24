"""Sources → rows: read article files, annotate them, store each article in one transaction."""

from typing import Any

from app.ingest.files import ArticleFile, BadFile, read_article


def __getattr__(name: str) -> Any:
    """The ingest itself, loaded on first use: an annotator process imports this package for
    ``app.ingest.prepare`` and needs none of the database code ``run`` brings."""
    if name in {"IngestSummary", "ingest", "ingest_dir"}:
        from app.ingest import run

        return getattr(run, name)
    raise AttributeError(f"module 'app.ingest' has no attribute {name!r}")


__all__ = ["ArticleFile", "BadFile", "IngestSummary", "ingest", "ingest_dir", "read_article"]
