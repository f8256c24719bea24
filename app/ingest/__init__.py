"""Sources → rows: read article files, annotate them, store each article in one transaction."""

from app.ingest.files import ArticleFile, BadFile, read_article
from app.ingest.run import IngestSummary, ingest, ingest_dir

__all__ = ["ArticleFile", "BadFile", "IngestSummary", "ingest", "ingest_dir", "read_article"]
