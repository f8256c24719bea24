"""Command line: ``python -m app serve | prestart | ingest [DIR] | annotate PATH [PATH ...]``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app import logs
from app.config import Settings, get_settings
from app.ingest.run import IngestSummary, Progress


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    # The app logs its own access line (goftar.access, with the request id and duration).
    uvicorn.run("app.main:app", host=args.host, port=args.port, log_level="info", access_log=False)
    return 0


def _startup(settings: Settings, progress: Progress | None = None) -> IngestSummary | None:
    """Migrations and the ingest under the startup lock, on an engine of their own."""
    from app.db import make_engine
    from app.startup import run_startup

    engine = make_engine(settings.database_url)
    try:
        return run_startup(settings, engine, progress)
    finally:
        engine.dispose()


def _prestart(args: argparse.Namespace) -> int:
    """What a container runs before its workers: migrations and the seed ingest, once."""
    summary = _startup(get_settings())
    print("migrated; " + (summary.line() if summary else "ingest off (INGEST_ON_STARTUP=false)"))
    return 1 if summary is not None and summary.stopped else 0


def _ingest(args: argparse.Namespace) -> int:
    from app.ingest.run import terminal_progress

    settings = get_settings()
    if args.dir:
        settings = settings.model_copy(update={"seeds_dir": Path(args.dir)})
    settings = settings.model_copy(update={"ingest_on_startup": True})
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
        # As GET shows the file once ingested: a seed article.
        view = {**article_view(article.id, annotate(article.text)), "source": "seed"}
        sys.stdout.write(json.dumps(view, ensure_ascii=False) + "\n")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="serve the API (migrates and ingests on startup)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(func=_serve)
    prestart = sub.add_parser(
        "prestart", help="migrate, then ingest SEEDS_DIR (if INGEST_ON_STARTUP), under the lock"
    )
    prestart.set_defaults(func=_prestart)
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
