"""Command line: ``python -m app serve | prestart | ingest [DIR] | annotate PATH|- [...]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app import logs
from app.config import Settings, get_settings
from app.ingest.run import IngestSummary, Progress

if TYPE_CHECKING:
    from app.store.rows import ArticleRows


def _serve(args: argparse.Namespace) -> int:
    from app.server import serve

    settings = get_settings()
    serve(
        args.host or settings.host,
        args.port or settings.port,
        args.workers or settings.web_concurrency,
    )
    return 0


def _startup(settings: Settings, progress: Progress | None = None) -> IngestSummary | None:
    """Migrations and the ingest under the startup lock, on a database of their own."""
    from app.db import Database
    from app.startup import run_startup

    db = Database(settings)
    try:
        return run_startup(settings, db, progress)
    finally:
        db.dispose()


def _prestart(args: argparse.Namespace) -> int:
    """What a container runs before its workers: migrations and the seed ingest, once."""
    summary = _startup(get_settings())
    print("migrated; " + (summary.line() if summary else "ingest off (INGEST_ON_STARTUP=false)"))
    return 1 if summary is not None and summary.stopped else 0


def _fail(line: str) -> int:
    print(f"python -m app: {line}", file=sys.stderr)
    return 1


def _ingest(args: argparse.Namespace) -> int:
    from app.ingest.progress import terminal_progress

    settings = get_settings()
    folder = Path(args.dir) if args.dir else settings.seeds_dir
    if not folder.is_dir():
        reason = "is not a folder" if folder.exists() else "does not exist"
        return _fail(f"ingest: {folder} {reason}; nothing was ingested")
    settings = settings.model_copy(update={"seeds_dir": folder, "ingest_on_startup": True})
    progress = terminal_progress() if sys.stderr.isatty() else None
    summary = _startup(settings, progress)
    if summary is None:  # not reached: ingest_on_startup is forced on above
        return 1
    print(
        f"ingested: {len(summary.ingested)}\nreplaced: {len(summary.replaced)}\n"
        f"unchanged: {len(summary.unchanged)}\nremoved: {len(summary.removed)}\n"
        f"skipped: {len(summary.skipped)}"
    )
    for name, reason in sorted(summary.skipped.items()):
        print(f"  {name}: {reason}")
    print(f"seconds: {summary.seconds:.2f}")
    if summary.stopped:
        print(f"stopped: {summary.stopped}")
        return 1
    return 0


def _rows(name: str, max_bytes: int) -> tuple[ArticleRows, str]:
    """The article a file holds, as the ingester reads it; ``-``: standard input, as
    ``POST /v1/articles`` takes a text (its id derived from the text). BadFile says why not."""
    from app.ingest import BadFile, read_article
    from app.ingest.files import decode
    from app.ingest.prepare import prepare_text
    from app.nlp import annotate
    from app.store.rows import article_rows

    if name == "-":
        raw = sys.stdin.buffer.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise BadFile(f"too large (over {max_bytes:,} bytes)")
        text = decode(raw)
        if not text.strip():
            raise BadFile("empty (no text)")
        return prepare_text(text, None, None), "api"
    article = read_article(Path(name), max_bytes)
    return article_rows(article.id, annotate(article.text)), "seed"


def _annotate(args: argparse.Namespace) -> int:
    """One JSON object per file, in the shape of GET /v1/articles/{id}; bad files go to stderr."""
    from app.ingest import BadFile
    from app.store.rows import article_json

    status = 0
    for name in args.paths:
        try:
            rows, source = _rows(name, get_settings().max_article_bytes)
        except BadFile as exc:
            print(f"{'standard input' if name == '-' else name}: skipped: {exc}", file=sys.stderr)
            status = 1
            continue
        # As GET shows the article once stored: its speakers named as it names them.
        names = {s["id"]: (s["name"], s["kind"]) for s in rows.speakers}
        head = {"id": rows.article_id, "title": rows.title, "source": source}
        view = article_json(head, rows.paragraphs, rows.speakers, rows.quotes, names)
        sys.stdout.write(json.dumps(view, ensure_ascii=False) + "\n")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the API (migrates and ingests on startup)")
    serve.add_argument("--host", help="default: HOST, else 127.0.0.1")
    serve.add_argument("--port", type=int, help="default: PORT, else 8000")
    serve.add_argument("--workers", type=int, help="default: WEB_CONCURRENCY, else 1")
    serve.set_defaults(func=_serve)
    prestart = sub.add_parser(
        "prestart", help="migrate, then ingest SEEDS_DIR (if INGEST_ON_STARTUP), under the lock"
    )
    prestart.set_defaults(func=_prestart)
    ingest = sub.add_parser("ingest", help="ingest a folder of articles (default: SEEDS_DIR)")
    ingest.add_argument("dir", nargs="?")
    ingest.set_defaults(func=_ingest)
    annotate = sub.add_parser(
        "annotate", help="print annotations as JSON Lines (PATH '-': standard input)"
    )
    annotate.add_argument("paths", nargs="+", metavar="PATH")
    annotate.set_defaults(func=_annotate)
    args = parser.parse_args(argv)
    logs.configure(get_settings().log_level)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
