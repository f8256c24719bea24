"""Command line: ``python -m app serve | prestart | ingest [PATH ...] | annotate PATH|- [...]
| export quotes|articles [--format csv|jsonl] [filters]``."""

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


def _startup(
    settings: Settings, progress: Progress | None = None, paths: list[Path] | None = None
) -> IngestSummary | None:
    """Migrations and the ingest under the startup lock, on a database of their own."""
    from app.db import Database
    from app.startup import run_startup

    db = Database(settings)
    try:
        return run_startup(settings, db, progress, paths)
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

    settings = get_settings().model_copy(update={"ingest_on_startup": True})
    paths = [Path(p) for p in args.paths] or [settings.seeds_dir]
    for path in paths:
        if not path.exists():
            return _fail(f"ingest: {path} does not exist; nothing was ingested")
        if not (path.is_dir() or path.suffix in (".txt", ".jsonl")):
            return _fail(f"ingest: {path} is not a folder, a .txt or a .jsonl file")
    progress = terminal_progress() if sys.stderr.isatty() else None
    summary = _startup(settings, progress, paths)
    if summary is None:  # not reached: ingest_on_startup is forced on above
        return 1
    print(
        f"ingested: {len(summary.ingested)}\nreplaced: {len(summary.replaced)}\n"
        f"unchanged: {len(summary.unchanged)}\nremoved: {len(summary.removed)}\n"
        f"skipped: {len(summary.skipped)}"
    )
    for name, reason in sorted(summary.skipped.items()):
        print(f"  {name}: {reason}")
    if summary.warnings:
        print(f"warnings: {len(summary.warnings)}")
        for warning in summary.warnings:
            print(f"  {warning}")
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
    from app.store.rows import Metadata, article_rows

    if name == "-":
        raw = sys.stdin.buffer.read(max_bytes + 1)
        if len(raw) > max_bytes:
            raise BadFile(f"too large (over {max_bytes:,} bytes)")
        text = decode(raw)
        if not text.strip():
            raise BadFile("empty (no text)")
        return prepare_text(text, Metadata(), None), "api"
    article = read_article(Path(name), max_bytes)
    return article_rows(article.id, annotate(article.text), article.meta), "seed"


def _annotate(args: argparse.Namespace) -> int:
    """One JSON object per file, in the shape of GET /v1/articles/{id}; bad files go to stderr."""
    from app.ingest import BadFile
    from app.store.rows import article_json, meta_columns

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
        head |= meta_columns(rows.meta)
        view = article_json(head, rows.paragraphs, rows.speakers, rows.quotes, names)
        sys.stdout.write(json.dumps(view, ensure_ascii=False) + "\n")
    return status


def _export(args: argparse.Namespace) -> int:
    """An export, as GET /v1/{quotes,articles}/export streams it, to standard output."""
    from app.dates import parse_date
    from app.db import Database
    from app.store import export
    from app.store.lists import Filters

    try:
        bounds = {
            name: parse_date(value)
            for name, value in (("published_after", args.published_after),
                                ("published_before", args.published_before))
            if value is not None
        }  # fmt: skip
    except ValueError as exc:
        print(f"python -m app export: {exc}", file=sys.stderr)
        return 2
    quote_only = {"speaker": args.speaker, "article": args.article, "kind": args.kind,
                  "min_confidence": args.min_confidence}  # fmt: skip
    if args.kind_of == "articles" and any(v is not None for v in quote_only.values()):
        print("python -m app export: --speaker, --article, --kind and --min-confidence "
              "filter quotes only", file=sys.stderr)  # fmt: skip
        return 2
    filters = Filters(outlet=args.outlet, **bounds, **quote_only)
    db = Database(get_settings())
    out = sys.stdout.buffer
    try:
        after, first = None, True
        while True:
            rows, after = db.run_read(export.page, args.kind_of, filters, args.sort, after)
            out.write(export.encode(args.kind_of, args.format, rows, first))
            first = False
            if after is None:
                break
    finally:
        db.dispose()
    out.flush()
    return 0


def _export_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser("export", help="write every quote or article as CSV or JSON Lines")
    export.add_argument("kind_of", choices=["quotes", "articles"], metavar="quotes|articles")
    export.add_argument("--format", choices=["csv", "jsonl"], default="csv")
    export.add_argument(
        "--sort",
        choices=["id", "published_at", "-published_at"],
        default="id",
        help="write --sort=-published_at (an argument that starts with - needs the =)",
    )
    export.add_argument("--outlet")
    export.add_argument("--published-after", help="ISO 8601 or Jalali, as the API reads it")
    export.add_argument("--published-before")
    export.add_argument("--speaker", help="a speaker id (quotes)")
    export.add_argument("--article", help="an article id (quotes)")
    export.add_argument("--kind", choices=["direct", "indirect", "according_to"])
    export.add_argument("--min-confidence", type=float)
    export.set_defaults(func=_export)


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
    ingest = sub.add_parser(
        "ingest", help="ingest folders of *.txt and *.jsonl, or such files (default: SEEDS_DIR)"
    )
    ingest.add_argument("paths", nargs="*", metavar="PATH")
    ingest.set_defaults(func=_ingest)
    annotate = sub.add_parser(
        "annotate", help="print annotations as JSON Lines (PATH '-': standard input)"
    )
    annotate.add_argument("paths", nargs="+", metavar="PATH")
    annotate.set_defaults(func=_annotate)
    _export_parser(sub)
    args = parser.parse_args(argv)
    logs.configure(get_settings().log_level)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
