"""Seeds → rows: read article files, annotate them, store each article in one transaction."""

from app.ingest.files import ArticleFile, BadFile, read_article
from app.ingest.run import IngestSummary, ingest_dir
from app.ingest.store import article_view, store_article

__all__ = [
    "ArticleFile",
    "BadFile",
    "IngestSummary",
    "article_view",
    "ingest_dir",
    "read_article",
    "store_article",
]
