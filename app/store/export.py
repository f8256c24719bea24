"""Exports: every quote (with its article's metadata and its speaker) or every article, as CSV or
JSON Lines, a page at a time.

An export is read in keyset pages (``app/store/lists.py``), each its own read, and written as
it is read, so it holds a page in memory whatever the size of the collection, and no database
connection stays checked out while a slow client reads. One row is one dict, built here; CSV
and JSON Lines write the same columns. CSV opens as it should in Excel and LibreOffice: UTF-8
with a byte order mark, RFC 4180 quoting, CRLF line ends, lists joined with "; ".
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, Literal

from sqlalchemy import Connection, select

from app.models import ARTICLE, QUOTE, SPEAKER
from app.store import lists
from app.store.lists import Filters, Key, Sort
from app.store.rows import SPANS, iso, speaker_link, summary_json

Kind = Literal["quotes", "articles"]
Format = Literal["csv", "jsonl"]
PAGE = 500

QUOTE_COLUMNS = (
    "quote_id", "article_id", "paragraph", "cue_paragraph", "mention_paragraph", "kind",
    "speaker_id", "speaker_name", "speaker_kind", "speaker_link_by", "speaker_link_confidence",
    "mention", "cue", "content", "addressee",
    "cue_start", "cue_end", "content_start", "content_end", "via", "confidence",
    "article_title", "published_at", "outlet", "url", "authors", "category",
)  # fmt: skip
ARTICLE_COLUMNS = (
    "id", "title", "source", "published_at", "url", "outlet", "authors", "category",
    "paragraph_count", "quote_count", "speaker_count",
)  # fmt: skip
COLUMNS = {"quotes": QUOTE_COLUMNS, "articles": ARTICLE_COLUMNS}

_QUOTES = select(
    QUOTE.c.id, QUOTE.c.article_id, QUOTE.c.paragraph, QUOTE.c.cue_paragraph,
    QUOTE.c.mention_paragraph, QUOTE.c.kind, QUOTE.c.speaker_id,
    SPEAKER.c.name.label("speaker_name"), SPEAKER.c.kind.label("speaker_kind"),
    *(QUOTE.c[f"{span}_text"] for span in SPANS),
    QUOTE.c.cue_start, QUOTE.c.cue_end, QUOTE.c.content_start, QUOTE.c.content_end,
    QUOTE.c.via, QUOTE.c.confidence, QUOTE.c.link_by, QUOTE.c.link_across, QUOTE.c.link_editor,
    ARTICLE.c.title.label("article_title"),
    ARTICLE.c.published_at, ARTICLE.c.outlet, ARTICLE.c.url, ARTICLE.c.authors,
    ARTICLE.c.category,
).select_from(
    QUOTE.join(ARTICLE, ARTICLE.c.id == QUOTE.c.article_id).outerjoin(
        SPEAKER, SPEAKER.c.id == QUOTE.c.speaker_id
    )
)  # fmt: skip
_ARTICLES = select(*(ARTICLE.c[k] for k in ARTICLE_COLUMNS))


def _quote_row(r: Any) -> dict[str, Any]:
    """One quote of an export, flat: its speaker's link as in a quote's JSON (``by`` and
    ``confidence``, empty for a quote stored before its evidence was)."""
    link = speaker_link(r._mapping) or {}
    return {
        "quote_id": r.id,
        "article_id": r.article_id,
        "paragraph": r.paragraph,
        "cue_paragraph": r.cue_paragraph,
        "mention_paragraph": r.mention_paragraph,
        "kind": r.kind,
        "speaker_id": r.speaker_id,
        "speaker_name": r.speaker_name,
        "speaker_kind": r.speaker_kind,
        "speaker_link_by": link.get("by"),
        "speaker_link_confidence": link.get("confidence"),
        **{span: r._mapping[f"{span}_text"] for span in SPANS},
        "cue_start": r.cue_start,
        "cue_end": r.cue_end,
        "content_start": r.content_start,
        "content_end": r.content_end,
        "via": r.via,
        "confidence": r.confidence,
        "article_title": r.article_title,
        "published_at": iso(r.published_at),
        "outlet": r.outlet,
        "url": r.url,
        "authors": json.loads(r.authors),
        "category": r.category,
    }


def page(
    conn: Connection, kind: Kind, filters: Filters, sort: Sort, after: Key | None
) -> tuple[list[dict[str, Any]], Key | None]:
    """One page of an export's rows, and the key to continue after (None: the end)."""
    if kind == "quotes":
        rows, last = lists.page(conn, _QUOTES, lists.QUOTES, filters, sort, PAGE, after)
        return [_quote_row(r) for r in rows], last
    rows, last = lists.page(conn, _ARTICLES, lists.ARTICLES, filters, sort, PAGE, after)
    return [summary_json(r._mapping) for r in rows], last


def encode(kind: Kind, fmt: Format, rows: Sequence[dict[str, Any]], first: bool) -> bytes:
    """Rows as the export's bytes; the first chunk of a CSV opens with the BOM and header."""
    if fmt == "jsonl":
        return b"".join(
            json.dumps(r, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for r in rows
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: minimal quoting, CRLF
    if first:
        out.write("\ufeff")
        writer.writerow(COLUMNS[kind])
    for r in rows:
        writer.writerow(_cell(r[c]) for c in COLUMNS[kind])
    return out.getvalue().encode("utf-8")


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(value)
    return "" if value is None else value
