"""Command line: ``python -m app serve | ingest [DIR] | annotate PATH [PATH ...]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app import logs
from app.config import get_settings


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run("app.main:app", host=args.host, port=args.port, log_level="info")
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from app import migrate
    from app.db import make_engine
    from app.ingest import ingest_dir
    from app.ingest.run import terminal_progress

    settings = get_settings()
    directory = Path(args.dir) if args.dir else settings.seeds_dir
    migrate.upgrade(settings.database_url)
    progress = terminal_progress() if sys.stderr.isatty() else None
    summary = ingest_dir(
        make_engine(settings.database_url),
        directory,
        settings.max_article_bytes,
        progress,
        workers=settings.ingest_workers,
    )
    print(
        f"ingested: {len(summary.ingested)}\nreplaced: {len(summary.replaced)}\n"
        f"unchanged: {len(summary.unchanged)}\nremoved: {len(summary.removed)}\n"
        f"skipped: {len(summary.skipped)}"
    )
    for name, reason in sorted(summary.skipped.items()):
        print(f"  {name}: {reason}")
    print(f"seconds: {summary.seconds:.2f}")
    return 0


def _annotate(args: argparse.Namespace) -> int:
    """One JSON object per file, in the shape of GET /v1/articles/{id}; bad files go to stderr."""
    from app.ingest import BadFile, article_view, read_article
    from app.nlp import annotate

    status = 0
    for name in args.paths:
        path = Path(name)
        try:
            article = read_article(path, get_settings().max_article_bytes)
        except BadFile as exc:
            print(f"{path}: skipped: {exc}", file=sys.stderr)
            status = 1
            continue
        view = article_view(article.id, annotate(article.text))
        sys.stdout.write(json.dumps(view, ensure_ascii=False) + "\n")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the API (migrates and ingests on startup)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=_serve)
    ingest = sub.add_parser("ingest", help="ingest a folder of articles (default: SEEDS_DIR)")
    ingest.add_argument("dir", nargs="?")
    ingest.set_defaults(func=_ingest)
    annotate = sub.add_parser("annotate", help="print annotations as JSON Lines")
    annotate.add_argument("paths", nargs="+", metavar="PATH")
    annotate.set_defaults(func=_annotate)
    args = parser.parse_args(argv)
    logs.configure(get_settings().log_level)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
